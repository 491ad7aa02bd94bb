"""Orthogonal arrows for the BPMN layout that never cross a shape.

An arrow leaves its source (a gateway by a side of its own for each way out, so no two of
its arrows share a line), enters its target from the left, and between the two runs only in
the free channels of the grid: the vertical channel right of a column (arrows leaving the
column in its left half, arrows entering the next one in its right half) and the horizontal
band above a row. Each arrow gets its own track in every channel it uses, so arrows that
run side by side stay apart. An arrow between neighbours on one row is a straight line.
"""

from __future__ import annotations

from collections import defaultdict

from sopflow.formats.bpmn.geometry import Bounds, Grid, Point
from sopflow.formats.bpmn.sizes import GATEWAYS
from sopflow.formats.diagram import Arrow, Diagram

SPACING = 10.0
"""Between two tracks of one channel."""

PREFERRED = {
    "ahead": ("right", "bottom", "top", "left"),
    "down": ("bottom", "right", "top", "left"),
    "up": ("top", "right", "bottom", "left"),
    "back": ("bottom", "top", "right", "left"),
}
"""The sides a gateway's arrow would rather leave by, by where its target lies."""


class Tracks:
    """Hands out a distinct position in each channel: the middle first, then either side."""

    def __init__(self) -> None:
        self.used: dict[tuple[str, int, int], int] = defaultdict(int)

    def take(self, key: tuple[str, int, int], low: float, high: float) -> float:
        number = self.used[key]
        self.used[key] += 1
        room = max(1, int((high - low) / SPACING) - 1)
        slot = number % room
        offset = (slot + 1) // 2 * SPACING * (1 if slot % 2 else -1)
        return (low + high) / 2 + offset


class Router:
    """Routes the arrows of one diagram on its grid."""

    def __init__(self, drawing: Diagram, grid: Grid, boxes: dict[str, Bounds]) -> None:
        self.drawing = drawing
        self.grid = grid
        self.boxes = boxes
        self.cell = {box_id: place for place, box_id in grid.cells.items()}
        self.tracks = Tracks()
        self.kinds = {box.id: box.kind for box in drawing.boxes}

    def direction(self, arrow: Arrow) -> str:
        source, target = self.cell[arrow.source], self.cell[arrow.target]
        if target[2] <= source[2]:
            return "back"
        if target[:2] == source[:2]:
            return "ahead"
        return "down" if (target[0], target[1]) > (source[0], source[1]) else "up"

    def sides(self, arrows: list[tuple[int, Arrow]]) -> dict[int, str]:
        """A side per arrow out of a gateway: distinct while there are sides left."""
        if len(arrows) == 1 or self.kinds[arrows[0][1].source] not in GATEWAYS:
            return {index: "right" for index, _ in arrows}
        here = self.cell[arrows[0][1].source]

        def distance(item: tuple[int, Arrow]) -> tuple[int, int]:
            target = self.cell[item[1].target]
            ahead = self.direction(item[1]) == "ahead"
            return (0 if ahead else 1, abs(target[0] - here[0]) * 100 + abs(target[1] - here[1]))

        chosen: dict[int, str] = {}
        for index, arrow in sorted(arrows, key=distance):
            wanted = PREFERRED[self.direction(arrow)]
            free = [side for side in wanted if side not in chosen.values()]
            chosen[index] = (free or wanted)[0]
        return chosen

    def straight(self, arrow: Arrow) -> bool:
        """Whether the arrow can run straight along its row: no box in between."""
        lane, row, start = self.cell[arrow.source]
        end = self.cell[arrow.target][2]
        return all((lane, row, column) not in self.grid.cells for column in range(start + 1, end))

    def vertical(self, column: int, entering: bool = False) -> float:
        """A track in the channel right of column: in its left half for arrows leaving the
        column, in its right half for arrows entering the next one, so that the last leg
        of one never runs along the first leg of another on the same row."""
        low, high = self.grid.channel(column)
        middle = (low + high) / 2
        if entering:
            return self.tracks.take(("in", column, 0), middle, high)
        return self.tracks.take(("out", column, 0), low, middle)

    def horizontal(self, lane: int, row: int) -> float:
        low, high = self.grid.band(lane, row)
        return self.tracks.take(("band", lane, row), low, high)

    def route(self, arrow: Arrow, side: str) -> list[Point]:
        """The waypoints of one arrow leaving by side."""
        source, target = self.boxes[arrow.source], self.boxes[arrow.target]
        lane, row, column = self.cell[arrow.source]
        to_column = self.cell[arrow.target][2]
        middle_x, middle_y = source.middle
        end_y = target.middle[1]
        end = (target.x, end_y)
        if side == "right" and self.direction(arrow) == "ahead" and self.straight(arrow):
            return [(source.right, middle_y), end]
        if side in ("top", "bottom"):
            out_y = source.y if side == "top" else source.bottom
            band = self.horizontal(lane, row if side == "top" else row + 1)
            into = self.vertical(to_column - 1, entering=True)
            return [(middle_x, out_y), (middle_x, band), (into, band), (into, end_y), end]
        if side == "left":
            out = self.vertical(column - 1)
            points = [(source.x, middle_y), (out, middle_y)]
        else:
            out = self.vertical(column)
            points = [(source.right, middle_y), (out, middle_y)]
        if to_column == column + 1 and side == "right":
            return [*points, (out, end_y), end]
        below = self.direction(arrow) in ("down", "back", "ahead")
        band = self.horizontal(lane, row + 1 if below else row)
        into = self.vertical(to_column - 1, entering=True)
        return [*points, (out, band), (into, band), (into, end_y), end]


def _simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and points in the middle of a straight run."""
    kept: list[Point] = []
    for point in points:
        if kept and kept[-1] == point:
            continue
        if len(kept) >= 2:
            (ax, ay), (bx, by) = kept[-2], kept[-1]
            if (ax == bx == point[0]) or (ay == by == point[1]):
                kept[-1] = point
                continue
        kept.append(point)
    return kept


def route_all(drawing: Diagram, grid: Grid, boxes: dict[str, Bounds]) -> list[list[Point]]:
    """The waypoints of every arrow of the drawing, in the drawing's order."""
    router = Router(drawing, grid, boxes)
    leaving: dict[str, list[tuple[int, Arrow]]] = defaultdict(list)
    for index, arrow in enumerate(drawing.arrows):
        leaving[arrow.source].append((index, arrow))
    sides: dict[int, str] = {}
    for arrows in leaving.values():
        sides.update(router.sides(arrows))
    return [
        _simplify(router.route(arrow, sides[index])) for index, arrow in enumerate(drawing.arrows)
    ]
