"""The swimlane on paper: drawn no smaller than 8 points, a wide flow cut into page-wide parts.

A diagram shrunk to fit one page is unreadable once a flow has more than a few steps, so the
paged views (PDF, DOCX) draw it at a scale that keeps its smallest text at MIN_TEXT points or
more, and cut it, between boxes, into parts that each fit a landscape page. Each part after
the first repeats the lane names at its left edge, so a reader knows whose lane they are in.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from lxml import etree

from sopflow.formats.render.swimlane import FONT_SIZES, SVG

MIN_TEXT = 8.0
"""The smallest text size, in points, a printed diagram may show."""
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Paper sizes in mm (portrait)."""
SIDE_MARGIN = 16.0
"""Left and right page margins in mm, the same in every paged view."""
MM = 72 / 25.4
"""Points per mm."""


@dataclass(frozen=True)
class Part:
    """One page-wide part of the diagram: an x range of the SVG (points) and its size drawn."""

    svg: bytes
    x: float
    width: float
    height: float
    scale: float
    y: float = 0.0
    """The top of the part: the lanes' top edge (the title above them is left out)."""

    @property
    def drawn_width(self) -> float:
        """Width on the page, in points."""
        return self.width * self.scale

    @property
    def drawn_height(self) -> float:
        """Height on the page, in points."""
        return self.height * self.scale


def landscape_area(paper: str, top_margin: float, bottom_margin: float) -> tuple[float, float]:
    """The width and height in points that a landscape page of paper leaves for a diagram."""
    short, long = PAPERS[paper]
    width = (long - 2 * SIDE_MARGIN) * MM
    height = (short - top_margin - bottom_margin) * MM
    return width, height


def smallest_text(svg: bytes) -> float:
    """The smallest font size in the SVG, in its own units (points for Graphviz)."""
    sizes = [float(size) for size in re.findall(rb'font-size="([0-9.]+)"', svg)]
    return min(sizes, default=min(FONT_SIZES.values()))


def scale_for(
    svg_width: float, svg_height: float, smallest: float, area: tuple[float, float]
) -> float:
    """The scale to draw at: fit the page when the text stays readable, else MIN_TEXT."""
    fit = min(area[0] / svg_width, area[1] / svg_height, 1.0)
    return max(fit, MIN_TEXT / smallest)


def _size(root: etree._Element) -> tuple[float, float]:
    box = [float(v) for v in root.get("viewBox", "0 0 0 0").split()]
    return box[2], box[3]


def _transform(root: etree._Element) -> tuple[float, float]:
    """The translation of Graphviz's top group: SVG x = drawing x + tx (y is negative)."""
    group = root.find(f"{{{SVG}}}g")
    found = re.search(
        r"translate\(([-0-9.]+)[ ,]+([-0-9.]+)\)",
        group.get("transform", "") if group is not None else "",
    )
    return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)


def _numbers(element: etree._Element) -> list[float]:
    """The x coordinates a node's shapes and words cover, in drawing units."""
    xs: list[float] = []
    for child in element.iter():
        if _local(child.tag) == "text":
            xs += _text_xs(child)
            continue
        shape = child.get("points") or child.get("d")
        if shape:
            xs += [float(x) for x, _ in re.findall(r"([-0-9.]+),([-0-9.]+)", shape)]
        if child.get("cx") is not None:
            cx, rx = float(child.get("cx", "0")), float(child.get("rx", "0"))
            xs += [cx - rx, cx + rx]
    return xs


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text_xs(text: etree._Element) -> list[float]:
    """A line of text's left and right ends, from its middle and an average glyph width."""
    middle = float(text.get("x", "0"))
    half = len(text.text or "") * float(text.get("font-size", "10")) * 0.3
    return [middle - half, middle + half]


def occupied(svg: bytes) -> list[tuple[float, float]]:
    """The x ranges (SVG units) the boxes cover, merged, left to right: cuts go between."""
    root = etree.fromstring(svg)
    tx, _ = _transform(root)
    spans: list[tuple[float, float]] = []
    for node in root.iter(f"{{{SVG}}}g"):
        if node.get("class") in ("node", "edge"):
            xs = _numbers(node) if node.get("class") == "node" else _label_xs(node)
            if xs:
                spans.append((min(xs) + tx, max(xs) + tx))
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 2:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _label_xs(edge: etree._Element) -> list[float]:
    """An edge's label, so a cut does not split its words (a line may be cut)."""
    return [x for text in edge.iter(f"{{{SVG}}}text") for x in _text_xs(text)]


