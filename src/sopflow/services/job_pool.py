"""The embedded job queue: jobs on a pool of worker threads in the app's process.

Each change of a job is recorded in the library (progress at most once a second), so
`status` works from any process and a restart knows what was running: a job that raises
ends `failed` with a readable message; when the server stops, or its process dies, a
running job ends `failed` as interrupted (at once, or once its claim's lease has passed)
and queued jobs run again. Several app servers on one database each run the jobs they
claim (`services.job_claims`): a job runs on one of them, and a cancel reaches it from any.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sopflow.capture.progress import Progress
from sopflow.errors import NotFoundError, SopflowError
from sopflow.library import jobs as rows
from sopflow.library.store import Library
from sopflow.services.access import Actor
from sopflow.services.job_claims import Heartbeat, new_claim, stale_before
from sopflow.services.jobs import (
    INTERRUPTED,
    Handler,
    JobCancelledError,
    JobEnd,
    JobFolders,
    JobRun,
    JobState,
    JobStatus,
    after_report,
    ended_stages,
    record_queued,
    run_handler,
    status_of_row,
    stopped_end,
)
from sopflow.settings import Settings

log = logging.getLogger("sopflow.jobs")

POLL = 1.0
"""How often an event stream looks at a job it cannot be told about (another process's)."""
WATCH = 15.0
"""How long an event stream waits for news of a job this process runs before looking."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Live:
    """A job this process runs: its latest status and who waits for a change."""

    status: JobStatus
    future: Future[None] | None = None
    stop: str | None = None  # "cancelled" or "interrupted" once asked to stop
    token: str | None = None  # the claim this process holds on the job once it runs
    stage_started: dict[str, float] = field(default_factory=dict)
    saved_at: float = 0.0
    waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = field(default_factory=list)


class EmbeddedJobs(JobFolders):
    """Jobs on a pool of worker threads in this process, recorded in the library."""

    def __init__(
        self,
        *,
        library: Library,
        settings: Settings,
        handlers: Mapping[str, Handler],
        workers: int | None = None,
    ) -> None:
        self.library = library
        self.settings = settings
        self.handlers = dict(handlers)
        self.workers = workers or settings.capture_workers
        self.root = settings.jobs_folder
        self._live: dict[str, _Live] = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self._executor: ThreadPoolExecutor | None = None
        self._heartbeat = Heartbeat(
            library=library, lease=settings.job_lease, on_stop=self._told, sweep=self._sweep
        )

    # --- the pool's life -------------------------------------------------------------

    def start(self) -> None:
        """Fail the jobs a dead process left running, start the workers, queue the rest
        (a job another server also queues runs once: on whichever claims it first)."""
        self._sweep()
        with self.library.reading() as connection:
            unfinished = rows.unfinished_jobs(connection)
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="sopflow-job")
        self._heartbeat.start()
        for row in unfinished:
            if row.state == JobState.QUEUED and row.kind in self.handlers:
                self._enqueue(status_of_row(row))

    def _sweep(self) -> None:
        """End as interrupted every running job whose claimant stopped beating: its process
        died (a crash, kill -9), on this server or another."""
        now = _now()
        with self.library.transaction() as connection:
            for row in rows.stale_running(connection, stale_before=stale_before(self._lease)):
                stages = ended_stages(status_of_row(row).stages, JobState.FAILED)
                rows.update_job(
                    connection,
                    job_id=row.id,
                    now=now,
                    state=JobState.FAILED,
                    error=INTERRUPTED,
                    finished_at=now,
                    stages=[stage.as_json() for stage in stages],
                )

    @property
    def _lease(self) -> float:
        return self.settings.job_lease

    def _told(self, job_id: str, answer: str) -> None:
        """The heartbeat's news: cancelled from another server, or the claim was lost."""
        with self._lock:
            live = self._live.get(job_id)
            if live is not None and live.stop is None:
                live.stop = "cancelled" if answer == "cancelled" else "interrupted"

    def stop(self) -> None:
        """Interrupt running jobs, drop queued ones from memory (they stay queued in the
        record, so the next start runs them) and wait for the workers to end."""
        with self._lock:
            for live in self._live.values():
                live.stop = "interrupted"
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._heartbeat.stop()
        with self._lock:
            self._live.clear()

    # --- the interface -----------------------------------------------------------------

    def submit(
        self,
        kind: str,
        inputs: Mapping[str, Any],
        *,
        owner: Actor,
        job_id: str,
        stages: Sequence[str] = (),
    ) -> JobStatus:
        """Record the job as queued and hand it to the pool."""
        if self._executor is None and kind in self.handlers:
            raise SopflowError("the job pool is not running")
        status = record_queued(
            self.library,
            kinds=self.handlers,
            kind=kind,
            inputs=inputs,
            owner=owner,
            job_id=job_id,
            stages=stages,
        )
        self._enqueue(status)
        return status

    def status(self, job_id: str) -> JobStatus:
        """The latest status: from memory for a job this process runs, else the record."""
        self.folder(job_id)  # checks the id's form
        with self._lock:
            live = self._live.get(job_id)
            if live is not None:
                return live.status
        with self.library.reading() as connection:
            row = rows.find_job(connection, job_id=job_id)
        if row is None:
            raise NotFoundError(f"job: no job {job_id!r}")
        return status_of_row(row)

    async def events(self, job_id: str) -> AsyncIterator[JobStatus]:
        """The status now, then after each change, until the job has finished."""
        last: JobStatus | None = None
        loop = asyncio.get_running_loop()
        while True:
            changed = asyncio.Event()
            watching = self._watch(job_id, loop, changed)
            try:
                current = self.status(job_id)
                if current != last:
                    last = current
                    yield current
                if current.finished:
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), POLL if not watching else WATCH)
            finally:
                self._unwatch(job_id, changed)

    def wait(self, job_id: str, timeout: float = 300.0) -> JobStatus:
        """Block until the job has finished (for tests and scripts); its final status."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.status(job_id)
            left = deadline - time.monotonic()
            if status.finished or left <= 0:
                return status
            with self._changed:
                self._changed.wait(min(left, 0.5))

    def cancel(self, job_id: str) -> JobStatus:
        """Ask a job to stop: a queued one is cancelled at once, a running one at its next
        progress report."""
        with self._lock:
            live = self._live.get(job_id)
            if live is not None and live.stop is None:
                live.stop = "cancelled"
            future = live.future if live is not None else None
        if future is not None and future.cancel():
            self._finish(job_id, JobEnd(JobState.CANCELLED))
        elif live is None:  # queued or running on another server: tell it through the record
            self.folder(job_id)
            with self.library.transaction() as connection:
                rows.request_stop(connection, job_id=job_id, now=_now())
        return self.status(job_id)

    def output(self, job_id: str) -> Mapping[str, Any] | None:
        """The full result the job wrote when it ended, from the record."""
        self.folder(job_id)
        with self.library.reading() as connection:
            return rows.find_output(connection, job_id=job_id)

    def recent(self, *, owner_name: str, kind: str, limit: int = 20) -> list[JobStatus]:
        """An owner's most recent jobs of a kind, newest first, as fresh as memory has them."""
        with self.library.reading() as connection:
            found = rows.jobs_of(connection, owner_name=owner_name, kind=kind, limit=limit)
        with self._lock:
            return [
                self._live[row.id].status if row.id in self._live else status_of_row(row)
                for row in found
            ]

    # --- running -----------------------------------------------------------------------

    def _enqueue(self, status: JobStatus) -> None:
        assert self._executor is not None
        with self._lock:
            live = self._live[status.id] = _Live(status)
            live.future = self._executor.submit(self._run, status.id)

    def _run(self, job_id: str) -> None:
        """One job on a worker thread, from running to its end; never raises."""
        with self._lock:
            live = self._live.get(job_id)
            if live is None:
                return
            status = live.status
        if live.stop is not None:
            self._finish(job_id, stopped_end(interrupted=live.stop == "interrupted"))
            return
        if not self._claim(live):
            return
        self._change(job_id, state=JobState.RUNNING, started_at=_now(), save=False)
        run = JobRun(
            id=job_id,
            folder=self.folder(job_id),
            inputs=status.inputs,
            settings=self.settings,
            report=lambda progress: self._progress(job_id, progress),
            check_cancelled=lambda: self._check(job_id),
        )
        self._finish(
            job_id, run_handler(self.handlers[status.kind], run, kind=status.kind, log=log)
        )

    def _claim(self, live: _Live) -> bool:
        """Claim the job in the record; False (and forget it) when another server has it or
        it was cancelled there."""
        token = new_claim()
        job_id = live.status.id
        with self.library.transaction() as connection:
            claimed = rows.claim_job(
                connection,
                job_id=job_id,
                token=token,
                now=_now(),
                stale_before=stale_before(self._lease),
            )
        if not claimed:
            with self._lock:
                self._live.pop(job_id, None)
            self._notify(job_id)
            return False
        with self._lock:
            live.token = token
        self._heartbeat.hold(job_id, token)
        return True

    def _check(self, job_id: str) -> None:
        with self._lock:
            live = self._live.get(job_id)
            stop = live.stop if live is not None else None
        if stop is not None:
            raise JobCancelledError(interrupted=stop == "interrupted")

    def _progress(self, job_id: str, progress: Progress) -> None:
        """Record a stage's progress; stop the job here when it was asked to stop."""
        self._check(job_id)
        clock = time.monotonic()
        with self._lock:
            live = self._live[job_id]
            live.status, save = after_report(
                live.status,
                progress,
                started=live.stage_started,
                saved_at=live.saved_at,
                clock=clock,
            )
            if save:
                live.saved_at = clock
        if save:
            self._save(job_id)
        self._notify(job_id)

    def _change(self, job_id: str, *, save: bool, **changes: Any) -> JobStatus:
        with self._lock:
            live = self._live[job_id]
            live.status = replace(live.status, updated_at=_now(), **changes)
            status = live.status
        if save:
            self._save(job_id)
        self._notify(job_id)
        return status

    def _finish(self, job_id: str, end: JobEnd) -> None:
        """Record the end of a job and forget it: from now on the record is its status.

        The record is written before anyone here is told, so whoever sees the job finished
        finds its result in the record."""
        with self._lock:
            live = self._live.get(job_id)
            if live is None:
                return
            final = replace(
                live.status,
                state=end.state,
                error=end.error,
                result=end.result,
                stages=ended_stages(live.status.stages, end.state),
                finished_at=_now(),
                updated_at=_now(),
            )
        try:
            self._save(job_id, final, end.output)
        except SopflowError:  # the library went away: the next start marks it interrupted
            log.exception("job %s: could not record its end", job_id)
        with self._lock:
            live.status = final
        self._heartbeat.release(job_id)
        self._notify(job_id)
        with self._lock:
            self._live.pop(job_id, None)

    def _save(
        self,
        job_id: str,
        final: JobStatus | None = None,
        output: Mapping[str, Any] | None = None,
    ) -> None:
        """Write the job's status (or its final one), as long as this process's claim holds
        it; a job never claimed here (cancelled while queued) ends only if still queued."""
        with self._lock:
            live = self._live[job_id]
            status, token = final or live.status, live.token
        with self.library.transaction() as connection:
            if token is None:  # interrupted before it ran: it stays queued for the next start
                if status.state == JobState.CANCELLED:
                    rows.request_stop(connection, job_id=job_id, now=status.updated_at)
                return
            held = rows.update_job(
                connection,
                job_id=job_id,
                now=status.updated_at,
                state=status.state.value,
                stages=[stage.as_json() for stage in status.stages],
                error=status.error,
                result=status.result,
                started_at=status.started_at,
                finished_at=status.finished_at,
                holder=token,
                output=output,
            )
        if not held:  # another process took the job over, or it was ended for us
            self._told(job_id, "lost")

    # --- telling waiters ---------------------------------------------------------------

    def _watch(self, job_id: str, loop: asyncio.AbstractEventLoop, changed: asyncio.Event) -> bool:
        with self._lock:
            live = self._live.get(job_id)
            if live is None:
                return False
            live.waiters.append((loop, changed))
            return True

    def _unwatch(self, job_id: str, changed: asyncio.Event) -> None:
        with self._lock:
            live = self._live.get(job_id)
            if live is not None:
                live.waiters = [(lp, ev) for lp, ev in live.waiters if ev is not changed]

    def _notify(self, job_id: str) -> None:
        with self._lock:
            live = self._live.get(job_id)
            waiters = list(live.waiters) if live is not None else []
        for loop, changed in waiters:
            try:
                loop.call_soon_threadsafe(changed.set)
            except RuntimeError:  # that stream's loop has closed
                continue
        with self._changed:
            self._changed.notify_all()
