"""Coordinates for BPMN diagram interchange, laid out as a modeller draws a process.

Modellers (Camunda Modeler, bpmn.io) draw a file only where it says, so the export says
everything: a horizontal pool whose lanes all have the same height and the pool's full
width; columns by rank (the longest path from the start, loops left out) so the flow reads
left to right; in each lane the same number of rows, a box in a cell; tasks as wide and
tall as their wrapped name needs. Between the columns and above every row lie free
channels, where `sopflow.formats.bpmn.route` runs the orthogonal arrows, and
`sopflow.formats.bpmn.placing` puts the external labels where nothing else is. The SVG
view uses Graphviz instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sopflow.formats.bpmn.geometry import GAP, MARGIN, TRACK, Bounds, Grid, Point
from sopflow.formats.bpmn.placing import place_labels
from sopflow.formats.bpmn.route import route_all
from sopflow.formats.bpmn.sizes import (
    FLOW_LABEL_WIDTH,
    LABEL_WIDTH,
    TASK,
    external,
    label_size,
    size_of,
)
from sopflow.formats.diagram import Diagram

POOL_LABEL = 30.0
LANE_LABEL = 30.0


@dataclass(frozen=True)
class Layout:
    """Where every lane, box and label sits, and the waypoints of every arrow."""

    pool: Bounds
    lanes: dict[str, Bounds]
    boxes: dict[str, Bounds]
    arrows: list[list[Point]]
    labels: dict[str, Bounds]
    """The external label of each named event and gateway, by box id."""
    arrow_labels: dict[int, Bounds]
    """The label of each named arrow, by its index in the diagram's arrows."""


def ranks(drawing: Diagram) -> dict[str, int]:
    """The column of each box: its longest distance from the start, back arrows left out."""
    order = [box.id for box in drawing.boxes]
    position = {box_id: index for index, box_id in enumerate(order)}
    rank = dict.fromkeys(order, 0)
    for box_id in order:
        for arrow in drawing.arrows:
            if arrow.source == box_id and position.get(arrow.target, -1) > position[box_id]:
                rank[arrow.target] = max(rank[arrow.target], rank[box_id] + 1)
    return rank


def _wanted_rows(drawing: Diagram, rank: dict[str, int]) -> dict[str, tuple[str, int]]:
    """For each box, the box before it and how far from that box's row it would sit: a
    gateway's first way out stays on its row, the next go below and above it in turn."""
    wanted: dict[str, tuple[str, int]] = {}
    taken: dict[str, int] = {}
    for arrow in drawing.arrows:
        if rank.get(arrow.target, 0) <= rank.get(arrow.source, 0) or arrow.target in wanted:
            continue
        number = taken.get(arrow.source, 0)
        taken[arrow.source] = number + 1
        wanted[arrow.target] = (arrow.source, (number + 1) // 2 * (1 if number % 2 else -1))
    return wanted


def _cells(drawing: Diagram, rank: dict[str, int]) -> dict[str, tuple[int, int, int]]:
    """A cell per box, in the row its box before wants when that is free; each lane's rows
    then centred in the rows every lane has."""
    lanes = [lane.id for lane in drawing.lanes]
    wanted = _wanted_rows(drawing, rank)
    taken: set[tuple[int, int, int]] = set()
    cell: dict[str, tuple[int, int, int]] = {}
    for box in drawing.boxes:
        lane = lanes.index(drawing.lane_of(box)) if drawing.lane_of(box) in lanes else 0
        before, offset = wanted.get(box.id, ("", 0))
        previous = cell.get(before)
        row = previous[1] + offset if previous and previous[0] == lane else 0
        step = -1 if offset < 0 else 1
        while (lane, row, rank[box.id]) in taken:
            row += step
        taken.add((lane, row, rank[box.id]))
        cell[box.id] = (lane, row, rank[box.id])
    spans = {
        lane: [row for (held, row, _) in cell.values() if held == lane]
        for lane in range(len(lanes))
    }
    rows = max((max(r) - min(r) + 1 for r in spans.values() if r), default=1)
    shift = {lane: -min(r) + (rows - (max(r) - min(r) + 1)) // 2 for lane, r in spans.items() if r}
    return {box_id: (lane, row + shift[lane], col) for box_id, (lane, row, col) in cell.items()}


def grid(drawing: Diagram) -> tuple[Grid, dict[str, Bounds]]:
    """The grid of the drawing and the bounds of every box in it."""
    cell = _cells(drawing, ranks(drawing))
    sizes = {box.id: size_of(box) for box in drawing.boxes}
    columns = max((c for _, _, c in cell.values()), default=0) + 1
    widths = [LABEL_WIDTH + 10] * columns
    for box_id, (_, _, column) in cell.items():
        widths[column] = max(widths[column], sizes[box_id][0])
    xs = [POOL_LABEL + LANE_LABEL + MARGIN]
    for width in widths[:-1]:
        xs.append(xs[-1] + width + GAP)
    tallest = max((h for _, h in sizes.values()), default=TASK[1])
    labels = [label_size(b.label)[1] for b in drawing.boxes if external(b)]
    labels += [label_size(a.label, FLOW_LABEL_WIDTH)[1] for a in drawing.arrows if a.label]
    reach = max(tallest / 2, 25 + 8 + max(labels, default=0)) + 6
    rows = max((r for _, r, _ in cell.values()), default=0) + 1
    row_height = TRACK + 2 * reach
    lane_height = rows * row_height + TRACK
    layout = Grid(
        lanes=tuple(lane.id for lane in drawing.lanes),
        rows=rows,
        column_x=tuple(xs),
        column_width=tuple(widths),
        lane_y=tuple(i * lane_height for i in range(len(drawing.lanes))),
        row_height=row_height,
        above=TRACK + reach,
        cells={place: box_id for box_id, place in cell.items()},
    )
    boxes: dict[str, Bounds] = {}
    for box_id, (lane, row, column) in cell.items():
        width, height = sizes[box_id]
        centre_x = xs[column] + widths[column] / 2
        centre_y = layout.centre_y(lane, row)
        boxes[box_id] = Bounds(centre_x - width / 2, centre_y - height / 2, width, height)
    return layout, boxes


def layout(drawing: Diagram) -> Layout:
    """Lay the diagram out left to right, lanes of one height, arrows and labels placed."""
    cells, boxes = grid(drawing)
    arrows = route_all(drawing, cells, boxes)
    labels, arrow_labels = place_labels(drawing, boxes, arrows)
    lane_height = cells.rows * cells.row_height + TRACK
    right = cells.column_x[-1] + cells.column_width[-1] + GAP / 2
    for bounds in (*labels.values(), *arrow_labels.values()):
        right = max(right, bounds.right + 20)
    for points in arrows:
        right = max(right, *(x + 20 for x, _ in points))
    lanes = {
        lane_id: Bounds(POOL_LABEL, cells.lane_y[i], right - POOL_LABEL, lane_height)
        for i, lane_id in enumerate(cells.lanes)
    }
    pool = Bounds(0, 0, right, lane_height * len(cells.lanes))
    return Layout(pool, lanes, boxes, arrows, labels, arrow_labels)
