"""Two embedded job pools on one library, as two app servers without a broker: a job runs
on one of them only, a restart of one leaves the other's running job alone, a cancel asked
on one reaches the job the other runs, and a job whose process died is ended once its lease
has passed. Also the settings of a deployment on several machines."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sopflow.capture.progress import Progress
from sopflow.errors import SopflowError
from sopflow.library import jobs as rows
from sopflow.library.store import Library
from sopflow.services.access import Actor, Role
from sopflow.services.job_pool import EmbeddedJobs
from sopflow.services.jobs import INTERRUPTED, JobRun, JobState
from sopflow.settings import Settings, load_settings

OWNER = Actor("arthur", "Arthur Example", frozenset({Role.AUTHOR}))
LEASE = 1.0


class Counted:
    """A job that counts how often it ran, and waits while `hold` is set."""

    def __init__(self) -> None:
        self.runs = 0
        self.started = threading.Event()
        self.hold = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, run: JobRun) -> Mapping[str, Any]:
        with self._lock:
            self.runs += 1
        self.started.set()
        while self.hold.is_set():
            run.report(Progress("wait", 0, None))
            time.sleep(0.05)
        return {"ran": True}


@pytest.fixture
def pools(library: Library, tmp_path: Path) -> Iterator[Callable[[Counted], EmbeddedJobs]]:
    started: list[EmbeddedJobs] = []

    def make(handler: Counted) -> EmbeddedJobs:
        jobs = EmbeddedJobs(
            library=library,
            settings=Settings(home=tmp_path / "home", job_lease=LEASE),
            handlers={"count": handler},
        )
        jobs.start()
        started.append(jobs)
        return jobs

    yield make
    for jobs in started:
        jobs.stop()


def _queued(library: Library, job_id: str, *, state: str = "queued") -> None:
    now = datetime.now(UTC)
    with library.transaction() as connection:
        rows.insert_job(
            connection,
            job_id=job_id,
            kind="count",
            owner_id=None,
            owner_name="arthur",
            inputs={},
            stages=[],
            now=now,
        )
        rows.update_job(connection, job_id=job_id, now=now, state=state)


def test_a_job_both_servers_find_queued_runs_on_one_of_them(
    library: Library, pools: Callable[[Counted], EmbeddedJobs]
) -> None:
    _queued(library, "c" * 32)
    handler = Counted()
    first, second = pools(handler), pools(handler)
    assert first.wait("c" * 32, timeout=30).state == JobState.DONE
    second.wait("c" * 32, timeout=30)
    assert handler.runs == 1
    with library.reading() as connection:
        row = rows.find_job(connection, job_id="c" * 32)
    assert row is not None
    assert row.attempt == 1


def test_a_cancel_on_one_server_stops_the_job_the_other_runs_and_a_restart_leaves_it(
    pools: Callable[[Counted], EmbeddedJobs],
) -> None:
    handler = Counted()
    handler.hold.set()
    runner = pools(handler)
    job_id, _ = runner.new_job()
    runner.submit("count", {}, owner=OWNER, job_id=job_id)
    assert handler.started.wait(10)
    other = pools(Counted())  # a second server starting while the job runs
    time.sleep(2 * LEASE)
    assert other.status(job_id).state == JobState.RUNNING  # its claim is alive: left alone
    other.cancel(job_id)
    final = runner.wait(job_id, timeout=30)
    assert final.state == JobState.CANCELLED
    assert other.status(job_id).state == JobState.CANCELLED


def test_a_job_whose_process_died_ends_interrupted_once_its_lease_has_passed(
    library: Library, pools: Callable[[Counted], EmbeddedJobs]
) -> None:
    _queued(library, "d" * 32)
    now = datetime.now(UTC)
    with library.transaction() as connection:  # claimed by a process that then died
        assert rows.claim_job(connection, job_id="d" * 32, token="dead", now=now, stale_before=now)
    jobs = pools(Counted())
    assert jobs.status("d" * 32).state == JobState.RUNNING  # not yet: the lease is fresh
    deadline = time.monotonic() + 10 * LEASE
    while jobs.status("d" * 32).state == JobState.RUNNING and time.monotonic() < deadline:
        time.sleep(0.1)
    ended = jobs.status("d" * 32)
    assert ended.state == JobState.FAILED
    assert ended.error == INTERRUPTED
    assert ended.finished_at is not None
    assert ended.finished_at - now >= timedelta(seconds=LEASE) - timedelta(seconds=0.1)


def test_the_settings_of_a_deployment_are_read_and_checked() -> None:
    settings = load_settings(
        {
            "SOPFLOW_HOME": "/srv/sopflow",
            "SOPFLOW_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//",
            "SOPFLOW_JOB_FILES": "/mnt/shared",
            "SOPFLOW_WORKER_CONCURRENCY": "3",
            "SOPFLOW_JOB_LEASE": "20",
            "SOPFLOW_DB_POOL_SIZE": "8",
            "SOPFLOW_JOB_QUEUE": "library-a",
        }
    )
    assert settings.broker_url == "amqp://guest:guest@127.0.0.1:5672//"
    assert str(settings.jobs_folder) == "/mnt/shared"
    assert (settings.worker_concurrency, settings.job_lease, settings.db_pool_size) == (3, 20, 8)
    assert settings.job_queue == "library-a"
    defaults = load_settings({"SOPFLOW_HOME": "/srv/sopflow"})
    assert defaults.broker_url is None
    assert str(defaults.jobs_folder) == "/srv/sopflow/jobs"
    assert "guest" not in repr(settings)  # the broker's password stays out of logs
    with pytest.raises(SopflowError, match="SOPFLOW_BROKER_URL: 'http://x' is not"):
        load_settings({"SOPFLOW_BROKER_URL": "http://x"})
    with pytest.raises(SopflowError, match="SOPFLOW_DB_POOL_SIZE: '0' is not"):
        load_settings({"SOPFLOW_DB_POOL_SIZE": "0"})
    with pytest.raises(SopflowError, match="SOPFLOW_JOB_QUEUE"):
        load_settings({"SOPFLOW_JOB_QUEUE": "a queue"})
