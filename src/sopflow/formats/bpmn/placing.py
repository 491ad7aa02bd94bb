"""Where the external labels of the BPMN export go: beside their shape or their arrow, never
on a shape or on another label, and off the arrows where there is room.

A named arrow (a decision's option, a parallel's branch) is labelled beside the first
segment out of its gateway, so each label sits on its own branch; an event's or a
gateway's name goes below it, else above, else to a side. Each label takes the first of
its candidate places that is free, arrows' labels first.
"""

from __future__ import annotations

import itertools

from sopflow.formats.bpmn.geometry import Bounds, Point
from sopflow.formats.bpmn.sizes import FLOW_LABEL_WIDTH, external, label_size
from sopflow.formats.diagram import Diagram

GAP = 4.0
"""Between a label and what it labels."""


def _crosses(bounds: Bounds, start: Point, end: Point) -> bool:
    """Whether an orthogonal segment runs through the rectangle."""
    (ax, ay), (bx, by) = start, end
    low_x, high_x, low_y, high_y = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
    return (
        low_x < bounds.right + 1
        and bounds.x - 1 < high_x
        and low_y < bounds.bottom + 1
        and bounds.y - 1 < high_y
    )


class Placer:
    """What is already on the canvas, and a free place for each new label."""

    def __init__(self, shapes: list[Bounds], arrows: list[list[Point]]) -> None:
        self.taken = list(shapes)
        self.segments = [(a, b) for points in arrows for a, b in itertools.pairwise(points)]

    def free(self, bounds: Bounds, strict: bool) -> bool:
        if any(bounds.overlaps(other, 2) for other in self.taken):
            return False
        return not strict or not any(_crosses(bounds, a, b) for a, b in self.segments)

    def place(self, candidates: list[Bounds]) -> Bounds:
        """The first candidate clear of everything, else of shapes and labels, else the first."""
        chosen = next(
            (c for c in candidates if self.free(c, True)),
            next((c for c in candidates if self.free(c, False)), candidates[0]),
        )
        self.taken.append(chosen)
        return chosen


def _beside_segment(start: Point, end: Point, size: tuple[float, float]) -> list[Bounds]:
    """Places beside a segment, near its start: above or below it, left or right of it."""
    width, height = size
    (ax, ay), (bx, by) = start, end
    if ay == by:
        x = ax + GAP * 2 if bx >= ax else ax - GAP * 2 - width
        return [Bounds(x, ay - GAP - height, width, height), Bounds(x, ay + GAP, width, height)]
    y = ay + GAP * 2 if by >= ay else ay - GAP * 2 - height
    return [Bounds(ax + GAP, y, width, height), Bounds(ax - GAP - width, y, width, height)]


def _arrow_candidates(points: list[Point], size: tuple[float, float]) -> list[Bounds]:
    found: list[Bounds] = []
    for start, end in itertools.pairwise(points):
        found += _beside_segment(start, end, size)
    return found


def _box_candidates(shape: Bounds, size: tuple[float, float]) -> list[Bounds]:
    width, height = size
    centre = shape.x + shape.width / 2 - width / 2
    left, right = shape.x - GAP - width, shape.right + GAP
    below, above = shape.bottom + GAP, shape.y - GAP - height
    return [
        Bounds(centre, below, width, height),
        Bounds(centre, above, width, height),
        Bounds(right, below, width, height),
        Bounds(left, below, width, height),
        Bounds(right, above, width, height),
        Bounds(left, above, width, height),
    ]


def place_labels(
    drawing: Diagram, boxes: dict[str, Bounds], arrows: list[list[Point]]
) -> tuple[dict[str, Bounds], dict[int, Bounds]]:
    """The label of every named event, gateway and arrow."""
    placer = Placer(list(boxes.values()), arrows)
    arrow_labels: dict[int, Bounds] = {}
    for index, arrow in enumerate(drawing.arrows):
        if arrow.label:
            size = label_size(arrow.label, FLOW_LABEL_WIDTH)
            arrow_labels[index] = placer.place(_arrow_candidates(arrows[index], size))
    labels: dict[str, Bounds] = {}
    for box in drawing.boxes:
        if external(box):
            labels[box.id] = placer.place(_box_candidates(boxes[box.id], label_size(box.label)))
    return labels, arrow_labels
