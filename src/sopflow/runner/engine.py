"""The run engine: pure state transitions of a Run over the SOP revision it follows.

Every function takes the followed revision and a run and returns a new run; nothing is
changed in place and nothing is stored here (stores live beside the engine and in the
library). Who and when are passed in, so the engine is deterministic and a test can replay
any sequence of transitions, save the run half-way, restore it and get the same result.

Reaching an outcome finishes the run. Going back truncates the active path to an earlier
node (the history keeps everything), so a changed answer recomputes the path after it.

At a parallel node the person takes one branch after another, in any order, and may leave
one half done for another (`take_branch`); the run goes on at the join once every branch
has arrived there (`sopflow.runner.branches` says where each branch stands). Going back is
back in time: work on other branches done after the node gone back to is undone too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sopflow.errors import SopflowError
from sopflow.model import AnyNode, Decision, Handoff, Outcome, Parallel, Sop, Step
from sopflow.model.parallels import branch_name
from sopflow.model.runs import PathEntry, RevisionRef, Run, Transition, TransitionKind
from sopflow.runner.branches import Frame, open_frames

Node = AnyNode


class RunError(SopflowError):
    """A transition the run does not allow: a wrong answer, skipping a mandatory step."""


@dataclass(frozen=True)
class Followed:
    """An SOP revision being followed, with the reference that pins runs to it."""

    sop: Sop
    revision: RevisionRef

    def node(self, node_id: str) -> Node:
        """The node with that id; RunError when the revision has none (a foreign run)."""
        found = self.sop.flow.node(node_id)
        if found is None:
            raise RunError(f"{self.revision.code} has no node '{node_id}'")
        return found


def _record(
    run: Run,
    kind: TransitionKind,
    who: str,
    at: datetime,
    node: str | None = None,
    **extra: str | int,
) -> tuple[Transition, ...]:
    return (*run.history, Transition(kind=kind, who=who, at=at, node=node, **extra))


def _arrive(followed: Followed, run: Run, node_id: str, who: str, at: datetime) -> Run:
    """Put node_id on the path; an outcome finishes the run at once."""
    node = followed.node(node_id)
    entry = PathEntry(node=node.id, type=node.type, arrived_at=at)
    if isinstance(node, Outcome):
        entry = entry.model_copy(update={"done_by": who, "done_at": at})
        return run.model_copy(
            update={
                "path": (*run.path, entry),
                "state": "finished",
                "outcome": node.id,
                "history": _record(run, "finish", who, at, node.id),
            }
        )
    return run.model_copy(update={"path": (*run.path, entry)})


def _check_pinned(followed: Followed, run: Run) -> None:
    if run.revision.sha256 != followed.revision.sha256 or run.code != followed.revision.code:
        raise RunError(
            f"run {run.id} follows {run.revision}, not {followed.revision}; "
            "continue it with the revision it started on"
        )


def _active(followed: Followed, run: Run) -> tuple[PathEntry, Node]:
    """The current path entry and its node, for a run that can take a transition."""
    _check_pinned(followed, run)
    if run.state == "finished":
        raise RunError(f"run {run.id} is finished at '{run.outcome}'")
    if run.state == "paused":
        raise RunError(f"run {run.id} is paused; resume it first")
    entry = run.path[-1]
    return entry, followed.node(entry.node)


def start(followed: Followed, *, run_id: str, who: str, at: datetime) -> Run:
    """A new run of the followed revision, at its start node."""
    run = Run(
        id=run_id,
        revision=followed.revision,
        started_by=who,
        started_at=at,
        history=(Transition(kind="start", who=who, at=at, node=followed.sop.flow.start),),
    )
    return _arrive(followed, run, followed.sop.flow.start, who, at)


def current_node(followed: Followed, run: Run) -> Node | None:
    """The node the run is at, or None when it is finished."""
    _check_pinned(followed, run)
    entry = run.current
    return followed.node(entry.node) if entry else None


def _finish_entry(
    followed: Followed,
    run: Run,
    entry: PathEntry,
    next_id: str | None,
    *,
    transition: tuple[Transition, ...],
    who: str,
    at: datetime,
    **done: str | None,
) -> Run:
    finished = entry.model_copy(update={"done_by": who, "done_at": at, **done})
    moved = run.model_copy(update={"path": (*run.path[:-1], finished), "history": transition})
    if next_id is None:
        raise RunError(f"'{entry.node}' has no next node; the revision's flow is broken")
    return _arrive(followed, moved, _rejoining(followed, moved, next_id), who, at)


def _rejoining(followed: Followed, run: Run, next_id: str) -> str:
    """Where a run goes on for next_id: back to the parallel node it is inside when next_id is
    that parallel's join and a branch is still open there; next_id itself otherwise."""
    frame = parallel_frame(followed, run)
    if frame is not None and next_id == frame.parallel.join and not frame.all_done:
        return frame.parallel.id
    return next_id


