"""How big each shape and each external label of the BPMN export is: tasks grow to hold
their wrapped names, events and gateways keep BPMN's sizes with their names outside."""

from __future__ import annotations

import math

from sopflow.formats.bpmn.textfit import (
    LABEL_FONT,
    TASK_FONT,
    TASK_PADDING,
    text_height,
    text_width,
    widest,
    wrap,
)
from sopflow.formats.diagram import Box

SIZES = {
    "start": (36.0, 36.0),
    "end": (36.0, 36.0),
    "handoff": (36.0, 36.0),
    "decision": (50.0, 50.0),
    "fork": (50.0, 50.0),
    "join": (50.0, 50.0),
}
GATEWAYS = {"decision", "fork", "join"}
TASK = (120.0, 80.0)
WIDEST_TASK = 220.0
TALLEST_TEXT = 5
"""A task's name may take this many lines before the task is made wider."""
LABEL_WIDTH = 120.0
ICON_ROOM = 26.0
"""Above and below a task's name: the task-type icon in its top left corner, the marker of
a call activity at its foot."""
FLOW_LABEL_WIDTH = 90.0


def task_size(label: str) -> tuple[float, float]:
    """A task wide enough for its longest word and tall enough for its wrapped name."""
    words = label.split() or [""]
    longest = max(text_width(word, TASK_FONT) for word in words) + 2 * TASK_PADDING + 4
    width = max(TASK[0], min(WIDEST_TASK, math.ceil(longest / 10) * 10))
    lines = wrap(label, width - 2 * TASK_PADDING, TASK_FONT)
    while len(lines) > TALLEST_TEXT and width < WIDEST_TASK:
        width += 20
        lines = wrap(label, width - 2 * TASK_PADDING, TASK_FONT)
    height = text_height(len(lines), TASK_FONT) + 2 * ICON_ROOM
    return (width, max(TASK[1], math.ceil(height / 10) * 10))


def label_size(text: str, width: float = LABEL_WIDTH) -> tuple[float, float]:
    """The bounds an external label of text takes when wrapped at width."""
    lines = wrap(text, width, LABEL_FONT)
    return (
        math.ceil(widest(lines, LABEL_FONT)) + 2,
        math.ceil(text_height(len(lines), LABEL_FONT)),
    )


def size_of(box: Box) -> tuple[float, float]:
    """The width and height a box is drawn at."""
    return SIZES.get(box.kind) or task_size(box.label)


def external(box: Box) -> bool:
    """Whether a box's name is drawn outside it (events and gateways), not inside."""
    return box.kind in SIZES and bool(box.label)
