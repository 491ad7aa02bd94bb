"""The swimlane diagram as SVG, laid out by Graphviz's `dot`.

A lane per role (a cluster), steps as boxes, decisions as diamonds with labelled branches,
a parallel's branches between a fork and a join diamond marked +, handoffs as arrows that
cross lanes, outcomes as end events, references as linked sub-process boxes. Graphviz is a
system program: `graphviz_available` lets callers and tests tell when it is missing
(scripts/system-packages.sh installs it).
"""

from __future__ import annotations

import html
import shutil
from functools import cache

import graphviz
from lxml import etree

from sopflow.errors import SopflowError
from sopflow.formats.diagram import Box, Diagram, diagram
from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.registry import Renderer
from sopflow.model import AnyDocument

_STYLE: dict[str, dict[str, str]] = {
    "start": {
        "shape": "circle",
        "label": "",
        "width": "0.35",
        "style": "filled",
        "fillcolor": "#e8f5e9",
        "color": "#2e7d32",
    },
    "task": {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff"},
    "reference": {
        "shape": "box",
        "style": "rounded,filled,bold",
        "fillcolor": "#eef4fb",
        "peripheries": "2",
        "fontcolor": "#0b4f8a",
    },
    "decision": {"shape": "diamond", "style": "filled", "fillcolor": "#fff8e1"},
    "fork": {
        "shape": "diamond",
        "style": "filled",
        "fillcolor": "#e3f2fd",
        "label": "+",
        "fontsize": "18",
        "width": "0.45",
        "height": "0.45",
        "fixedsize": "true",
    },
    "handoff": {"shape": "cds", "style": "filled", "fillcolor": "#f3e5f5"},
    "end": {"shape": "plain"},
}
_STYLE["join"] = _STYLE["fork"]
FONT_SIZES = {"node": 10.0, "edge": 10.0, "lane": 12.0, "title": 14.0}
"""Graphviz font sizes in points at scale 1; print views never draw the diagram smaller than
8 points for the smallest (formats/render/pages.py)."""
_LANE_COLOURS = ("#f7f9fc", "#fdf8f0", "#f4faf4", "#faf4fa", "#f4f8fa", "#fafaf2")


@cache
def graphviz_available() -> bool:
    """True when the `dot` program is on the PATH."""
    return shutil.which("dot") is not None


def wrap_lines(text: str, width: int) -> list[str]:
    """The words of text in lines of about `width` characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def wrap(text: str, width: int = 22) -> str:
    """Break a label into lines of about `width` characters, so boxes stay compact.

    The text is escaped for Graphviz: backslashes and <...> in a step's words are shown
    as written, never read as escape sequences or HTML labels.
    """
    lines = wrap_lines(text, width)
    escaped: str = graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))
    return escaped


def _end_label(name: str) -> str:
    """An end event as a table: a red bullseye (the port arrows end at) over the outcome's
    name, so the name is part of the node and stays inside its lane (an xlabel does not)."""
    lines = "<BR/>".join(html.escape(line) for line in wrap_lines(name, 18))
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD></TD>'
        '<TD PORT="end" CELLPADDING="0"><FONT POINT-SIZE="22" COLOR="#b71c1c">\u25c9</FONT></TD>'
        f'<TD></TD></TR><TR><TD COLSPAN="3">{lines}</TD></TR></TABLE>>'
    )


def _node(graph: graphviz.Digraph, box: Box, context: RenderContext) -> None:
    style = dict(_STYLE[box.kind])
    label = box.label if box.kind != "reference" else f"{box.reference}\n{box.label}"
    if box.kind == "end":
        style["label"] = _end_label(label)
    style.setdefault("label", wrap(label) if box.kind != "decision" else wrap(label, 18))
    if box.reference:
        style["href"] = context.link(box.reference)
        style["tooltip"] = box.reference
    graph.node(box.id, **style)


def dot_source(drawing: Diagram, context: RenderContext) -> graphviz.Digraph:
    """The Graphviz graph: a cluster per lane, edges labelled with decision options."""
    graph = graphviz.Digraph("swimlane", engine="dot")
    graph.attr(
        rankdir="LR",
        fontname="DejaVu Sans",
        labelloc="t",
        label=wrap(drawing.title, 80),
        fontsize=f"{FONT_SIZES['title']:g}",
        newrank="true",
        nodesep="0.25",
        ranksep="0.45",
    )
    graph.attr("node", fontname="DejaVu Sans", fontsize=f"{FONT_SIZES['node']:g}")
    graph.attr("node", margin="0.12,0.06")
    graph.attr("edge", fontname="DejaVu Sans", fontsize=f"{FONT_SIZES['edge']:g}")
    graph.attr("edge", color="#555555")
    known = {lane.id for lane in drawing.lanes}
    rank = ranks(drawing)
    for number, lane in enumerate(drawing.lanes):
        with graph.subgraph(name=f"cluster_{number}") as cluster:
            cluster.attr(
                label=wrap(lane.name, 40),
                labeljust="l",
                style="filled",
                fillcolor=_LANE_COLOURS[number % len(_LANE_COLOURS)],
                color="#9aa5b1",
                fontsize=f"{FONT_SIZES['lane']:g}",
            )
            inside = [b for b in drawing.boxes if drawing.lane_of(b) == lane.id]
            if number == 0:  # boxes of an unknown lane are drawn in the first
                inside += [b for b in drawing.boxes if drawing.lane_of(b) not in known]
            for box in inside:
                _node(cluster, box, context)
            _lane_ends(cluster, number, [box.id for box in inside], rank)
    for end in ("first", "last"):  # the lanes' ends in one rank each
        with graph.subgraph() as same:
            same.attr(rank="same")
            for number in range(len(drawing.lanes)):
                same.node(f"lane{number}.{end}")
    ends = {box.id for box in drawing.boxes if box.kind == "end"}
    for arrow in drawing.arrows:
        target = f"{arrow.target}:end:w" if arrow.target in ends else arrow.target
        graph.edge(arrow.source, target, label=wrap(arrow.label, 16) if arrow.label else "")
    return graph


def ranks(drawing: Diagram) -> dict[str, int]:
    """Each box's column: the longest path to it from the start, loops left out."""
    position = {box.id: index for index, box in enumerate(drawing.boxes)}
    rank = dict.fromkeys(position, 0)
    for box in drawing.boxes:
        for arrow in drawing.arrows:
            if arrow.source == box.id and position.get(arrow.target, -1) > position[box.id]:
                rank[arrow.target] = max(rank[arrow.target], rank[box.id] + 1)
    return rank


def _lane_ends(
    cluster: graphviz.Digraph, number: int, boxes: list[str], rank: dict[str, int]
) -> None:
    """Invisible first and last nodes of a lane, before its earliest box and after its
    latest, all lanes' in the same two ranks: every lane then spans the whole width, so the
    lanes stack as bands of equal width instead of sitting side by side."""
    first, last = f"lane{number}.first", f"lane{number}.last"
    cluster.node(first, shape="point", style="invis", width="0.01")
    cluster.node(last, shape="point", style="invis", width="0.01")
    if not boxes:
        cluster.edge(first, last, style="invis", weight="0")
        return
    cluster.edge(first, min(boxes, key=lambda box: rank[box]), style="invis", weight="0")
    cluster.edge(max(boxes, key=lambda box: rank[box]), last, style="invis", weight="0")


def svg(document: AnyDocument, context: RenderContext) -> bytes:
    """The swimlane diagram as SVG; SopflowError when Graphviz is not installed."""
    if not graphviz_available():
        raise SopflowError(
            "the SVG swimlane needs Graphviz's `dot` program: run scripts/system-packages.sh"
        )
    result: bytes = dot_source(diagram(document), context).pipe(format="svg")
    return result


def svg_or_none(document: AnyDocument, context: RenderContext) -> bytes | None:
    """The diagram when Graphviz is there, None otherwise (pages then say it is missing)."""
    return svg(document, context) if graphviz_available() else None


SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_DROPPED = frozenset({"script", "foreignObject", "style", "iframe", "object", "embed"})


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def same_site(target: str) -> bool:
    """True for an address on the page's own site: a path ("/documents/…") or one relative
    to the page ("WI-PAY-003.html"), never a scheme (javascript:, https:) or another host."""
    if not target or "\\" in target or target.startswith("//"):
        return False
    if any(ord(character) < 33 for character in target):
        return False
    head = target.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return ":" not in head


def _clean_links(element: etree._Element) -> None:
    """A link keeps only an address on the page's own site, as a plain href with a tooltip."""
    target = str(element.attrib.pop(f"{{{XLINK}}}href", "") or element.attrib.pop("href", ""))
    label = str(element.attrib.pop(f"{{{XLINK}}}title", ""))
    if same_site(target):
        element.set("href", target)
        if label:
            element.set("aria-label", f"Open {label}")
            title = etree.Element(f"{{{SVG}}}title")
            title.text = f"Open {label}"
            element.insert(0, title)


def svg_fragment(document: AnyDocument, context: RenderContext, *, label: str) -> str | None:
    """The swimlane as an <svg> element to place inside an HTML page; None without Graphviz.

    Graphviz escapes every label, and this keeps it inert besides: no script, no event
    attribute, no style (the page's Content-Security-Policy allows none inline), no ids to
    clash with the page's, and links only to the site's own addresses (a path, or one
    relative to the page, as a folder export's "WI-PAY-003.html"). Node and edge
    tooltips (their ids) are left out; the diagram is named by label.
    """
    drawn = svg_or_none(document, context)
    if drawn is None:
        return None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    root = etree.fromstring(drawn, parser=parser)
    for element in list(root.iter()):
        name = _local(element.tag)
        if name in _DROPPED or (name == "title" and element.getparent() is not None):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
            continue
        for attribute in list(element.attrib):
            local = _local(attribute).lower()
            if local.startswith("on") or local in ("style", "id"):
                del element.attrib[attribute]
        if name == "a":
            _clean_links(element)
    for dimension in ("width", "height"):  # Graphviz's points as pixels: 3/4 of print size
        value = root.get(dimension, "")
        if value.endswith("pt"):
            root.set(dimension, value.removesuffix("pt"))
    root.set("class", "swimlane")
    root.set("role", "img" if not root.findall(f".//{{{SVG}}}a") else "group")
    root.set("aria-label", label)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")


def render(document: AnyDocument, context: RenderContext) -> str:
    """The swimlane SVG as text."""
    return svg(document, context).decode("utf-8")


renderer = Renderer("svg", ".svg", "Swimlane diagram (needs Graphviz)", render)