def parallel_frame(followed: Followed, run: Run) -> Frame | None:
    """The innermost parallel the run is inside (at its node, or on one of its branches), with
    where each of its branches stands; None outside every parallel."""
    frames = open_frames(run, followed.node)
    return frames[-1] if frames else None


def complete(
    followed: Followed, run: Run, *, who: str, at: datetime, note: str | None = None
) -> Run:
    """Mark the current step or handoff done (with an optional note) and move on."""
    entry, node = _active(followed, run)
    if isinstance(node, Parallel):
        raise RunError(f"'{node.id}' is a parallel; take one of its branches")
    if not isinstance(node, Step | Handoff):
        raise RunError(f"'{node.id}' is a {node.type}; answer it instead of completing it")
    extra = {"note": note} if note else {}
    history = _record(run, "complete", who, at, node.id, **extra)
    return _finish_entry(
        followed, run, entry, node.next, transition=history, who=who, at=at, note=note
    )


def not_applicable(followed: Followed, run: Run, *, reason: str, who: str, at: datetime) -> Run:
    """Skip the current step as not applicable, with a reason; mandatory steps refuse."""
    entry, node = _active(followed, run)
    if not isinstance(node, Step):
        raise RunError(f"'{node.id}' is a {node.type}; only a step can be not applicable")
    if node.mandatory:
        raise RunError(f"step '{node.id}' is mandatory and cannot be skipped")
    if not reason.strip():
        raise RunError(f"give a reason why step '{node.id}' is not applicable")
    history = _record(run, "not_applicable", who, at, node.id, reason=reason)
    return _finish_entry(
        followed, run, entry, node.next, transition=history, who=who, at=at, not_applicable=reason
    )


def option_for(decision: Decision, label: str) -> str:
    """The decision's option label matching label (case and spacing aside); RunError if none."""
    wanted = " ".join(label.split()).casefold()
    for option in decision.options:
        if " ".join(option.label.split()).casefold() == wanted:
            return option.label
    choices = ", ".join(repr(option.label) for option in decision.options)
    raise RunError(f"decision '{decision.id}' has no option {label!r}; choose one of {choices}")


def answer(followed: Followed, run: Run, label: str, *, who: str, at: datetime) -> Run:
    """Answer the current decision with one of its option labels and follow that option."""
    entry, node = _active(followed, run)
    if not isinstance(node, Decision):
        raise RunError(f"'{node.id}' is a {node.type}, not a decision")
    chosen = option_for(node, label)
    target = next(option.next for option in node.options if option.label == chosen)
    history = _record(run, "answer", who, at, node.id, label=chosen)
    answered = run.model_copy(update={"answers": {**run.answers, node.id: chosen}})
    return _finish_entry(
        followed, answered, entry, target, transition=history, who=who, at=at, answer=chosen
    )


