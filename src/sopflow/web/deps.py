"""The dependencies routes declare: the library, who is asking, the CSRF check.

Who is asking comes from an `Authorization: Bearer` API token or from the session cookie.
Routes pass the actor (None for nobody) to a service, and the service checks the
permission; a route never decides access on its own.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from sopflow.errors import AuthenticationError, PermissionDeniedError
from sopflow.library.store import Library
from sopflow.services import users
from sopflow.services.access import Actor
from sopflow.services.users import Session
from sopflow.settings import Settings
from sopflow.web.context import WebContext

SESSION_COOKIE = "sopflow_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def web_context(request: Request) -> WebContext:
    """The running app's context."""
    context: WebContext = request.app.state.context
    return context


def get_library(request: Request) -> Library:
    """The library the app serves."""
    return web_context(request).library


def get_settings(request: Request) -> Settings:
    """The settings the app was made with."""
    return web_context(request).settings


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def current_session(request: Request) -> Session | None:
    """The browser session of the request, if its cookie names a live one (cached)."""
    if not hasattr(request.state, "session"):
        secret = request.cookies.get(SESSION_COOKIE)
        found = users.session(library=get_library(request), secret=secret) if secret else None
        request.state.session = found
    found_session: Session | None = request.state.session
    return found_session


def current_actor(request: Request) -> Actor | None:
    """Who is asking: the API token's account, else the session's, else None."""
    if hasattr(request.state, "actor"):
        cached: Actor | None = request.state.actor
        return cached
    token = _bearer(request)
    if token is not None:
        actor = users.token_actor(library=get_library(request), secret=token)
        if actor is None:
            raise AuthenticationError("Authorization: the API token is not valid")
    else:
        found = current_session(request)
        actor = found.actor if found else None
    request.state.actor = actor
    return actor


def check_origin(request: Request) -> None:
    """Refuse a state-changing browser request that another site made: its `Origin` is not
    this host, or its `Sec-Fetch-Site` says cross-site. This holds signed in or not, so a
    foreign page cannot sign a browser in to an account of its choosing either (login
    CSRF). A request that sends neither header (a script, an old browser) passes here and
    meets the token check; an API token request needs neither (`check_csrf`)."""
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        raise PermissionDeniedError("Origin: a request from another site is refused")
    origin = request.headers.get("origin")
    if origin is None:
        return
    host = request.headers.get("host", "").lower()
    if origin.lower().partition("://")[2].rstrip("/") != host or not host:
        raise PermissionDeniedError(f"Origin: {origin[:100]} is not this site; reload the page")


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request from another site (`check_origin`), and one made
    with the session cookie unless it carries the session's CSRF token (header
    `X-CSRF-Token` or form field `csrf_token`).

    Requests with an API token carry no cookie authority, so they need neither: a browser
    cannot add the `Authorization` header to a cross-site request without the app's
    consent (CORS), which it never gives.
    """
    if request.method not in UNSAFE_METHODS or _bearer(request) is not None:
        return
    check_origin(request)
    found = current_session(request)
    if found is None:
        return  # nobody signed in: the service refuses whatever needs an account
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not given or not hmac.compare_digest(given, found.csrf_token):
        raise PermissionDeniedError(
            "csrf_token: this form has expired or did not come from sopflow; reload the page"
        )


def signed_in(request: Request) -> Actor:
    """The actor, for a page that only makes sense signed in."""
    actor = current_actor(request)
    if actor is None:
        raise AuthenticationError("sign in first")
    return actor


async def posted_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, its uploaded files closed once the response is sent (a route
    that reads uploads would otherwise leave their spooled temporary files open)."""
    async with request.form() as form:
        yield form


LibraryDep = Annotated[Library, Depends(get_library)]
FormDep = Annotated[FormData, Depends(posted_form)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ActorDep = Annotated[Actor | None, Depends(current_actor)]
SignedInDep = Annotated[Actor, Depends(signed_in)]
