"""The runner's pages: start a run, follow it one node at a time, its checklist, "My runs",
and an SOP's statistics. Server-rendered forms that work without script; every action is
a POST answered by a redirect to the run (post/redirect/get), so reloading repeats nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sopflow.errors import ConflictError, InvalidInputError
from sopflow.library.store import Library
from sopflow.model import AUDIENCES
from sopflow.services import run_records
from sopflow.services import runs as service
from sopflow.services.access import Actor, Permission
from sopflow.services.acknowledgements import RunPolicy
from sopflow.services.run_views import RunView
from sopflow.settings import Settings
from sopflow.web.deps import LibraryDep, SettingsDep, SignedInDep, check_csrf
from sopflow.web.pages import page
from sopflow.web.problems import status_of

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

PAGE_SIZE = 25
"""Runs per page of "My runs"."""

ViewName = Literal["runner", "checklist"]
TextForm = Annotated[str | None, Form(max_length=2000)]
AudienceForm = Annotated[str | None, Form(max_length=16)]

AUDIENCE_COOKIE = "sopflow_audience"
"""Remembers the detail a person last chose (novice or expert): a preference, no secret."""
ViewForm = Annotated[ViewName, Form()]


def acknowledgement_policy(settings: Settings) -> RunPolicy:
    """The SOPFLOW_REQUIRE_ACKNOWLEDGEMENT the app runs with."""
    chosen = settings.require_acknowledgement
    return "block" if chosen == "block" else "off" if chosen == "off" else "warn"


def when(moment: datetime | None) -> str:
    """A time as pages show it: UTC, to the minute."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def duration(seconds: float) -> str:
    """A duration as pages show it: '4m 05s', '1h 02m'."""
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {rest:02d}s"


def _audience(request: Request, given: str | None) -> str:
    """The audience asked for, else the one last chosen, else novice."""
    remembered = request.cookies.get(AUDIENCE_COOKIE)
    return given or (remembered if remembered in AUDIENCES else None) or "novice"


def _remember(response: Response, audience: str | None) -> Response:
    """Keep an audience chosen explicitly for the next pages (a year)."""
    if audience in AUDIENCES:
        response.set_cookie(
            AUDIENCE_COOKIE, str(audience), max_age=365 * 86400, samesite="lax", httponly=True
        )
    return response


def _run_url(run_id: str, audience: str, view: ViewName = "runner") -> str:
    tail = "/checklist" if view == "checklist" else ""
    return f"/runs/{run_id}{tail}?{urlencode({'audience': audience})}"


