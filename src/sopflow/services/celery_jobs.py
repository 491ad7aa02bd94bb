"""Capture jobs on a Celery broker (SOPFLOW_BROKER_URL), run by `sopflow worker` processes
on any machine, behind the same `JobQueue` interface as the embedded pool.

Only the job's id travels through the broker. Its inputs, progress, result and end are in
the library's `capture_jobs` record, and its files in SOPFLOW_JOB_FILES, which every app
server and worker reaches; so any app server answers for any job, and its event stream
follows the record. Messages are acknowledged late: a worker that dies mid-job leaves its
message to be delivered to another, which takes the job over once the dead claim's lease
has passed (`services.job_worker`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from celery import Celery

from sopflow.errors import NotFoundError, SopflowError, UnavailableError
from sopflow.library import jobs as rows
from sopflow.library.store import Library, open_library
from sopflow.services.access import Actor
from sopflow.services.job_worker import JobWorker
from sopflow.services.jobs import JobFolders, JobStatus, record_queued, status_of_row
from sopflow.settings import Settings

log = logging.getLogger("sopflow.jobs")

TASK = "sopflow.run_job"
"""The one task: run the job whose id the message carries."""
POLL = 0.5
RETRY_UNREACHABLE = 5.0
"""Seconds before a worker that could not reach the library looks at a job again."""
"""How often an event stream reads the job's record."""


def celery_app(settings: Settings) -> Celery:
    """A Celery app on the configured broker: late acknowledgement, one message at a time
    per worker thread, no results through the broker."""
    if settings.broker_url is None:
        raise SopflowError("SOPFLOW_BROKER_URL: set it to the broker capture jobs go to")
    app = Celery("sopflow", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_default_queue=settings.job_queue,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=3,
        broker_transport_options={"visibility_timeout": max(10, int(settings.job_lease * 2))},
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        enable_utc=True,
    )
    return app


def _now() -> datetime:
    return datetime.now(UTC)


class CeleryJobs(JobFolders):
    """The app server's side: record jobs, publish their ids, read their records."""

    def __init__(self, *, library: Library, settings: Settings, kinds: Collection[str]) -> None:
        self.library = library
        self.settings = settings
        self.kinds = frozenset(kinds)
        self.root = settings.jobs_folder
        self.app = celery_app(settings)

    def start(self) -> None:
        """Nothing to start: the broker is reached when a job is published."""
        self.root.mkdir(parents=True, exist_ok=True)

    def stop(self) -> None:
        """Close the connections to the broker."""
        self.app.close()

    def submit(
        self,
        kind: str,
        inputs: Mapping[str, Any],
        *,
        owner: Actor,
        job_id: str,
        stages: Sequence[str] = (),
    ) -> JobStatus:
        """Record the job as queued, then publish its id; a broker out of reach undoes the
        record and says so (UnavailableError): nothing is accepted that no worker will see."""
        record_queued(
            self.library,
            kinds=self.kinds,
            kind=kind,
            inputs=inputs,
            owner=owner,
            job_id=job_id,
            stages=stages,
        )
        try:
            self.app.send_task(TASK, args=[job_id], queue=self.settings.job_queue)
        except Exception as error:  # kombu's and the client's errors: the broker is away
            log.warning("job %s: could not publish it", job_id, exc_info=True)
            with self.library.transaction() as connection:
                rows.delete_job(connection, job_id=job_id)
            raise UnavailableError(
                f"the job queue cannot be reached ({type(error).__name__}); nothing was "
                "stored: upload the files again in a moment"
            ) from None
        return self.status(job_id)

    def status(self, job_id: str) -> JobStatus:
        """The job as its record holds it."""
        self.folder(job_id)
        with self.library.reading() as connection:
            row = rows.find_job(connection, job_id=job_id)
        if row is None:
            raise NotFoundError(f"job: no job {job_id!r}")
        return status_of_row(row)

    async def events(self, job_id: str) -> AsyncIterator[JobStatus]:
        """The status now, then after each change the record shows, until it has ended."""
        last: JobStatus | None = None
        while True:
            current = await asyncio.to_thread(self.status, job_id)
            if current != last:
                last = current
                yield current
            if current.finished:
                return
            await asyncio.sleep(POLL)

    def cancel(self, job_id: str) -> JobStatus:
        """A queued job is cancelled now; a running one when its worker next reports."""
        self.folder(job_id)
        with self.library.transaction() as connection:
            rows.request_stop(connection, job_id=job_id, now=_now())
        return self.status(job_id)

    def recent(self, *, owner_name: str, kind: str, limit: int = 20) -> list[JobStatus]:
        """An owner's most recent jobs of a kind, newest first."""
        with self.library.reading() as connection:
            found = rows.jobs_of(connection, owner_name=owner_name, kind=kind, limit=limit)
        return [status_of_row(row) for row in found]

    def output(self, job_id: str) -> Mapping[str, Any] | None:
        """The full result the job wrote when it ended."""
        self.folder(job_id)
        with self.library.reading() as connection:
            return rows.find_output(connection, job_id=job_id)

    def wait(self, job_id: str, timeout: float = 300.0) -> JobStatus:
        """Block until the job has ended or timeout passes (scripts and tests)."""
        import time

        deadline = time.monotonic() + timeout
        status = self.status(job_id)
        while not status.finished and time.monotonic() < deadline:
            time.sleep(POLL)
            status = self.status(job_id)
        return status


def run_worker(settings: Settings, *, concurrency: int, hostname: str | None = None) -> None:
    """Run a Celery worker on this process until it is stopped: `concurrency` threads,
    each running one capture job at a time on the library in force."""
    from sopflow.services.capture_jobs import CAPTURE_JOB, capture_handler

    library = open_library(settings.library_url, create=True, pool_size=settings.db_pool_size)
    worker = JobWorker(
        library=library, settings=settings, handlers={CAPTURE_JOB: capture_handler(library)}
    )
    app = celery_app(settings)

    def run_job(task: Any, job_id: str) -> None:
        try:
            wait = worker.run(job_id)
        except SopflowError:  # the library is out of reach: keep the job, try again soon
            log.warning("job %s: the library cannot be used; trying again", job_id, exc_info=True)
            wait = RETRY_UNREACHABLE
        if wait is not None:  # a live claim holds it: look again once it could be stale
            raise task.retry(countdown=wait, max_retries=None)

    app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True)(run_job)
    argv = [
        "worker",
        f"--concurrency={concurrency}",
        "--pool=threads",
        f"--queues={settings.job_queue}",
    ]
    argv += ["--loglevel=INFO", "--without-gossip", "--without-mingle"]
    if hostname:
        argv.append(f"--hostname={hostname}")
    worker.start()
    try:
        app.worker_main(argv)
    finally:
        worker.stop()
        library.close()
