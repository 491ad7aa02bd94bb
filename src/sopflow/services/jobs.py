"""Long work behind one narrow interface: submit a job, ask its status, follow its events,
cancel it.

A job's state is plain JSON (`JobStatus.as_json`) recorded in the `capture_jobs` table, and
its files live in SOPFLOW_HOME/jobs/<id>/, so the faces only ever see `JobQueue` and plain
data. The embedded default, `services.job_pool.EmbeddedJobs`, runs jobs on worker threads in
the app's process; `services.celery_jobs.CeleryJobs` queues them on a Celery broker for
`sopflow worker` processes on any machine. Either way a job is claimed in the record before
it runs and its end is written once, by the claim that holds it.
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
from collections.abc import AsyncIterator, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from sopflow.capture.progress import Progress, ProgressReport
from sopflow.errors import NotFoundError, SopflowError
from sopflow.library import jobs as rows
from sopflow.library.store import Library
from sopflow.services.access import Actor
from sopflow.settings import Settings

JOB_ID = re.compile(r"[0-9a-f]{32}")
"""A job id: 32 hex digits, so it is safe as a folder name."""

SAVE_EVERY = 1.0
"""At most one progress write to the record per job per this many seconds (a stage's end is
always written)."""

INTERRUPTED = "interrupted: the server stopped while this job ran; start it again"


class JobState(StrEnum):
    """Where a job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})


