"""Following SOPs: start a run, answer the node it is at, go back, pause and resume, see a
run, list runs. Statistics are in `sopflow.services.run_stats`.

A run belongs to the person who started it: only they answer, go back, pause or resume it.
An admin may take a run over (each transition records who made it, so the record stays
true); others holding SEE_ALL_RUNS may look at any run but not act on it, and a reader
sees only their own. Runs record the login name (`Actor.name`); views show the full name.

The transitions are the runner engine's (`sopflow.runner.engine`); this layer checks who
may make them, checks that an answer fits the node the run is at (a wrong option names the
field; an answer to a node the run is no longer at is a conflict), and saves each one. Runs
of library documents are answered by id inside one transaction that holds the run's row;
runs of loose files (the command line) go through a `Source` and its store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sopflow.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    SopflowError,
)
from sopflow.library import acknowledgements as marks
from sopflow.library.runs import (
    LibraryRunStore,
    load_run,
    revision_content,
    store_run,
)
from sopflow.library.store import Library
from sopflow.library.users import full_names
from sopflow.model import (
    AUDIENCES,
    Audience,
    Decision,
    Handoff,
    Outcome,
    Parallel,
    Step,
)
from sopflow.model.runs import Run
from sopflow.runner import engine
from sopflow.runner.answers import autoplay
from sopflow.runner.engine import Followed, RunError
from sopflow.runner.view import view_node
from sopflow.services.access import Actor, Permission, require
from sopflow.services.acknowledgements import RunPolicy
from sopflow.services.following import (
    Source,
    linked_documents,
    pinned,
    resumed_source,
)
from sopflow.services.run_start import (
    RunPreview,
    Started,
    begin,
    check_code,
    new_run_id,
    open_run_source,
    preview_run,
    start,
)
from sopflow.services.run_views import RunView, build_view, may_see, owns

__all__ = [
    "RunPreview",
    "Started",
    "begin",
    "check_code",
    "new_run_id",
    "open_run_source",
    "preview_run",
    "start",
]

RUN_STATES = ("in_progress", "paused", "finished")
"""The states a run can be in, as filters name them."""


@dataclass(frozen=True)
class Done:
    """Mark the current step or handoff done, with an optional note."""

    note: str | None = None


@dataclass(frozen=True)
class Skip:
    """Mark the current (optional) step not applicable, with the reason."""

    reason: str


@dataclass(frozen=True)
class Choose:
    """Answer the current decision with one of its option labels."""

    option: str


@dataclass(frozen=True)
class Branch:
    """Take a branch (numbered from 1) of the parallel the run is at, or switch to it from
    another branch of the parallel the run is inside."""

    number: int


@dataclass(frozen=True)
class Unanswered:
    """An answer naming none of option, branch, done or skip: refused, saying what the node
    needs."""


@dataclass(frozen=True)
class Back:
    """Return to an earlier node of the path; None: the one before the current node."""

    node: str | None = None


@dataclass(frozen=True)
class Pause:
    """Stop for now."""


@dataclass(frozen=True)
class Resume:
    """Continue a paused run."""


Action = Done | Skip | Choose | Branch | Unanswered | Back | Pause | Resume


def _now() -> datetime:
    return datetime.now(UTC)


def check_audience(audience: str) -> Audience:
    """The audience level named, or an InvalidInputError naming the field."""
    if audience not in AUDIENCES:
        raise InvalidInputError(
            f"audience: must be one of {', '.join(AUDIENCES)}, not {audience!r}", field="audience"
        )
    return "expert" if audience == "expert" else "novice"


def _may_act(actor: Actor, run: Run) -> None:
    if not owns(actor, run):
        raise PermissionDeniedError(
            f"run {run.id} was started by {run.started_by}; only they can act on it"
        )


def _may_see(actor: Actor, run: Run) -> None:
    if not may_see(actor, run):
        raise PermissionDeniedError(
            f"run {run.id} is not yours: seeing others' runs needs the "
            f"{Permission.SEE_ALL_RUNS.value} permission"
        )


def _at_node(
    followed: Followed, run: Run, node: str | None
) -> Step | Decision | Parallel | Handoff:
    """The node a run in progress is at, checked against the node the answer names."""
    if run.state == "finished":
        raise ConflictError(f"run {run.id} is finished at '{run.outcome}'")
    if run.state == "paused":
        raise ConflictError(f"run {run.id} is paused; resume it first")
    current = engine.current_node(followed, run)
    if current is None or isinstance(current, Outcome):
        raise ConflictError(f"run {run.id} is at no node to answer")
    if node is not None and node != current.id:
        raise ConflictError(
            f"node: run {run.id} is at '{current.id}', not '{node}'; "
            "it moved on since that node was shown"
        )
    return current


def _chosen(decision: Decision, option: str) -> str:
    try:
        return engine.option_for(decision, option)
    except RunError as error:
        raise InvalidInputError(f"option: {error}", field="option") from None


def _branch_taken(
    followed: Followed, run: Run, action: Branch, *, who: str, at: datetime, node: str | None
) -> Run:
    """Take a branch; a branch that cannot be taken names the field."""
    _at_node(followed, run, node)
    try:
        return engine.take_branch(followed, run, action.number, who=who, at=at)
    except RunError as error:
        raise InvalidInputError(f"branch: {error}", field="branch") from None


def _answered(
    followed: Followed,
    run: Run,
    action: Done | Skip | Choose | Unanswered,
    *,
    who: str,
    at: datetime,
    node: str | None,
) -> Run:
    current = _at_node(followed, run, node)
    if isinstance(current, Parallel):
        titles = ", ".join(
            f"{number} ({title})"
            for number, title in enumerate(view_node(followed.sop, current, "expert").options, 1)
        )
        raise InvalidInputError(
            f"branch: '{current.id}' is a parallel; take one of its branches: {titles}",
            field="branch",
        )
    if isinstance(action, Choose):
        if not isinstance(current, Decision):
            raise InvalidInputError(
                f"option: '{current.id}' is a {current.type}, not a decision; mark it done",
                field="option",
            )
        return engine.answer(followed, run, _chosen(current, action.option), who=who, at=at)
    if isinstance(current, Decision):
        labels = ", ".join(repr(option.label) for option in current.options)
        raise InvalidInputError(
            f"option: '{current.id}' is a decision; choose one of {labels}", field="option"
        )
    if isinstance(action, Unanswered):
        how = (
            " or skip it with a reason"
            if isinstance(current, Step) and not current.mandatory
            else ""
        )
        raise InvalidInputError(
            f"done: '{current.id}' is a {current.type}; mark it done{how}", field="done"
        )
    if isinstance(action, Done):
        note = (action.note or "").strip() or None
        return engine.complete(followed, run, who=who, at=at, note=note)
    if not isinstance(current, Step):
        raise InvalidInputError(
            f"skip: '{current.id}' is a {current.type}; only an optional step can be skipped",
            field="skip",
        )
    if current.mandatory:
        raise InvalidInputError(
            f"skip: step '{current.id}' is mandatory and cannot be skipped", field="skip"
        )
    if not action.reason.strip():
        raise InvalidInputError(
            f"skip: give a reason why '{current.id}' is not applicable", field="skip"
        )
    return engine.not_applicable(followed, run, reason=action.reason.strip(), who=who, at=at)


def transition(
    followed: Followed, run: Run, action: Action, *, who: str, at: datetime, node: str | None = None
) -> Run:
    """The run after action, made by who at at; node, when given, is the node the person
    saw (a ConflictError when the run is no longer there). Pure: nothing is saved."""
    if isinstance(action, Pause | Resume):
        try:
            change = engine.pause if isinstance(action, Pause) else engine.resume
            return change(run, who=who, at=at)
        except RunError as error:
            raise ConflictError(str(error)) from None
    if isinstance(action, Branch):
        return _branch_taken(followed, run, action, who=who, at=at, node=node)
    if isinstance(action, Back):
        _at_node(followed, run, node)
        if len(run.path) < 2:
            raise ConflictError(f"run {run.id} has nothing to go back to yet")
        target = action.node or run.path[-2].node
        try:
            return engine.go_back(followed, run, target, who=who, at=at)
        except RunError as error:
            raise InvalidInputError(f"node: {error}", field="node") from None
    return _answered(followed, run, action, who=who, at=at, node=node)


# --- Runs through a Source: library documents and loose files alike (the command line). ---


def act(
    *, actor: Actor | None, source: Source, run: Run, action: Action, node: str | None = None
) -> Run:
    """Make one transition of a run of source, as actor, and save it."""
    who = require(actor, Permission.RUN)
    _may_act(who, run)
    changed = transition(source.followed, run, action, who=who.name, at=_now(), node=node)
    source.store.save(changed)
    return changed


def play_answers(
    *, actor: Actor | None, source: Source, run: Run, labels: Mapping[str, str]
) -> Run:
    """Complete steps and answer decisions from labels (decision id -> option label), taking
    parallel branches in their order, saving each transition, until the run finishes or
    reaches a decision labels leave open."""
    who = require(actor, Permission.RUN)
    _may_act(who, run)
    return autoplay(source.followed, run, labels, who=who.name, now=_now, saved=source.store.save)


# --- Runs of library documents, by id: what the web app and the API call. ---


def _view(library: Library, actor: Actor, source: Source, run: Run, audience: Audience) -> RunView:
    names = {run.started_by, *(entry.done_by for entry in run.path if entry.done_by)}
    with library.reading() as connection:
        people = full_names(connection, names=names)
        mark = marks.run_mark(connection, run_id=run.id)
    view = build_view(
        source.followed, source.documents, run, audience=audience, people=people, actor=actor
    )
    return replace(view, acknowledgement=mark)


def start_run(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    audience: str = "novice",
    policy: RunPolicy = "warn",
    number: int | None = None,
) -> RunView:
    """Start a run of a library SOP's revision in force (revision number when given, which
    needs the read-drafts permission), as the actor; its first view (refused under policy
    block while the actor must acknowledge the revision first)."""
    chosen = check_audience(audience)
    source = open_run_source(library=library, actor=actor, code=code, number=number)
    run = start(actor=actor, source=source, policy=policy).run
    assert actor is not None
    return _view(library, actor, source, run, chosen)


def get_run(
    *, library: Library, actor: Actor | None, run_id: str, audience: str = "novice"
) -> RunView:
    """A run as its runner shows it: one's own, or anyone's with SEE_ALL_RUNS."""
    who = require(actor, Permission.RUN)
    chosen = check_audience(audience)
    store = LibraryRunStore(library)
    run = store.find(run_id)
    if run is None:
        raise NotFoundError(f"no run {run_id}")
    _may_see(who, run)
    return _view(library, who, resumed_source(run, store), run, chosen)


def _change(
    library: Library,
    actor: Actor | None,
    run_id: str,
    action: Action,
    *,
    node: str | None,
    audience: str,
) -> RunView:
    """One transition of a library run, read, checked and written in one transaction that
    holds the run's row, so two answers to the same node cannot both pass."""
    who = require(actor, Permission.RUN)
    chosen = check_audience(audience)
    with library.transaction() as connection:
        run = load_run(connection, run_id=run_id, lock=True)
        if run is None:
            raise NotFoundError(f"no run {run_id}")
        _may_see(who, run)
        _may_act(who, run)
        text = revision_content(connection, run.revision)
        if text is None:
            raise SopflowError(f"run {run.id}: the revision it follows ({run.revision}) is gone")
        followed = pinned(run, text)
        changed = transition(followed, run, action, who=who.name, at=_now(), node=node)
        store_run(connection, changed)
    linked = linked_documents(library, followed.sop)
    source = Source(followed, text, linked, LibraryRunStore(library))
    return _view(library, who, source, changed, chosen)


