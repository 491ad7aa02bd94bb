"""Any document as a diagram: lanes, boxes and arrows, the one shape every drawing starts from.

Mermaid, the SVG swimlane and BPMN export all draw the same thing; building it once here keeps
them telling the same story (a lane per role, a box per step, a diamond per decision, a fork
and a join gateway around a parallel's branches).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from sopflow.model import (
    AnyDocument,
    AnyNode,
    Decision,
    Handoff,
    Outcome,
    Parallel,
    Policy,
    Sop,
    Step,
    Workflow,
)
from sopflow.model.flow import performer, successors
from sopflow.model.graph import topological_order
from sopflow.model.parallels import block_successors, branch_of

BoxKind = Literal["start", "task", "reference", "decision", "fork", "join", "handoff", "end"]
"""A fork is a parallel node, where its branches start; a join, drawn before the parallel's
join node, is where they meet again."""

START_ID = "start"


@dataclass(frozen=True)
class Lane:
    """A role, team or system that acts: drawn as a swimlane."""

    id: str
    name: str


@dataclass(frozen=True)
class Box:
    """One shape: a step, a decision, a handoff, an outcome or the start."""

    id: str
    kind: BoxKind
    label: str
    lane: str | None = None
    reference: str | None = None
    """The code of the document a sub-process box links to."""
    to_lane: str | None = None
    """For a handoff: the lane that receives the work."""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Arrow:
    """A sequence flow; decisions label theirs with the option."""

    source: str
    target: str
    label: str | None = None
    condition: str | None = None


@dataclass(frozen=True)
class Diagram:
    """The drawable graph of a document."""

    title: str
    lanes: tuple[Lane, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    extra: dict[str, str] = field(default_factory=dict)

    def box(self, box_id: str) -> Box:
        """The box with that id (KeyError when there is none)."""
        return next(box for box in self.boxes if box.id == box_id)

    def lane_of(self, box: Box) -> str:
        """The lane a box is drawn in; boxes without a role go to the first lane."""
        return box.lane or self.lanes[0].id


def diagram(document: AnyDocument) -> Diagram:
    """The diagram of any document kind."""
    if isinstance(document, Sop):
        return _sop_diagram(document)
    if isinstance(document, Workflow):
        return _workflow_diagram(document)
    if isinstance(document, Policy):
        return _policy_diagram(document)
    lane = Lane("performer", document.role or "Performer")
    boxes = [Box(START_ID, "start", document.purpose or document.title, lane.id)]
    boxes += [
        Box(f"step-{number}", "task", step.action, lane.id)
        for number, step in enumerate(document.steps, 1)
    ]
    boxes.append(Box("done", "end", "Done", lane.id))
    arrows = [Arrow(a.id, b.id) for a, b in itertools.pairwise(boxes)]
    return Diagram(document.title, (lane,), tuple(boxes), tuple(arrows))


def reading_order(sop: Sop) -> list[AnyNode]:
    """The nodes in the order a reader meets them from the start; unreachable ones last.

    A parallel's branches come one after the other, each in full, and its join after them.
    """
    table = sop.flow.by_id()
    order = [
        table[i]
        for i in topological_order(sop.flow.start, block_successors(sop.flow))
        if i in table
    ]
    seen = {node.id for node in order}
    return order + [node for node in sop.flow.nodes if node.id not in seen]


JOIN_SUFFIX = ".join"
"""A join box is named after its parallel: "prepare-order.join" (no node id has a dot)."""


def join_box_id(parallel_id: str) -> str:
    """The id of the box where a parallel's branches meet."""
    return parallel_id + JOIN_SUFFIX


def _sop_diagram(sop: Sop) -> Diagram:
    lanes = [Lane(role.id, role.name) for role in sop.roles] or [Lane("performer", "Performer")]
    start_node = sop.flow.node(sop.flow.start)
    boxes = [
        Box(
            START_ID, "start", sop.trigger or "Start", performer(start_node) if start_node else None
        )
    ]
    arrows = [Arrow(START_ID, sop.flow.start)]
    into = _join_targets(sop)
    joins: dict[str, list[Parallel]] = {}
    for parallel in sop.flow.parallels():
        joins.setdefault(parallel.join, []).append(parallel)
    for node in reading_order(sop):
        for parallel in joins.get(node.id, ()):  # the join box just before the join node
            boxes.append(Box(join_box_id(parallel.id), "join", "", _lane_of(sop, node)))
            arrows.append(Arrow(join_box_id(parallel.id), node.id))
        boxes.append(_box(sop, node))
        if isinstance(node, Decision):
            arrows += [
                Arrow(node.id, into(node.id, o.next), o.label, o.condition) for o in node.options
            ]
        elif isinstance(node, Parallel):
            arrows += [Arrow(node.id, b.next, b.label) for b in node.branches]
        else:
            arrows += [Arrow(node.id, into(node.id, target)) for target in successors(node)]
    boxes, arrows = _with_merges(sop, boxes, arrows)
    return Diagram(sop.title, tuple(lanes), tuple(boxes), tuple(arrows))


