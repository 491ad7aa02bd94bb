"""Claims on running jobs, kept alive by a heartbeat, so any number of processes can share
one job record safely.

A process claims a job in the record before running it (`library.jobs.claim_job`) and then
proves it is alive every quarter of the lease (`SOPFLOW_JOB_LEASE`). A claim whose process
died stops beating; once the lease has passed, another process may take the job over, and
the dead claim's late writes are refused. The heartbeat also carries a cancel asked on any
server to the process that runs the job.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sopflow.errors import SopflowError
from sopflow.library import jobs as rows
from sopflow.library.store import Library

log = logging.getLogger("sopflow.jobs")

StopCallback = Callable[[str, str], None]
"""Told (job id, "cancelled" or "lost") when a held job is to stop."""


def now() -> datetime:
    """The time as the job record stores it."""
    return datetime.now(UTC)


def new_claim() -> str:
    """A claim's token: who holds a job, unguessable and unique."""
    return secrets.token_hex(16)


def stale_before(lease: float) -> datetime:
    """Claims that have not beaten since this moment belong to a process that died."""
    return now() - timedelta(seconds=lease)


class Heartbeat:
    """A thread proving this process's claims alive and reading stop requests."""

    def __init__(
        self,
        *,
        library: Library,
        lease: float,
        on_stop: StopCallback,
        sweep: Callable[[], None] | None = None,
    ) -> None:
        self.library = library
        self.interval = max(0.2, lease / 4)
        self.on_stop = on_stop
        self.sweep = sweep
        self._held: dict[str, str] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def hold(self, job_id: str, token: str) -> None:
        """Keep the claim token on job_id alive from now on."""
        with self._lock:
            self._held[job_id] = token

    def release(self, job_id: str) -> None:
        """Stop beating for job_id (it has ended)."""
        with self._lock:
            self._held.pop(job_id, None)

    def start(self) -> None:
        """Beat in the background until `stop`."""
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="sopflow-heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the thread (the claims then go stale unless their jobs end first)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _loop(self) -> None:
        while not self._stopping.wait(self.interval):
            self.beat_all()
            if self.sweep is not None:
                try:
                    self.sweep()
                except SopflowError:
                    log.warning("could not look for jobs whose process died", exc_info=True)

    def beat_all(self) -> None:
        """One heartbeat for every held claim; tell who must stop."""
        with self._lock:
            held = list(self._held.items())
        for job_id, token in held:
            try:
                with self.library.transaction() as connection:
                    answer = rows.beat(connection, job_id=job_id, token=token, now=now())
            except SopflowError:  # the database is away: the claim may go stale, no harm
                log.warning("job %s: heartbeat failed", job_id, exc_info=True)
                continue
            if answer is not None:
                self.on_stop(job_id, answer)
