"""Signing in and out, sessions, CSRF, the sign-in throttle and API tokens, on a real server."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.web.conftest import PASSWORD, Site, page_csrf

from sopflow.library.store import open_library
from sopflow.library.users import secret_hash
from sopflow.services import users
from sopflow.settings import Settings
from sopflow.web.deps import SESSION_COOKIE


def test_a_person_signs_in_and_the_cookie_is_httponly_and_samesite(site: Site) -> None:
    client = site.client()
    response = client.post("/login", data={"name": "rita", "password": PASSWORD, "next": "/"})
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # served over plain HTTP on loopback
    assert client.get("/api/v1/me").json()["name"] == "rita"


def test_a_wrong_password_is_refused_with_one_message(site: Site) -> None:
    client = site.client()
    response = client.post("/login", data={"name": "rita", "password": "nope-nope"})
    assert response.status_code == 401
    assert "The name or the password is wrong." in response.text
    unknown = client.post("/login", data={"name": "nobody", "password": "nope-nope"})
    assert unknown.status_code == 401
    assert "The name or the password is wrong." in unknown.text


def test_sign_in_is_throttled_after_five_failures(site: Site) -> None:
    client = site.client()
    statuses = [
        client.post("/login", data={"name": "vera", "password": f"wrong-{n}"}).status_code
        for n in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    blocked = client.post("/login", data={"name": "vera", "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0


def test_a_form_without_the_csrf_token_is_refused(site: Site) -> None:
    client = site.client("rita")
    refused = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "another-pass-1"},
    )
    assert refused.status_code == 403
    assert "csrf_token" in refused.text


def test_changing_the_password_ends_every_session(site: Site) -> None:
    first, second = site.client("arthur"), site.client("arthur")
    response = first.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "brand-new-pass-7",
            "csrf_token": first.csrf,
        },
    )
    assert response.status_code == 303
    assert second.get("/api/v1/me").status_code == 401
    assert first.get("/api/v1/me").status_code == 401
    again = site.client()
    again.sign_in("arthur", "brand-new-pass-7")
    assert again.get("/api/v1/me").json()["name"] == "arthur"


def test_signing_out_ends_the_session(site: Site) -> None:
    client = site.client("rita")
    assert client.post("/logout", data={"csrf_token": client.csrf}).status_code == 303
    assert client.get("/api/v1/me").status_code == 401


def test_an_api_token_authenticates_a_script_and_is_stored_hashed(site: Site) -> None:
    client = site.client("vera")
    created = client.unsafe("POST", "/api/v1/tokens", json={"name": "nightly report"})
    assert created.status_code == 201
    token = created.json()["token"]
    me = site.client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["name"], me["full_name"], me["roles"]) == ("vera", "Vera Example", ["reviewer"])
    assert "review" in me["permissions"]
    with open_library(site.settings.library_url, create=False) as library:
        with library.reading() as connection:
            stored = list(connection.exec_driver_sql("SELECT token_sha256 FROM api_tokens"))
        assert stored == [(secret_hash(token),)]
        actor = users.token_actor(library=library, secret=token)
    assert actor is not None
    assert actor.name == "vera"


def test_a_bad_token_is_a_401_problem(site: Site) -> None:
    response = site.client().get("/api/v1/me", headers={"Authorization": "Bearer sfp_forged"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "Authorization: the API token is not valid"


def test_the_first_start_without_accounts_says_how_to_make_the_admin(
    make_site: Callable[..., Site], tmp_path: Path
) -> None:
    empty = make_site(Settings(home=tmp_path / "empty"))
    page = empty.client().get("/login").text
    assert "sopflow user add NAME --role admin" in page


def test_every_response_carries_a_strict_content_security_policy(site: Site) -> None:
    headers = site.client().get("/login").headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_no_password_token_or_session_reaches_the_logs(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger of the server, its access log included
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)  # statements, parameters
    client = site.client()
    client.post("/login", data={"name": "rita", "password": "a-wrong-password"})
    client.post("/login", data={"name": "rita", "password": PASSWORD})
    session = client.cookies.get(SESSION_COOKIE)
    client.csrf = page_csrf(client.get("/account").text)
    token = client.unsafe("POST", "/api/v1/tokens", json={"name": "logs"}).json()["token"]
    site.client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    served = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert served  # the server's loggers (uvicorn, SQLAlchemy's statements, ours) spoke
    logged = "".join(f"{record.getMessage()} {record.args}" for record in served)
    for secret in (PASSWORD, "a-wrong-password", token, session, client.csrf):
        assert secret
        assert secret not in logged
