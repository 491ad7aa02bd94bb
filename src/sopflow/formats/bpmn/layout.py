"""Coordinates for BPMN diagram interchange: columns by rank, a horizontal band per lane.

Modelers (Camunda Modeler, bpmn.io) draw a file only where it says; this is a small layered
layout (rank = longest path from the start, ignoring loops) that is enough to open a
readable, editable diagram. The SVG view uses Graphviz instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sopflow.formats.diagram import Box, Diagram

SIZES = {
    "start": (36, 36),
    "end": (36, 36),
    "handoff": (36, 36),
    "decision": (50, 50),
    "fork": (50, 50),
    "join": (50, 50),
}
TASK = (110, 80)
COLUMN = 170
ROW = 120
POOL_LABEL = 30
LANE_LABEL = 30


@dataclass(frozen=True)
class Bounds:
    """A rectangle in diagram coordinates."""

    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)


@dataclass(frozen=True)
class Layout:
    """Where every lane and box sits, and the waypoints of every arrow."""

    pool: Bounds
    lanes: dict[str, Bounds]
    boxes: dict[str, Bounds]
    arrows: list[list[tuple[float, float]]]


def _ranks(drawing: Diagram) -> dict[str, int]:
    order = [box.id for box in drawing.boxes]
    position = {box_id: index for index, box_id in enumerate(order)}
    rank = dict.fromkeys(order, 0)
    for box_id in order:
        for arrow in drawing.arrows:
            if arrow.source == box_id and position.get(arrow.target, -1) > position[box_id]:
                rank[arrow.target] = max(rank[arrow.target], rank[box_id] + 1)
    return rank


def layout(drawing: Diagram) -> Layout:
    """Lay the diagram out left to right, one band per lane."""
    rank = _ranks(drawing)
    rows: dict[tuple[str, int], int] = {}
    slot: dict[str, tuple[str, int, int]] = {}
    for box in drawing.boxes:
        lane_id = drawing.lane_of(box)
        row = rows.get((lane_id, rank[box.id]), 0)
        rows[(lane_id, rank[box.id])] = row + 1
        slot[box.id] = (lane_id, rank[box.id], row)
    depth = {
        lane.id: max([count for (name, _), count in rows.items() if name == lane.id] or [1])
        for lane in drawing.lanes
    }
    width = POOL_LABEL + LANE_LABEL + COLUMN * (max(rank.values(), default=0) + 1) + 40
    lanes: dict[str, Bounds] = {}
    top = 0.0
    for lane in drawing.lanes:
        height = ROW * depth[lane.id] + 20
        lanes[lane.id] = Bounds(POOL_LABEL, top, width - POOL_LABEL, height)
        top += height
    boxes: dict[str, Bounds] = {}
    for box in drawing.boxes:
        lane_id, column, row = slot[box.id]
        boxes[box.id] = _place(box, lanes[lane_id], column, row)
    arrows = [_route(boxes[a.source], boxes[a.target]) for a in drawing.arrows]
    return Layout(Bounds(0, 0, width, top), lanes, boxes, arrows)


def _place(box: Box, lane: Bounds, column: int, row: int) -> Bounds:
    width, height = SIZES.get(box.kind, TASK)
    centre_x = lane.x + LANE_LABEL + 20 + COLUMN * column + TASK[0] / 2
    centre_y = lane.y + 10 + ROW * row + ROW / 2
    return Bounds(centre_x - width / 2, centre_y - height / 2, width, height)


def _route(source: Bounds, target: Bounds) -> list[tuple[float, float]]:
    """An orthogonal path: out of the source's right side, into the target's left side."""
    start = (source.x + source.width, source.middle[1])
    end = (target.x, target.middle[1])
    if target.x > source.x + source.width:
        if start[1] == end[1]:
            return [start, end]
        bend = (start[0] + end[0]) / 2
        return [start, (bend, start[1]), (bend, end[1]), end]
    below = max(source.y + source.height, target.y + target.height) + 15
    down = (source.middle[0], source.y + source.height)
    up = (target.middle[0], target.y + target.height)
    return [down, (down[0], below), (up[0], below), up]
