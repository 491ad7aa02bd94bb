"""The app's routers, one module per area; `routers()` gives the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every router of the app (imported when an app is made, not at import time)."""
    from sopflow.web.routes import account, capture, capture_pages, run_pages, runs, system

    return [
        system.router,
        account.router,
        runs.router,
        run_pages.router,
        capture.uploads,
        capture.router,
        capture_pages.form_uploads,
        capture_pages.pages,
    ]
