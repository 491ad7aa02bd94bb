"""The geometry the BPMN layout works in: rectangles, points, and the grid of cells with
the free channels between them that arrows run in."""

from __future__ import annotations

from dataclasses import dataclass

MARGIN = 50.0
"""Room left of the first column, for arrows that loop back to it."""
GAP = 100.0
"""The channel between two columns, where vertical arrow segments run."""
TRACK = 30.0
"""The band above each row (and at the foot of each lane) for horizontal segments."""


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

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Bounds, margin: float = 0.0) -> bool:
        """Whether the two rectangles share area (touching edges do not count)."""
        return (
            self.x < other.right + margin
            and other.x < self.right + margin
            and self.y < other.bottom + margin
            and other.y < self.bottom + margin
        )


Point = tuple[float, float]


@dataclass(frozen=True)
class Grid:
    """The cells of the layout: columns, rows per lane, and the channels between them."""

    lanes: tuple[str, ...]
    rows: int
    column_x: tuple[float, ...]
    column_width: tuple[float, ...]
    lane_y: tuple[float, ...]
    row_height: float
    above: float
    """From the top of a row's band to the centre line of its boxes."""
    cells: dict[tuple[int, int, int], str]
    """(lane index, row, column) -> box id."""

    def centre_y(self, lane: int, row: int) -> float:
        return self.lane_y[lane] + row * self.row_height + self.above

    def band(self, lane: int, row: int) -> tuple[float, float]:
        """The free band above a row; row == rows is the band at the lane's foot."""
        top = self.lane_y[lane] + row * self.row_height
        return (top, top + TRACK)

    def channel(self, column: int) -> tuple[float, float]:
        """The free channel right of a column; column -1 is the margin left of the first."""
        if column < 0:
            return (self.column_x[0] - MARGIN, self.column_x[0])
        end = self.column_x[column] + self.column_width[column]
        return (end, end + GAP)