MERGE_SUFFIX = ".merge-"
"""A merge box is named after its parallel and branch: "prepare-order.merge-1"."""


def _with_merges(sop: Sop, boxes: list[Box], arrows: list[Arrow]) -> tuple[list[Box], list[Arrow]]:
    """A branch that ends in several paths (the options of a decision in it) meets the other
    branches through an exclusive merge of its own: a join waits for one arrival per branch,
    so paths of one branch that only one of can be taken must become one first."""
    inner = branch_of(sop.flow)
    into: dict[tuple[str, int], list[int]] = {}
    for number, arrow in enumerate(arrows):
        held = inner.get(arrow.source)
        if held is not None and arrow.target == join_box_id(held[0]):
            into.setdefault(held, []).append(number)
    lanes = {box.id: box.lane for box in boxes}
    for (parallel_id, index), numbers in into.items():
        if len(numbers) < 2:
            continue
        merge = f"{parallel_id}{MERGE_SUFFIX}{index + 1}"
        join = join_box_id(parallel_id)
        at = next(n for n, box in enumerate(boxes) if box.id == join)
        boxes.insert(at, Box(merge, "decision", "", lanes.get(arrows[numbers[0]].source)))
        for number in numbers:
            arrows[number] = replace(arrows[number], target=merge)
        arrows.append(Arrow(merge, join))
    return boxes, arrows


def _box(sop: Sop, node: AnyNode) -> Box:
    if isinstance(node, Step):
        kind: BoxKind = "reference" if node.reference else "task"
        return Box(node.id, kind, node.instruction, node.role, node.reference)
    if isinstance(node, Decision):
        return Box(node.id, "decision", node.question, node.role)
    if isinstance(node, Parallel):
        return Box(node.id, "fork", "In parallel", node.role)
    if isinstance(node, Handoff):
        label = f"Hand over to {_name(sop, node.to_role)}"
        return Box(
            node.id, "handoff", label, node.from_role, to_lane=node.to_role, notes=node.transfers
        )
    return Box(node.id, "end", node.name, _end_lane(sop, node))


def _join_targets(sop: Sop) -> Callable[[str, str], str]:
    """Where an arrow from a node to target is drawn: to the join box of the parallel whose
    branch the node ends, when target is that parallel's join; to target otherwise."""
    inner = branch_of(sop.flow)
    table = sop.flow.by_id()

    def into(source: str, target: str) -> str:
        held = inner.get(source)
        holder = table.get(held[0]) if held else None
        if isinstance(holder, Parallel) and target == holder.join:
            return join_box_id(holder.id)
        return target

    return into


def _lane_of(sop: Sop, node: AnyNode) -> str | None:
    return _end_lane(sop, node) if isinstance(node, Outcome) else performer(node)


def _name(sop: Sop, role_id: str) -> str:
    role = sop.role(role_id)
    return role.name if role else role_id


def _end_lane(sop: Sop, outcome: Outcome) -> str | None:
    """An outcome sits in the lane of a node that leads to it (the receiver after a handoff),
    or of the parallel it is the join of."""
    for node in sop.flow.nodes:
        if outcome.id in successors(node) or (
            isinstance(node, Parallel) and node.join == outcome.id
        ):
            return node.to_role if isinstance(node, Handoff) else performer(node)
    return None


def _workflow_diagram(workflow: Workflow) -> Diagram:
    names = list(dict.fromkeys(stage.performer.name for stage in workflow.stages))
    lanes = tuple(Lane(_slug(name), name) for name in names) or (Lane("performer", "Performer"),)
    first = next((s for s in workflow.stages if s.id == workflow.start), None)
    boxes = [
        Box(START_ID, "start", workflow.trigger, _slug(first.performer.name) if first else None)
    ]
    arrows = [Arrow(START_ID, workflow.start)]
    for stage in workflow.stages:
        kind: BoxKind = "reference" if stage.sop else "task"
        lane = _slug(stage.performer.name)
        boxes.append(Box(stage.id, kind, stage.name, lane, stage.sop))
        if stage.next:
            arrows += [Arrow(stage.id, target) for target in stage.next]
        else:
            end = f"{stage.id}-end"
            label = workflow.outcomes[0] if len(workflow.outcomes) == 1 else "Done"
            boxes.append(Box(end, "end", label, lane))
            arrows.append(Arrow(stage.id, end))
    return Diagram(workflow.title, lanes, tuple(boxes), tuple(arrows))


def _policy_diagram(policy: Policy) -> Diagram:
    lane = Lane("owner", policy.owner or "Owner")
    boxes = [Box(START_ID, "start", policy.title, lane.id)]
    boxes += [
        Box(f"implemented-by-{i}", "reference", code, lane.id, code)
        for i, code in enumerate(policy.implemented_by, 1)
    ]
    boxes.append(Box("applied", "end", "Policy applied", lane.id))
    arrows = [Arrow(a.id, b.id) for a, b in itertools.pairwise(boxes)]
    return Diagram(policy.title, (lane,), tuple(boxes), tuple(arrows))


def _slug(text: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
    return "-".join(part for part in slug.split("-") if part) or "lane"
