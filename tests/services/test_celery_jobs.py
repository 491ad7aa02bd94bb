"""Capture jobs on a real Celery broker (Redis and RabbitMQ) run by real `sopflow worker`
processes on one PostgreSQL library: drafted once, redone by another worker after a
`kill -9`, left alone when delivered again, refused cleanly when the broker is away."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import pytest

from sopflow.errors import UnavailableError
from sopflow.library import jobs as rows
from sopflow.library.scratch import ServerUnavailableError, scratch_postgres_database
from sopflow.library.store import Library, open_library
from sopflow.services.access import Actor, Role
from sopflow.services.capture_jobs import (
    CAPTURE_JOB,
    CaptureRequest,
    Upload,
    prepare_capture,
    start_capture,
)
from sopflow.services.capture_review import capture_review
from sopflow.services.celery_jobs import TASK, CeleryJobs
from sopflow.services.jobs import JobState, JobStatus
from sopflow.settings import Settings

REPO = Path(__file__).resolve().parents[2]
MEDIA = REPO / "tests" / "fixtures" / "media"
NOTES = REPO / "examples" / "walkthroughs" / "refund-mixed.md"
ARTHUR = Actor("arthur", "Arthur Author", frozenset({Role.AUTHOR}))
BROKERS = {
    "redis": ("redis://127.0.0.1:6379/0", 6379),
    "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672//", 5672),
}
LEASE = 3
"""Seconds a claim lives without a heartbeat in these tests (60 by default)."""


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=sorted(BROKERS))
def broker(request: pytest.FixtureRequest) -> str:
    url, port = BROKERS[request.param]
    if not _reachable(port):
        pytest.skip(f"{request.param} is not reachable on 127.0.0.1:{port}")
    return url


@pytest.fixture
def database() -> Iterator[str]:
    try:
        with scratch_postgres_database("celery_jobs") as url:
            open_library(url, create=True).close()
            yield url
    except ServerUnavailableError as error:
        pytest.skip(str(error))


@pytest.fixture
def settings(broker: str, database: str, tmp_path: Path) -> Settings:
    return Settings(
        home=tmp_path / "home",
        database_url=database,
        broker_url=broker,
        job_queue=f"sopflow-test-{uuid.uuid4().hex[:12]}",  # no other run's worker sees it
        job_files=tmp_path / "shared-files",
        job_lease=LEASE,
    )


@pytest.fixture
def library(settings: Settings) -> Iterator[Library]:
    with open_library(settings.library_url, create=False) as opened:
        yield opened


@pytest.fixture
def jobs(library: Library, settings: Settings) -> Iterator[CeleryJobs]:
    queue = CeleryJobs(library=library, settings=settings, kinds=(CAPTURE_JOB,))
    queue.start()
    yield queue
    queue.stop()


Worker = Callable[[str], subprocess.Popen[bytes]]


@pytest.fixture
def worker(settings: Settings, tmp_path: Path) -> Iterator[Worker]:
    """Start `sopflow worker` processes, each in its own process group; all ended after."""
    started: list[subprocess.Popen[bytes]] = []
    logs: list[BinaryIO] = []
    env = {
        **os.environ,
        "SOPFLOW_HOME": str(settings.home),
        "SOPFLOW_DATABASE_URL": str(settings.database_url),
        "SOPFLOW_BROKER_URL": str(settings.broker_url),
        "SOPFLOW_JOB_QUEUE": settings.job_queue,
        "SOPFLOW_JOB_FILES": str(settings.jobs_folder),
        "SOPFLOW_JOB_LEASE": str(LEASE),
    }

    def start(name: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"{name}.log").open("wb")
        logs.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "sopflow", "worker", "--name", f"{name}@%h"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
    for log in logs:
        log.close()


def submit(jobs: CeleryJobs, files: list[tuple[Path, str]]) -> JobStatus:
    job_id, folder = prepare_capture(jobs=jobs, actor=ARTHUR)
    uploads = []
    for number, (source, name) in enumerate(files, 1):
        path = folder / f"upload-{number}.part"
        path.write_bytes(source.read_bytes())
        uploads.append(Upload(path, name))
    return start_capture(
        jobs=jobs, actor=ARTHUR, job_id=job_id, uploads=uploads, request=CaptureRequest(area="FIN")
    )


def row_of(library: Library, job_id: str) -> rows.JobRow:
    with library.reading() as connection:
        found = rows.find_job(connection, job_id=job_id)
    assert found is not None
    return found


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_a_worker_drafts_a_queued_capture_once_and_a_repeated_delivery_changes_nothing(
    jobs: CeleryJobs, library: Library, worker: Worker
) -> None:
    status = submit(jobs, [(NOTES, "refund notes.md")])
    assert status.state == JobState.QUEUED
    assert (jobs.folder(status.id) / "input-1.md").exists()  # the upload, in the shared folder
    worker("one")
    final = jobs.wait(status.id, timeout=180)
    assert final.state == JobState.DONE, final.error
    review = capture_review(jobs=jobs, actor=ARTHUR, job_id=status.id)
    assert [draft.document.kind for draft in review.drafts] == ["sop", "wi"]
    assert review.drafts[0].document.code == "SOP-FIN-001"
    done = row_of(library, status.id)
    assert done.attempt == 1

    jobs.app.send_task(TASK, args=[status.id], queue=jobs.settings.job_queue)  # again
    time.sleep(3 * LEASE)
    again = row_of(library, status.id)
    assert (again.attempt, again.updated_at, again.claim) == (1, done.updated_at, done.claim)


def test_a_worker_killed_mid_capture_leaves_the_job_to_another_and_it_is_drafted_once(
    jobs: CeleryJobs, library: Library, worker: Worker
) -> None:
    status = submit(jobs, [(MEDIA / "refund.mp4", "walkthrough.mp4")])
    first = worker("first")

    def transcribing() -> bool:
        row = row_of(library, status.id)
        assert row.state != "done", "the job ended before the worker could be killed"
        return row.claim is not None and any(stage["state"] == "running" for stage in row.stages)

    wait_for(transcribing, 180, "the first worker to report progress")
    killed = row_of(library, status.id)
    os.killpg(first.pid, signal.SIGKILL)  # kill -9: no warm shutdown, no acknowledgement
    first.wait(10)
    assert killed.state == "running"
    with library.reading() as connection:
        assert rows.find_output(connection, job_id=status.id) is None

    worker("second")
    final = jobs.wait(status.id, timeout=300)
    assert final.state == JobState.DONE, final.error
    redone = row_of(library, status.id)
    assert redone.attempt == 2  # claimed once by each worker
    assert redone.claim != killed.claim
    assert all(stage["state"] == "done" for stage in redone.stages)
    review = capture_review(jobs=jobs, actor=ARTHUR, job_id=status.id)
    assert review.drafts
    assert review.media is not None
    assert review.screenshots  # the second worker's screenshots, in the shared folder

    with library.transaction() as connection:  # the dead claim's late end is refused
        late = rows.update_job(
            connection,
            job_id=status.id,
            now=datetime.now(UTC),
            state="failed",
            error="late",
            holder=str(killed.claim),
        )
    assert late is False
    assert row_of(library, status.id).state == "done"


def test_a_claim_is_taken_over_only_once_its_lease_has_passed(
    jobs: CeleryJobs, library: Library
) -> None:
    status = submit(jobs, [(NOTES, "notes.md")])  # no worker: it stays queued
    now = datetime.now(UTC)
    stale = now - timedelta(seconds=LEASE)
    with library.transaction() as connection:
        assert rows.claim_job(connection, job_id=status.id, token="a", now=now, stale_before=stale)
        assert not rows.claim_job(
            connection, job_id=status.id, token="b", now=now, stale_before=stale
        )
        later = now + timedelta(seconds=2 * LEASE)
        assert rows.claim_job(
            connection,
            job_id=status.id,
            token="b",
            now=later,
            stale_before=later - timedelta(seconds=LEASE),
        )
        assert rows.beat(connection, job_id=status.id, token="a", now=later) == "lost"
        rows.request_stop(connection, job_id=status.id, now=later)
        assert rows.beat(connection, job_id=status.id, token="b", now=later) == "cancelled"


def test_an_upload_is_refused_with_a_message_when_the_broker_is_away(
    library: Library, settings: Settings
) -> None:
    away = Settings(**{**settings.__dict__, "broker_url": "redis://127.0.0.1:1/0"})
    queue = CeleryJobs(library=library, settings=away, kinds=(CAPTURE_JOB,))
    queue.start()
    try:
        job_id, folder = prepare_capture(jobs=queue, actor=ARTHUR)
        (folder / "upload-1.part").write_bytes(NOTES.read_bytes())
        started = time.monotonic()
        with pytest.raises(UnavailableError, match="job queue cannot be reached"):
            start_capture(
                jobs=queue,
                actor=ARTHUR,
                job_id=job_id,
                uploads=[Upload(folder / "upload-1.part", "notes.md")],
                request=CaptureRequest(),
            )
        assert time.monotonic() - started < 30
        assert not folder.exists()  # nothing kept
        with library.reading() as connection:
            assert rows.find_job(connection, job_id=job_id) is None  # nothing recorded
    finally:
        queue.stop()
