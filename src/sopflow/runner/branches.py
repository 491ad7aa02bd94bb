"""Where a run stands inside parallel splits: which branches are done, which are under way.

A run keeps one path, in the order things were done. At a parallel node the person picks a
branch; the path goes on along that branch, and when the branch arrives at the join the run
comes back to the parallel node (a new entry on the path) to pick the next one. Once every
branch has arrived, the run goes on at the join. Leaving a branch half done to work on
another is a switch: the node it waited at is dropped from the path, and the branch takes
up again at that node when it is picked next.

Nothing about branches is stored beyond the branch picked at each parallel entry
(`PathEntry.branch`): replaying the path gives the state of every open parallel, so a run
saved half-way and restored is in exactly the same place, and going back (which shortens
the path) recomputes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sopflow.model import AnyNode, Decision, Handoff, Parallel, Step
from sopflow.model.runs import PathEntry, Run

BranchState = Literal["to_do", "started", "current", "done"]
"""Not begun; begun and left for another; the one being worked on; arrived at the join."""


@dataclass
class Frame:
    """One parallel the run is inside, as of some point of its path."""

    parallel: Parallel
    at: list[str | None]
    """Per branch: the node it goes on at next; None once it has arrived at the join."""
    started: list[bool]
    current: int | None = None
    """The index of the branch being worked on; None while the run is at the parallel node."""

    def state(self, index: int) -> BranchState:
        """Where one branch stands."""
        if self.at[index] is None:
            return "done"
        if index == self.current:
            return "current"
        return "started" if self.started[index] else "to_do"

    @property
    def all_done(self) -> bool:
        """True once every branch has arrived at the join."""
        return all(position is None for position in self.at)


@dataclass
class _Replay:
    node: Callable[[str], AnyNode]
    stack: list[Frame] = field(default_factory=list)

    def enter(self, entry: PathEntry) -> None:
        """Account for arriving at entry's node."""
        top = self.stack[-1] if self.stack else None
        if top is not None and entry.node == top.parallel.id:
            top.current = None  # back at the parallel node, to pick a branch
            return
        if top is not None and entry.node == top.parallel.join and top.all_done:
            self.stack.pop()
        node = self.node(entry.node)
        if isinstance(node, Parallel):
            branches = node.branches
            self.stack.append(Frame(node, [b.next for b in branches], [False] * len(branches)))

    def leave(self, entry: PathEntry) -> None:
        """Account for a finished entry: a branch picked, or a branch moved on."""
        if entry.done_at is None or not self.stack:
            return
        top = self.stack[-1]
        if entry.node == top.parallel.id and top.current is None:
            if entry.branch is not None and 1 <= entry.branch <= len(top.at):
                top.current = entry.branch - 1
                top.started[top.current] = True
            return
        if top.current is None:
            return
        following = next_of(self.node(entry.node), entry)
        top.at[top.current] = None if following == top.parallel.join else following
        if following == top.parallel.join:
            top.current = None


def next_of(node: AnyNode, entry: PathEntry) -> str | None:
    """Where a finished entry leads: the next node, or the chosen option's."""
    if isinstance(node, Step | Handoff):
        return node.next
    if isinstance(node, Decision):
        return next((o.next for o in node.options if o.label == entry.answer), None)
    return None


def open_frames(run: Run, node: Callable[[str], AnyNode]) -> list[Frame]:
    """The parallels the run is inside, outermost first, replayed from its path.

    node looks a node up by id (raising for an id the revision does not hold).
    """
    replay = _Replay(node)
    for entry in run.path:
        replay.enter(entry)
        replay.leave(entry)
    return replay.stack
