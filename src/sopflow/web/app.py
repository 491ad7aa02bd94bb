"""The web app's factory: `create_app(settings)` gives a FastAPI app on the library in force.

Nothing happens at import time. The factory opens the library (creating and migrating it
when needed), mounts the routers and static files, installs the error mapping and the
security headers; the lifespan starts and stops the parts that run in the background
(`LIFETIMES`), such as the capture job pool.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, ExitStack, asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from sopflow import __version__
from sopflow.library.store import Library, open_library
from sopflow.settings import Settings
from sopflow.web import openapi_links, problems
from sopflow.web.context import WebContext
from sopflow.web.pages import STATIC
from sopflow.web.routes import routers
from sopflow.web.security import SecurityHeaders

Lifetime = Callable[[WebContext], AbstractContextManager[None]]


def lifetimes() -> list[Lifetime]:
    """What runs beside the app while it serves, each given the context to fill in."""
    from sopflow.web.jobs import job_pool

    return [job_pool]


DESCRIPTION = (
    "The sopflow library, capture jobs and runs. Authenticate with a session cookie (the "
    "browser) or `Authorization: Bearer <token>` (scripts; `sopflow token create`). Errors "
    "are RFC 9457 problem details naming the field."
)


def create_app(settings: Settings, *, library: Library | None = None) -> FastAPI:
    """The app serving settings' library (or the open library given, which it then owns)."""
    opened = library or open_library(
        settings.library_url, create=True, pool_size=settings.db_pool_size
    )
    context = WebContext(settings=settings, library=opened)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            for lifetime in lifetimes():
                stack.enter_context(lifetime(context))
            try:
                yield
            finally:
                stack.close()
                opened.close()

    app = FastAPI(
        title="sopflow",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.context = context
    problems.install(app)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routers():
        app.include_router(router)
    openapi_links.install(app)
    return app


def app_from_environment() -> FastAPI:
    """The app on the settings of the environment: the factory each process of
    `sopflow serve --workers N` calls."""
    from sopflow.settings import load_settings

    return create_app(load_settings())
