"""What a person following a run sees at a node, at their audience level.

Novices see the detail blocks and the steps of a referenced work instruction; experts see the
instruction alone and a referenced work instruction collapsed to its code and title. Pure:
the terminal and the web both present these views.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sopflow.model import (
    AnyDocument,
    AnyNode,
    Audience,
    Decision,
    Handoff,
    Parallel,
    Sop,
    Step,
    WiStep,
    WorkInstruction,
)
from sopflow.model.parallels import branch_titles
from sopflow.runner.branches import BranchState, Frame


@dataclass(frozen=True)
class ReferenceView:
    """A referenced document: its title, and its steps when the reader should see them."""

    code: str
    title: str | None
    """None when the referenced document is not among those known."""
    steps: tuple[str, ...] = ()
    """The work instruction's steps as lines; empty for experts."""
    system: str | None = None


@dataclass(frozen=True)
class OptionView:
    """One option of a decision: the label an answer names, and when it applies."""

    label: str
    """Exactly as the SOP spells it."""
    condition: str | None = None
    """Shown to novices only."""


@dataclass(frozen=True)
class NodeView:
    """One node as shown to the person running the SOP."""

    node: str
    type: str
    text: str
    """The step's instruction, the decision's question, the handoff or the outcome."""
    role: str | None = None
    """The name of the role that acts here."""
    detail: str | None = None
    warnings: tuple[str, ...] = ()
    expected_result: str | None = None
    options: tuple[str, ...] = ()
    """A decision's option labels, each with its condition for novices."""
    choices: tuple[OptionView, ...] = ()
    """A decision's options as separate label and condition (for buttons)."""
    transfers: tuple[str, ...] = ()
    reference: ReferenceView | None = None
    optional: bool = False
    """True when the step may be marked not applicable."""


@dataclass(frozen=True)
class BranchView:
    """One branch of the parallel a run is inside, and where it stands."""

    number: int
    """From 1, in the parallel's order: what taking the branch names."""
    title: str
    """Its label, or else the text of its first node."""
    state: BranchState
    """to_do, started (left half done for another), current or done."""
    next_text: str | None = None
    """For a branch begun and left: the text of the node it goes on at."""


@dataclass(frozen=True)
class ParallelView:
    """The parallel a run is inside: its branches, each with where it stands."""

    node: str
    role: str | None
    branches: tuple[BranchView, ...]
    join: str
    """The text of the node where the branches meet."""

    @property
    def open(self) -> tuple[BranchView, ...]:
        """The branches that can be taken up now: not done, and not the one being worked on."""
        return tuple(b for b in self.branches if b.state in ("to_do", "started"))


def parallel_view(sop: Sop, frame: Frame) -> ParallelView:
    """The view of an open parallel, from where the run stands in it."""
    parallel = frame.parallel
    titles = branch_titles(sop.flow, parallel, lambda role: _role_name(sop, role) or role)

    def text(node_id: str | None) -> str | None:
        node = sop.flow.node(node_id) if node_id else None
        return view_node(sop, node, "expert").text if node else node_id

    branches = tuple(
        BranchView(
            index + 1,
            title,
            frame.state(index),
            text(frame.at[index]) if frame.state(index) == "started" else None,
        )
        for index, title in enumerate(titles)
    )
    return ParallelView(
        parallel.id, _role_name(sop, parallel.role), branches, text(parallel.join) or ""
    )


def wi_step_line(step: WiStep, audience: Audience) -> str:
    """One work-instruction step as a line of text at an audience level."""
    parts = [step.action.rstrip(".")]
    if step.target:
        parts.append(f"at {step.target}")
    if step.value:
        parts.append(f"value: {step.value}")
    line = "; ".join(parts)
    if step.expected_result:
        line += f". Expect: {step.expected_result}"
    if step.warning:
        line += f" Warning: {step.warning}"
    if step.detail and audience == "novice":
        line += f" ({step.detail})"
    return line


def reference_view(
    code: str, documents: Mapping[str, AnyDocument], audience: Audience
) -> ReferenceView:
    """A referenced document; experts get it collapsed to its title."""
    document = documents.get(code)
    if document is None:
        return ReferenceView(code, None)
    if isinstance(document, WorkInstruction) and audience == "novice":
        steps = tuple(wi_step_line(step, audience) for step in document.steps)
        return ReferenceView(code, document.title, steps, document.system)
    system = document.system if isinstance(document, WorkInstruction) else None
    return ReferenceView(code, document.title, system=system)


def _role_name(sop: Sop, role_id: str | None) -> str | None:
    if role_id is None:
        return None
    role = sop.role(role_id)
    return role.name if role else role_id


def view_node(
    sop: Sop,
    node: AnyNode,
    audience: Audience,
    documents: Mapping[str, AnyDocument] | None = None,
) -> NodeView:
    """The view of one node of sop at an audience level; documents resolve references."""
    known = documents or {}
    detail = node.detail.get(audience) if isinstance(node, Step | Decision) else None
    if isinstance(node, Step):
        return NodeView(
            node.id,
            node.type,
            node.instruction,
            role=_role_name(sop, node.role),
            detail=detail,
            warnings=node.warnings,
            expected_result=node.expected_result,
            reference=reference_view(node.reference, known, audience) if node.reference else None,
            optional=not node.mandatory,
        )
    if isinstance(node, Decision):
        options = tuple(
            f"{option.label} ({option.condition})"
            if option.condition and audience == "novice"
            else option.label
            for option in node.options
        )
        choices = tuple(
            OptionView(option.label, option.condition if audience == "novice" else None)
            for option in node.options
        )
        return NodeView(
            node.id,
            node.type,
            node.question,
            role=_role_name(sop, node.role),
            detail=detail,
            options=options,
            choices=choices,
        )
    if isinstance(node, Handoff):
        receiver = _role_name(sop, node.to_role)
        text = f"Hand over to {receiver}" + (f": {node.channel}" if node.channel else "")
        return NodeView(
            node.id, node.type, text, role=_role_name(sop, node.from_role), transfers=node.transfers
        )
    if isinstance(node, Parallel):
        return NodeView(
            node.id,
            node.type,
            PARALLEL_TEXT,
            role=_role_name(sop, node.role),
            options=branch_titles(sop.flow, node, lambda role: _role_name(sop, role) or role),
        )
    return NodeView(node.id, node.type, node.name, detail=node.description)


PARALLEL_TEXT = "Do these at the same time, in any order"
"""What the runner says at a parallel node; its branches follow."""
