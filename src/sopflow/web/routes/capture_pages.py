"""The capture pages: upload a walkthrough, watch it being drafted, review the drafts
against the recording and save them.

The pages work without script (a plain form upload, a status page to reload, a save form);
`capture.js` and `capture-review.js` add the drag and drop, the progress bars, the player
and the editing on top, through the capture API.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sopflow.model import KIND_NAMES, Sop, WorkInstruction
from sopflow.services import capture_jobs, capture_review
from sopflow.services.capture_result import elements, spans_of, transcript_pieces
from sopflow.services.capture_review import CaptureReview, ReviewDraft
from sopflow.services.jobs import JobState
from sopflow.web.deps import ActorDep, LibraryDep, SettingsDep, SignedInDep, check_csrf
from sopflow.web.jobs import JobsDep
from sopflow.web.pages import page, templates
from sopflow.web.routes.capture import (
    JobId,
    capture_out,
    form_upload_csrf,
    upload_walkthrough,
)
from sopflow.web.uploads import size_text

pages = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
form_uploads = APIRouter(dependencies=[Depends(form_upload_csrf)], include_in_schema=False)

STAGE_LABELS = {
    "transcribe": "Transcribe the recording",
    "structure": "Structure the drafts",
    "screenshots": "Take the screenshots",
}


@pages.get("/capture", response_class=HTMLResponse)
def capture_page(
    request: Request, actor: SignedInDep, jobs: JobsDep, settings: SettingsDep
) -> Response:
    """The upload form, and one's recent captures."""
    recent = capture_jobs.recent_captures(jobs=jobs, actor=actor)
    context = {
        "recent": [capture_out(status) for status in recent],
        "limit": size_text(settings.upload_limit),
        "limit_bytes": settings.upload_limit,
        "keep_names": settings.keep_names,
        "stage_labels": STAGE_LABELS,
    }
    return page(request, "capture.html", context, title="Capture a walkthrough")


@form_uploads.post("/captures")
async def upload_form(
    request: Request,
    actor: ActorDep,
    jobs: JobsDep,
    settings: SettingsDep,
    csrf: Annotated[str | None, Depends(form_upload_csrf)],
) -> Response:
    """The upload form sent without script: on to the capture's progress page."""
    status = await upload_walkthrough(request, actor=actor, jobs=jobs, settings=settings, csrf=csrf)
    return RedirectResponse(f"/captures/{status.id}", status_code=303)


@pages.get("/captures/{job_id}", response_class=HTMLResponse)
def capture_status_page(
    request: Request, job_id: JobId, actor: SignedInDep, jobs: JobsDep
) -> Response:
    """A capture's progress (live with script; reload without); a finished one's review."""
    status = capture_jobs.capture_job(jobs, actor, job_id)
    if status.state == JobState.DONE:
        return RedirectResponse(f"/captures/{job_id}/review", status_code=303)
    job = capture_out(status)
    context = {"job": job, "stage_labels": STAGE_LABELS}
    return page(request, "capture_status.html", context, title=job.title or "Capture")


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _element_view(item: dict[str, Any], number: int | None, job_id: str) -> dict[str, Any]:
    provenance = item["provenance"]
    time = provenance["time"]
    span = provenance["span"]
    confidence = provenance["confidence"]
    label = {"step": "Step", "wi-step": "Step"}.get(item["type"], item["type"].title())
    name = item["screenshot"]
    return {
        **item,
        "label": f"{label} {number}" if number is not None else label,
        "time_start": time[0] if time else None,
        "time_end": time[1] if time else None,
        "time_text": f"{_clock(time[0])}–{_clock(time[1])}" if time else "",
        "span_start": span[0] if span else None,
        "span_end": span[1] if span else None,
        "confidence_text": f"{round(confidence * 100)}%" if confidence is not None else "",
        "screenshot_url": f"/api/v1/captures/{job_id}/screenshots/{name}" if name else None,
        "editable": item["type"] in ("step", "wi-step", "decision", "outcome"),
        "deletable": item["type"] in ("step", "wi-step"),
    }


