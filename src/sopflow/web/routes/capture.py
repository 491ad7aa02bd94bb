"""The capture API: upload a walkthrough, follow its job, review and save its drafts.

Routes only parse and present; the services check who may do what. Uploads are streamed
to the job's folder under the size cap (`web.uploads`), so their router checks the CSRF
header without reading the body.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import AsyncIterator
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from sopflow.errors import InvalidInputError, PermissionDeniedError
from sopflow.formats.yaml_write import document_data
from sopflow.services import capture_jobs, capture_review
from sopflow.services.access import Actor
from sopflow.services.capture_jobs import CaptureRequest
from sopflow.services.capture_review import CaptureReview, ReviewDraft, SavedDraft
from sopflow.services.jobs import JobQueue, JobStatus
from sopflow.settings import Settings
from sopflow.web.deps import (
    CSRF_HEADER,
    ActorDep,
    LibraryDep,
    SettingsDep,
    check_csrf,
    check_origin,
    current_session,
)
from sopflow.web.jobs import JobsDep
from sopflow.web.uploads import receive_upload

JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="The capture job's id.")]
CACHE = {"Cache-Control": "private, max-age=3600"}
"""A job's recording and screenshots never change."""


async def check_upload_csrf(request: Request) -> None:
    """The CSRF check for API uploads: a signed-in browser sends the X-CSRF-Token header;
    the body is not read here, so the upload streams to disk under its cap."""
    expected = await form_upload_csrf(request)
    if expected is not None:
        raise PermissionDeniedError(
            "csrf_token: send the X-CSRF-Token header of your session with the upload"
        )


async def form_upload_csrf(request: Request) -> str | None:
    """The token an upload's body must still carry as its first field, or None when the
    request needs none (an API token, nobody signed in) or sent the right header; a wrong
    header is refused at once."""
    scheme = request.headers.get("authorization", "").partition(" ")[0]
    if scheme.lower() == "bearer":
        return None
    check_origin(request)
    found = await run_in_threadpool(current_session, request)
    if found is None:
        return None
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        return found.csrf_token
    if not hmac.compare_digest(given, found.csrf_token):
        raise PermissionDeniedError(
            "csrf_token: this page has expired or did not come from sopflow; reload it"
        )
    return None


router = APIRouter(dependencies=[Depends(check_csrf)], tags=["captures"])
uploads = APIRouter(dependencies=[Depends(check_upload_csrf)], tags=["captures"])


class StageOut(BaseModel):
    """One stage of a capture: transcribe, structure or screenshots."""

    name: str
    done: float
    total: float | None
    unit: str
    eta: float | None = Field(description="Seconds left in the stage, when known.")
    state: str = Field(description="pending, running or done")
    fraction: float | None


class FileOut(BaseModel):
    """One uploaded file, by the name it was uploaded under and what it holds."""

    name: str
    kind: str
    size: int


class CaptureOut(BaseModel):
    """A capture job's status."""

    id: str
    state: str = Field(description="queued, running, done, failed or cancelled")
    owner: str
    title: str | None
    files: list[FileOut]
    stages: list[StageOut]
    error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    links: dict[str, str]


class CaptureList(BaseModel):
    """Someone's recent captures, newest first."""

    captures: list[CaptureOut]


def capture_out(status: JobStatus) -> CaptureOut:
    """A job's status as the API shows it."""
    data = status.as_json()
    options = status.inputs.get("options") or {}
    base = f"/api/v1/captures/{status.id}"
    links = {
        "self": base,
        "events": f"{base}/events",
        "page": f"/captures/{status.id}",
    }
    if status.state == "done":
        links |= {"result": f"{base}/result", "review": f"/captures/{status.id}/review"}
    title = (status.result or {}).get("title") or options.get("title")
    return CaptureOut(
        id=status.id,
        state=data["state"],
        owner=status.owner_name,
        title=title,
        files=[
            FileOut(name=item["name"], kind=item["kind"], size=item["size"])
            for item in status.inputs.get("files", ())
        ],
        stages=[StageOut(**stage) for stage in data["stages"]],
        error=status.error,
        result=data["result"],
        created_at=status.created_at,
        updated_at=status.updated_at,
        started_at=status.started_at,
        finished_at=status.finished_at,
        links=links,
    )


TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


def _yes_no(fields: dict[str, str], name: str, default: bool) -> bool:
    """A true/false form field; InvalidInputError naming it when it is neither."""
    text = fields.get(name, "").strip().lower()
    if not text:
        return default
    if text not in TRUE | FALSE:
        raise InvalidInputError(f"{name}: {text!r} is not true or false", field=name)
    return text in TRUE


