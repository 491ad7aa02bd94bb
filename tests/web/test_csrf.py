"""Cross-site request forgery, on a real server: every state-changing route of the app (the
route table of `test_authorization.py`, so a new route is checked too) refuses a request
made with the session cookie but without the session's CSRF token, and a request another
site made (a foreign `Origin`, or `Sec-Fetch-Site: cross-site`) even with the token and
even signed out (a foreign page may not sign a browser in to an account of its choosing).
An API token needs no CSRF token: a browser cannot attach one to another site's request.

The last test is the attack itself in Chromium: a page on another origin of the same site
(another port of the loopback address, so the browser does send the SameSite=Lax cookie)
posts a form to sopflow, and the signed-in person's password stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.web.conftest import PASSWORD, Site, serving
from tests.web.test_authorization import Call, Samples, calls

from sopflow.library.store import open_library
from sopflow.services import users
from sopflow.services.access import Actor
from sopflow.web.deps import SESSION_COOKIE, UNSAFE_METHODS

FOREIGN = "http://attacker.example"
HEX = "f" * 32
SAMPLES = Samples(run=HEX, node="n1", job=HEX, screenshot="s.png", file_path="x.png")


def unsafe_calls() -> list[Call]:
    """One concrete request for every state-changing route of the app."""
    return [call for call in calls(SAMPLES) if call.method in UNSAFE_METHODS]


def send(client: httpx.Client, call: Call, headers: dict[str, str]) -> httpx.Response:
    kwargs: dict[str, Any] = dict(call.send)
    kwargs["headers"] = {**kwargs.get("headers", {}), **headers}
    return client.request(call.method, call.url, **kwargs)


def test_the_route_table_lists_state_changing_routes_of_every_kind() -> None:
    routes = {call.route for call in unsafe_calls()}
    assert {"/login", "/logout", "/account/password", "/api/v1/captures", "/captures"} <= routes
    assert "/api/v1/documents/{code}" in routes  # PUT
    assert len(routes) > 40


def test_no_state_changing_route_takes_the_cookie_without_the_token(site: Site) -> None:
    client = site.client("ada")  # an admin, whom no permission check would stop
    wrong = []
    for call in unsafe_calls():
        response = send(client, call, {})
        if response.status_code != 403 or "csrf_token" not in response.text:
            wrong.append(f"{call.method} {call.url}: {response.status_code}")
        forged = send(client, call, {"X-CSRF-Token": "0" * 64})
        if forged.status_code != 403:
            wrong.append(f"{call.method} {call.url} with a forged token: {forged.status_code}")
    assert wrong == []
    assert client.get("/api/v1/me").json()["name"] == "ada"  # nothing signed her out


@pytest.mark.parametrize("person", ["ada", None])
def test_no_state_changing_route_takes_a_request_from_another_site(
    site: Site, person: str | None
) -> None:
    client = site.client(person)
    token = {"X-CSRF-Token": client.csrf} if person else {}
    wrong = []
    for call in unsafe_calls():
        for foreign in ({"Origin": FOREIGN}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
            response = send(client, call, {**token, **foreign})
            if response.status_code != 403 or "Origin" not in response.text:
                wrong.append(f"{call.method} {call.url} {foreign}: {response.status_code}")
    assert wrong == []


def test_a_foreign_page_cannot_sign_a_browser_in(site: Site) -> None:
    client = site.client()
    form = {"name": "rita", "password": PASSWORD, "next": "/"}
    refused = client.post("/login", data=form, headers={"Origin": FOREIGN})
    assert refused.status_code == 403
    assert SESSION_COOKIE not in refused.headers.get("set-cookie", "")
    same_site = client.post("/login", data=form, headers={"Origin": site.url})
    assert same_site.status_code == 303  # the sign-in form of sopflow itself
    assert same_site.cookies.get(SESSION_COOKIE)


def test_the_same_origin_with_the_token_passes(site: Site) -> None:
    client = site.client("rita")
    headers = {"Origin": site.url, "Sec-Fetch-Site": "same-origin", "X-CSRF-Token": client.csrf}
    created = client.post("/api/v1/tokens", json={"name": "from the page"}, headers=headers)
    assert created.status_code == 201
    out = client.post("/logout", data={"csrf_token": client.csrf}, headers={"Origin": site.url})
    assert out.status_code == 303


def test_an_api_token_needs_no_csrf_token(site: Site) -> None:
    with open_library(site.settings.library_url, create=False) as library:
        token = users.create_token(library=library, actor=Actor.local(), user="rita", name="cli")
    bearer = {"Authorization": f"Bearer {token.secret}"}
    script = site.client()
    created = script.post("/api/v1/tokens", json={"name": "another"}, headers=bearer)
    assert created.status_code == 201
    cookie_only = site.client("rita").post("/api/v1/tokens", json={"name": "another"})
    assert cookie_only.status_code == 403


@pytest.fixture
def attacker_page(site: Site) -> Iterator[str]:
    """A page on another port of the loopback address that posts a form to the site's
    password change as soon as it loads, as a malicious page would."""
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    page = FastAPI()
    form = (
        f'<form id="f" method="post" action="{site.url}/account/password">'
        '<input name="current_password" value="' + PASSWORD + '">'
        '<input name="new_password" value="chosen-by-attacker-1"></form>'
        '<script src="/go.js"></script>'
    )
    page.get("/", response_class=HTMLResponse)(lambda: form)
    page.get("/go.js")(
        lambda: HTMLResponse("document.getElementById('f').submit();", media_type="text/javascript")
    )
    with serving(page) as url:
        yield url


def test_a_forged_form_in_a_real_browser_changes_nothing(
    browser: Any, site: Site, attacker_page: str
) -> None:
    context = browser.new_context()
    try:
        victim = context.new_page()
        victim.goto(f"{site.url}/login")
        victim.fill("input[name=name]", "rita")
        victim.fill("input[name=password]", PASSWORD)
        victim.click("button[type=submit]")
        victim.wait_for_url(f"{site.url}/library")
        attack = context.new_page()
        with attack.expect_response(f"{site.url}/account/password") as answered:
            attack.goto(attacker_page)
        assert answered.value.status == 403
        assert SESSION_COOKIE in answered.value.request.all_headers().get("cookie", "")
        victim.goto(f"{site.url}/account")
        assert "/account" in victim.url  # still signed in: no password was changed
    finally:
        context.close()
    check = site.client()
    check.sign_in("rita")  # the old password still works
