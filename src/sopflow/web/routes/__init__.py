"""The app's routers, one module per area; `routers()` gives the order they are mounted in.

The runs routers come before the documents ones: `/documents/{code}/stats` is theirs.
"""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every router of the app (imported when an app is made, not at import time)."""
    from sopflow.web.routes import (
        account,
        acknowledgements,
        audit,
        builder_pages,
        capture,
        capture_pages,
        control,
        control_pages,
        document_pages,
        documents,
        library_pages,
        register,
        run_pages,
        runs,
        search,
        system,
        wi_pages,
    )

    return [
        system.router,
        account.router,
        runs.router,
        run_pages.router,
        capture.uploads,
        capture.router,
        capture_pages.form_uploads,
        capture_pages.pages,
        control.router,
        audit.api,
        audit.pages,
        control_pages.router,
        acknowledgements.api,
        acknowledgements.pages,
        documents.router,
        search.router,
        library_pages.router,
        register.api,
        register.pages,
        builder_pages.router,
        wi_pages.router,
        document_pages.router,
    ]