def take_branch(followed: Followed, run: Run, number: int, *, who: str, at: datetime) -> Run:
    """Work on branch number (from 1) of the parallel the run is at, or switch to it from
    another branch of the parallel the run is inside.

    A switch leaves the branch being worked on where it is: its current node is dropped from
    the path, and the branch goes on at that node when it is taken again.
    """
    entry, node = _active(followed, run)
    frame = parallel_frame(followed, run)
    if frame is None:
        raise RunError(f"'{node.id}' is not inside a parallel; there is no branch to take")
    parallel = frame.parallel
    count = len(parallel.branches)
    if not 1 <= number <= count:
        raise RunError(f"parallel '{parallel.id}' has branches 1 to {count}, not {number}")
    index = number - 1
    name = f"{branch_name(parallel, index)} of parallel '{parallel.id}'"
    target = frame.at[index]
    if target is None:
        raise RunError(f"{name} is done already")
    if index == frame.current:
        raise RunError(f"the run is on {name} already")
    at_split = node.id == parallel.id
    taken = PathEntry(
        node=parallel.id,
        type="parallel",
        arrived_at=entry.arrived_at if at_split else at,
        done_by=who,
        done_at=at,
        branch=number,
    )
    moved = run.model_copy(
        update={
            "path": (*run.path[:-1], taken),
            "history": _record(run, "branch", who, at, parallel.id, branch=number),
        }
    )
    return _arrive(followed, moved, target, who, at)


def open_branch(followed: Followed, run: Run) -> int | None:
    """The number of the first branch not yet done of the parallel the run is at; None when
    the run is not at a parallel node."""
    frame = parallel_frame(followed, run)
    entry = run.current
    if frame is None or entry is None or entry.node != frame.parallel.id:
        return None
    return next((i + 1 for i, at in enumerate(frame.at) if at is not None), None)


def go_back(followed: Followed, run: Run, node_id: str, *, who: str, at: datetime) -> Run:
    """Return to an earlier node of the active path; what came after it is dropped (also
    work on other parallel branches done since: going back is back in time).

    A finished run cannot go back: its outcome is part of the record.
    """
    _active(followed, run)
    indices = [index for index, entry in enumerate(run.path[:-1]) if entry.node == node_id]
    if not indices:
        walked = ", ".join(entry.node for entry in run.path[:-1]) or "none yet"
        raise RunError(f"'{node_id}' is not behind the run's current node (walked: {walked})")
    keep = run.path[: indices[-1]]
    answers = {entry.node: entry.answer for entry in keep if entry.answer is not None}
    reopened = PathEntry(node=node_id, type=followed.node(node_id).type, arrived_at=at)
    return run.model_copy(
        update={
            "path": (*keep, reopened),
            "answers": answers,
            "history": _record(run, "back", who, at, node_id),
        }
    )


def change_answer(
    followed: Followed, run: Run, decision_id: str, label: str, *, who: str, at: datetime
) -> Run:
    """Go back to an earlier decision and answer it again; the path after it is recomputed."""
    return answer(
        followed, go_back(followed, run, decision_id, who=who, at=at), label, who=who, at=at
    )


def pause(run: Run, *, who: str, at: datetime) -> Run:
    """Stop for now; the run keeps its place and is resumed later."""
    if run.state != "in_progress":
        raise RunError(
            f"run {run.id} is {run.state.replace('_', ' ')}; only a run in progress pauses"
        )
    node = run.current.node if run.current else None
    return run.model_copy(
        update={"state": "paused", "history": _record(run, "pause", who, at, node)}
    )


def resume(run: Run, *, who: str, at: datetime) -> Run:
    """Continue a paused run where it stopped."""
    if run.state != "paused":
        raise RunError(f"run {run.id} is {run.state.replace('_', ' ')}, not paused")
    node = run.current.node if run.current else None
    return run.model_copy(
        update={"state": "in_progress", "history": _record(run, "resume", who, at, node)}
    )
