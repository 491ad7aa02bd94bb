"""Sessions and sign-in under attack, on a real server: a session id planted in the browser
before sign-in is never the one after it (session fixation); signing in again or out ends
the old session for whoever holds its cookie; a guessed password is stopped after five
tries, and both the failures and the lock-out are in the audit trail.

Changing the password ends every session of the account: `test_account.py::
test_changing_the_password_ends_every_session`.
"""

from __future__ import annotations

import pytest
from tests.web.conftest import PASSWORD, Site

from sopflow.library.store import open_library
from sopflow.services import audit
from sopflow.services.access import Actor, Role
from sopflow.web.deps import SESSION_COOKIE

LOGIN = {"name": "rita", "password": PASSWORD, "next": "/"}


def holder_of(site: Site, cookie: str) -> int:
    """The status /api/v1/me gives a browser that sends only that session cookie."""
    other = site.client()
    other.cookies.set(SESSION_COOKIE, cookie)
    return other.get("/api/v1/me").status_code


def test_a_session_id_planted_before_sign_in_is_not_the_one_after(site: Site) -> None:
    planted = "attacker-chosen-session-id"
    client = site.client()
    client.cookies.set(SESSION_COOKIE, planted)
    response = client.post("/login", data=LOGIN)
    assert response.status_code == 303
    issued = response.cookies.get(SESSION_COOKIE)
    assert issued
    assert issued != planted
    assert len(issued) >= 43  # 32 random bytes, URL-safe
    assert holder_of(site, planted) == 401
    assert holder_of(site, issued) == 200


def test_signing_in_again_ends_the_session_held_before(site: Site) -> None:
    client = site.client("rita")
    before = client.cookies.get(SESSION_COOKIE)
    assert before
    assert holder_of(site, before) == 200
    again = client.post("/login", data={**LOGIN, "csrf_token": client.csrf})
    after = again.cookies.get(SESSION_COOKIE)
    assert again.status_code == 303
    assert after
    assert after != before
    assert holder_of(site, before) == 401  # a copy of the old cookie is worth nothing now
    assert holder_of(site, after) == 200


def test_after_signing_out_the_old_cookie_no_longer_works(site: Site) -> None:
    client = site.client("rita")
    cookie = client.cookies.get(SESSION_COOKIE)
    assert cookie
    out = client.post("/logout", data={"csrf_token": client.csrf})
    assert out.status_code == 303
    assert 'sopflow_session=""' in out.headers["set-cookie"]  # the browser drops it
    assert holder_of(site, cookie) == 401  # and a copy kept elsewhere is dead on the server


def trail(site: Site) -> list[tuple[str, str, str]]:
    """(actor, action, subject) of every sign-in entry of the audit trail, oldest first."""
    with open_library(site.settings.library_url, create=False) as library:
        admin = Actor("ada", "Ada", frozenset({Role.ADMIN}))
        entries = audit.show_entries(library=library, actor=admin, limit=100)
    return [
        (e.actor, e.action, e.subject) for e in reversed(entries) if e.action.startswith("login")
    ]


def test_guessing_a_password_is_locked_out_and_audited(site: Site) -> None:
    client = site.client()
    statuses = [
        client.post("/login", data={**LOGIN, "password": f"guess-{n}"}).status_code
        for n in range(7)
    ]
    assert statuses == [401] * 5 + [429] * 2
    right = client.post("/login", data=LOGIN)
    assert right.status_code == 429  # the right password, too, waits out the lock
    assert int(right.headers["retry-after"]) > 0
    assert SESSION_COOKIE not in right.headers.get("set-cookie", "")
    assert trail(site) == [
        *[("rita", "login.failed", "user:rita")] * 5,
        ("rita", "login.locked", "ip:127.0.0.1"),
        ("rita", "login.locked", "name:rita"),
    ]  # refused attempts check no password and record no failure; no login happened


@pytest.mark.parametrize(
    "target", ["//attacker.example/", "/\\attacker.example", "https://attacker.example/"]
)
def test_signing_in_never_sends_the_browser_to_another_host(site: Site, target: str) -> None:
    response = site.client().post("/login", data={**LOGIN, "next": target})
    assert response.status_code == 303
    assert response.headers["location"] == "/"