def answer_run(
    *,
    library: Library,
    actor: Actor | None,
    run_id: str,
    node: str,
    option: str | None = None,
    branch: int | None = None,
    done: bool = False,
    skip: str | None = None,
    note: str | None = None,
    audience: str = "novice",
) -> RunView:
    """Answer the node the run is at: choose an option at a decision, take a branch at a
    parallel (or switch to another branch of the parallel the run is inside), mark a step or
    handoff done (with an optional note), or skip an optional step (skip is the reason)."""
    given = [
        name
        for name, value in (("option", option), ("branch", branch), ("skip", skip))
        if value is not None
    ]
    given += ["done"] if done else []
    if len(given) > 1:
        raise InvalidInputError(
            f"{given[1]}: give one of option (a decision), branch (a parallel), done or skip "
            "(a step), not both",
            field=given[1],
        )
    action: Action = (
        Choose(option)
        if option is not None
        else Branch(branch)
        if branch is not None
        else Skip(skip)
        if skip is not None
        else Done(note)
        if done
        else Unanswered()
    )
    return _change(library, actor, run_id, action, node=node, audience=audience)


def go_back(
    *,
    library: Library,
    actor: Actor | None,
    run_id: str,
    node: str | None = None,
    audience: str = "novice",
) -> RunView:
    """Return to an earlier node of the run's path (by default the one before the current
    node); the path after it is dropped, the history keeps it."""
    return _change(library, actor, run_id, Back(node), node=None, audience=audience)


def pause_run(
    *, library: Library, actor: Actor | None, run_id: str, audience: str = "novice"
) -> RunView:
    """Pause a run in progress; it keeps its place."""
    return _change(library, actor, run_id, Pause(), node=None, audience=audience)


def resume_run(
    *, library: Library, actor: Actor | None, run_id: str, audience: str = "novice"
) -> RunView:
    """Resume a paused run where it stopped."""
    return _change(library, actor, run_id, Resume(), node=None, audience=audience)
