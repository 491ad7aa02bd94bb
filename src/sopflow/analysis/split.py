"""Splitting an SOP: each technical stretch becomes a work instruction the SOP references.

The stretch's steps leave the SOP for a new WI (keeping their provenance), and one step that
references the WI's code takes their place in the flow. `as_work_instruction` turns a whole
linear SOP draft into a WI, for procedures the quick test calls a work instruction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sopflow.analysis.quicktest import Stretch, reading_order, technical_stretches
from sopflow.analysis.technical import system_of
from sopflow.model import (
    AnyNode,
    Decision,
    Flow,
    Handoff,
    Option,
    Outcome,
    Parallel,
    Provenance,
    Sop,
    Step,
    WiStep,
    WorkInstruction,
)

CodeFor = Callable[[], str]
"""Gives the next free work-instruction code each time it is called."""


@dataclass(frozen=True)
class SplitResult:
    """The SOP with its stretches replaced, and the work instructions they became."""

    sop: Sop
    instructions: tuple[WorkInstruction, ...]


def _merged_provenance(steps: Sequence[Step]) -> Provenance | None:
    found = [step.provenance for step in steps if step.provenance]
    if not found:
        return None
    spans = [p.span for p in found if p.span]
    times = [p.time for p in found if p.time]
    confidences = [p.confidence for p in found if p.confidence is not None]
    return Provenance(
        source=found[0].source,
        span=(min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None,
        time=(min(t[0] for t in times), max(t[1] for t in times)) if times else None,
        confidence=min(confidences) if confidences else None,
        supported=all(p.supported for p in found),
    )


def wi_step(step: Step) -> WiStep:
    """An SOP step as a work-instruction action, keeping its warnings, result and provenance."""
    detail = step.detail.get("novice") or " ".join(step.notes) or None
    return WiStep(
        action=step.instruction,
        expected_result=step.expected_result,
        warning=" ".join(step.warnings) or None,
        detail=detail,
        provenance=step.provenance,
    )


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:]


SCOPE_LENGTH = 80
"""How long the words that name a new WI's scope may be, in characters."""


def _wi_scope(steps: Sequence[Step], system: str | None) -> str:
    """What the new WI covers, in a few words that read as a title.

    "steps in Stripe" when the system is known; else the actions themselves, all of them
    when they are few and short ("open X, enter Y and click Z"), else the first and the
    last ("open X … click Z"), else the first.
    """
    if system:
        return f"steps in {system}"
    actions = [_lower_first(step.instruction) for step in steps]
    every = actions[0] if len(actions) == 1 else f"{', '.join(actions[:-1])} and {actions[-1]}"
    ends = f"{actions[0]} … {actions[-1]}"
    for scope in (every, ends):
        if len(scope) <= SCOPE_LENGTH:
            return scope
    return actions[0]


def _retarget(node: AnyNode, old: set[str], new: str) -> AnyNode:
    if isinstance(node, Decision):
        options = tuple(
            option.model_copy(update={"next": new}) if option.next in old else option
            for option in node.options
        )
        return node.model_copy(update={"options": options})
    if isinstance(node, Parallel):
        branches = tuple(
            branch.model_copy(update={"next": new}) if branch.next in old else branch
            for branch in node.branches
        )
        join = new if node.join in old else node.join
        return node.model_copy(update={"branches": branches, "join": join})
    if isinstance(node, Step | Handoff) and node.next in old:
        return node.model_copy(update={"next": new})
    return node


def split_stretch(sop: Sop, stretch: Stretch, code: str) -> tuple[Sop, WorkInstruction]:
    """Move one stretch of steps into a new WI with that code; one referencing step remains."""
    table = sop.flow.by_id()
    steps = [node for node_id in stretch.step_ids if isinstance(node := table[node_id], Step)]
    role = sop.role(stretch.role) if stretch.role else None
    wi = WorkInstruction(
        code=code,
        title=f"{sop.title}: {_wi_scope(steps, stretch.system)}",
        role=role.name if role else None,
        system=stretch.system,
        summary=f"The technical steps of {sop.code} ({sop.title}).",
        steps=tuple(wi_step(step) for step in steps),
    )
    moved = set(stretch.step_ids)
    replacement = Step(
        id=f"follow-{code.lower()}",
        role=stretch.role,
        instruction=f"Follow {code} ({_wi_scope(steps, stretch.system)}).",
        reference=code,
        next=steps[-1].next,
        provenance=_merged_provenance(steps),
    )
    nodes: list[AnyNode] = []
    for node in sop.flow.nodes:
        if node.id == steps[0].id:
            nodes.append(replacement)
        elif node.id not in moved:
            nodes.append(_retarget(node, moved, replacement.id))
    start = replacement.id if sop.flow.start in moved else sop.flow.start
    flow = Flow(start=start, nodes=tuple(nodes), provenance=sop.flow.provenance)
    return sop.model_copy(update={"flow": flow}), wi


