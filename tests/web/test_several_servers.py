"""Several real `sopflow serve` processes on one PostgreSQL library behave as one: a session
made on one works on the other, failed sign-ins are counted across them, and a capture
submitted on one is followed to its end and read on the other (with a Celery worker, and
with the embedded pool of `serve --workers 2`)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import httpx
import pytest

from sopflow.library import jobs as rows
from sopflow.library.scratch import ServerUnavailableError, scratch_postgres_database
from sopflow.library.store import open_library
from sopflow.services import users
from sopflow.services.access import Actor, Role

REPO = Path(__file__).resolve().parents[2]
NOTES = REPO / "examples" / "walkthroughs" / "refund-mixed.md"
PASSWORD = "correct-horse-42"
REDIS = "redis://127.0.0.1:6379/0"

Start = Callable[..., str]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def database() -> Iterator[str]:
    """A new PostgreSQL library with an author, arthur."""
    try:
        with scratch_postgres_database("celery_servers") as url:
            with open_library(url, create=True) as library:
                users.add_user(
                    library=library,
                    actor=Actor.local(),
                    name="arthur",
                    full_name="Arthur Author",
                    password=PASSWORD,
                    roles=[Role.AUTHOR],
                )
            yield url
    except ServerUnavailableError as error:
        pytest.skip(str(error))


@pytest.fixture
def processes(database: str, tmp_path: Path) -> Iterator[Start]:
    """Start sopflow processes on the library, each with a home of its own (so nothing can
    be shared through a local file) and one shared jobs folder; all ended afterwards."""
    started: list[subprocess.Popen[bytes]] = []
    logs: list[BinaryIO] = []
    base = {
        **os.environ,
        "SOPFLOW_DATABASE_URL": database,
        "SOPFLOW_JOB_FILES": str(tmp_path / "shared-files"),
        "SOPFLOW_JOB_QUEUE": f"sopflow-test-{uuid.uuid4().hex[:12]}",
        "SOPFLOW_DB_POOL_SIZE": "3",
    }

    def start(*args: str, broker: str | None = None, wait_http: bool = True) -> str:
        number = len(started)
        env = {**base, "SOPFLOW_HOME": str(tmp_path / f"home-{number}")}
        if broker:
            env["SOPFLOW_BROKER_URL"] = broker
        port = _free_port()
        command = [sys.executable, "-m", "sopflow", *args]
        if args[0] == "serve":
            command += ["--port", str(port)]
        log = (tmp_path / f"process-{number}.log").open("wb")
        logs.append(log)
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        if wait_http:
            _wait_until_up(url, process, tmp_path / f"process-{number}.log")
        return url

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
    for log in logs:
        log.close()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/login", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"the server at {url} did not answer in time")


OPEN: list[httpx.Client] = []
"""The clients a test opened, closed after it (`closed_clients`)."""


@pytest.fixture(autouse=True)
def closed_clients() -> Iterator[None]:
    yield
    while OPEN:
        OPEN.pop().close()


def _client(url: str, **options: Any) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60, **options)
    OPEN.append(client)
    return client


def _sign_in(url: str) -> httpx.Client:
    client = _client(url)
    response = client.post("/login", data={"name": "arthur", "password": PASSWORD, "next": "/"})
    assert response.status_code == 303, response.text
    return client


def _on(url: str, signed: httpx.Client) -> httpx.Client:
    """A client for another server carrying the first one's session cookie."""
    return _client(url, cookies=signed.cookies)


def _csrf(client: httpx.Client) -> str:
    page = client.get("/capture")
    assert page.status_code == 200
    return page.text.split('<meta name="csrf-token" content="', 1)[1].split('"', 1)[0]


def _events(client: httpx.Client, job_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The job's Server-Sent Events, read to the end of the stream."""
    events: list[tuple[str, dict[str, Any]]] = []
    name = ""
    with client.stream("GET", f"/api/v1/captures/{job_id}/events", timeout=300) as stream:
        assert stream.status_code == 200
        for line in stream.iter_lines():
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line.split(":", 1)[1])))
    return events


def _capture_on(client: httpx.Client) -> str:
    response = client.post(
        "/api/v1/captures",
        headers={"X-CSRF-Token": _csrf(client)},
        files=[("files", ("refund notes.md", NOTES.read_bytes(), "text/markdown"))],
        data={"area": "FIN", "kind": "auto"},
    )
    assert response.status_code == 202, response.text
    job_id: str = response.json()["id"]
    return job_id


def _follow_on(other: httpx.Client, job_id: str) -> None:
    events = _events(other, job_id)
    assert events[-1][0] == "done", events[-1]
    assert events[-1][1]["state"] == "done"
    assert all(data["state"] in ("queued", "running") for _, data in events[:-1])
    result = other.get(f"/api/v1/captures/{job_id}/result")
    assert result.status_code == 200, result.text
    assert [draft["document"]["kind"] for draft in result.json()["drafts"]] == ["sop", "wi"]


def test_two_servers_share_sessions_the_throttle_and_captures_on_a_celery_worker(
    processes: Start,
) -> None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        pytest.skip("redis is not reachable on 127.0.0.1:6379")
    first = processes("serve", broker=REDIS)
    second = processes("serve", broker=REDIS)
    processes("worker", broker=REDIS, wait_http=False)

    on_first = _sign_in(first)
    on_second = _on(second, on_first)
    assert on_second.get("/api/v1/me").json()["name"] == "arthur"  # the session, elsewhere

    job_id = _capture_on(on_first)
    _follow_on(on_second, job_id)
    listed = on_second.get("/api/v1/captures").json()
    assert job_id in json.dumps(listed)

    anonymous = [_client(first), _client(second)]
    wrong = [
        anonymous[n % 2].post("/login", data={"name": "arthur", "password": "nope!"}).status_code
        for n in range(6)
    ]
    assert wrong == [401] * 5 + [429]  # five failures, counted across both servers

    on_first.post("/logout", headers={"X-CSRF-Token": _csrf(on_first)})
    assert on_second.get("/api/v1/me").status_code == 401  # signed out everywhere


def test_serve_with_two_workers_runs_a_capture_once_and_answers_from_either_process(
    processes: Start, database: str
) -> None:
    url = processes("serve", "--workers", "2")
    signed = _sign_in(url)
    job_id = _capture_on(signed)
    for _ in range(10):  # new connections: either process may answer each
        fresh = _on(url, signed)
        assert fresh.get("/api/v1/me").json()["name"] == "arthur"
    _follow_on(_on(url, signed), job_id)
    status = signed.get(f"/api/v1/captures/{job_id}").json()
    assert status["state"] == "done"
    with open_library(database, create=False) as library, library.reading() as connection:
        row = rows.find_job(connection, job_id=job_id)
    assert row is not None
    assert row.attempt == 1  # both processes queued nothing twice: one claim ran it


def test_an_upload_while_the_broker_is_away_is_answered_503_with_a_retry_hint(
    processes: Start, tmp_path: Path
) -> None:
    url = processes("serve", broker="redis://127.0.0.1:1/0")  # nothing listens there
    signed = _sign_in(url)
    response = signed.post(
        "/api/v1/captures",
        headers={"X-CSRF-Token": _csrf(signed)},
        files=[("files", ("notes.md", NOTES.read_bytes(), "text/markdown"))],
    )
    assert response.status_code == 503
    assert int(response.headers["retry-after"]) > 0
    assert "the job queue cannot be reached" in response.json()["detail"]
    assert signed.get("/api/v1/captures").json() == {"captures": []}
    shared = tmp_path / "shared-files"
    assert not shared.exists() or list(shared.iterdir()) == []  # no upload kept
