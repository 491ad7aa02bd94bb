"""Reviewing a finished capture: its drafts beside the recording and the transcript, the
reviewer's edits, and saving the drafts to the library.

The job's own result (in its record) is never changed; edits go to `review.json` and the
saved codes to `saved.json`, in the job's folder (SOPFLOW_JOB_FILES, which every app server
shares). A capture is saved once, whichever server is asked (the claim is a file made
exclusively in that folder): after that its documents live in the library.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sopflow.errors import ConflictError, InvalidInputError, NotFoundError, SopflowError
from sopflow.formats.files import write_atomically
from sopflow.formats.yaml_write import document_data
from sopflow.library.revisions import document_from_json
from sopflow.library.store import Library
from sopflow.model import AnyDocument
from sopflow.model.media import media_paths
from sopflow.services.access import Actor, Permission, require
from sopflow.services.capture import save_captured
from sopflow.services.capture_jobs import RESULT_FILE, SCREENSHOTS, capture_job
from sopflow.services.capture_result import elements, parse_draft, with_accepted
from sopflow.services.jobs import JobQueue, JobState, JobStatus

REVIEW_FILE = "review.json"
SAVED_FILE = "saved.json"
SAVING_FILE = ".saving"

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock(job_id: str) -> threading.Lock:
    """One lock per job, so two edits of one capture never interleave."""
    with _locks_guard:
        return _locks.setdefault(job_id, threading.Lock())


@dataclass(frozen=True)
class SavedDraft:
    """A draft as the library stored it."""

    code: str
    kind: str
    revision: int
    title: str

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "revision": self.revision,
            "title": self.title,
        }


@dataclass(frozen=True)
class ReviewDraft:
    """One draft of a capture as the reviewer has left it."""

    index: int
    original: AnyDocument
    document: AnyDocument
    accepted: tuple[str, ...]

    @property
    def edited(self) -> bool:
        return self.document != self.original or bool(self.accepted)

    def elements(self, shots: Mapping[str, str]) -> list[dict[str, Any]]:
        """The draft's elements with their provenance, marked accepted where they are."""
        found = elements(self.document, shots)
        for item in found:
            item["accepted"] = item["key"] in self.accepted
        return found


@dataclass(frozen=True)
class MediaFile:
    """The recording of a capture: where it is, how a browser plays it, what it was called."""

    path: Path
    media_type: str
    name: str
    kind: str  # video or audio
    duration: float | None


@dataclass(frozen=True)
class CaptureReview:
    """Everything the review page shows of a finished capture."""

    job: JobStatus
    title: str
    drafts: tuple[ReviewDraft, ...]
    classification: Mapping[str, Any]
    redactions: tuple[Mapping[str, Any], ...]
    transcript: Mapping[str, Any] | None
    media: MediaFile | None
    screenshots: Mapping[str, str]
    """Screenshot name in the job → the path the drafts refer to it by."""
    inputs: tuple[Mapping[str, Any], ...]
    saved: tuple[SavedDraft, ...] | None

    @property
    def shots_by_path(self) -> dict[str, str]:
        return {path: name for name, path in self.screenshots.items()}

    def as_json(self) -> dict[str, Any]:
        """The review as the API gives it."""
        shots = self.shots_by_path
        return {
            "id": self.job.id,
            "title": self.title,
            "drafts": [
                {
                    "index": draft.index,
                    "code": draft.document.code,
                    "kind": draft.document.kind,
                    "title": draft.document.title,
                    "document": document_data(draft.document),
                    "edited": draft.edited,
                    "accepted": list(draft.accepted),
                    "elements": draft.elements(shots),
                }
                for draft in self.drafts
            ],
            "classification": dict(self.classification),
            "redactions": [dict(record) for record in self.redactions],
            "transcript": dict(self.transcript) if self.transcript is not None else None,
            "media": None
            if self.media is None
            else {
                "name": self.media.name,
                "kind": self.media.kind,
                "type": self.media.media_type,
                "duration": self.media.duration,
            },
            "screenshots": dict(self.screenshots),
            "inputs": [dict(item) for item in self.inputs],
            "saved": None if self.saved is None else [item.as_json() for item in self.saved],
        }


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _finished(jobs: JobQueue, actor: Actor | None, job_id: str) -> tuple[JobStatus, Path]:
    status = capture_job(jobs, actor, job_id)
    if status.state != JobState.DONE:
        why = f": {status.error}" if status.error else ""
        raise ConflictError(f"capture {job_id} is {status.state.value}{why}; it has no drafts")
    return status, jobs.folder(job_id)


def _review(jobs: JobQueue, status: JobStatus, folder: Path) -> CaptureReview:
    result = jobs.output(status.id) or _read_json(folder / RESULT_FILE)
    if result is None:
        raise SopflowError(f"capture {status.id}: its result is missing from the server")
    edits: dict[str, Any] = _read_json(folder / REVIEW_FILE) or {}
    drafts = []
    for index, data in enumerate(result["drafts"]):
        original = document_from_json(json.dumps(data))
        edit = edits.get(str(index))
        document = document_from_json(json.dumps(edit["document"])) if edit else original
        accepted = tuple(edit["accepted"]) if edit else ()
        drafts.append(ReviewDraft(index, original, document, accepted))
    saved = _read_json(folder / SAVED_FILE)
    media = result.get("media")
    return CaptureReview(
        job=status,
        title=result["title"],
        drafts=tuple(drafts),
        classification=result["classification"],
        redactions=tuple(result["redactions"]),
        transcript=result.get("transcript"),
        media=None
        if media is None
        else MediaFile(
            folder / media["file"], media["type"], media["name"], media["kind"], media["duration"]
        ),
        screenshots=result.get("screenshots") or {},
        inputs=tuple(result.get("inputs") or ()),
        saved=None if saved is None else tuple(SavedDraft(**item) for item in saved),
    )


