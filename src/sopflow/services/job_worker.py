"""Running one queued job on a worker, wherever the message about it was delivered.

A broker may deliver a job's message more than once: again after a worker died holding it
(acks late), or twice at once. So a delivery first claims the job in its record: a job that
has ended is left alone (nothing is written again), a job another live claim holds is tried
again once that claim could have gone stale, and only the claim that holds the job may
record its progress and its end. The draft is therefore written once, by one attempt.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sopflow.capture.progress import Progress
from sopflow.errors import SopflowError
from sopflow.library import jobs as rows
from sopflow.library.store import Library
from sopflow.services.job_claims import Heartbeat, new_claim, now, stale_before
from sopflow.services.jobs import (
    FINISHED,
    Handler,
    JobCancelledError,
    JobEnd,
    JobRun,
    JobState,
    JobStatus,
    StageProgress,
    after_report,
    ended_stages,
    run_handler,
    status_of_row,
)
from sopflow.settings import Settings

log = logging.getLogger("sopflow.worker")


@dataclass
class _Attempt:
    """One claim's run of a job: its status as this worker sees it."""

    status: JobStatus
    token: str
    stop: str | None = None  # "cancelled" or "lost" once told
    saved_at: float = 0.0
    stage_started: dict[str, float] = field(default_factory=dict)


class JobWorker:
    """Runs delivered jobs on this process, recorded in the library."""

    def __init__(
        self, *, library: Library, settings: Settings, handlers: Mapping[str, Handler]
    ) -> None:
        self.library = library
        self.settings = settings
        self.handlers = dict(handlers)
        self.root = settings.jobs_folder
        self._attempts: dict[str, _Attempt] = {}
        self._lock = threading.Lock()
        self._heartbeat = Heartbeat(library=library, lease=settings.job_lease, on_stop=self._told)

    def start(self) -> None:
        """Begin proving this worker's claims alive."""
        self._heartbeat.start()

    def stop(self) -> None:
        """Stop the heartbeat (claims still held go stale and are taken over)."""
        self._heartbeat.stop()

    def run(self, job_id: str) -> float | None:
        """Run a delivered job, or learn it needs no run; seconds to wait before trying again
        when another live claim holds it, else None (the delivery is done with)."""
        with self.library.reading() as connection:
            row = rows.find_job(connection, job_id=job_id)
        if row is None or JobState(row.state) in FINISHED:
            return None  # unknown here, or ended already: a repeated delivery changes nothing
        if row.kind not in self.handlers:
            log.error("job %s: this worker runs no %r jobs", job_id, row.kind)
            return None
        token = new_claim()
        with self.library.transaction() as connection:
            claimed = rows.claim_job(
                connection,
                job_id=job_id,
                token=token,
                now=now(),
                stale_before=stale_before(self.settings.job_lease),
            )
            row = rows.find_job(connection, job_id=job_id)
        if row is None or JobState(row.state) in FINISHED:
            return None
        if not claimed:
            beat = row.heartbeat_at or now()
            return max(1.0, self.settings.job_lease - (now() - beat).total_seconds() + 1.0)
        fresh = tuple(StageProgress(stage.name) for stage in status_of_row(row).stages)
        attempt = _Attempt(replace(status_of_row(row), stages=fresh), token, stop=row.stop)
        with self._lock:
            self._attempts[job_id] = attempt
        self._heartbeat.hold(job_id, token)
        try:
            self._execute(attempt)
        finally:
            self._heartbeat.release(job_id)
            with self._lock:
                self._attempts.pop(job_id, None)
        return None

    def _execute(self, attempt: _Attempt) -> None:
        """The handler, from the claim to the recorded end; never raises."""
        status = attempt.status
        log.info("job %s: claimed as %s, starts", status.id, attempt.token[:8])
        run = JobRun(
            id=status.id,
            folder=self.root / status.id,
            inputs=status.inputs,
            settings=self.settings,
            report=lambda progress: self._progress(attempt, progress),
            check_cancelled=lambda: self._check(attempt),
        )
        self._finish(
            attempt, run_handler(self.handlers[status.kind], run, kind=status.kind, log=log)
        )

    def _told(self, job_id: str, answer: str) -> None:
        with self._lock:
            attempt = self._attempts.get(job_id)
            if attempt is not None and attempt.stop is None:
                attempt.stop = answer

    def _check(self, attempt: _Attempt) -> None:
        if attempt.stop is not None:
            raise JobCancelledError(interrupted=attempt.stop != "cancelled")

    def _progress(self, attempt: _Attempt, progress: Progress) -> None:
        """Record a stage's progress at most once a second, and learn then whether the job
        was cancelled or taken over; stop here if so."""
        self._check(attempt)
        clock = time.monotonic()
        attempt.status, due = after_report(
            attempt.status,
            progress,
            started=attempt.stage_started,
            saved_at=attempt.saved_at,
            clock=clock,
        )
        if not due:
            return
        attempt.saved_at = clock
        job_id = attempt.status.id
        with self.library.transaction() as connection:
            held = rows.update_job(
                connection,
                job_id=job_id,
                now=attempt.status.updated_at,
                stages=[stage.as_json() for stage in attempt.status.stages],
                holder=attempt.token,
            )
            answer = rows.beat(connection, job_id=job_id, token=attempt.token, now=now())
        if not held or answer is not None:
            self._told(job_id, "lost" if not held else str(answer))
        self._check(attempt)

    def _finish(self, attempt: _Attempt, end: JobEnd) -> None:
        """Record the end, if this claim still holds the job: one attempt writes it."""
        if end.state == JobState.FAILED and attempt.stop == "lost":
            log.warning("job %s: another claim holds it now; this attempt ends", attempt.status.id)
            return
        moment = now()
        try:
            with self.library.transaction() as connection:
                written = rows.update_job(
                    connection,
                    job_id=attempt.status.id,
                    now=moment,
                    state=end.state.value,
                    stages=[s.as_json() for s in ended_stages(attempt.status.stages, end.state)],
                    error=end.error,
                    result=end.result,
                    finished_at=moment,
                    holder=attempt.token,
                    output=end.output,
                )
        except SopflowError:  # the database is away: the claim goes stale, the job is redone
            log.exception("job %s: could not record its end", attempt.status.id)
            return
        if not written:
            log.warning("job %s: taken over before it ended; not written", attempt.status.id)
