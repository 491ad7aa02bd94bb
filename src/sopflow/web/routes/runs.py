"""The runs API under /api/v1: start a run of an SOP, answer it, go back, pause and resume,
list runs, and an SOP's statistics. Each route parses, calls one service, presents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from sopflow.services import run_records
from sopflow.services import runs as service
from sopflow.web.deps import ActorDep, LibraryDep, SettingsDep, check_csrf
from sopflow.web.routes.run_pages import acknowledgement_policy
from sopflow.web.routes.run_schemas import (
    AnswerCreate,
    AudienceName,
    BackCreate,
    RunCreate,
    RunOut,
    RunPage,
    StateName,
    StatsOut,
    page_out,
    run_out,
    stats_out,
)

router = APIRouter(prefix="/api/v1", tags=["runs"], dependencies=[Depends(check_csrf)])

AudienceQuery = Annotated[AudienceName, Query(description="The detail shown: novice or expert.")]


@router.post("/runs", status_code=201)
def start_run(
    body: RunCreate,
    response: Response,
    library: LibraryDep,
    settings: SettingsDep,
    actor: ActorDep,
) -> RunOut:
    """Start a run of a library SOP on its revision in force (until document control: its
    last effective revision, else its latest; `revision` names another: a trial run of a
    draft), as the caller; Location names the run. A caller who must acknowledge that
    revision and has not gets a `warning` (under SOPFLOW_REQUIRE_ACKNOWLEDGEMENT=block a 409
    problem instead)."""
    view = service.start_run(
        library=library,
        actor=actor,
        code=body.code,
        audience=body.audience,
        policy=acknowledgement_policy(settings),
        number=body.revision,
    )
    response.headers["Location"] = f"/api/v1/runs/{view.run.id}"
    return run_out(view)


@router.get("/runs")
def list_runs(
    library: LibraryDep,
    actor: ActorDep,
    *,
    code: Annotated[str | None, Query(max_length=64)] = None,
    state: StateName | None = None,
    person: Annotated[str | None, Query(max_length=64, description="Who started them.")] = None,
    offset: Annotated[int, Query(ge=0, le=run_records.MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=run_records.MAX_PAGE)] = 50,
) -> RunPage:
    """Runs, newest first: the caller's own, or anyone's with the see-all-runs permission."""
    found = run_records.list_runs(
        library=library,
        actor=actor,
        code=code,
        state=state,
        person=person,
        offset=offset,
        limit=limit,
        newest_first=True,
    )
    return page_out(found)


@router.get("/runs/{run_id}")
def get_run(
    run_id: str, library: LibraryDep, actor: ActorDep, audience: AudienceQuery = "novice"
) -> RunOut:
    """A run: the revision it follows, the node it waits at, the path so far."""
    return run_out(service.get_run(library=library, actor=actor, run_id=run_id, audience=audience))


@router.post("/runs/{run_id}/answer")
def answer_run(
    run_id: str,
    body: AnswerCreate,
    library: LibraryDep,
    actor: ActorDep,
    audience: AudienceQuery = "novice",
) -> RunOut:
    """Answer the node the run is at. A wrong option is 422 naming the field; answering a
    node the run is no longer at is 409."""
    view = service.answer_run(
        library=library,
        actor=actor,
        run_id=run_id,
        node=body.node,
        option=body.option,
        branch=body.branch,
        done=body.done,
        skip=body.skip,
        note=body.note,
        audience=audience,
    )
    return run_out(view)


@router.post("/runs/{run_id}/back")
def go_back(
    run_id: str,
    library: LibraryDep,
    actor: ActorDep,
    body: BackCreate | None = None,
    audience: AudienceQuery = "novice",
) -> RunOut:
    """Go back to an earlier node (by default the one before the current node)."""
    node = body.node if body else None
    view = service.go_back(
        library=library, actor=actor, run_id=run_id, node=node, audience=audience
    )
    return run_out(view)


@router.post("/runs/{run_id}/pause")
def pause_run(
    run_id: str, library: LibraryDep, actor: ActorDep, audience: AudienceQuery = "novice"
) -> RunOut:
    """Pause a run in progress."""
    return run_out(
        service.pause_run(library=library, actor=actor, run_id=run_id, audience=audience)
    )


@router.post("/runs/{run_id}/resume")
def resume_run(
    run_id: str, library: LibraryDep, actor: ActorDep, audience: AudienceQuery = "novice"
) -> RunOut:
    """Resume a paused run where it stopped."""
    return run_out(
        service.resume_run(library=library, actor=actor, run_id=run_id, audience=audience)
    )


@router.get("/documents/{code}/stats")
def document_stats(code: str, library: LibraryDep, actor: ActorDep) -> StatsOut:
    """How an SOP is followed: runs, completion, outcomes, paths taken, option shares at
    each decision, median time per step, where unfinished runs wait."""
    return stats_out(run_records.sop_stats(library=library, actor=actor, code=code))
