"""Starting points for a new SOP: a few common flows (intake → triage → resolution with
escalation; request → approval → fulfilment; incident response by severity; employee
onboarding) that a person copies under a code and title of their own, then edits in the
flow builder.

The templates are YAML source files shipped in `services/templates/`, valid and lint-clean
(a test checks), with placeholder codes SOP-TPL-NNN that a new document never keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from sopflow.errors import InvalidInputError
from sopflow.formats.yaml_source import parse_document
from sopflow.formats.yaml_write import document_data
from sopflow.library.store import Library
from sopflow.model import Sop
from sopflow.services import revisions
from sopflow.services.access import Actor, Permission, require
from sopflow.services.revisions import SavedRevision


@dataclass(frozen=True)
class Template:
    """One starting point: its name (the file's stem), title and summary, and the SOP."""

    name: str
    title: str
    summary: str
    document: Sop


@cache
def templates() -> tuple[Template, ...]:
    """Every template, by name (read once; they ship with the package)."""
    found: list[Template] = []
    folder = files("sopflow.services") / "templates"
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".yaml"):
            continue
        loaded = parse_document(entry.read_text(encoding="utf-8"), entry.name)
        if not isinstance(loaded.document, Sop):  # a packaging mistake, caught by the tests
            raise RuntimeError(f"template {entry.name} is not a valid SOP: {loaded.problems}")
        sop = loaded.document
        found.append(Template(entry.name.removesuffix(".yaml"), sop.title, sop.summary or "", sop))
    return tuple(found)


def template(name: str) -> Template:
    """The template called name; InvalidInputError naming the field when there is none."""
    for candidate in templates():
        if candidate.name == name:
            return candidate
    known = ", ".join(item.name for item in templates())
    raise InvalidInputError(
        f"template: no template {name!r}; choose from {known}", field="template"
    )


def new_from_template(
    *, library: Library, actor: Actor | None, name: str, code: str, title: str
) -> SavedRevision:
    """Save a copy of template name as revision 1 of a new SOP with code and title.

    The copy is checked as any save is (the code must be a free SOP code, the title not
    empty); a code the library holds is refused as a save of a new document is.
    """
    author = require(actor, Permission.EDIT)
    chosen = template(name)
    if not title.strip():
        raise InvalidInputError("title: give the new SOP a title", field="title")
    data = {**document_data(chosen.document), "code": code.strip(), "title": title.strip()}
    document = revisions.parse_document(data)
    if not isinstance(document, Sop):
        raise InvalidInputError(f"code: {code} is not an SOP code (SOP-AREA-NNN)", field="code")
    return revisions.save_revision(
        library=library,
        actor=author,
        document=document,
        base=None,
        summary=f"New SOP from the template '{chosen.title}'",
    )
