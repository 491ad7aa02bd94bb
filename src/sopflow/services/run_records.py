"""What the stored runs tell: lists of runs (filtered, paged) and an SOP's statistics.

A reader lists only their own runs; SEE_ALL_RUNS lists everyone's and sees the statistics.
The command line also counts the runs of loose YAML files, kept outside the library, by
passing their store as `files`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sopflow.analysis.stats import RunStats, run_stats
from sopflow.errors import InvalidInputError, NotFoundError, PermissionDeniedError, SopflowError
from sopflow.library.acknowledgements import run_marks
from sopflow.library.runs import LibraryRunStore, RunFilter, find_runs
from sopflow.library.store import Library
from sopflow.library.users import full_names
from sopflow.model import Sop
from sopflow.model.runs import Run
from sopflow.runner.store import RunStore
from sopflow.services.access import Actor, Permission, require
from sopflow.services.following import pinned, sop_of
from sopflow.services.run_views import node_text
from sopflow.services.runs import RUN_STATES, check_code

MAX_PAGE = 200
"""The most runs one page lists."""

MAX_OFFSET = 1_000_000_000
"""The furthest a page may start (well past any library; keeps SQL integers in range)."""


@dataclass(frozen=True)
class Listed:
    """One run in a list, with the words to show it by."""

    run: Run
    title: str | None
    """The SOP's title in the revision the run follows; None when that is not kept."""
    where: str | None
    """The outcome's name for a finished run, else the text of the node it waits at."""
    started_by_name: str
    acknowledgement: str | None = None
    """acknowledged or unacknowledged, as the run records whether its starter had
    acknowledged the revision when they had to; None when it was not asked of them."""


@dataclass(frozen=True)
class RunList:
    """A page of runs and how many the filters chose in all."""

    runs: tuple[Listed, ...]
    total: int
    offset: int
    limit: int | None


def _check_filters(state: str | None, offset: int, limit: int | None) -> None:
    if state is not None and state not in RUN_STATES:
        raise InvalidInputError(
            f"state: must be one of {', '.join(RUN_STATES)}, not {state!r}", field="state"
        )
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInputError(f"offset: must be from 0 to {MAX_OFFSET}", field="offset")
    if limit is not None and not 1 <= limit <= MAX_PAGE:
        raise InvalidInputError(f"limit: must be from 1 to {MAX_PAGE}", field="limit")


def _whose(actor: Actor, person: str | None) -> str | None:
    """The person whose runs are listed: anyone for SEE_ALL_RUNS, else only one's own."""
    if actor.can(Permission.SEE_ALL_RUNS):
        return person
    if person is not None and person != actor.name:
        raise PermissionDeniedError(
            f"person: you see only your own runs; others' runs need the "
            f"{Permission.SEE_ALL_RUNS.value} permission"
        )
    return actor.name


def _gather(
    library: Library | None,
    files: RunStore | None,
    chosen: RunFilter,
    *,
    offset: int,
    limit: int | None,
    newest_first: bool,
) -> tuple[list[Run], int]:
    if files is None and library is not None:
        with library.reading() as connection:
            return find_runs(
                connection, chosen=chosen, offset=offset, limit=limit, newest_first=newest_first
            )
    found: list[Run] = []
    if library is not None:
        with library.reading() as connection:
            found += find_runs(connection, chosen=chosen)[0]
    if files is not None:
        found += [
            run
            for run in files.runs(chosen.code)
            if chosen.state in (None, run.state) and chosen.started_by in (None, run.started_by)
        ]
    found.sort(key=lambda run: run.started_at, reverse=newest_first)
    end = None if limit is None else offset + limit
    return found[offset:end], len(found)


def _store_of(run: Run, library: Library | None, files: RunStore | None) -> RunStore | None:
    """Where the revision a run follows is kept: the library for a numbered revision."""
    if run.revision.number is not None:
        return LibraryRunStore(library) if library is not None else None
    return files


def _describe(
    runs: Iterable[Run], library: Library | None, files: RunStore | None
) -> list[tuple[Run, Sop | None]]:
    """Each run with the SOP it follows (each revision read once)."""
    sops: dict[str, Sop | None] = {}
    described = []
    for run in runs:
        key = run.revision.sha256
        if key not in sops:
            store = _store_of(run, library, files)
            text = store.revision_text(run.revision) if store is not None else None
            try:
                sops[key] = pinned(run, text).sop if text is not None else None
            except SopflowError:
                sops[key] = None
        described.append((run, sops[key]))
    return described


def _where(run: Run, sop: Sop | None) -> str | None:
    node_id = run.outcome if run.state == "finished" else (run.path[-1].node if run.path else None)
    return node_text(sop, node_id) if node_id else None


def list_runs(
    *,
    library: Library | None,
    actor: Actor | None,
    code: str | None = None,
    state: str | None = None,
    person: str | None = None,
    offset: int = 0,
    limit: int | None = None,
    newest_first: bool = False,
    files: RunStore | None = None,
) -> RunList:
    """The runs the filters choose (document code, state, who started them), oldest first
    unless newest_first; a reader's list holds only their own runs."""
    who = require(actor, Permission.RUN)
    if code is not None:
        check_code(code)
    _check_filters(state, offset, limit)
    chosen = RunFilter(code=code, state=state, started_by=_whose(who, person))
    found, total = _gather(
        library, files, chosen, offset=offset, limit=limit, newest_first=newest_first
    )
    people: dict[str, str] = {}
    acknowledged: dict[str, str] = {}
    if library is not None:
        with library.reading() as connection:
            people = full_names(connection, names={run.started_by for run in found})
            acknowledged = run_marks(connection, run_ids=[run.id for run in found])
    listed = tuple(
        Listed(
            run=run,
            title=sop.title if sop else None,
            where=_where(run, sop),
            started_by_name=people.get(run.started_by, run.started_by),
            acknowledgement=acknowledged.get(run.id),
        )
        for run, sop in _describe(found, library, files)
    )
    return RunList(listed, total, offset, limit)


@dataclass(frozen=True)
class SopStats:
    """An SOP's run statistics, with the SOP (when known) to name its nodes by."""

    code: str
    sop: Sop | None
    stats: RunStats

    def name_of(self, node_id: str) -> str:
        """How a page names a node (see `node_text`)."""
        return node_text(self.sop, node_id)


def sop_stats(
    *,
    library: Library | None,
    actor: Actor | None,
    code: str,
    sop: Sop | None = None,
    files: RunStore | None = None,
) -> SopStats:
    """How an SOP is followed: its runs, completion, outcomes, the paths taken, the options
    chosen at each decision and the median time per step. sop names the nodes (by default
    the library's revision in force, else the revision the last run followed)."""
    require(actor, Permission.SEE_ALL_RUNS)
    check_code(code)
    kept: list[tuple[RunStore, Run]] = []
    if library is not None:
        with library.reading() as connection:
            stored = find_runs(connection, chosen=RunFilter(code=code))[0]
        kept += [(LibraryRunStore(library), run) for run in stored]
    if files is not None:
        kept += [(files, run) for run in files.runs(code)]
    kept.sort(key=lambda pair: pair[1].started_at)
    named = sop or sop_of(library, code, kept)
    if named is None and not kept:
        raise NotFoundError(f"{code}: no such document in the library, and no runs of it")
    return SopStats(code, named, run_stats(code, [run for _, run in kept], named))
