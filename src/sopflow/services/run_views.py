"""What a person sees of a run: the node it is at (at their audience level), the path so
far with who finished each node and when, what may still come, and whether they may act.

Pure: built from a run, the revision it follows and the names of the people in it; the
web pages, the API and the checklist all present these views.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sopflow.model import AnyDocument, Audience, Sop
from sopflow.model.flow import successors
from sopflow.model.runs import Run
from sopflow.runner.branches import open_frames
from sopflow.runner.engine import Followed
from sopflow.runner.view import NodeView, ParallelView, parallel_view, view_node
from sopflow.services.access import Actor, Permission


@dataclass(frozen=True)
class Walked:
    """One node of the path so far: what it said, and who finished it when."""

    node: str
    type: str
    text: str
    arrived_at: datetime
    done_by: str | None = None
    """The login name recorded."""
    done_by_name: str | None = None
    """The person's full name, when the name is an account."""
    done_at: datetime | None = None
    answer: str | None = None
    branch: int | None = None
    """At a parallel node: the number of the branch taken from there."""
    branch_title: str | None = None
    """The name of that branch."""
    note: str | None = None
    not_applicable: str | None = None


@dataclass(frozen=True)
class RunView:
    """One run as its runner, its checklist and the API show it."""

    run: Run
    title: str
    audience: Audience
    started_by_name: str
    current: NodeView | None
    """The node the run waits at; None once it is finished."""
    outcome: NodeView | None
    """The outcome reached, once finished."""
    path: tuple[Walked, ...]
    ahead: tuple[NodeView, ...]
    """Nodes that can still come after the current one (or on a parallel branch still open),
    in the SOP's order."""
    elsewhere: tuple[NodeView, ...]
    """The SOP's other nodes: on branches this run has not taken (or can no longer take)."""
    can_act: bool
    """The person looking may answer, go back, pause or resume it."""
    back_to: str | None
    """The node "Back" returns to; None when there is none or the run cannot go back."""
    parallel: ParallelView | None = None
    """The innermost parallel the run is inside (at its node or on a branch), with where each
    branch stands; None outside every parallel and once finished."""
    acknowledgement: str | None = None
    """Whether its starter had acknowledged the revision when they had to: acknowledged,
    unacknowledged, or None when it was not asked of them."""

    @property
    def warning(self) -> str | None:
        """What the runner says of a run started before its revision was acknowledged."""
        if self.acknowledgement != "unacknowledged":
            return None
        return (
            f"{self.started_by_name} started this run before acknowledging "
            f"{self.run.code} revision {self.run.revision.number}, the revision in force"
        )

    @property
    def position(self) -> int:
        """The current node's number on the path, from 1."""
        return len(self.run.path)


def owns(actor: Actor, run: Run) -> bool:
    """Whether actor may act on run: its starter, or an admin taking it over (every
    transition still records who made it)."""
    return run.started_by == actor.name or actor.can(Permission.ADMIN)


def may_see(actor: Actor, run: Run) -> bool:
    """Whether actor may look at run: their own, or anyone's with SEE_ALL_RUNS."""
    return run.started_by == actor.name or actor.can(Permission.SEE_ALL_RUNS)


def node_text(sop: Sop | None, node_id: str) -> str:
    """How a page names a node: the step's instruction, the decision's question, the
    handoff, the outcome's name; the id itself when the SOP does not hold it."""
    node = sop.flow.node(node_id) if sop is not None else None
    return view_node(sop, node, "expert").text if sop is not None and node else node_id


def reachable(sop: Sop, start: str) -> set[str]:
    """The ids of every node reachable from start, start included."""
    table = sop.flow.by_id()
    seen: set[str] = set()
    waiting = [start]
    while waiting:
        node_id = waiting.pop()
        node = table.get(node_id)
        if node_id in seen or node is None:
            continue
        seen.add(node_id)
        waiting.extend(successors(node))
    return seen


def walked_entries(
    followed: Followed, run: Run, audience: Audience, people: Mapping[str, str]
) -> tuple[Walked, ...]:
    """The path so far as the side list shows it."""
    table = followed.sop.flow.by_id()
    entries = []
    for entry in run.path:
        node = table.get(entry.node)
        shown = view_node(followed.sop, node, audience) if node else None
        text = shown.text if shown else entry.node
        titles = shown.options if shown else ()
        taken = entry.branch
        entries.append(
            Walked(
                node=entry.node,
                type=entry.type,
                text=text,
                arrived_at=entry.arrived_at,
                done_by=entry.done_by,
                done_by_name=people.get(entry.done_by, entry.done_by) if entry.done_by else None,
                done_at=entry.done_at,
                answer=entry.answer,
                branch=taken,
                branch_title=titles[taken - 1] if taken and 0 < taken <= len(titles) else None,
                note=entry.note,
                not_applicable=entry.not_applicable,
            )
        )
    return tuple(entries)


def build_view(
    followed: Followed,
    documents: Mapping[str, AnyDocument],
    run: Run,
    *,
    audience: Audience,
    people: Mapping[str, str],
    actor: Actor,
) -> RunView:
    """The view of run for actor at an audience level; documents resolve references."""
    sop = followed.sop
    table = sop.flow.by_id()
    last = table.get(run.path[-1].node) if run.path else None
    shown = view_node(sop, last, audience, documents) if last is not None else None
    finished = run.state == "finished"
    walked = {entry.node for entry in run.path}
    frames = [] if finished else open_frames(run, followed.node)
    waiting = [at for frame in frames for at in frame.at if at is not None]
    still: set[str] = set()
    for start in [run.path[-1].node, *waiting] if run.path and not finished else []:
        still |= reachable(sop, start)
    ahead = tuple(
        view_node(sop, node, audience, documents)
        for node in sop.flow.nodes
        if node.id in still and node.id not in walked
    )
    elsewhere = tuple(
        view_node(sop, node, audience, documents)
        for node in sop.flow.nodes
        if node.id not in still and node.id not in walked
    )
    can_act = owns(actor, run) and not finished
    back_to = (
        run.path[-2].node if can_act and run.state == "in_progress" and len(run.path) > 1 else None
    )
    return RunView(
        run=run,
        title=sop.title,
        audience=audience,
        started_by_name=people.get(run.started_by, run.started_by),
        current=None if finished else shown,
        outcome=shown if finished else None,
        path=walked_entries(followed, run, audience, people),
        ahead=ahead,
        elsewhere=elsewhere,
        can_act=can_act,
        back_to=back_to,
        parallel=parallel_view(sop, frames[-1]) if frames else None,
    )