def _show_run(
    request: Request,
    run: RunView,
    view: ViewName,
    *,
    problem: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    template = "run_checklist.html" if view == "checklist" else "runner.html"
    code = run.run.code
    title = f"{'Checklist · ' if view == 'checklist' else ''}{code} {run.title}"
    context = {"view": run, "page_view": view, "problem": problem, "when": when}
    return page(request, template, context, status=status, title=title)


@router.get("/runs/new", response_class=HTMLResponse)
def new_run(
    request: Request,
    library: LibraryDep,
    settings: SettingsDep,
    actor: SignedInDep,
    *,
    code: str = "",
    revision: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """Confirm what a run of code would follow (revision when given: a trial run of a draft,
    for those who may read drafts), and choose the detail shown; warn (or, under
    SOPFLOW_REQUIRE_ACKNOWLEDGEMENT=block, refuse) when it is not acknowledged yet."""
    policy = acknowledgement_policy(settings)
    preview = service.preview_run(
        library=library, actor=actor, code=code, policy=policy, number=revision
    )
    context = {"preview": preview, "chosen_revision": revision}
    return page(request, "run_new.html", context, title=f"Run {preview.sop.code}")


@router.post("/runs")
def start_run(
    request: Request,
    library: LibraryDep,
    settings: SettingsDep,
    actor: SignedInDep,
    *,
    code: Annotated[str, Form(max_length=64)],
    audience: AudienceForm = None,
    revision: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """Start the run (of the revision in force, or of revision when the form names one) and
    open its runner."""
    chosen = _audience(request, audience)
    started = service.start_run(
        library=library,
        actor=actor,
        code=code,
        audience=chosen,
        policy=acknowledgement_policy(settings),
        number=revision,
    )
    response = RedirectResponse(_run_url(started.run.id, chosen), status_code=303)
    return _remember(response, audience)


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def runner(
    request: Request,
    run_id: str,
    library: LibraryDep,
    actor: SignedInDep,
    audience: str | None = None,
) -> Response:
    """The runner: the node the run waits at, and who did what so far."""
    chosen = _audience(request, audience)
    found = service.get_run(library=library, actor=actor, run_id=run_id, audience=chosen)
    return _remember(_show_run(request, found, "runner"), audience)


@router.get("/runs/{run_id}/checklist", response_class=HTMLResponse)
def checklist(
    request: Request,
    run_id: str,
    library: LibraryDep,
    actor: SignedInDep,
    audience: str | None = None,
) -> Response:
    """The same run as a checklist: walked nodes ticked, the current one open, the rest."""
    chosen = _audience(request, audience)
    found = service.get_run(library=library, actor=actor, run_id=run_id, audience=chosen)
    return _remember(_show_run(request, found, "checklist"), audience)


@dataclass(frozen=True)
class _Change:
    """One form's change of a run, and where the person goes after it."""

    request: Request
    library: Library
    actor: Actor
    run_id: str
    audience: str
    view: ViewName

    def make(self, change: Callable[[], object]) -> Response:
        """Make the change and go back to the run; a stale or wrong answer shows the run
        as it is now with the problem, at the status the error maps to."""
        try:
            change()
        except (ConflictError, InvalidInputError) as error:
            status, _ = status_of(error)
            found = service.get_run(
                library=self.library, actor=self.actor, run_id=self.run_id, audience=self.audience
            )
            return _show_run(self.request, found, self.view, problem=str(error), status=status)
        return RedirectResponse(_run_url(self.run_id, self.audience, self.view), status_code=303)


def _change(
    request: Request,
    library: Library,
    actor: Actor,
    run_id: str,
    *,
    audience: str | None,
    view: ViewName,
) -> _Change:
    return _Change(request, library, actor, run_id, _audience(request, audience), view)


@router.post("/runs/{run_id}/answer")
def answer(
    request: Request,
    run_id: str,
    library: LibraryDep,
    actor: SignedInDep,
    node: Annotated[str, Form(max_length=200)],
    *,
    option: Annotated[str | None, Form(max_length=1000)] = None,
    branch: Annotated[int | None, Form(ge=1, le=1000)] = None,
    done: Annotated[str | None, Form(max_length=8)] = None,
    skip: TextForm = None,
    note: TextForm = None,
    audience: AudienceForm = None,
    view: ViewForm = "runner",
) -> Response:
    """Answer the node shown: an option, a branch of a parallel (to start, continue or switch
    to), Done (with an optional note) or Skip (a reason)."""
    change = _change(request, library, actor, run_id, audience=audience, view=view)
    return change.make(
        lambda: service.answer_run(
            library=library,
            actor=actor,
            run_id=run_id,
            node=node,
            option=option,
            branch=branch,
            done=done is not None,
            skip=skip,
            note=note,
            audience=change.audience,
        )
    )


@router.post("/runs/{run_id}/back")
def back(
    request: Request,
    run_id: str,
    library: LibraryDep,
    actor: SignedInDep,
    *,
    node: Annotated[str | None, Form(max_length=200)] = None,
    audience: AudienceForm = None,
    view: ViewForm = "runner",
) -> Response:
    """Go back to the node before (or the one named)."""
    change = _change(request, library, actor, run_id, audience=audience, view=view)
    return change.make(
        lambda: service.go_back(library=library, actor=actor, run_id=run_id, node=node or None)
    )


@router.post("/runs/{run_id}/pause")
def pause(
    request: Request,
    run_id: str,
    library: LibraryDep,
    actor: SignedInDep,
    *,
    audience: AudienceForm = None,
    view: ViewForm = "runner",
) -> Response:
    """Pause the run; "My runs" resumes it later."""
    change = _change(request, library, actor, run_id, audience=audience, view=view)
    return change.make(lambda: service.pause_run(library=library, actor=actor, run_id=run_id))


@router.post("/runs/{run_id}/resume")
def resume(
    request: Request,
    run_id: str,
    library: LibraryDep,
    actor: SignedInDep,
    *,
    audience: AudienceForm = None,
    view: ViewForm = "runner",
) -> Response:
    """Resume the run where it stopped and open it."""
    change = _change(request, library, actor, run_id, audience=audience, view=view)
    return change.make(lambda: service.resume_run(library=library, actor=actor, run_id=run_id))


@router.get("/runs", response_class=HTMLResponse)
def my_runs(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    *,
    code: str = "",
    state: str = "",
    person: str = "",
    everyone: bool = False,
    offset: int = 0,
) -> Response:
    """One's runs, newest first: paused ones to resume, finished ones with their outcome;
    everyone's (or one person's) for those who may see all runs."""
    see_all = actor.can(Permission.SEE_ALL_RUNS)
    whose = (person or None) if see_all and (everyone or person) else actor.name
    found = run_records.list_runs(
        library=library,
        actor=actor,
        code=code or None,
        state=state or None,
        person=whose,
        offset=min(max(offset, 0), run_records.MAX_OFFSET),
        limit=PAGE_SIZE,
        newest_first=True,
    )
    filters = {"code": code, "state": state, "person": person, "everyone": everyone}
    kept = {key: value for key, value in filters.items() if value}
    context = {
        "found": found,
        "filters": filters,
        "see_all": see_all,
        "mine": whose == actor.name,
        "states": service.RUN_STATES,
        "when": when,
        "previous": _page_link(kept, found.offset - PAGE_SIZE) if found.offset > 0 else None,
        "next": _page_link(kept, found.offset + PAGE_SIZE)
        if found.offset + PAGE_SIZE < found.total
        else None,
    }
    title = "My runs" if whose == actor.name else "Runs"
    return page(request, "runs_list.html", context, title=title)


def _page_link(filters: dict[str, object], offset: int) -> str:
    return "/runs?" + urlencode({**filters, "offset": max(offset, 0)})


@router.get("/documents/{code}/stats", response_class=HTMLResponse)
def stats_page(request: Request, code: str, library: LibraryDep, actor: SignedInDep) -> Response:
    """How an SOP is followed: runs, outcomes, paths taken, option shares, time per step."""
    found = run_records.sop_stats(library=library, actor=actor, code=code)
    title = f"Stats · {code}"
    context = {"found": found, "stats": found.stats, "duration": duration}
    return page(request, "run_stats.html", context, title=title)
