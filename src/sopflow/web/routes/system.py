"""The start page, the interactive API docs and the health check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from sopflow import __version__
from sopflow.web.deps import ActorDep
from sopflow.web.pages import templates

router = APIRouter()


@router.get("/", include_in_schema=False)
def start(actor: ActorDep) -> Response:
    """Signed in: the library; otherwise the sign-in page."""
    return RedirectResponse("/library" if actor else "/login", status_code=303)


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> Response:
    """Swagger UI on /api/v1/openapi.json, served from this server (works offline)."""
    return templates().TemplateResponse(request, "api_docs.html", {})


class Health(BaseModel):
    """The server answers, and which version it runs."""

    status: str
    version: str


@router.get("/api/v1/health", tags=["system"])
def health() -> Health:
    """A probe for load balancers and scripts; needs no sign-in."""
    return Health(status="ok", version=__version__)