def draft_view(review: CaptureReview, draft: ReviewDraft) -> dict[str, Any]:
    """What the review page shows of one draft."""
    items = draft.elements(review.shots_by_path)
    before = {item["key"]: item for item in elements(draft.original, {})}
    for item in items:
        earlier = before.get(item["key"])
        item["changed"] = earlier is not None and (
            earlier["text"] != item["text"] or earlier["role"] != item["role"]
        )
    shown = []
    steps = 0
    for item in items:
        number = None
        if item["type"] in ("step", "wi-step"):
            steps += 1
            number = steps
        shown.append(_element_view(item, number, review.job.id))
    by_key = {item["key"]: item for item in shown}
    for item in shown:
        for option in item.get("options", ()):
            target = by_key.get(option["next"])
            option["target"] = f"{target['label']}: {target['text']}" if target else option["next"]
    document = draft.document
    roles = [
        {
            "id": role.id,
            "name": role.name,
            "supported": role.provenance is None or role.provenance.supported,
        }
        for role in (document.roles if isinstance(document, Sop) else ())
    ]
    to_check = sum(
        1
        for item in shown
        if not item["accepted"] and (item["low_confidence"] or not item["supported"])
    )
    return {
        "index": draft.index,
        "kind": document.kind,
        "kind_name": KIND_NAMES[document.kind],
        "title": document.title,
        "code": document.code,
        "elements": shown,
        "steps": steps,
        "to_check": to_check,
        "roles": roles,
        "performer": document.role if isinstance(document, WorkInstruction) else None,
        "edited": draft.edited,
    }


def review_context(review: CaptureReview) -> dict[str, Any]:
    """Everything the review page template needs."""
    documents = [d.original for d in review.drafts] + [d.document for d in review.drafts]
    transcript = review.transcript
    kinds = Counter(str(record.get("kind")) for record in review.redactions)
    media = review.media
    drafts = [draft_view(review, draft) for draft in review.drafts]
    shots = [
        item["screenshot_url"] for d in drafts for item in d["elements"] if item["screenshot_url"]
    ]
    return {
        "review": review,
        "job_id": review.job.id,
        "drafts": drafts,
        "segments": transcript_pieces(transcript, spans_of(documents)) if transcript else [],
        "clock": _clock,
        "media": None
        if media is None
        else {
            "url": f"/api/v1/captures/{review.job.id}/media",
            "kind": media.kind,
            "type": media.media_type,
            "name": media.name,
            "poster": shots[0] if shots else None,
        },
        "classification": review.classification,
        "redactions": sorted(kinds.items()),
        "saved": review.saved,
        "inputs": review.inputs,
        "source_word": "recording" if media is not None else "input",
    }


@pages.get("/captures/{job_id}/review", response_class=HTMLResponse)
def review_page(request: Request, job_id: JobId, actor: SignedInDep, jobs: JobsDep) -> Response:
    """The drafts beside the recording and its transcript, to check, edit and save."""
    status = capture_jobs.capture_job(jobs, actor, job_id)
    if status.state != JobState.DONE:
        return RedirectResponse(f"/captures/{job_id}", status_code=303)
    review = capture_review.capture_review(jobs=jobs, actor=actor, job_id=job_id)
    return page(request, "capture_review.html", review_context(review), title=review.title)


@pages.get("/captures/{job_id}/review/drafts/{index}", response_class=HTMLResponse)
def draft_fragment(
    request: Request, job_id: JobId, index: int, actor: SignedInDep, jobs: JobsDep
) -> Response:
    """One draft's part of the review page, for the page's script to show after an edit."""
    review = capture_review.capture_review(jobs=jobs, actor=actor, job_id=job_id)
    context = review_context(review)
    chosen = [draft for draft in context["drafts"] if draft["index"] == index]
    if not chosen:
        return RedirectResponse(f"/captures/{job_id}/review", status_code=303)
    values = {**context, "draft": chosen[0], "request": request}
    return templates().TemplateResponse(request, "capture_draft.html", values)


@pages.post("/captures/{job_id}/save")
def save_form(job_id: JobId, library: LibraryDep, actor: ActorDep, jobs: JobsDep) -> Response:
    """The save button without script: save, then back to the review page showing codes."""
    capture_review.save_capture(library=library, jobs=jobs, actor=actor, job_id=job_id)
    return RedirectResponse(f"/captures/{job_id}/review", status_code=303)
