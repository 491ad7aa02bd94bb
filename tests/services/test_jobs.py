"""The embedded job queue on both databases: jobs run, report progress with an ETA, fail
with a message, can be cancelled, stream their events, and survive a restart as a record."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sopflow.capture.progress import Progress
from sopflow.errors import NotFoundError, SopflowError
from sopflow.library import jobs as rows
from sopflow.library.store import Library
from sopflow.services.access import Actor, Role
from sopflow.services.job_pool import EmbeddedJobs
from sopflow.services.jobs import INTERRUPTED, JobRun, JobState, JobStatus
from sopflow.settings import Settings

OWNER = Actor("arthur", "Arthur Example", frozenset({Role.AUTHOR}))


def counting(run: JobRun) -> Mapping[str, Any]:
    """A job of three steps that writes a file in its folder."""
    for done in range(4):
        run.report(Progress("count", done, 3, unit="steps"))
        time.sleep(0.05)
    (run.folder / "out.txt").write_text(str(run.inputs["word"]))
    return {"counted": 3}


class Gate:
    """A job that waits until the test lets it go, reporting while it waits."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, run: JobRun) -> Mapping[str, Any]:
        self.started.set()
        while not self.release.wait(0.02):
            run.report(Progress("wait", 0, None))
        return {}


def user_mistake(run: JobRun) -> Mapping[str, Any]:
    raise SopflowError("talk.vtt:3: broken cue timing")


def bug(run: JobRun) -> Mapping[str, Any]:
    raise KeyError("nodes")


@pytest.fixture
def make_jobs(library: Library, tmp_path: Path) -> Iterator[Callable[..., EmbeddedJobs]]:
    """Start job queues on the test's library; all stopped after the test."""
    started: list[EmbeddedJobs] = []

    def make(workers: int = 1, **handlers: Callable[[JobRun], Mapping[str, Any]]) -> EmbeddedJobs:
        jobs = EmbeddedJobs(
            library=library,
            settings=Settings(home=tmp_path / "home"),
            handlers=handlers or {"count": counting},
            workers=workers,
        )
        jobs.start()
        started.append(jobs)
        return jobs

    yield make
    for jobs in started:
        jobs.stop()


def submit(jobs: EmbeddedJobs, kind: str = "count", **inputs: Any) -> JobStatus:
    job_id, _ = jobs.new_job()
    return jobs.submit(kind, inputs, owner=OWNER, job_id=job_id, stages=["count"])


def test_a_job_runs_to_done_and_its_record_says_so(make_jobs: Callable[..., EmbeddedJobs]) -> None:
    jobs = make_jobs()
    queued = submit(jobs, word="refund")
    assert queued.state == JobState.QUEUED
    assert [stage.name for stage in queued.stages] == ["count"]
    final = jobs.wait(queued.id, timeout=30)
    assert final.state == JobState.DONE
    assert final.result == {"counted": 3}
    assert final.stages[0].state == "done"
    assert final.stages[0].fraction == 1.0
    assert (jobs.folder(queued.id) / "out.txt").read_text() == "refund"
    with jobs.library.reading() as connection:
        row = rows.find_job(connection, job_id=queued.id)
    assert row is not None
    assert (row.state, row.owner_name, row.inputs) == ("done", "arthur", {"word": "refund"})
    assert row.started_at is not None
    assert row.finished_at is not None
    assert jobs.recent(owner_name="arthur", kind="count")[0].id == queued.id


def test_progress_carries_done_total_and_an_eta(make_jobs: Callable[..., EmbeddedJobs]) -> None:
    seen: list[JobStatus] = []

    def slow(run: JobRun) -> Mapping[str, Any]:
        for done in range(11):
            run.report(Progress("transcribe", float(done), 10.0))
            seen.append(jobs.status(run.id))
            time.sleep(0.05)
        return {}

    jobs = make_jobs(slow=slow)
    job_id, _ = jobs.new_job()
    jobs.submit("slow", {}, owner=OWNER, job_id=job_id, stages=["transcribe", "structure"])
    assert jobs.wait(job_id, timeout=30).state == JobState.DONE
    running = [status.stages[0] for status in seen if status.stages[0].state == "running"]
    assert running[0].eta is None  # nothing done yet: no estimate
    later = running[-1]
    assert later.done == 9.0
    assert later.total == 10.0
    assert later.eta is not None
    assert 0.0 < later.eta < 2.0
    assert seen[0].stages[1].state == "pending"


