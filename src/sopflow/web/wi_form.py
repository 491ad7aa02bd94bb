"""The work instruction editor's form: its rows of actions to and from the document.

Each action row has a key of its own (`r1`, `r2`, ...) that names its fields
(`action-r1`, `target-r1`, ...); the hidden `row` inputs give the order. Moving a row in the
page moves its inputs, file input included, so nothing is renumbered and a chosen
screenshot stays with its action. A row also carries `origin-KEY`, the index of the step it
was loaded from, so the fields the editor does not show (detail, provenance) are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData, UploadFile

from sopflow.formats.yaml_write import document_data as source_data
from sopflow.model import WorkInstruction
from sopflow.model.problems import dotted

STEP_FIELDS = ("action", "target", "value", "expected_result", "warning")
"""What a row shows, in order."""
HEAD_FIELDS = ("title", "owner", "purpose")
"""What the head of the form shows."""
MAX_ROWS = 200
_KEY = re.compile(r"^r[0-9]{1,6}$")


@dataclass
class Row:
    """One action as the form holds it."""

    key: str
    origin: int | None = None
    values: dict[str, str] = field(default_factory=dict)
    image: str = ""
    """The screenshot path the action keeps (empty: none)."""


@dataclass
class WiForm:
    """What the editor's form holds: head fields, rows, and the chosen screenshots."""

    head: dict[str, str]
    rows: list[Row]
    uploads: dict[str, UploadFile] = field(default_factory=dict)
    """The screenshot chosen for a row, by the row's key."""


def rows_of(document: WorkInstruction | None) -> WiForm:
    """The form for a document (an empty one, with one action, for a new WI)."""
    if document is None:
        return WiForm(dict.fromkeys(HEAD_FIELDS, ""), [Row("r1")])
    head = {name: getattr(document, name) or "" for name in HEAD_FIELDS}
    rows = [
        Row(
            f"r{index + 1}",
            index,
            {name: getattr(step, name) or "" for name in STEP_FIELDS},
            step.image or "",
        )
        for index, step in enumerate(document.steps)
    ]
    return WiForm(head, rows)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def read_form(form: FormData) -> WiForm:
    """The rows and head fields posted, in the order of the `row` inputs; unknown or
    repeated keys are dropped."""
    head = {name: _text(form, name) for name in HEAD_FIELDS}
    rows: list[Row] = []
    uploads: dict[str, UploadFile] = {}
    seen: set[str] = set()
    for key in form.getlist("row")[:MAX_ROWS]:
        if not isinstance(key, str) or not _KEY.match(key) or key in seen:
            continue
        seen.add(key)
        origin = _text(form, f"origin-{key}")
        row = Row(
            key,
            int(origin) if origin.isdigit() and len(origin) < 6 else None,
            {name: _text(form, f"{name}-{key}") for name in STEP_FIELDS},
            "" if _text(form, f"drop-image-{key}") else _text(form, f"image-{key}"),
        )
        rows.append(row)
        chosen = form.get(f"image_file-{key}")
        if isinstance(chosen, UploadFile) and chosen.filename:
            uploads[key] = chosen
    return WiForm(head, rows, uploads)


def next_key(rows: list[Row]) -> str:
    """A key no row has."""
    used = {int(row.key[1:]) for row in rows}
    return f"r{max(used, default=0) + 1}"


def document_data(
    code: str, original: WorkInstruction | None, form: WiForm, images: dict[str, str]
) -> dict[str, Any]:
    """The document the form describes, as plain data: the original's fields the form does
    not show, with what the form says over them (an empty optional text leaves it out).

    images: the new screenshot path of rows whose file was chosen, by key.
    """
    base = source_data(original) if original else {}
    data: dict[str, Any] = {**base, "kind": "wi", "code": code}
    for name in HEAD_FIELDS:
        value = form.head[name].strip()
        if value or name == "title":
            data[name] = value
        else:
            data.pop(name, None)
    old_steps = list(base.get("steps", []))
    steps = []
    for row in form.rows:
        kept = (
            old_steps[row.origin] if row.origin is not None and row.origin < len(old_steps) else {}
        )
        step = {key: value for key, value in kept.items() if key not in STEP_FIELDS}
        step.pop("image", None)
        for name in STEP_FIELDS:
            value = row.values.get(name, "").strip()
            if value or name == "action":
                step[name] = value
        image = images.get(row.key) or row.image
        if image:
            step["image"] = image
        steps.append(step)
    data["steps"] = steps
    return data


def problem_place(path: tuple[str | int, ...], rows: list[Row]) -> str | None:
    """The id of the slot beside the field a problem's path names (`p-r2-action`,
    `p-title`), or None when no field shows it."""
    if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
        if path[1] >= len(rows):
            return None
        name = path[2] if len(path) > 2 and path[2] in STEP_FIELDS else "action"
        return f"p-{rows[path[1]].key}-{name}"
    if len(path) == 1 and path[0] in HEAD_FIELDS:
        return f"p-{path[0]}"
    return None


def slot_ids(rows: list[Row]) -> list[str]:
    """Every problem slot of the form, so a check can empty the ones now fine."""
    return [f"p-{name}" for name in HEAD_FIELDS] + [
        f"p-{row.key}-{name}" for row in rows for name in (*STEP_FIELDS, "image")
    ]


def where(path: tuple[str | int, ...], rows: list[Row]) -> str:
    """A problem's place as the person reads it: "action 2, expected result"."""
    if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
        rest = str(path[2]).replace("_", " ") if len(path) > 2 and path[2] != "action" else ""
        return f"action {path[1] + 1}" + (f", {rest}" if rest else "")
    return dotted(path) or "the document"


__all__ = [
    "HEAD_FIELDS",
    "STEP_FIELDS",
    "Row",
    "WiForm",
    "document_data",
    "next_key",
    "problem_place",
    "read_form",
    "rows_of",
    "slot_ids",
    "where",
]
