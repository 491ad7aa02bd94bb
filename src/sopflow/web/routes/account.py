"""Signing in and out, one's own account, and API tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from sopflow.errors import AuthenticationError
from sopflow.services import users
from sopflow.services.access import Actor
from sopflow.web.deps import (
    SESSION_COOKIE,
    ActorDep,
    LibraryDep,
    SignedInDep,
    check_csrf,
    current_session,
    web_context,
)
from sopflow.web.pages import page

router = APIRouter(dependencies=[Depends(check_csrf)])


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another host."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(
    request: Request, library: LibraryDep, next: str = "/", changed: bool = False
) -> Response:
    """The sign-in form (or straight on, when already signed in)."""
    if current_session(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    context = {
        "next": safe_next(next),
        "name": "",
        "has_users": users.has_users(library=library),
        "info": "Your password was changed; sign in with the new one." if changed else "",
    }
    return page(request, "login.html", context, title="Sign in")


def _refused(request: Request, name: str, next_path: str, message: str, status: int) -> Response:
    library = web_context(request).library
    return page(
        request,
        "login.html",
        {
            "next": next_path,
            "name": name,
            "message": message,
            "has_users": users.has_users(library=library),
        },
        status=status,
        title="Sign in",
    )


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    library: LibraryDep,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the name and password; on success start a session and go on."""
    throttle = web_context(request).throttle
    client = f"ip:{request.client.host if request.client else '?'}"
    account = f"name:{name.strip().casefold()}"
    wait = throttle.retry_after(client, account)
    target = safe_next(next)
    if wait:
        response = _refused(
            request, name, target, f"Too many failed sign-ins; try again in {wait} s.", 429
        )
        response.headers["Retry-After"] = str(wait)
        return response
    try:
        actor = users.authenticate(
            library=library, name=name, password=password, client=client.removeprefix("ip:")
        )
    except AuthenticationError:
        throttle.failed(client, account, actor=name.strip().casefold()[: users.LABEL_LENGTH] or "-")
        return _refused(request, name, target, "The name or the password is wrong.", 401)
    throttle.succeeded(account)
    stale = request.cookies.get(SESSION_COOKIE)
    if stale:  # whatever session the browser held (one planted in it, too) ends here
        users.end_session(library=library, secret=stale)
    started = users.start_session(library=library, actor=actor)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        started.secret,
        max_age=int((started.expires_at - datetime.now(UTC)).total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, library: LibraryDep) -> Response:
    """End the session and return to the sign-in page."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        users.end_session(library=library, secret=secret)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_page(request: Request, actor: SignedInDep) -> Response:
    """One's own account: roles, password change."""
    return page(request, "account.html", {"changed": False}, title="Your account")


@router.post("/account/password", include_in_schema=False)
def change_password_form(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    current_password: Annotated[str, Form(max_length=1000)],
    new_password: Annotated[str, Form(max_length=1000)],
) -> Response:
    """Change one's password; every session of the account ends, this one included."""
    users.change_password(
        library=library,
        actor=actor,
        name=actor.name,
        current_password=current_password,
        new_password=new_password,
    )
    response = RedirectResponse("/login?changed=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


class Me(BaseModel):
    """The account a request acts as."""

    name: str
    full_name: str
    roles: list[str]
    permissions: list[str]


@router.get("/api/v1/me", tags=["account"])
def me(actor: ActorDep) -> Me:
    """Who the request is authenticated as, with their roles and permissions."""
    signed = require_signed(actor)
    return Me(
        name=signed.name,
        full_name=signed.full_name,
        roles=sorted(signed.roles),
        permissions=sorted(signed.permissions),
    )


def require_signed(actor: Actor | None) -> Actor:
    """The actor, or AuthenticationError for nobody."""
    if actor is None:
        raise AuthenticationError("sign in or send an API token (Authorization: Bearer …)")
    return actor


class TokenCreate(BaseModel):
    """A request for a new API token."""

    name: str


class TokenCreated(BaseModel):
    """A new API token; its value is shown this once and never again."""

    name: str
    user: str
    token: str


@router.post("/api/v1/tokens", status_code=201, tags=["account"])
def create_token(body: TokenCreate, library: LibraryDep, actor: ActorDep) -> TokenCreated:
    """Create an API token for one's own account, for scripts."""
    signed = require_signed(actor)
    created = users.create_token(library=library, actor=signed, user=signed.name, name=body.name)
    return TokenCreated(name=created.name, user=created.user, token=created.secret)