def test_a_user_mistake_fails_the_job_with_its_message(
    make_jobs: Callable[..., EmbeddedJobs],
) -> None:
    jobs = make_jobs(bad=user_mistake)
    status = submit(jobs, "bad")
    final = jobs.wait(status.id, timeout=30)
    assert final.state == JobState.FAILED
    assert final.error == "talk.vtt:3: broken cue timing"


def test_a_crash_is_a_failed_job_with_a_readable_message_not_a_hang(
    make_jobs: Callable[..., EmbeddedJobs], caplog: pytest.LogCaptureFixture
) -> None:
    jobs = make_jobs(bug=bug, count=counting)
    crashed = submit(jobs, "bug")
    final = jobs.wait(crashed.id, timeout=30)
    assert final.state == JobState.FAILED
    assert final.error == "the job failed unexpectedly (KeyError: 'nodes')"
    assert "Traceback" in caplog.text  # the log keeps what a developer needs
    after = submit(jobs, "count", word="still working")
    assert jobs.wait(after.id, timeout=30).state == JobState.DONE


def test_a_queued_job_is_cancelled_at_once_and_a_running_one_at_its_next_report(
    make_jobs: Callable[..., EmbeddedJobs],
) -> None:
    gate = Gate()
    jobs = make_jobs(gate=gate, count=counting)
    running = submit(jobs, "gate")
    assert gate.started.wait(10)
    waiting = submit(jobs, "count", word="never")
    assert jobs.cancel(waiting.id).state == JobState.CANCELLED
    jobs.cancel(running.id)
    final = jobs.wait(running.id, timeout=30)
    assert final.state == JobState.CANCELLED
    assert final.error is None
    assert not (jobs.folder(waiting.id) / "out.txt").exists()
    assert jobs.cancel(running.id).state == JobState.CANCELLED  # a finished job stays so


def in_own_loop(coroutine: Coroutine[Any, Any, list[JobStatus]]) -> list[JobStatus]:
    """Run coroutine on an event loop of its own thread: a session's browser keeps one
    running on the main thread, where asyncio.run refuses."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_events_stream_each_change_and_end_with_the_finished_status(
    make_jobs: Callable[..., EmbeddedJobs],
) -> None:
    jobs = make_jobs()
    status = submit(jobs, word="events")

    async def collect() -> list[JobStatus]:
        return [event async for event in jobs.events(status.id)]

    events = in_own_loop(asyncio.wait_for(collect(), timeout=30))
    assert events[-1].state == JobState.DONE
    assert all(not event.finished for event in events[:-1])
    fractions = [e.stages[0].fraction for e in events if e.stages and e.stages[0].fraction]
    assert fractions == sorted(fractions)
    again = in_own_loop(asyncio.wait_for(collect(), timeout=10))
    assert [event.state for event in again] == [JobState.DONE]  # a finished job: one event


def test_stopping_the_server_interrupts_a_running_job(
    make_jobs: Callable[..., EmbeddedJobs],
) -> None:
    gate = Gate()
    jobs = make_jobs(gate=gate)
    status = submit(jobs, "gate")
    assert gate.started.wait(10)
    jobs.stop()
    final = jobs.status(status.id)
    assert final.state == JobState.FAILED
    assert final.error == INTERRUPTED


def test_a_restart_fails_jobs_left_running_and_runs_the_queued_ones(
    library: Library, make_jobs: Callable[..., EmbeddedJobs], tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    with library.transaction() as connection:
        for job_id, state in (("a" * 32, "running"), ("b" * 32, "queued")):
            rows.insert_job(
                connection,
                job_id=job_id,
                kind="count",
                owner_id=None,
                owner_name="arthur",
                inputs={"word": "again"},
                stages=[],
                now=now,
            )
            rows.update_job(connection, job_id=job_id, now=now, state=state)
            (tmp_path / "home" / "jobs" / job_id).mkdir(parents=True)
    jobs = make_jobs()
    crashed = jobs.status("a" * 32)
    assert crashed.state == JobState.FAILED
    assert crashed.error == INTERRUPTED
    assert jobs.wait("b" * 32, timeout=30).state == JobState.DONE
    assert (jobs.folder("b" * 32) / "out.txt").read_text() == "again"


def test_job_ids_are_checked_before_they_become_paths(
    make_jobs: Callable[..., EmbeddedJobs],
) -> None:
    jobs = make_jobs()
    for bad in ("../../etc", "a" * 31, "A" * 32, "0" * 32 + "/x"):
        with pytest.raises(NotFoundError):
            jobs.folder(bad)
    with pytest.raises(NotFoundError, match="no job"):
        jobs.status("f" * 32)
    with pytest.raises(SopflowError, match="no handler"):
        jobs.submit("unknown", {}, owner=OWNER, job_id=jobs.new_job()[0])
