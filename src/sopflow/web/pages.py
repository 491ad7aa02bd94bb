"""Server-rendered pages: the Jinja2 environment (autoescaping on) and the context every
page gets: who is signed in, their CSRF token, the navigation their roles allow.

Templates live in `web/templates/`; a page template extends `base.html`.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from sopflow import __version__
from sopflow.services.access import Actor, Permission

TEMPLATES = Path(str(files("sopflow.web") / "templates"))
STATIC = Path(str(files("sopflow.web") / "static"))

NAVIGATION: tuple[tuple[str, str, Permission], ...] = (
    ("Library", "/library", Permission.READ),
    ("Register", "/register", Permission.READ),
    ("Capture", "/capture", Permission.CAPTURE),
    ("My runs", "/runs", Permission.RUN),
    ("My tasks", "/tasks", Permission.READ),
    ("Audit", "/audit", Permission.ADMIN),
)
"""The top navigation: label, path, the permission it needs to be shown."""


@cache
def templates() -> Jinja2Templates:
    """The page templates, autoescaped."""
    environment = Jinja2Templates(directory=TEMPLATES)
    environment.env.auto_reload = False  # installed files: no stat of each template per page
    environment.env.globals["version"] = __version__
    environment.env.globals["my_acknowledgement"] = my_acknowledgement
    return environment


def my_acknowledgement(request: Request, code: str) -> object:
    """For the document page's acknowledge partial: the revision in force of code and the
    signed-in person's standing on it, when they are on its distribution list (else None)."""
    from sopflow.services.acknowledgements import my_acknowledgement as standing
    from sopflow.web.deps import current_actor, get_library

    actor = current_actor(request)
    if actor is None:
        return None
    return standing(library=get_library(request), actor=actor, code=code)


def _navigation(actor: Actor | None) -> list[dict[str, str]]:
    if actor is None:
        return []
    return [
        {"label": label, "href": href} for label, href, needed in NAVIGATION if actor.can(needed)
    ]


def page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    title: str | None = None,
) -> HTMLResponse:
    """A page rendered with what every page needs."""
    from sopflow.web.deps import current_actor, current_session

    try:
        actor = current_actor(request)
        session = current_session(request)
    except Exception:  # an invalid token, or no database, on an error page: signed out
        actor, session = None, None
    values: dict[str, Any] = {
        "actor": actor,
        "csrf_token": session.csrf_token if session else "",
        "navigation": _navigation(actor),
        "current_path": request.url.path,
        "title": title,
        **(context or {}),
    }
    return templates().TemplateResponse(request, template, values, status_code=status)


def error_page(request: Request, *, status: int, title: str, detail: str) -> HTMLResponse:
    """The page for an error a person can read."""
    return page(
        request,
        "error.html",
        {"status": status, "heading": title, "detail": detail},
        status=status,
        title=title,
    )
