"""Explicit exclusive merges and complete conditions: the BPMN a modelling linter accepts.

An SOP lets several arrows reach one step (the options of a decision meeting again, a loop
back). In BPMN a task or event with several incoming flows is an uncontrolled merge that
readers (and bpmnlint's `fake-join` rule, on by default in Camunda Modeler) take for a
mistaken join, and a gateway that both merges and splits is ambiguous (`no-gateway-join-fork`).
So the export draws a converging exclusive gateway in front of every such node, and gives a
decision's options without a condition their label as one when another option has a
condition (`conditional-flows`). Import drops both again (`build.merge`, `labels`).
"""

from __future__ import annotations

from dataclasses import replace

from sopflow.formats.diagram import MERGE_SUFFIX, Arrow, Box, Diagram

INTO = f"{MERGE_SUFFIX}in"
"""A merge in front of a node is named after it: "pack-goods.merge-in"."""


def merge_id(box_id: str) -> str:
    """The id of the converging gateway drawn in front of a box."""
    return box_id + INTO


def is_merge(box: Box) -> bool:
    """A converging exclusive gateway of the export's (or the diagram's, inside a branch)."""
    return box.kind == "decision" and MERGE_SUFFIX in box.id


def linted(drawing: Diagram) -> Diagram:
    """The diagram with a merge in front of every node several arrows reach (a parallel's
    join and a merge already there excepted) and conditions on every conditional option."""
    arrows = _conditions(list(drawing.arrows))
    into: dict[str, list[int]] = {}
    for number, arrow in enumerate(arrows):
        into.setdefault(arrow.target, []).append(number)
    boxes: list[Box] = []
    for box in drawing.boxes:
        numbers = into.get(box.id, [])
        if len(numbers) > 1 and not _merges_already(box, arrows):
            merge = merge_id(box.id)
            boxes.append(Box(merge, "decision", "", box.lane or drawing.lane_of(box)))
            for number in numbers:
                arrows[number] = replace(arrows[number], target=merge)
            arrows.append(Arrow(merge, box.id))
        boxes.append(box)
    return replace(drawing, boxes=tuple(boxes), arrows=tuple(arrows))


def _merges_already(box: Box, arrows: list[Arrow]) -> bool:
    """A parallel's join, or an exclusive gateway with one way out: it is a merge itself."""
    if box.kind == "join":
        return True
    return box.kind == "decision" and sum(arrow.source == box.id for arrow in arrows) <= 1


def _conditions(arrows: list[Arrow]) -> list[Arrow]:
    """Where one option of a decision has a condition, the others take their label as theirs:
    a gateway with conditions must have one on every flow it does not default to."""
    conditional = {arrow.source for arrow in arrows if arrow.condition}
    return [
        replace(arrow, condition=arrow.label)
        if arrow.source in conditional and not arrow.condition and arrow.label
        else arrow
        for arrow in arrows
    ]