@dataclass(frozen=True)
class StageProgress:
    """How far one stage of a job has got: amount done of total in its unit, time left."""

    name: str
    done: float = 0.0
    total: float | None = None
    unit: str = ""
    eta: float | None = None
    """Seconds left in this stage, when they can be estimated."""
    state: str = "pending"  # pending, running, done; stopped when the job ended in it

    @property
    def fraction(self) -> float | None:
        """Done over total between 0 and 1, or None when the total is unknown."""
        if self.state == "done":
            return 1.0
        return Progress(self.name, self.done, self.total, self.unit).fraction

    def as_json(self) -> dict[str, Any]:
        """The stage as JSON, with its fraction."""
        return {
            "name": self.name,
            "done": self.done,
            "total": self.total,
            "unit": self.unit,
            "eta": None if self.eta is None else round(self.eta, 1),
            "state": self.state,
            "fraction": self.fraction,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StageProgress:
        """A stage as `as_json` wrote it."""
        return cls(
            name=str(data["name"]),
            done=float(data.get("done") or 0.0),
            total=None if data.get("total") is None else float(data["total"]),
            unit=str(data.get("unit") or ""),
            eta=None if data.get("eta") is None else float(data["eta"]),
            state=str(data.get("state") or "pending"),
        )


@dataclass(frozen=True)
class JobStatus:
    """Everything known about a job: state, each stage's progress, its result or error."""

    id: str
    kind: str
    state: JobState
    owner_name: str
    owner_id: int | None
    created_at: datetime
    updated_at: datetime
    stages: tuple[StageProgress, ...] = ()
    error: str | None = None
    result: Mapping[str, Any] | None = None
    """The handler's small summary; a job's full result is in its folder."""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    inputs: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def finished(self) -> bool:
        """True once the job is done, failed or cancelled."""
        return self.state in FINISHED

    def as_json(self) -> dict[str, Any]:
        """The status as JSON, as the API and the event stream send it."""
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state.value,
            "owner": self.owner_name,
            "stages": [stage.as_json() for stage in self.stages],
            "error": self.error,
            "result": dict(self.result) if self.result is not None else None,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


def status_of_row(row: rows.JobRow) -> JobStatus:
    """A job's status as its record holds it."""
    return JobStatus(
        id=row.id,
        kind=row.kind,
        state=JobState(row.state),
        owner_name=row.owner_name,
        owner_id=row.owner_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        stages=tuple(StageProgress.from_json(stage) for stage in row.stages),
        error=row.error,
        result=row.result,
        started_at=row.started_at,
        finished_at=row.finished_at,
        inputs=row.inputs,
    )


class JobCancelledError(Exception):
    """Raised inside a running job when it is cancelled or the server stops."""

    def __init__(self, *, interrupted: bool) -> None:
        super().__init__(INTERRUPTED if interrupted else "cancelled")
        self.interrupted = interrupted


@dataclass(frozen=True)
class JobRun:
    """What a handler gets: the job's id, folder and inputs, the settings, and the report
    to send progress to (it raises JobCancelledError once the job is cancelled)."""

    id: str
    folder: Path
    inputs: Mapping[str, Any]
    settings: Settings
    report: ProgressReport
    check_cancelled: Callable[[], None]


@dataclass(frozen=True)
class JobResult:
    """What a handler gives back: a small summary shown with the status, and the full
    result (JSON) kept in the record for whoever reads it later, on any server."""

    summary: Mapping[str, Any]
    output: Mapping[str, Any] | None = None


Handler = Callable[[JobRun], Mapping[str, Any] | JobResult]
"""Runs one kind of job; returns a small JSON summary of the result, or a JobResult."""


def record_queued(
    library: Library,
    *,
    kinds: Collection[str],
    kind: str,
    inputs: Mapping[str, Any],
    owner: Actor,
    job_id: str,
    stages: Sequence[str] = (),
) -> JobStatus:
    """The start of every queue's `submit`: refuse a kind nothing runs, then record the job
    as queued with its stages pending; its status as recorded."""
    if kind not in kinds:
        raise SopflowError(f"kind: no handler runs {kind!r} jobs")
    now = datetime.now(UTC)
    pending = tuple(StageProgress(name) for name in stages)
    with library.transaction() as connection:
        rows.insert_job(
            connection,
            job_id=job_id,
            kind=kind,
            owner_id=owner.user_id,
            owner_name=owner.name,
            inputs=inputs,
            stages=[stage.as_json() for stage in pending],
            now=now,
        )
    return JobStatus(
        id=job_id,
        kind=kind,
        state=JobState.QUEUED,
        owner_name=owner.name,
        owner_id=owner.user_id,
        created_at=now,
        updated_at=now,
        stages=pending,
        inputs=dict(inputs),
    )


@dataclass(frozen=True)
class JobEnd:
    """How a run of a job ended, as its record is to hold it."""

    state: JobState
    error: str | None = None
    result: Mapping[str, Any] | None = None
    output: Mapping[str, Any] | None = None


def stopped_end(*, interrupted: bool) -> JobEnd:
    """The end of a job stopped before it finished: failed as interrupted, or cancelled."""
    if interrupted:
        return JobEnd(JobState.FAILED, error=INTERRUPTED)
    return JobEnd(JobState.CANCELLED)


def run_handler(handler: Handler, run: JobRun, *, kind: str, log: logging.Logger) -> JobEnd:
    """Run a job's handler (once it is not already stopped) and say how it ended; never
    raises: a project error fails the job with its message, a bug with a line for people
    and its traceback in the log."""
    try:
        run.check_cancelled()
        outcome = split_result(handler(run))
    except JobCancelledError as stopped:
        return stopped_end(interrupted=stopped.interrupted)
    except SopflowError as error:
        return JobEnd(JobState.FAILED, error=str(error))
    except Exception as error:
        log.exception("job %s (%s) failed", run.id, kind)
        message = f"the job failed unexpectedly ({type(error).__name__}: {error})"
        return JobEnd(JobState.FAILED, error=message)
    return JobEnd(JobState.DONE, result=dict(outcome.summary), output=outcome.output)


def split_result(value: Mapping[str, Any] | JobResult) -> JobResult:
    """A handler's answer as a JobResult."""
    return value if isinstance(value, JobResult) else JobResult(dict(value))


def advance_stages(
    stages: Sequence[StageProgress], progress: Progress, elapsed: float
) -> tuple[StageProgress, ...]:
    """The stages after a report of progress, which has run for elapsed seconds: stages
    before it are done, it is running (or done) with its time left estimated."""
    changed = list(stages)
    names = [stage.name for stage in changed]
    if progress.stage not in names:
        changed.append(StageProgress(progress.stage))
        names.append(progress.stage)
    index = names.index(progress.stage)
    for before in range(index):
        if changed[before].state == "running":
            changed[before] = replace(changed[before], state="done", eta=0.0)
    changed[index] = _advanced(progress, elapsed)
    return tuple(changed)


def after_report(
    status: JobStatus,
    progress: Progress,
    *,
    started: dict[str, float],
    saved_at: float,
    clock: float,
) -> tuple[JobStatus, bool]:
    """The status after a report of progress at clock (monotonic seconds), each stage timed
    from its first report (kept in started); and whether it is due to be written: SAVE_EVERY
    has passed since saved_at, or the reported stage is done."""
    since = started.setdefault(progress.stage, clock)
    stages = advance_stages(status.stages, progress, clock - since)
    reached = next(stage for stage in stages if stage.name == progress.stage)
    due = clock - saved_at >= SAVE_EVERY or reached.state == "done"
    return replace(status, stages=stages, updated_at=datetime.now(UTC)), due


def ended_stages(stages: Sequence[StageProgress], state: JobState) -> tuple[StageProgress, ...]:
    """The stages as a job that ended in state leaves them: all done, or the running one
    stopped where it was."""
    if state == JobState.DONE:
        return tuple(replace(stage, state="done", eta=0.0) for stage in stages)
    return tuple(
        replace(stage, state="stopped", eta=None) if stage.state == "running" else stage
        for stage in stages
    )


def _advanced(progress: Progress, elapsed: float) -> StageProgress:
    """A stage's progress with the time left estimated from the pace so far."""
    fraction = progress.fraction
    if fraction is not None and fraction >= 1.0:
        return StageProgress(
            progress.stage, progress.done, progress.total, progress.unit, 0.0, "done"
        )
    eta = None
    if fraction is not None and fraction >= 0.02 and elapsed >= 0.2:
        eta = elapsed * (1.0 - fraction) / fraction
    return StageProgress(
        progress.stage, progress.done, progress.total, progress.unit, eta, "running"
    )


class JobQueue(Protocol):
    """The narrow interface the faces use; every method takes or gives plain data."""

    def new_job(self) -> tuple[str, Path]:
        """A fresh job id and its empty folder, to put the inputs in before submitting."""

    def discard(self, job_id: str) -> None:
        """Remove the folder of a job that was never submitted."""

    def folder(self, job_id: str) -> Path:
        """The job's folder."""

    def submit(
        self,
        kind: str,
        inputs: Mapping[str, Any],
        *,
        owner: Actor,
        job_id: str,
        stages: Sequence[str] = (),
    ) -> JobStatus:
        """Queue a job of kind with JSON inputs; `stages` are shown pending until reached."""

    def status(self, job_id: str) -> JobStatus:
        """The job's status; NotFoundError for an unknown id."""

    def events(self, job_id: str) -> AsyncIterator[JobStatus]:
        """The status now and after every change, ending with the finished status."""

    def cancel(self, job_id: str) -> JobStatus:
        """Stop a queued or running job; a finished job stays as it is."""

    def recent(self, *, owner_name: str, kind: str, limit: int = 20) -> list[JobStatus]:
        """An owner's most recent jobs of a kind, newest first."""

    def output(self, job_id: str) -> Mapping[str, Any] | None:
        """The full result a finished job wrote (JobResult.output), or None."""


class JobFolders:
    """Where each job's files live: a folder per job id under `root` (SOPFLOW_HOME/jobs, or
    SOPFLOW_JOB_FILES when workers on other machines must reach them)."""

    root: Path

    def folder(self, job_id: str) -> Path:
        """The job's folder; NotFoundError for a malformed id."""
        if not JOB_ID.fullmatch(job_id):
            raise NotFoundError(f"job: no job {job_id!r}")
        return self.root / job_id

    def new_job(self) -> tuple[str, Path]:
        """A fresh id and its new, empty folder."""
        job_id = secrets.token_hex(16)
        folder = self.folder(job_id)
        folder.mkdir(parents=True, exist_ok=False)
        return job_id, folder

    def discard(self, job_id: str) -> None:
        """Remove a folder made by `new_job` for a job that was never submitted."""
        shutil.rmtree(self.folder(job_id), ignore_errors=True)
