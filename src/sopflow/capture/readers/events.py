"""The JSON event log of a screen-capture tool (format in docs/event-log.md).

The log is validated with pydantic; every mistake is reported as FILE:LINE:COLUMN and the
field path (`events[3].kind`), with line numbers found by reading the JSON again with
ruamel.yaml (JSON is YAML), which remembers where each value was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from sopflow.capture.readers.base import Reader, read_text
from sopflow.capture.timeline import EventKind, ScreenEvent, Walkthrough
from sopflow.errors import SopflowError

FORMAT_NAME = "sopflow-events"


class EventRecord(BaseModel):
    """One event as written in the log."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    time: float = Field(ge=0)
    kind: EventKind
    label: str | None = Field(default=None, min_length=1)
    selector: str | None = Field(default=None, min_length=1)
    value: str | None = None
    page: str | None = Field(default=None, min_length=1)
    screenshot: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _needs(self) -> EventRecord:
        if self.kind in ("click", "type", "select") and not (self.label or self.selector):
            raise ValueError(f"a {self.kind} event needs a target: 'label' or 'selector'")
        if self.kind in ("type", "select", "keypress") and self.value is None:
            raise ValueError(f"a {self.kind} event needs a 'value'")
        if self.kind == "navigate" and not self.page:
            raise ValueError("a navigate event needs the 'page' (title or URL) it went to")
        return self


class EventLog(BaseModel):
    """The whole log: what it records and the events in time order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["sopflow-events"]
    version: Literal[1]
    title: str | None = Field(default=None, min_length=1)
    system: str | None = Field(default=None, min_length=1)
    """The application the events happened in: "Stripe Dashboard"."""
    role: str | None = Field(default=None, min_length=1)
    """Who performed them: "Billing specialist"."""
    events: list[EventRecord] = Field(min_length=1)


def _field_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(log)"


def _position(tree: Any, loc: tuple[int | str, ...]) -> tuple[int, int] | None:
    """1-based line and column of the deepest part of loc that exists in the parsed tree."""
    found: tuple[int, int] | None = None
    node = tree
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                line, column = lc.key(part) if isinstance(part, str) else lc.item(part)
                found = (line + 1, column + 1)
            node = node[part]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return found


def parse_event_log(path: Path, text: str) -> EventLog:
    """The validated log; a SopflowError naming the line and field of the first mistakes."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SopflowError(
            f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}"
        ) from error
    except RecursionError:
        raise SopflowError(
            f"{path}: JSON nested too deeply to read; an event log is flat"
        ) from None
    if not isinstance(data, dict):
        raise SopflowError(f"{path}:1:1: an event log is a JSON object with an 'events' list")
    try:
        return EventLog.model_validate(data)
    except ValidationError as error:
        try:
            tree = YAML(typ="rt").load(text)
        except YAMLError:
            tree = None
        messages = []
        for detail in error.errors()[:5]:
            loc = tuple(part for part in detail["loc"] if not str(part).startswith("function-"))
            where = _position(tree, loc) if tree is not None else None
            prefix = f"{path}:{where[0]}:{where[1]}" if where else str(path)
            message = detail["msg"].removeprefix("Value error, ")
            messages.append(f"{prefix}: {_field_path(loc)}: {message}")
        raise SopflowError("\n".join(messages)) from error


def read_event_log(path: Path) -> Walkthrough:
    """A screen-capture event log as timed screen events, sorted by time."""
    log = parse_event_log(path, read_text(path))
    events = sorted(
        (
            ScreenEvent(
                time=record.time,
                kind=record.kind,
                label=record.label,
                selector=record.selector,
                value=record.value,
                page=record.page,
                screenshot=record.screenshot,
            )
            for record in log.events
        ),
        key=lambda event: event.time,
    )
    return Walkthrough(
        sources=(str(path),),
        events=tuple(events),
        title=log.title,
        system=log.system,
        role=log.role,
    )


def _sniff(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"{") and FORMAT_NAME.encode() in head


EVENT_LOG = Reader(name="event log", suffixes=(".json",), sniff=_sniff, read=read_event_log)
