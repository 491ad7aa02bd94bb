"""The flow as a Mermaid flowchart, which GitHub and GitLab draw inside Markdown as it is."""

from __future__ import annotations

from sopflow.formats.diagram import Box, Diagram, diagram
from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.registry import Renderer
from sopflow.model import AnyDocument

_SHAPES = {
    "start": ('(("', '"))'),
    "task": ('["', '"]'),
    "reference": ('[["', '"]]'),
    "decision": ('{"', '"}'),
    "fork": ('{"', '"}'),
    "join": ('{"', '"}'),
    "handoff": ('[/"', '"/]'),
    "end": ('(["', '"])'),
}


def text(value: str) -> str:
    """Text safe inside a quoted Mermaid label: quotes and markup become entity codes."""
    for raw, code in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        value = value.replace(raw, code)
    return " ".join(value.split())


def node_id(box_id: str) -> str:
    """Mermaid ids must not collide with its keywords (end, graph), so every id gets a prefix;
    the dot of a join box's id ("split.join") becomes a double underscore."""
    return "n_" + box_id.replace("-", "_").replace(".", "__")


def _shape(box: Box) -> str:
    opening, closing = _SHAPES[box.kind]
    label = box.label if box.kind != "reference" else f"{box.label} ({box.reference})"
    if box.kind in ("fork", "join"):
        label = "+"  # a parallel gateway, as BPMN draws it: branches fork here, meet there
    return f"{node_id(box.id)}{opening}{text(label)}{closing}"


def flowchart(drawing: Diagram, link: RenderContext | None = None) -> str:
    """Mermaid source: a subgraph per lane, labelled decision branches, parallel branches
    between a fork and a join, linked references."""
    lines = ["flowchart LR"]
    for number, lane in enumerate(drawing.lanes):
        lines.append(f'  subgraph lane{number}["{text(lane.name)}"]')
        lines.append("    direction LR")
        lines += [f"    {_shape(box)}" for box in drawing.boxes if drawing.lane_of(box) == lane.id]
        lines.append("  end")
    known = {lane.id for lane in drawing.lanes}
    lines += [f"  {_shape(box)}" for box in drawing.boxes if drawing.lane_of(box) not in known]
    for arrow in drawing.arrows:
        label = f'|"{text(arrow.label)}"|' if arrow.label else ""
        lines.append(f"  {node_id(arrow.source)} -->{label} {node_id(arrow.target)}")
    if link is not None:
        for box in drawing.boxes:
            if box.reference:
                lines.append(f'  click {node_id(box.id)} href "{link.link(box.reference)}"')
    return "\n".join(lines) + "\n"


def render(document: AnyDocument, context: RenderContext) -> str:
    """The document's diagram as Mermaid source."""
    return flowchart(diagram(document), context)


renderer = Renderer("mermaid", ".mmd", "Mermaid flowchart of the flow", render)
