"""A database server that goes away under a running app: requests are 503 problems with a
Retry-After hint (pages too) while it is away, and the same app serves again once it is
back, with no restart. The server is real PostgreSQL behind a loopback TCP relay that the
test cuts (every connection dropped, the port closed) and restores."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url
from tests.web.conftest import SignedClient, add_accounts, serving

from sopflow.settings import Settings
from sopflow.web.app import create_app


class Relay:
    """Forward a loopback port to the PostgreSQL server, until cut."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        self._serve()

    def _serve(self) -> None:
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            with self.lock:
                if listener is not self.listener:  # accepted as it was being cut
                    client.close()
                    return
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.open += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            end.close()

    def cut(self) -> None:
        """Drop every connection and stop listening: the server is gone."""
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.listener.close()
        with self.lock:
            for end in self.open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self.open.clear()

    def restore(self) -> None:
        """Listen on the same port again: the server is back."""
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self._serve()


@pytest.fixture
def relayed(empty_postgres_url: str, tmp_path: Path) -> Iterator[tuple[Settings, Relay]]:
    """Settings of a library on PostgreSQL reached through a relay, with the accounts."""
    url = make_url(empty_postgres_url)
    relay = Relay((url.host or "127.0.0.1", url.port or 5432))
    relayed_url = url.set(host="127.0.0.1", port=relay.port)
    settings = Settings(
        home=tmp_path / "home", database_url=relayed_url.render_as_string(hide_password=False)
    )
    add_accounts(settings)
    yield settings, relay
    relay.cut()


@pytest.mark.postgres
def test_a_database_away_is_503_with_retry_after_then_served_again(
    relayed: tuple[Settings, Relay],
) -> None:
    settings, relay = relayed
    with serving(create_app(settings)) as base:
        client = SignedClient(base_url=base, timeout=30)
        client.sign_in("arthur")
        assert client.get("/api/v1/documents").status_code == 200
        relay.cut()
        for _ in range(3):
            away = client.get("/api/v1/documents")
            assert away.status_code == 503
            assert away.headers["retry-after"] == "5"
            assert away.headers["content-type"].startswith("application/problem+json")
            assert away.json()["detail"] == "the database does not answer; try again in 5 seconds"
            assert str(relay.port) not in away.text  # the server's address stays private
        page = client.get("/library", headers={"accept": "text/html"})
        assert page.status_code == 503
        assert page.headers["retry-after"] == "5"
        assert "the database does not answer" in page.text
        relay.restore()
        assert client.get("/api/v1/documents").status_code == 200
        assert client.get("/library", headers={"accept": "text/html"}).status_code == 200
        client.close()
