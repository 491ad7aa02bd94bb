"""The flow of an SOP: a start node and a graph of steps, decisions, parallel splits,
handoffs and outcomes.

Nodes name the node that follows them (`next`, each decision option's `next`, each parallel
branch's `next`), so the graph is explicit and a reader of the YAML source never has to guess
the order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Literal

from pydantic import Field

from sopflow.model.base import Audience, Element, Identifier, Traced
from sopflow.model.codes import Code


class Step(Traced):
    """One action by one role."""

    type: Literal["step"] = "step"
    id: Identifier
    """Unique inside the flow."""
    role: Identifier | None = None
    """The id of the role that performs the step."""
    instruction: str = Field(min_length=1)
    """The action, short and imperative: "Check the order date in the helpdesk"."""
    detail: Mapping[Audience, str] = Field(default_factory=dict)
    """More explanation for a reader at that audience level (usually novice)."""
    reference: Code | None = None
    """A work instruction or SOP that says how to do this step."""
    warnings: tuple[str, ...] = ()
    """What can go wrong; shown before the step."""
    notes: tuple[str, ...] = ()
    """Side remarks that are neither a warning nor the expected result."""
    expected_result: str | None = None
    """What the performer sees or has once the step is done."""
    mandatory: bool = True
    """False when the step may be marked "not applicable" (with a reason) in a run."""
    next: Identifier | None = None
    """The node that follows."""


class Option(Traced):
    """One answer to a decision's question, and where it leads."""

    label: str = Field(min_length=1)
    """The answer as the runner shows it: "Yes", "Card payment"."""
    condition: str | None = None
    """When this option applies, in words: "the purchase is less than 30 days old"."""
    next: Identifier
    """The node this option leads to."""


class Decision(Traced):
    """A question with labelled options, each leading to the next node."""

    type: Literal["decision"] = "decision"
    id: Identifier
    role: Identifier | None = None
    """The id of the role that decides."""
    question: str = Field(min_length=1)
    options: tuple[Option, ...] = ()
    """Two or more, with distinct labels."""
    detail: Mapping[Audience, str] = Field(default_factory=dict)
    """How to decide, for a reader at that audience level."""


class Handoff(Traced):
    """Work passing from one role to another, with what is handed over."""

    type: Literal["handoff"] = "handoff"
    id: Identifier
    from_role: Identifier
    to_role: Identifier
    transfers: tuple[str, ...] = ()
    """The information or items that go with the work: "the ticket", "the refund amount"."""
    channel: str | None = None
    """How it is handed over: "assign the ticket in the helpdesk", "by e-mail"."""
    next: Identifier | None = None


class Outcome(Traced):
    """A named end of the flow."""

    type: Literal["outcome"] = "outcome"
    id: Identifier
    name: str = Field(min_length=1)
    """"Refund issued", "Escalated to the team lead"."""
    description: str | None = None


class ParallelBranch(Traced):
    """One branch of a parallel split: where its chain of nodes starts."""

    label: str | None = Field(default=None, min_length=1)
    """A short name for the branch: "Pack the goods"; without one, its first node names it."""
    next: Identifier
    """The first node of the branch."""


class Parallel(Traced):
    """Work split into branches done at the same time, in any order, that meet at `join`.

    Each branch is a chain of nodes that ends where it arrives at the join node; the flow
    goes on at the join once every branch has arrived there.
    """

    type: Literal["parallel"] = "parallel"
    id: Identifier
    role: Identifier | None = None
    """The id of the role that splits the work (who sees that every branch gets done)."""
    branches: tuple[ParallelBranch, ...] = ()
    """Two or more, each starting at a different node."""
    join: Identifier
    """The node where every branch arrives; the flow goes on there once all have."""


AnyNode = Step | Decision | Parallel | Handoff | Outcome
"""Any node of a flow, as a plain union for annotations."""

Node = Annotated[AnyNode, Field(discriminator="type")]
"""Any node of a flow, told apart by its `type`."""


def successors(node: AnyNode) -> tuple[str, ...]:
    """The ids a node leads to, in order (options or branches in their order).

    A parallel node leads to its branches; its join is reached through them.
    """
    if isinstance(node, Decision):
        return tuple(option.next for option in node.options)
    if isinstance(node, Parallel):
        return tuple(branch.next for branch in node.branches)
    if isinstance(node, Step | Handoff):
        return (node.next,) if node.next else ()
    return ()


def performer(node: AnyNode) -> str | None:
    """The role id that acts at a node: the step's role, the decider, the one who splits
    the work, the receiving role."""
    if isinstance(node, Step | Decision | Parallel):
        return node.role
    if isinstance(node, Handoff):
        return node.from_role
    return None


class Position(Element):
    """Where a person placed a node in the flow builder, in whole units of its canvas (a
    node is 220 wide and 84 high): x from the left of the lanes, y from the top of the
    node's lane."""

    x: int = Field(ge=0, le=100_000)
    y: int = Field(ge=0, le=100_000)


class Flow(Traced):
    """The graph of an SOP."""

    start: Identifier
    """The id of the first node."""
    nodes: tuple[Node, ...] = ()
    layout: Mapping[Identifier, Position] = Field(default_factory=dict)
    """Layout hints (format version 3): the position of each node placed by hand in the flow
    builder, by node id; nodes without one are laid out automatically, and an id the flow
    has no node for is ignored. The flow's meaning never depends on it."""

    def node(self, node_id: str) -> AnyNode | None:
        """The node with that id, or None."""
        for candidate in self.nodes:
            if candidate.id == node_id:
                return candidate
        return None

    def by_id(self) -> dict[str, AnyNode]:
        """Nodes keyed by id (the first one wins when ids repeat)."""
        table: dict[str, AnyNode] = {}
        for candidate in self.nodes:
            table.setdefault(candidate.id, candidate)
        return table

    def steps(self) -> Iterator[Step]:
        """The step nodes in source order."""
        return (n for n in self.nodes if isinstance(n, Step))

    def decisions(self) -> Iterator[Decision]:
        """The decision nodes in source order."""
        return (n for n in self.nodes if isinstance(n, Decision))

    def parallels(self) -> Iterator[Parallel]:
        """The parallel nodes in source order."""
        return (n for n in self.nodes if isinstance(n, Parallel))

    def handoffs(self) -> Iterator[Handoff]:
        """The handoff nodes in source order."""
        return (n for n in self.nodes if isinstance(n, Handoff))

    def outcomes(self) -> Iterator[Outcome]:
        """The outcome nodes in source order."""
        return (n for n in self.nodes if isinstance(n, Outcome))