def capture_request(fields: dict[str, str], *, keep_names: bool = False) -> CaptureRequest:
    """The upload's choices from its form fields (`keep_names` is the default when the
    upload does not say); InvalidInputError naming a bad one."""
    redact = _yes_no(fields, "redact", True)
    names_kept = _yes_no(fields, "keep_names", keep_names)
    offset_text = fields.get("events_offset", "0").strip() or "0"
    try:
        offset = float(offset_text)
    except ValueError:
        raise InvalidInputError(
            f"events_offset: {offset_text!r} is not a number of seconds", field="events_offset"
        ) from None
    return CaptureRequest(
        kind=fields.get("kind", "auto").strip().lower() or "auto",
        title=fields.get("title") or None,
        area=fields.get("area", "GEN").strip() or "GEN",
        redact=redact,
        keep_names=names_kept,
        events_offset=offset,
    )


async def upload_walkthrough(
    request: Request,
    *,
    actor: Actor | None,
    jobs: JobQueue,
    settings: Settings,
    csrf: str | None = None,
) -> JobStatus:
    """Stream the request's files into a new job's folder and queue the capture."""
    job_id, folder = capture_jobs.prepare_capture(jobs=jobs, actor=actor)
    try:
        received = await receive_upload(
            request.stream(),
            content_type=request.headers.get("content-type", ""),
            folder=folder,
            limit=settings.upload_limit,
            csrf=csrf,
        )
        choices = capture_request(received.fields, keep_names=settings.keep_names)
    except BaseException:
        jobs.discard(job_id)
        raise
    start = partial(
        capture_jobs.start_capture,
        jobs=jobs,
        actor=actor,
        job_id=job_id,
        uploads=received.files,
        request=choices,
    )
    return await run_in_threadpool(start)


UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "The walkthrough's recording, transcript "
                            "(.txt, .md, .vtt, .srt) and event log (.json); recognised by "
                            "content.",
                        },
                        "kind": {"type": "string", "enum": ["auto", "sop", "wi"]},
                        "title": {"type": "string"},
                        "area": {"type": "string", "description": "FIN, HR, IT2 ..."},
                        "redact": {"type": "boolean", "default": True},
                        "keep_names": {
                            "type": "boolean",
                            "description": "Keep people's names instead of redacting them "
                            "as [PERSON]; default: SOPFLOW_KEEP_NAMES (no).",
                        },
                        "events_offset": {"type": "number", "default": 0},
                    },
                }
            }
        },
    }
}


@uploads.post(
    "/api/v1/captures",
    status_code=202,
    response_model=CaptureOut,
    openapi_extra=UPLOAD_BODY,
    responses={413: {"description": "The upload is over SOPFLOW_UPLOAD_LIMIT."}},
)
async def create_capture(
    request: Request, actor: ActorDep, jobs: JobsDep, settings: SettingsDep
) -> JSONResponse:
    """Upload the files of one walkthrough and start drafting them in the background."""
    status = await upload_walkthrough(request, actor=actor, jobs=jobs, settings=settings)
    body = capture_out(status)
    return JSONResponse(
        body.model_dump(mode="json"), status_code=202, headers={"Location": body.links["self"]}
    )


@router.get("/api/v1/captures")
def list_captures(actor: ActorDep, jobs: JobsDep) -> CaptureList:
    """Your most recent captures, newest first."""
    found = capture_jobs.recent_captures(jobs=jobs, actor=actor)
    return CaptureList(captures=[capture_out(status) for status in found])


@router.get("/api/v1/captures/{job_id}")
def get_capture(job_id: JobId, actor: ActorDep, jobs: JobsDep) -> CaptureOut:
    """A capture's state and each stage's progress."""
    return capture_out(capture_jobs.capture_job(jobs, actor, job_id))


