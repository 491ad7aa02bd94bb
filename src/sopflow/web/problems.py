"""Domain errors as HTTP responses, in one place: RFC 9457 problem details for the API,
an error page (or the sign-in page) for a browser.

Each error class of `sopflow.errors` has one status; the problem names the field when the
error knows it. Nothing else in the web face turns an error into a status.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from sopflow.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    SopflowError,
    StorageFullError,
    TooLargeError,
    UnavailableError,
)
from sopflow.library.documents import RevisionConflictError
from sopflow.library.engine import DatabaseUnavailableError
from sopflow.library.identity import CodeTakenError
from sopflow.services.revisions import BaseRevisionRequiredError

PROBLEM_JSON = "application/problem+json"
LOG = logging.getLogger(__name__)

STATUS: tuple[tuple[type[SopflowError], int, str], ...] = (
    (AuthenticationError, 401, "Not signed in"),
    (PermissionDeniedError, 403, "Not allowed"),
    (NotFoundError, 404, "Not found"),
    (RevisionConflictError, 412, "Stale revision"),
    (BaseRevisionRequiredError, 428, "Base revision required"),
    (ConflictError, 409, "Conflict"),
    (InvalidInputError, 422, "Invalid input"),
    (TooLargeError, 413, "Too large"),
    (StorageFullError, 507, "Insufficient storage"),
    (UnavailableError, 503, "Unavailable"),
    (SopflowError, 400, "Bad request"),
)
"""Each kind of error, its status and title; the first class that matches wins."""


class PreconditionFailedError(ConflictError):
    """A save whose If-Match names a revision that is no longer the latest."""


def status_of(error: SopflowError) -> tuple[int, str]:
    """The HTTP status and title for a domain error."""
    if isinstance(error, PreconditionFailedError):
        return 412, "Stale revision"
    for kind, status, title in STATUS:
        if isinstance(error, kind):
            return status, title
    return 400, "Bad request"


def wants_html(request: Request) -> bool:
    """Whether the request is a page's (a browser navigating), not the API's."""
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "") or request.method == "GET"


def problem(status: int, title: str, detail: str, *, instance: str, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    body.update({key: value for key, value in extra.items() if value is not None})
    headers = {"WWW-Authenticate": 'Bearer realm="sopflow"'} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _extra(error: SopflowError) -> dict[str, Any]:
    extra: dict[str, Any] = {"field": getattr(error, "field", None)}
    if isinstance(error, RevisionConflictError):
        extra.update(code=error.code, base_revision=error.base, latest_revision=error.latest)
    if isinstance(error, BaseRevisionRequiredError):
        extra.update(code=error.code, field="If-Match", latest_revision=error.latest)
    if isinstance(error, CodeTakenError):
        extra.update(codes=list(error.codes))
    return extra


async def _domain(request: Request, error: Exception) -> Response:
    assert isinstance(error, SopflowError)
    status, title = status_of(error)
    detail = str(error)
    if isinstance(error, DatabaseUnavailableError):
        LOG.warning("%s %s: %s", request.method, request.url.path, error)
        detail = error.public  # the server's address is not the client's business
    if wants_html(request):
        from sopflow.web.pages import error_page

        if status == 401:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        response: Response = error_page(request, status=status, title=title, detail=detail)
    else:
        response = problem(status, title, detail, instance=request.url.path, **_extra(error))
    if isinstance(error, UnavailableError):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "request"


async def _invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = [
        {"field": _location(item.get("loc", ())), "message": item.get("msg", "")}
        for item in error.errors()
    ]
    detail = "; ".join(f"{item['field']}: {item['message']}" for item in errors)
    field = errors[0]["field"] if errors else None
    if wants_html(request):
        from sopflow.web.pages import error_page

        return error_page(request, status=422, title="Invalid input", detail=detail)
    return problem(
        422, "Invalid input", detail, instance=request.url.path, field=field, errors=errors
    )


METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> str:
    """Every method some route serves at the request's path, for a 405's Allow header.

    Starlette names only the methods of the first route whose path matched, and a path often
    has several (GET and PUT of one document are two routes).
    """
    allowed = []
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


async def _http(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    title = {404: "Not found", 405: "Method not allowed"}.get(error.status_code, "Error")
    detail = str(error.detail)
    if wants_html(request) and error.status_code != 405:
        from sopflow.web.pages import error_page

        return error_page(request, status=error.status_code, title=title, detail=detail)
    response = problem(error.status_code, title, detail, instance=request.url.path)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    if error.status_code == 405:
        response.headers["Allow"] = allowed_methods(request) or response.headers.get("Allow", "")
    return response


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(SopflowError, _domain)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
