"""Fixtures for the web face: a real uvicorn on loopback serving a real library (SQLite and
PostgreSQL), accounts of every role, signed-in HTTP clients, and Debian's Chromium driven
by Playwright."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from pwdlib import PasswordHash

from sopflow.library.store import open_library
from sopflow.library.users import insert_user
from sopflow.services import revisions
from sopflow.services.access import Actor, Role
from sopflow.settings import Settings
from sopflow.web.app import create_app

PASSWORD = "correct-horse-42"
"""The password of every test account."""

ACCOUNTS: dict[str, tuple[Role, ...]] = {
    "rita": (Role.READER,),
    "arthur": (Role.AUTHOR,),
    "vera": (Role.REVIEWER,),
    "ada": (Role.ADMIN,),
}
"""One account per role, by login name."""

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, installed with the frontend's packages, for the accessibility checks."""


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Run app on a free loopback port in a thread; its base URL until the block ends."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@dataclass
class Site:
    """A running app: its base URL, settings, and the library it serves."""

    url: str
    settings: Settings
    app: FastAPI
    clients: list[httpx.Client] = field(default_factory=list)

    def client(self, name: str | None = None) -> SignedClient:
        """An HTTP client, signed in as name (None: anonymous); closed after the test."""
        client = SignedClient(base_url=self.url, follow_redirects=False, timeout=60)
        self.clients.append(client)
        if name is not None:
            client.sign_in(name)
        return client

    def load(self, *paths: Path) -> Site:
        """Import the YAML documents under paths into the site's library, as `sopflow
        import` does; the site, for chaining."""
        with open_library(self.settings.library_url, create=False) as library:
            revisions.import_documents(
                library=library,
                actor=Actor.local(),
                sources=revisions.read_import(list(paths)),
                summary="Imported from YAML",
            )
        return self

    def close(self) -> None:
        """Close every client made."""
        for client in self.clients:
            client.close()


class SignedClient(httpx.Client):
    """An httpx client that signs in through the login form and keeps the CSRF token."""

    csrf: str = ""

    def sign_in(self, name: str, password: str = PASSWORD) -> None:
        response = self.post("/login", data={"name": name, "password": password, "next": "/"})
        assert response.status_code == 303, response.text
        self.csrf = page_csrf(self.get("/account").text)

    def unsafe(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """A state-changing request carrying the CSRF header, as the pages' script sends."""
        headers = dict(kwargs.pop("headers", {}) or {})  # type: ignore[call-overload]
        headers["X-CSRF-Token"] = self.csrf
        return self.request(method, url, headers=headers, **kwargs)  # type: ignore[arg-type]


def page_csrf(html: str) -> str:
    """The CSRF token a page carries in its meta tag."""
    found = re.search(r'<meta name="csrf-token" content="([^"]*)"', html)
    assert found, "the page has no csrf-token meta tag"
    return found.group(1)


def signed_in(
    browser: Any,
    site: Site,
    name: str,
    *,
    width: int = 1280,
    bypass_csp: bool = False,
    landing: str = "/library",
) -> tuple[Any, Any, list[str]]:
    """A browser context of its own (width by 900), its page signed in as name through the
    login form and on landing, and what the page logs (console lines, page errors).
    bypass_csp is for the accessibility check alone, whose script the page's policy refuses."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    page.on("pageerror", lambda error: said.append(f"page error: {error}"))
    page.goto(f"{site.url}/login?next={landing}")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{landing}")
    return context, page, said


def serious_violations(page: Any) -> list[str]:
    """What axe finds serious or critical on the page as it stands, a line each with where
    (the context must bypass the CSP: axe is a script of the test's own)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{item['id']} ({item['impact']}): {item['help']} at "
        + ", ".join(str(target) for hit in item["nodes"][:3] for target in hit["target"])
        for item in found
        if item["impact"] in ("serious", "critical")
    ]


@cache
def password_hash() -> str:
    """PASSWORD hashed once for the session: Argon2 costs a fifth of a second a time."""
    return PasswordHash.recommended().hash(PASSWORD)


def add_accounts(settings: Settings) -> None:
    """Create ACCOUNTS in the library of settings (the rows `sopflow user add` writes, with
    the session's one hash of PASSWORD; signing in still checks it with Argon2)."""
    with (
        open_library(settings.library_url, create=True) as library,
        library.transaction() as connection,
    ):
        for name, roles in ACCOUNTS.items():
            insert_user(
                connection,
                name=name,
                full_name=name.title() + " Example",
                email=None,
                password_hash=password_hash(),
                roles=roles,
                now=datetime.now(UTC),
            )


@pytest.fixture
def web_settings(library_url: str, tmp_path: Path) -> Settings:
    """Settings of a web app on an empty library (SQLite and PostgreSQL) with ACCOUNTS."""
    settings = Settings(home=tmp_path / "home", database_url=library_url)
    add_accounts(settings)
    return settings


@pytest.fixture
def make_site(web_settings: Settings) -> Iterator[Callable[..., Site]]:
    """Start the app (optionally with other settings) on loopback; stopped after the test."""
    with ExitStackFixture() as stack:

        def start(settings: Settings | None = None) -> Site:
            chosen = settings or web_settings
            app = create_app(chosen)
            url = stack.enter(serving(app))
            made = Site(url, chosen, app)
            stack.callback(made.close)
            return made

        yield start


@pytest.fixture
def site(make_site: Callable[..., Site]) -> Site:
    """The app serving an empty library with one account per role."""
    return make_site()


@pytest.fixture
def stocked(site: Site) -> Site:
    """The site serving the example library, each document at revision 1."""
    return site.load(EXAMPLES)


class ExitStackFixture:
    """An ExitStack whose enter() returns the context's value (a small typing helper)."""

    def __init__(self) -> None:
        from contextlib import ExitStack

        self._stack = ExitStack()

    def callback(self, function: Callable[[], None]) -> None:
        self._stack.callback(function)

    def enter(self, context: object) -> str:
        return self._stack.enter_context(context)  # type: ignore[call-overload, no-any-return]

    def __enter__(self) -> ExitStackFixture:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
