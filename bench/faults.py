"""What the fault scenarios share: a library with an author and an API token, a real
`sopflow serve` process on a free loopback port, a stream of saves through its API, and a
PostgreSQL server of the scenario's own that it may crash and start again.

The private PostgreSQL server (`private_postgres`) is a new cluster in a scratch folder on a
free port, run by the `postgres` account (the scenario runs as root), so that stopping it
disturbs no one else using the machine's server. Nothing runs at import time.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.library_corpus import Corpus
from sopflow.formats.yaml_write import document_data
from sopflow.library.revisions import document_from_json
from sopflow.library.store import open_library
from sopflow.library.sync import import_documents
from sopflow.model import AnyDocument
from sopflow.services import users
from sopflow.services.access import Actor, Role

PASSWORD = "correct-horse-42"
POSTGRES_BIN = Path("/usr/lib/postgresql")


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def stocked_library(url: str, *, documents: int) -> tuple[str, list[AnyDocument]]:
    """Fill the library at url with generated documents and an author; the author's API
    token and the documents stored."""
    stored = list(Corpus(seed=5).documents(documents))
    with open_library(url, create=True) as library:
        with library.transaction() as connection:
            import_documents(connection, docs=stored, author="bench", summary="generated")
        users.add_user(
            library=library,
            actor=Actor.local(),
            name="arthur",
            password=PASSWORD,
            roles=[Role.AUTHOR],
        )
        token = users.create_token(
            library=library, actor=Actor.local(), user="arthur", name="faults"
        )
    return token.secret, stored


def sopflow(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a sopflow command on the library at url."""
    env = {**os.environ, "SOPFLOW_DATABASE_URL": url}
    command = [sys.executable, "-m", "sopflow", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def library_checks(url: str) -> str:
    """'pass' when `sopflow check` and `sopflow audit verify` pass, else the failing
    command and its last line."""
    for args in (("check",), ("audit", "verify")):
        done = sopflow(url, *args)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines() or ["(no output)"]
            return f"sopflow {' '.join(args)}: {lines[-1]}"
    return "pass"


def library_checks_in_process(url: str) -> str:
    """`library_checks`, with the same commands run in this process (for the tests, which
    would otherwise spend most of their time starting Python)."""
    from typer.testing import CliRunner

    from sopflow.cli.app import app

    for args in (["check"], ["audit", "verify"]):
        done = CliRunner().invoke(app, args, env={"SOPFLOW_DATABASE_URL": url})
        if done.exit_code != 0:
            lines = done.output.strip().splitlines() or [f"exit {done.exit_code}"]
            return f"sopflow {' '.join(args)}: {lines[-1]}"
    return "pass"


def wait_until_up(
    base: str, process: subprocess.Popen[bytes], *, seconds: float, log: str = ""
) -> None:
    """Return once the server at base answers its health check; SystemExit if the process
    exits first or nothing answers within seconds (a loaded machine starts servers slowly)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"sopflow serve exited{f': see {log}' if log else ''}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"sopflow serve did not answer within {seconds:.0f} s")


def stop_group(process: subprocess.Popen[bytes], *, seconds: float) -> None:
    """A warm stop of the process's group (SIGTERM), a cold one (SIGKILL) if it lingers
    past seconds; nothing when it has ended already."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


class Server:
    """A `sopflow serve` process of its own session (so a kill reaches all of it)."""

    def __init__(self, url: str, home: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "SOPFLOW_DATABASE_URL": url, "SOPFLOW_HOME": str(home)}
        command = [sys.executable, "-m", "sopflow", "serve", "--port", str(self.port)]
        self.log = (home / f"serve-{self.port}.log").open("wb")
        self.process = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        wait_until_up(self.base, self.process, seconds=120, log=self.log.name)

    def kill(self) -> None:
        """SIGKILL the server and everything it started."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self) -> None:
        """End the server as an operator would (SIGTERM), forcing it after 20 s."""
        stop_group(self.process, seconds=20)
        self.log.close()


@dataclass
class Attempt:
    """One save sent: the document's code, the revision it would make, what it held, and
    whether the server answered it (2xx) before the fault."""

    code: str
    revision: int
    content: dict[str, Any]
    answered: bool = False


@dataclass
class Answer:
    """One response: when it came (monotonic seconds), its status and Retry-After."""

    at: float
    status: int
    retry_after: str | None


@dataclass
class Saver:
    """Saves revision after revision of its own documents through the API, one at a time,
    each on top of the last answered one, recording every attempt."""

    base: str
    token: str
    documents: list[AnyDocument]
    latest: dict[str, int]
    attempts: list[Attempt] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    def save_once(self, client: httpx.Client, number: int) -> None:
        """Send the next revision of one document; raises httpx.TransportError when the
        server is gone."""
        document = self.documents[number % len(self.documents)]
        code = document.code
        changed = document.model_copy(update={"title": f"{document.title} (edit {number})"})
        content = document_data(changed)
        attempt = Attempt(code, self.latest[code] + 1, content)
        self.attempts.append(attempt)
        response = client.put(
            f"{self.base}/api/v1/documents/{code}",
            json={"document": content, "summary": f"edit {number}"},
            headers={"If-Match": f'"{code}@{self.latest[code]}"'},
        )
        self._note(response)
        if response.status_code == 412:  # an earlier save stored though its answer was lost
            self.latest[code] = int(response.json()["latest_revision"])
            self.attempts.pop()
        elif response.is_success:  # an unchanged document answers with its latest revision
            attempt.revision = int(response.json()["revision"]["number"])
            attempt.answered = True
            self.latest[code] = attempt.revision

    def read_once(self, client: httpx.Client, number: int) -> None:
        """Read one of the documents (a request that only reads)."""
        code = self.documents[number % len(self.documents)].code
        self._note(client.get(f"{self.base}/api/v1/documents/{code}"))

    def _note(self, response: httpx.Response) -> None:
        self.answers.append(
            Answer(time.monotonic(), response.status_code, response.headers.get("retry-after"))
        )

    def client(self) -> httpx.Client:
        """An HTTP client carrying the token."""
        return httpx.Client(headers={"Authorization": f"Bearer {self.token}"}, timeout=60)


def stored_revisions(url: str) -> dict[tuple[str, int], dict[str, Any]]:
    """Every revision in the library, by code and number, as source data."""
    from sqlalchemy import select

    from sopflow.library.tables import documents, revisions

    query = select(documents.c.code, revisions.c.number, revisions.c.content).join(
        documents, documents.c.id == revisions.c.document_id
    )
    with open_library(url, create=False) as library, library.reading() as connection:
        return {
            (row.code, row.number): document_data(document_from_json(row.content))
            for row in connection.execute(query)
        }


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster of this scenario's own: its URL, and a stop and start."""

    folder: Path
    port: int
    binaries: Path

    @property
    def url(self) -> str:
        """The URL of its postgres database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        command = [str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"), *args]
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._ctl("-o", options, "-l", str(self.folder / "server.log"), "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        """Stop it: `immediate` is a crash (no checkpoint, recovery at the next start),
        `fast` an orderly shutdown."""
        self._ctl("-m", mode, "-w", "stop")


def postgres_binaries() -> Path | None:
    """The folder of the newest installed PostgreSQL's programs, or None."""
    found = sorted(POSTGRES_BIN.glob("*/bin/initdb"), key=lambda path: int(path.parts[-3]))
    return found[-1].parent if found else None


def private_postgres_reason() -> str | None:
    """Why a private cluster cannot be made here, or None when it can."""
    if postgres_binaries() is None:
        return "no PostgreSQL server programs installed"
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        return "a private PostgreSQL cluster needs root (to run it as the postgres account)"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres account"
    return None


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A new PostgreSQL cluster in a scratch folder the postgres account can reach, running
    on a free port; stopped and removed afterwards (also after a crash the scenario caused)."""
    binaries = postgres_binaries()
    reason = private_postgres_reason()
    if binaries is None or reason is not None:
        raise SystemExit(reason)
    folder = Path(tempfile.mkdtemp(prefix="sopflow-postgres-"))
    folder.chmod(0o755)
    shutil.chown(folder, "postgres")
    subprocess.run(
        [
            *("runuser", "-u", "postgres", "--", str(binaries / "initdb")),
            *("-D", str(folder / "data"), "-A", "trust", "-U", "postgres", "--no-sync"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = PrivatePostgres(folder, free_port(), binaries)
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            server.stop("fast")
        shutil.rmtree(folder, ignore_errors=True)
