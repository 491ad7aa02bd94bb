"""Capture as a background job: the uploaded files of one walkthrough are recognised by
their content, checked and queued; a worker drafts them as `sopflow capture` does and
leaves the result in the job's folder for the review page.

Uploaded names are display text only: each file is stored as input-N with the ending its
content calls for, inside the job's folder, and messages name it as its uploader did.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sopflow.analysis.drafting import Drafts
from sopflow.capture.media.decode import probe
from sopflow.capture.readers.content import recognise
from sopflow.errors import AuthenticationError, InvalidInputError, NotFoundError, SopflowError
from sopflow.formats.allocation import AREA_PATTERN, CodeAllocator
from sopflow.formats.files import write_atomically
from sopflow.formats.yaml_write import document_data
from sopflow.library.store import Library
from sopflow.services.access import Actor, Permission, Role, require
from sopflow.services.capture import (
    CaptureOptions,
    Structured,
    add_screenshots,
    library_documents,
    read_inputs,
    structure_walkthrough,
)
from sopflow.services.capture_result import transcript_data
from sopflow.services.jobs import Handler, JobQueue, JobResult, JobRun, JobStatus

log = logging.getLogger("sopflow.capture")

CAPTURE_JOB = "capture"
"""The kind of job this module runs."""

MAX_FILES = 10
"""The most files one walkthrough may have."""

MAX_TITLE = 200

RESULT_FILE = "result.json"
"""Where jobs finished before the result moved to the record (migration 0012) kept it."""
SCREENSHOTS = "screenshots"

MEDIA_TYPES = {
    ".mp4": ("video/mp4", "audio/mp4"),
    ".mov": ("video/quicktime", "video/quicktime"),
    ".webm": ("video/webm", "audio/webm"),
    ".mkv": ("video/x-matroska", "audio/x-matroska"),
    ".m4a": ("audio/mp4", "audio/mp4"),
    ".mp3": ("audio/mpeg", "audio/mpeg"),
    ".wav": ("audio/wav", "audio/wav"),
    ".ogg": ("video/ogg", "audio/ogg"),
    ".flac": ("audio/flac", "audio/flac"),
    ".aac": ("audio/aac", "audio/aac"),
}
"""The type a browser plays a stored recording as: (with a picture, sound only)."""


@dataclass(frozen=True)
class Upload:
    """One file of a walkthrough as the face received it: where it wrote it (inside the
    job's folder) and the name its uploader gave, which is only ever shown."""

    path: Path
    name: str


@dataclass(frozen=True)
class CaptureRequest:
    """The choices sent with an upload, as given."""

    kind: str = "auto"
    title: str | None = None
    area: str = "GEN"
    redact: bool = True
    keep_names: bool = False
    events_offset: float = 0.0


def display_name(given: str, number: int) -> str:
    """The uploader's name for a file, safe to show: its last path part, without control
    characters, at most 120 characters; "upload-N" when nothing is left."""
    last = re.split(r"[/\\]", given)[-1]
    plain = "".join(ch for ch in last if unicodedata.category(ch)[0] != "C")
    plain = " ".join(plain.split()).strip(". ")
    return plain[:120] or f"upload-{number}"


def _options(request: CaptureRequest) -> dict[str, Any]:
    """The request's choices checked, as the job's JSON inputs."""
    if request.kind not in ("auto", "sop", "wi"):
        raise InvalidInputError(
            f"kind: {request.kind!r} is not a kind; choose auto, sop or wi", field="kind"
        )
    area = request.area.strip().upper()
    if not AREA_PATTERN.match(area):
        raise InvalidInputError(
            f"area: {request.area!r} must be 2 to 8 upper-case letters or digits, starting "
            "with a letter (FIN, HR, IT2)",
            field="area",
        )
    title = " ".join((request.title or "").split()) or None
    if title is not None and len(title) > MAX_TITLE:
        raise InvalidInputError(
            f"title: at most {MAX_TITLE} characters (this one has {len(title)})", field="title"
        )
    if not -86_400 <= request.events_offset <= 86_400:
        raise InvalidInputError("events_offset: at most a day either way", field="events_offset")
    return {
        "kind": request.kind,
        "title": title,
        "area": area,
        "redact": request.redact,
        "keep_names": request.keep_names,
        "events_offset": request.events_offset,
    }


def _label(name: str, kind: str, suffix: str) -> str:
    """The name capture gives the input in the drafts: the uploader's, with the ending an
    event log (or anything else) needs to be read as what it is."""
    is_json = name.lower().endswith(".json")
    if (kind == "event log") != is_json:
        return f"{name}{suffix}"
    return name


def relabelled(message: str, labels: Mapping[str, str]) -> str:
    """A message about stored files naming them as their uploader did."""
    for path, label in sorted(labels.items(), key=lambda item: -len(item[0])):
        message = message.replace(path, label)
    return message


def _store(folder: Path, number: int, upload: Upload) -> dict[str, Any]:
    """Recognise one upload, move it to input-N.<ending> and check a recording."""
    name = display_name(upload.name, number)
    if upload.path.resolve().parent != folder.resolve():
        raise ValueError(f"upload {upload.path} is not in the job's folder {folder}")
    recognised = recognise(upload.path, name=name)
    stored = folder / f"input-{number}{recognised.suffix}"
    upload.path.replace(stored)
    entry: dict[str, Any] = {
        "stored": stored.name,
        "name": name,
        "label": _label(name, recognised.kind, recognised.suffix),
        "kind": recognised.kind,
        "size": stored.stat().st_size,
        "media": None,
    }
    if recognised.kind == "recording":
        try:
            info = probe(stored)
        except SopflowError as error:
            raise SopflowError(relabelled(str(error), {str(stored): name})) from None
        except Exception:  # FFmpeg on a stranger's bytes: whatever it raises, the file is bad
            log.warning("probing an upload failed", exc_info=True)
            raise SopflowError(f"{name}: not a readable audio or video file") from None
        if info.audio_codec is None:
            raise SopflowError(f"{name}: the file has no audio track to transcribe")
        video, audio = MEDIA_TYPES.get(recognised.suffix, ("video/mp4", "audio/mp4"))
        entry["media"] = {
            "kind": "video" if info.has_video else "audio",
            "type": video if info.has_video else audio,
            "duration": info.duration,
        }
    return entry


def _stages(files: Sequence[Mapping[str, Any]]) -> list[str]:
    media = [entry["media"] for entry in files if entry["media"]]
    stages = ["transcribe"] if media else []
    stages.append("structure")
    if any(item["kind"] == "video" for item in media):
        stages.append("screenshots")
    return stages


def prepare_capture(*, jobs: JobQueue, actor: Actor | None) -> tuple[str, Path]:
    """A new capture job's id and the empty folder its files are to be written into."""
    require(actor, Permission.CAPTURE)
    return jobs.new_job()


def start_capture(
    *,
    jobs: JobQueue,
    actor: Actor | None,
    job_id: str,
    uploads: Sequence[Upload],
    request: CaptureRequest,
) -> JobStatus:
    """Check the uploaded files and choices and queue the capture; on any problem the
    job's folder is removed and nothing is queued."""
    try:
        signed = require(actor, Permission.CAPTURE)
        options = _options(request)
        if not uploads:
            raise InvalidInputError(
                "files: upload at least one file of the walkthrough", field="files"
            )
        if len(uploads) > MAX_FILES:
            raise InvalidInputError(f"files: at most {MAX_FILES} files at once", field="files")
        folder = jobs.folder(job_id)
        try:
            files = [_store(folder, number, upload) for number, upload in enumerate(uploads, 1)]
        except InvalidInputError:
            raise
        except SopflowError as error:  # the file's content: the upload's "files" field
            raise InvalidInputError(str(error), field="files") from None
        recordings = [entry["name"] for entry in files if entry["media"]]
        if len(recordings) > 1:
            raise InvalidInputError(
                f"files: one recording per walkthrough ({', '.join(recordings)}); capture "
                "each on its own",
                field="files",
            )
        inputs = {
            "files": files,
            "options": options,
            "owner": {
                "name": signed.name,
                "full_name": signed.full_name,
                "roles": sorted(signed.roles),
                "user_id": signed.user_id,
            },
        }
        return jobs.submit(CAPTURE_JOB, inputs, owner=signed, job_id=job_id, stages=_stages(files))
    except BaseException:
        jobs.discard(job_id)
        raise


def capture_job(jobs: JobQueue, actor: Actor | None, job_id: str) -> JobStatus:
    """The status of a capture job the actor may see: their own, or any with CAPTURE.

    Anyone else is told there is no such job, so ids cannot be probed.
    """
    if actor is None:
        raise AuthenticationError("sign in first")
    try:
        status = jobs.status(job_id)
    except NotFoundError:
        status = None
    own = status is not None and status.owner_name == actor.name
    if own and status is not None and None not in (status.owner_id, actor.user_id):
        own = status.owner_id == actor.user_id
    if status is None or status.kind != CAPTURE_JOB or not (own or actor.can(Permission.CAPTURE)):
        raise NotFoundError(f"capture: no capture job {job_id!r}")
    return status


def cancel_capture(*, jobs: JobQueue, actor: Actor | None, job_id: str) -> JobStatus:
    """Stop a queued or running capture."""
    capture_job(jobs, actor, job_id)
    require(actor, Permission.CAPTURE)
    return jobs.cancel(job_id)


def recent_captures(*, jobs: JobQueue, actor: Actor | None, limit: int = 20) -> list[JobStatus]:
    """The actor's own most recent captures, newest first."""
    signed = require(actor, Permission.CAPTURE)
    return jobs.recent(owner_name=signed.name, kind=CAPTURE_JOB, limit=limit)


# --- the job itself, on a worker ---------------------------------------------------------


def _owner(inputs: Mapping[str, Any]) -> Actor:
    """The job acts as its owner, with the roles they held when they submitted it."""
    owner = inputs["owner"]
    roles = frozenset(Role(name) for name in owner["roles"] if name in set(Role))
    return Actor(owner["name"], owner["full_name"], roles, owner.get("user_id"))


def _drafted(
    run: JobRun,
    paths: Sequence[Path],
    labels: Mapping[str, str],
    documents: tuple[tuple[str, str], ...],
) -> tuple[Structured, Drafts, dict[str, bytes]]:
    """The capture's stages, as the job's owner; messages name files as uploaded."""
    owner = _owner(run.inputs)
    options = run.inputs["options"]
    try:
        walkthrough = read_inputs(
            actor=owner,
            inputs=paths,
            settings=run.settings,
            events_offset=float(options["events_offset"]),
            report=run.report,
        )
        walkthrough = replace(
            walkthrough, sources=tuple(labels.get(s, s) for s in walkthrough.sources)
        )
        run.check_cancelled()
        structured = structure_walkthrough(
            actor=owner,
            walkthrough=walkthrough,
            options=CaptureOptions(
                kind=options["kind"],
                title=options["title"],
                redact=bool(options["redact"]),
                documents=documents,
                keep_names=bool(options.get("keep_names", False)),
            ),
            next_code=CodeAllocator(run.folder / "codes", options["area"]),
            settings=run.settings,
            report=run.report,
        )
        run.check_cancelled()
        drafts, shots = add_screenshots(
            actor=owner, drafts=structured.drafts, walkthrough=walkthrough, report=run.report
        )
    except SopflowError as error:
        raise SopflowError(relabelled(str(error), labels)) from None
    return structured, drafts, shots


def capture_handler(library: Library) -> Handler:
    """The capture job's handler for a server on library: drafts refer to its documents."""

    def handle(run: JobRun) -> JobResult:
        documents = library_documents(library=library, actor=_owner(run.inputs))
        return run_capture(run, documents=documents)

    return handle


def run_capture(run: JobRun, *, documents: tuple[tuple[str, str], ...] = ()) -> JobResult:
    """Draft the walkthrough in the job's folder: the screenshots go there, the result to
    the job's record (written once, with the job's end, by whoever holds the job)."""
    files: list[dict[str, Any]] = list(run.inputs["files"])
    paths = [run.folder / entry["stored"] for entry in files]
    labels = {str(path): entry["label"] for path, entry in zip(paths, files, strict=True)}
    structured, drafts, shots = _drafted(run, paths, labels, documents)
    run.check_cancelled()
    media = next((entry for entry in files if entry["media"]), None)
    result = {
        "title": drafts.documents[0].title,
        "drafts": [document_data(document) for document in drafts.documents],
        "classification": drafts.classification.as_json(),
        "redactions": [record.as_json() for record in structured.captured.redactions],
        "transcript": transcript_data(structured.captured.transcript),
        "media": None
        if media is None
        else {"file": media["stored"], "name": media["name"], **media["media"]},
        "screenshots": _write_screenshots(run.folder, shots),
        "inputs": [{"name": entry["name"], "kind": entry["kind"]} for entry in files],
    }
    summary = {
        "title": result["title"],
        "drafts": [
            {"code": document.code, "kind": document.kind, "title": document.title}
            for document in drafts.documents
        ],
        "classification": drafts.classification.kind,
    }
    return JobResult(summary, result)


def _write_screenshots(folder: Path, shots: Mapping[str, bytes]) -> dict[str, str]:
    """Store the PNGs as 001.png, 002.png, ...; their names mapped to the paths the drafts
    refer to them by."""
    names: dict[str, str] = {}
    for number, path in enumerate(sorted(shots), start=1):
        name = f"{number:03d}.png"
        write_atomically(folder / SCREENSHOTS / name, shots[path])
        names[name] = path
    return names