def cuts(width: float, part_width: float, taken: list[tuple[float, float]]) -> list[float]:
    """Where to cut the diagram (SVG x): each part at most part_width, cut in a gap between
    shapes, the parts about as wide as each other (no last page with a sliver on it)."""
    edges = [0.0]
    while width - edges[-1] > part_width:
        left = edges[-1]
        limit = left + part_width
        target = left + (width - left) / math.ceil((width - left) / part_width)
        gaps = [
            (left_end + right_start) / 2
            for (_, left_end), (right_start, _) in itertools.pairwise(taken)
            if left + part_width * 0.3 < (left_end + right_start) / 2 <= limit
        ]
        # the gap nearest the even share, but never a part too wide for its page
        edges.append(min(gaps, key=lambda gap: abs(gap - target)) if gaps else limit)
    return [*edges, width]


def parts(svg: bytes, area: tuple[float, float]) -> list[Part]:
    """The diagram as page-wide parts drawn at one readable scale: text no smaller than
    MIN_TEXT, and as large as the widest part and the page's height let it be."""
    root = etree.fromstring(svg)
    width, height = _size(root)
    top = _top(root)
    scale = scale_for(width, height - top, smallest_text(svg), area)
    bounds = cuts(width, area[0] / scale, occupied(svg))
    widest = max(right - left for left, right in itertools.pairwise(bounds))
    # evenly cut parts are narrower than the page: draw them larger, as far as it allows
    scale = max(scale, min(area[0] / widest, area[1] / (height - top)))
    lanes = _lanes(root)
    return [
        Part(
            _clip(svg, (left, top, right - left, height - top), lanes if n else []),
            left,
            right - left,
            height - top,
            scale,
            top,
        )
        for n, (left, right) in enumerate(itertools.pairwise(bounds))
    ]


def _lanes(root: etree._Element) -> list[tuple[str, float]]:
    """Each lane's name and the SVG y of its label."""
    _, ty = _transform(root)
    found: list[tuple[str, float]] = []
    for group in root.iter(f"{{{SVG}}}g"):
        if group.get("class") == "cluster":
            text = group.find(f"{{{SVG}}}text")
            if text is not None and text.text:
                found.append((text.text, float(text.get("y", "0")) + ty))
    return found


def _top(root: etree._Element) -> float:
    """The SVG y of the lanes' top edge, less a small gap (0 when there are no lanes)."""
    _, ty = _transform(root)
    ys = [
        float(y) + ty
        for group in root.iter(f"{{{SVG}}}g")
        if group.get("class") == "cluster"
        for shape in group.iter(f"{{{SVG}}}polygon", f"{{{SVG}}}path")
        for y in re.findall(r"[-0-9.]+,([-0-9.]+)", shape.get("points") or shape.get("d") or "")
    ]
    return max(min(ys, default=4.0) - 4, 0.0)


def _clip(
    svg: bytes, box: tuple[float, float, float, float], lanes: list[tuple[str, float]]
) -> bytes:
    """The SVG showing only box (x, y, width, height), sized in points, lane names at its
    left."""
    x, y0, width, height = box
    root = etree.fromstring(svg)
    graph = root.find(f"{{{SVG}}}g")
    title = graph.find(f"{{{SVG}}}text") if graph is not None else None
    if graph is not None and title is not None:  # the page's heading names the procedure
        graph.remove(title)
    root.set("viewBox", f"{x:.2f} {y0:.2f} {width:.2f} {height:.2f}")
    root.set("width", f"{width:.2f}pt")
    root.set("height", f"{height:.2f}pt")
    for name, y in lanes:
        label = etree.SubElement(root, f"{{{SVG}}}text")
        label.set("x", f"{x + 6:.2f}")
        label.set("y", f"{y:.2f}")
        label.set("font-family", "DejaVu Sans")
        label.set("font-size", f"{FONT_SIZES['lane']:g}")
        label.set("font-style", "italic")
        label.set("fill", "#444444")
        label.text = f"{name} (continued)"
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return result


def smallest_drawn(part: Part) -> float:
    """How many points the smallest text of a part is drawn at on the page."""
    return smallest_text(part.svg) * part.scale
