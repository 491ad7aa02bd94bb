"""The BPMN export is laid out as a modeller would draw it, checked on the diagram
interchange coordinates of every example's and every captured draft's export: shapes and
labels apart, arrows orthogonal and never through a shape, every node inside its lane, lanes
of one height across the whole pool, a gateway's arrows leaving by routes of their own."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from sopflow.formats.bpmn.export import export
from sopflow.formats.bpmn.names import NAMESPACES
from sopflow.formats.bpmn.sizes import task_size
from sopflow.formats.bpmn.textfit import TASK_FONT, TASK_PADDING, text_height, wrap
from sopflow.formats.yaml_source import read_documents

TESTS = Path(__file__).resolve().parents[2]
DOCUMENTS = {
    loaded.document.code: loaded.document
    for loaded in read_documents([TESTS.parent / "examples", TESTS / "fixtures" / "captured"])
    if loaded.document is not None
}


@dataclass(frozen=True)
class Rect:
    name: str
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Rect) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def inside(self, other: Rect) -> bool:
        return (
            other.x <= self.x
            and self.right <= other.right
            and other.y <= self.y
            and self.bottom <= other.bottom
        )

    def crossed_by(self, start: tuple[float, float], end: tuple[float, float]) -> bool:
        """Whether an orthogonal segment runs through the inside of the rectangle."""
        low_x, high_x = sorted((start[0], end[0]))
        low_y, high_y = sorted((start[1], end[1]))
        if low_y == high_y:
            return self.y < low_y < self.bottom and low_x < self.right and self.x < high_x
        return self.x < low_x < self.right and low_y < self.bottom and self.y < high_y


@dataclass
class Drawing:
    """The DI of one export, read back from the XML."""

    tree: etree._Element
    shapes: dict[str, Rect]
    lanes: dict[str, Rect]
    pool: Rect
    labels: list[Rect]
    edges: dict[str, list[tuple[float, float]]]


def _rect(name: str, element: etree._Element | None) -> Rect:
    assert element is not None, name
    values = [float(element.get(key, "nan")) for key in ("x", "y", "width", "height")]
    return Rect(name, *values)


def _drawing(code: str) -> Drawing:
    tree = etree.fromstring(export(DOCUMENTS[code]))
    lane_ids = {lane.get("id") for lane in tree.iter("{*}lane")}
    shapes: dict[str, Rect] = {}
    lanes: dict[str, Rect] = {}
    labels: list[Rect] = []
    pool = None
    for shape in tree.iter("{*}BPMNShape"):
        element = shape.get("bpmnElement", "")
        rect = _rect(element, shape.find("dc:Bounds", NAMESPACES))
        if element.startswith("Participant"):
            pool = rect
        elif element in lane_ids:
            lanes[element] = rect
        else:
            shapes[element] = rect
        label = shape.find("bpmndi:BPMNLabel/dc:Bounds", NAMESPACES)
        if label is not None:
            labels.append(_rect(f"label of {element}", label))
    edges: dict[str, list[tuple[float, float]]] = {}
    for edge in tree.iter("{*}BPMNEdge"):
        name = edge.get("bpmnElement", "")
        edges[name] = [
            (float(p.get("x", "nan")), float(p.get("y", "nan")))
            for p in edge.findall("di:waypoint", NAMESPACES)
        ]
        label = edge.find("bpmndi:BPMNLabel/dc:Bounds", NAMESPACES)
        if label is not None:
            labels.append(_rect(f"label of {name}", label))
    assert pool is not None
    return Drawing(tree, shapes, lanes, pool, labels, edges)


CODES = sorted(DOCUMENTS)


@pytest.mark.parametrize("code", CODES)
def test_no_two_shapes_or_labels_overlap(code: str) -> None:
    drawing = _drawing(code)
    things = list(drawing.shapes.values()) + drawing.labels
    for first, second in itertools.combinations(things, 2):
        assert not first.overlaps(second), (code, first, second)


@pytest.mark.parametrize("code", CODES)
def test_arrows_are_orthogonal_and_cross_no_shape_but_their_ends(code: str) -> None:
    drawing = _drawing(code)
    for flow in drawing.tree.iter("{*}sequenceFlow"):
        points = drawing.edges[flow.get("id", "")]
        ends = {flow.get("sourceRef"), flow.get("targetRef")}
        assert len(points) >= 2
        for start, end in itertools.pairwise(points):
            assert start[0] == end[0] or start[1] == end[1], (code, flow.get("id"), start, end)
            for name, shape in drawing.shapes.items():
                if name not in ends:
                    assert not shape.crossed_by(start, end), (code, flow.get("id"), name)
        source = drawing.shapes[flow.get("sourceRef", "")]
        target = drawing.shapes[flow.get("targetRef", "")]
        assert _on_border(points[0], source), flow.get("id")
        assert _on_border(points[-1], target), flow.get("id")


def _on_border(point: tuple[float, float], shape: Rect) -> bool:
    x, y = point
    inside = shape.x <= x <= shape.right and shape.y <= y <= shape.bottom
    return inside and (x in (shape.x, shape.right) or y in (shape.y, shape.bottom))


@pytest.mark.parametrize("code", CODES)
def test_every_node_inside_its_lane_and_lanes_of_one_height_across_the_pool(code: str) -> None:
    drawing = _drawing(code)
    for lane in drawing.tree.iter("{*}lane"):
        bounds = drawing.lanes[lane.get("id", "")]
        for ref in lane.iterfind("bpmn:flowNodeRef", NAMESPACES):
            assert drawing.shapes[ref.text or ""].inside(bounds), (code, ref.text, bounds)
        assert bounds.right == drawing.pool.right
    heights = {lane.height for lane in drawing.lanes.values()}
    assert len(heights) == 1, (code, heights)
    assert sum(lane.height for lane in drawing.lanes.values()) == drawing.pool.height
    for label in drawing.labels:
        assert label.inside(drawing.pool), (code, label)


@pytest.mark.parametrize("code", CODES)
def test_a_gateways_arrows_leave_it_by_routes_of_their_own(code: str) -> None:
    drawing = _drawing(code)
    leaving: dict[str, list[list[tuple[float, float]]]] = {}
    for flow in drawing.tree.iter("{*}sequenceFlow"):
        leaving.setdefault(flow.get("sourceRef", ""), []).append(drawing.edges[flow.get("id", "")])
    for source, routes in leaving.items():
        if len(routes) < 2:
            continue
        firsts = {(route[0], route[1]) for route in routes}
        assert len({start for start, _ in firsts}) == len(routes), (code, source, routes)


def test_the_flow_reads_left_to_right() -> None:
    drawing = _drawing("SOP-FIN-003")
    order = ["Node_start", "Node_log-request", "Node_find-order", "Node_check-eligibility"]
    xs = [drawing.shapes[name].x for name in order]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)
    start = drawing.shapes["Node_start"]
    assert all(start.x <= shape.x for shape in drawing.shapes.values())


def test_a_long_name_is_wrapped_to_fit_and_its_task_grows() -> None:
    long = "Check the customer's order history, the payment record and the refund policy " * 2
    width, height = task_size(long)
    lines = wrap(long, width - 2 * TASK_PADDING, TASK_FONT)
    assert len(lines) > 3
    assert text_height(len(lines), TASK_FONT) + 2 * TASK_PADDING <= height
    assert height > 80
    assert task_size("Log the request") == (120, 80)


def test_an_option_labels_its_own_branch() -> None:
    drawing = _drawing("SOP-FIN-003")
    flows = [f for f in drawing.tree.iter("{*}sequenceFlow") if f.get("name")]
    assert flows
    for flow in flows:
        points = drawing.edges[flow.get("id", "")]
        label = next(r for r in drawing.labels if r.name == f"label of {flow.get('id')}")
        (ax, ay), (bx, by) = points[0], points[1]
        near = Rect(
            "first segment and beside it",
            min(ax, bx) - label.width - 10,
            min(ay, by) - label.height - 10,
            abs(ax - bx) + 2 * label.width + 20,
            abs(ay - by) + 2 * label.height + 20,
        )
        assert label.inside(near), (flow.get("id"), label, points[:2])