def capture_review(*, jobs: JobQueue, actor: Actor | None, job_id: str) -> CaptureReview:
    """A finished capture's drafts (as edited), classification, redactions, transcript and
    recording; ConflictError while it is still running or when it failed."""
    status, folder = _finished(jobs, actor, job_id)
    return _review(jobs, status, folder)


def capture_media(*, jobs: JobQueue, actor: Actor | None, job_id: str) -> MediaFile:
    """The capture's recording; NotFoundError for a capture from text only."""
    status = capture_job(jobs, actor, job_id)
    folder = jobs.folder(job_id)
    entry = next((item for item in status.inputs.get("files", ()) if item.get("media")), None)
    if entry is None:
        raise NotFoundError(f"capture {job_id}: it has no recording")
    media = entry["media"]
    return MediaFile(
        folder / entry["stored"], media["type"], entry["name"], media["kind"], media["duration"]
    )


def capture_screenshot(*, jobs: JobQueue, actor: Actor | None, job_id: str, name: str) -> Path:
    """One screenshot of a finished capture, by the name its result gives it."""
    review = capture_review(jobs=jobs, actor=actor, job_id=job_id)
    if name not in review.screenshots:
        raise NotFoundError(f"capture {job_id}: no screenshot {name!r}")
    return jobs.folder(job_id) / SCREENSHOTS / name


def edit_draft(
    *,
    jobs: JobQueue,
    actor: Actor | None,
    job_id: str,
    index: int,
    document: Any,
    accepted: Sequence[str] = (),
) -> ReviewDraft:
    """Keep the reviewer's version of draft `index`, checked like any document, and the
    elements they accepted (marked as confirmed when the draft is saved)."""
    require(actor, Permission.CAPTURE)
    status, folder = _finished(jobs, actor, job_id)
    with _lock(job_id):
        review = _review(jobs, status, folder)
        if review.saved is not None:
            raise ConflictError(_saved_message(job_id, review.saved))
        if not 0 <= index < len(review.drafts):
            raise NotFoundError(f"index: capture {job_id} has no draft {index}")
        original = review.drafts[index].original
        edited = parse_draft(document, original)
        with_accepted(edited, accepted)  # every accepted key names an element
        edits: dict[str, Any] = _read_json(folder / REVIEW_FILE) or {}
        edits[str(index)] = {"document": document_data(edited), "accepted": sorted(set(accepted))}
        write_atomically(folder / REVIEW_FILE, json.dumps(edits, ensure_ascii=False))
        return ReviewDraft(index, original, edited, tuple(sorted(set(accepted))))


def _saved_message(job_id: str, saved: Sequence[SavedDraft]) -> str:
    codes = ", ".join(item.code for item in saved)
    return f"capture {job_id} was saved as {codes}; edit them in the library"


def _files(
    folder: Path, review: CaptureReview, documents: Sequence[AnyDocument]
) -> dict[str, bytes]:
    """The screenshots the documents still refer to, by the paths they use."""
    by_path = review.shots_by_path
    files: dict[str, bytes] = {}
    for document in documents:
        for path in media_paths(document):
            if path in by_path:
                files[path] = (folder / SCREENSHOTS / by_path[path]).read_bytes()
    return files


def save_capture(
    *, library: Library, jobs: JobQueue, actor: Actor | None, job_id: str
) -> list[SavedDraft]:
    """Store the capture's drafts, as the reviewer left them, as draft revisions under codes
    from the library's counter; the codes, main draft first. A capture is saved once."""
    require(actor, Permission.CAPTURE)
    status, folder = _finished(jobs, actor, job_id)
    with _lock(job_id):
        review = _review(jobs, status, folder)
        if review.saved is not None:
            raise ConflictError(_saved_message(job_id, review.saved))
        try:
            claim = os.open(folder / SAVING_FILE, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            raise ConflictError(f"capture {job_id} is being saved already") from None
        os.close(claim)
        try:
            documents = [with_accepted(draft.document, draft.accepted) for draft in review.drafts]
            infos = save_captured(
                library=library,
                actor=actor,
                documents=documents,
                files=_files(folder, review, documents),
            )
            saved = [
                SavedDraft(info.code, document.kind, info.number, document.title)
                for info, document in zip(infos, documents, strict=True)
            ]
            write_atomically(folder / SAVED_FILE, json.dumps([item.as_json() for item in saved]))
            return saved
        finally:
            (folder / SAVING_FILE).unlink(missing_ok=True)


def check_index(text: str) -> int:
    """A draft index from a path, or an InvalidInputError naming it."""
    if not text.isdigit():
        raise InvalidInputError(f"index: {text!r} is not a draft number", field="index")
    return int(text)