@router.get(
    "/api/v1/captures/{job_id}/events",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def capture_events(job_id: JobId, actor: ActorDep, jobs: JobsDep) -> EventSourceResponse:
    """Server-Sent Events: `progress` with the status after each change, then one `done`,
    `failed` or `cancelled` event, and the stream ends."""
    capture_jobs.capture_job(jobs, actor, job_id)

    async def stream() -> AsyncIterator[dict[str, str]]:
        async for status in jobs.events(job_id):
            data = json.dumps(capture_out(status).model_dump(mode="json"))
            event = status.state.value if status.finished else "progress"
            yield {"event": event, "data": data}

    return EventSourceResponse(stream(), ping=15, headers={"Cache-Control": "no-store"})


@router.post("/api/v1/captures/{job_id}/cancel")
def cancel_capture(job_id: JobId, actor: ActorDep, jobs: JobsDep) -> CaptureOut:
    """Stop a queued or running capture."""
    return capture_out(capture_jobs.cancel_capture(jobs=jobs, actor=actor, job_id=job_id))


class DraftOut(BaseModel):
    """One draft of a capture, as the reviewer left it, with its elements' provenance."""

    index: int
    code: str
    kind: str
    title: str
    document: dict[str, Any] = Field(description="The draft as canonical JSON.")
    edited: bool
    accepted: list[str]
    elements: list[dict[str, Any]]


class ResultOut(BaseModel):
    """A finished capture: drafts, quick test, redactions, transcript and recording."""

    id: str
    title: str
    drafts: list[DraftOut]
    classification: dict[str, Any]
    redactions: list[dict[str, Any]]
    transcript: dict[str, Any] | None
    media: dict[str, Any] | None
    screenshots: dict[str, str]
    inputs: list[dict[str, Any]]
    saved: list[dict[str, Any]] | None


def result_out(review: CaptureReview) -> ResultOut:
    """The review as the API shows it."""
    data = review.as_json()
    base = f"/api/v1/captures/{review.job.id}"
    if data["media"] is not None:
        data["media"]["url"] = f"{base}/media"
    for draft in data["drafts"]:
        for item in draft["elements"]:
            name = item["screenshot"]
            item["screenshot_url"] = f"{base}/screenshots/{name}" if name else None
    return ResultOut(**data)


@router.get("/api/v1/captures/{job_id}/result")
def get_result(job_id: JobId, actor: ActorDep, jobs: JobsDep) -> ResultOut:
    """The drafts of a finished capture (409 while it runs or when it failed)."""
    return result_out(capture_review.capture_review(jobs=jobs, actor=actor, job_id=job_id))


@router.get(
    "/api/v1/captures/{job_id}/media",
    response_class=FileResponse,
    responses={206: {"description": "The requested byte range."}},
)
def get_media(job_id: JobId, actor: ActorDep, jobs: JobsDep) -> FileResponse:
    """The capture's recording; supports Range requests, so a player can seek."""
    media = capture_review.capture_media(jobs=jobs, actor=actor, job_id=job_id)
    return FileResponse(media.path, media_type=media.media_type, headers=CACHE)


@router.get("/api/v1/captures/{job_id}/screenshots/{name}", response_class=FileResponse)
def get_screenshot(
    job_id: JobId,
    name: Annotated[str, Path(pattern=r"^[0-9]{3,6}\.png$")],
    actor: ActorDep,
    jobs: JobsDep,
) -> FileResponse:
    """One screenshot of a finished capture, by the name its result gives it."""
    path = capture_review.capture_screenshot(jobs=jobs, actor=actor, job_id=job_id, name=name)
    return FileResponse(path, media_type="image/png", headers=CACHE)


class DraftEdit(BaseModel):
    """A reviewer's version of a draft: the whole document, and the elements they accepted
    (SOP node ids; step-1, step-2 ... for a work instruction's steps)."""

    document: dict[str, Any]
    accepted: list[str] = []


def draft_out(review_draft: ReviewDraft, shots: dict[str, str], job_id: str) -> DraftOut:
    """One draft as the API shows it."""
    items = review_draft.elements(shots)
    for item in items:
        name = item["screenshot"]
        item["screenshot_url"] = f"/api/v1/captures/{job_id}/screenshots/{name}" if name else None
    document = review_draft.document
    return DraftOut(
        index=review_draft.index,
        code=document.code,
        kind=document.kind,
        title=document.title,
        document=document_data(document),
        edited=review_draft.edited,
        accepted=list(review_draft.accepted),
        elements=items,
    )


@router.put("/api/v1/captures/{job_id}/drafts/{index}")
def put_draft(
    job_id: JobId,
    index: Annotated[int, Path(ge=0, le=100)],
    body: DraftEdit,
    actor: ActorDep,
    jobs: JobsDep,
) -> DraftOut:
    """Keep the reviewer's edited draft (checked like any document; 422 names the field)."""
    edited = capture_review.edit_draft(
        jobs=jobs,
        actor=actor,
        job_id=job_id,
        index=index,
        document=body.document,
        accepted=body.accepted,
    )
    review = capture_review.capture_review(jobs=jobs, actor=actor, job_id=job_id)
    return draft_out(edited, review.shots_by_path, job_id)


class SavedOut(BaseModel):
    """A draft saved to the library."""

    code: str
    kind: str
    revision: int
    title: str
    url: str


class SaveOut(BaseModel):
    """The codes the library gave a capture's drafts, main draft first."""

    saved: list[SavedOut]


def saved_out(saved: list[SavedDraft] | tuple[SavedDraft, ...]) -> SaveOut:
    """Saved drafts as the API shows them, with their document pages."""
    return SaveOut(
        saved=[SavedOut(**item.as_json(), url=f"/documents/{item.code}") for item in saved]
    )


@router.post("/api/v1/captures/{job_id}/save", status_code=201)
def save_capture(job_id: JobId, library: LibraryDep, actor: ActorDep, jobs: JobsDep) -> SaveOut:
    """Save the drafts (as edited) to the library as draft revisions under new codes."""
    return saved_out(
        capture_review.save_capture(library=library, jobs=jobs, actor=actor, job_id=job_id)
    )
