"""`sopflow serve` keeps an idle client connection open past uvicorn's 5 s default,
so a client's pooled connection is not closed under it between a person's clicks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sopflow.cli.serve import KEEP_ALIVE_S


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(connection: socket.socket) -> bytes:
    """One keep-alive GET of the health check on an open connection; the raw answer."""
    connection.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = connection.recv(4096)
        if not chunk:
            return answer  # the server closed the connection
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += connection.recv(4096)
    return answer


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> socket.socket:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=30)
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not listen in time")


@pytest.mark.slow
def test_an_idle_connection_outlives_uvicorns_default_keep_alive(tmp_path: Path) -> None:
    assert KEEP_ALIVE_S > 60  # longer than common proxies' idle timeout
    port = _free_port()
    env = {**os.environ, "SOPFLOW_DATABASE_URL": f"sqlite:///{tmp_path}/library.db"}
    env["SOPFLOW_HOME"] = str(tmp_path / "home")
    process = subprocess.Popen(
        [sys.executable, "-m", "sopflow", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        connection = _wait_for(port, process)
        with connection:
            assert _get(connection).startswith(b"HTTP/1.1 200")
            time.sleep(6.5)  # past uvicorn's own 5 s
            assert _get(connection).startswith(b"HTTP/1.1 200")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
