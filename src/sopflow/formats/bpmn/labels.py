"""How an imported BPMN model's elements are named in the SOP: options, references, notes
for gateways with no counterpart, and the SOP's code and title."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from sopflow.formats.bpmn.graph import Edge, Graph, Vertex
from sopflow.formats.bpmn.names import BPMN, tag
from sopflow.model import Option, Role
from sopflow.model.codes import is_code, parse_code

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def slug(text: str, fallback: str) -> str:
    """A node or role id from a name: lowercase words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower()) or re.findall(r"[a-z0-9]+", fallback.lower())
    return "-".join(words)[:60].strip("-") or "node"


class Ids:
    """Unique ids inside one document."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, wanted: str | None, name: str, fallback: str) -> str:
        """The wanted id when it is a valid one, else one made from the name; made unique."""
        base = wanted if wanted and ID_RE.match(wanted) else slug(name, fallback)
        candidate, number = base, 2
        while candidate in self.used:
            candidate, number = f"{base}-{number}", number + 1
        self.used.add(candidate)
        return candidate


def default_name(vertex: Vertex, roles: Sequence[Role]) -> str:
    """A name for an element the model leaves unnamed, to make its id from."""
    if vertex.kind == "handoff":
        target = next((r.name for r in roles if r.id == vertex.to_role), "")
        return f"hand over to {target}"
    if vertex.kind == "decision":
        return "decision"
    if vertex.kind == "parallel":
        return "in parallel"
    return vertex.element or "node"


def gateway_note(vertex: Vertex) -> str:
    """The note a gateway with no SOP counterpart leaves on the node after it."""
    kind = re.sub(r"(?<!^)(?=[A-Z])", " ", vertex.element).lower()
    named = f" '{vertex.name}'" if vertex.name else ""
    if vertex.element == "parallelGateway":
        what = "paths meet here" if vertex.joins else "paths run in parallel from here"
    else:
        what = "paths meet here" if vertex.joins else "the flow continues here"
    return f"Source model: {kind}{named} ({vertex.id}): {what}."


def options_of(graph: Graph, nexts: list[tuple[Edge, str]]) -> tuple[Option, ...]:
    """Options named by the flow name, else its condition, else where it leads."""
    options: list[Option] = []
    used: set[str] = set()
    for number, (edge, node) in enumerate(nexts, 1):
        target = graph.vertices.get(edge.target)
        label = edge.label or edge.condition or (target.name if target else "") or f"Path {number}"
        base, count = label, 2
        while label.casefold() in used:
            label, count = f"{base} ({count})", count + 1
        used.add(label.casefold())
        condition = edge.condition if edge.condition and edge.condition != label else None
        options.append(Option(label=label, condition=condition, next=node))
    return tuple(options)


def reference_of(called: str | None, root: etree._Element) -> tuple[str | None, tuple[str, ...]]:
    """A called element that is a WI or SOP code is a reference; anything else a note."""
    if not called:
        return None, ()
    if is_code(called) and parse_code(called).kind in ("wi", "sop") and called != code_of(root):
        return called, ()
    return None, (f"Calls: {called}",)


def code_of(root: etree._Element) -> str:
    """The code of a model sopflow exported (its process id says it), else a placeholder."""
    for process in root.iter(tag(BPMN, "process")):
        found = (process.get("id") or "").removeprefix("Process_")
        if is_code(found) and parse_code(found).kind == "sop":
            return found
    return "SOP-IMPORT-001"


def title_of(root: etree._Element, path: Path) -> str:
    """The SOP's title: the pool's or the process's name, else the file's."""
    for element in (*root.iter(tag(BPMN, "participant")), *root.iter(tag(BPMN, "process"))):
        name = " ".join((element.get("name") or "").split())
        if name:
            return re.sub(r"^(SOP|WI|WF|POL)-[A-Z0-9]+-[0-9]+ ", "", name)
    return path.stem.replace("-", " ").replace("_", " ")