def split(sop: Sop, next_code: CodeFor, stretches: Sequence[Stretch] | None = None) -> SplitResult:
    """Split every technical stretch (found by the quick test unless given) out of the SOP."""
    instructions: list[WorkInstruction] = []
    for stretch in technical_stretches(sop) if stretches is None else stretches:
        sop, wi = split_stretch(sop, stretch, next_code())
        instructions.append(wi)
    return SplitResult(sop, tuple(instructions))


def as_work_instruction(sop: Sop, code: str) -> WorkInstruction:
    """A whole SOP draft as one work instruction: its nodes in reading order as actions."""
    table = sop.flow.by_id()
    actions: list[WiStep] = []
    for node_id in reading_order(sop):
        node = table[node_id]
        if isinstance(node, Step):
            actions.append(wi_step(node))
        elif isinstance(node, Decision):
            actions.append(
                WiStep(
                    action=f"Check: {node.question}",
                    detail="; ".join(_option_text(option) for option in node.options),
                    provenance=node.provenance,
                )
            )
        elif isinstance(node, Handoff):
            receiver = sop.role(node.to_role)
            actions.append(
                WiStep(
                    action=f"Hand over to {receiver.name if receiver else node.to_role}.",
                    provenance=node.provenance,
                )
            )
    roles = Counter(step.role for step in sop.flow.steps() if step.role)
    role = sop.role(roles.most_common(1)[0][0]) if roles else None
    if role is not None and role.provenance is not None and not role.provenance.supported:
        role = None  # a placeholder for unnamed narration is no role to print on a WI
    systems = Counter(s for step in sop.flow.steps() if (s := system_of(step.instruction)))
    return WorkInstruction(
        code=code,
        title=sop.title,
        role=role.name if role else None,
        system=systems.most_common(1)[0][0] if systems else None,
        summary=sop.summary,
        steps=tuple(actions),
    )


def _option_text(option: Option) -> str:
    return f"{option.label}: {option.condition}" if option.condition else option.label


def _overlaps(step: Step, window: tuple[float, float]) -> bool:
    time = step.provenance.time if step.provenance else None
    return time is not None and time[0] <= window[1] and time[1] >= window[0]


def link_instruction(sop: Sop, wi: WorkInstruction, window: tuple[float, float] | None) -> Sop:
    """The SOP with one step referencing wi where its recorded actions happened.

    The steps said while the screen events were recorded (a linked run by one role) give way
    to that step; when none overlap, a step is inserted before the first node said after the
    events (or at the end), so the SOP always references the recorded work instruction.
    """
    table = sop.flow.by_id()
    order = [table[node_id] for node_id in reading_order(sop)]
    run: list[Step] = []
    if window is not None:
        for node in order:
            if isinstance(node, Step) and _overlaps(node, window):
                if run and (run[-1].next != node.id or run[-1].role != node.role):
                    break
                run.append(node)
            elif run:
                break
    if run:
        stretch = Stretch(tuple(step.id for step in run), run[0].role, wi.system)
        linked, _ = split_stretch(sop, stretch, wi.code)
        return linked
    return _insert_reference(sop, wi, window, order)


def _insert_reference(
    sop: Sop,
    wi: WorkInstruction,
    window: tuple[float, float] | None,
    order: Sequence[AnyNode],
) -> Sop:
    def starts_after(node: AnyNode) -> bool:
        time = node.provenance.time if node.provenance else None
        return window is not None and time is not None and time[0] > window[0]

    before = next(
        (node for node in order if starts_after(node) or isinstance(node, Outcome)), order[-1]
    )
    role = next((n.role for n in order if isinstance(n, Step) and n.role), None)
    step = Step(
        id=f"follow-{wi.code.lower()}",
        role=role,
        instruction=f"Follow {wi.code} (the recorded steps in {wi.system or 'the system'}).",
        reference=wi.code,
        next=before.id,
        provenance=Provenance(
            source=wi.steps[0].provenance.source if wi.steps and wi.steps[0].provenance else None,
            time=window,
            confidence=0.7,
        ),
    )
    nodes = [_retarget(node, {before.id}, step.id) for node in sop.flow.nodes]
    nodes.insert([n.id for n in sop.flow.nodes].index(before.id), step)
    start = step.id if sop.flow.start == before.id else sop.flow.start
    return sop.model_copy(update={"flow": Flow(start=start, nodes=tuple(nodes))})
