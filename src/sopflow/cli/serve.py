"""`sopflow serve`: the web app on the library in force, until Ctrl-C."""

from __future__ import annotations

from typing import Annotated

import typer

from sopflow.cli.console import err
from sopflow.errors import SopflowError
from sopflow.services.users import has_users
from sopflow.settings import load_settings


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Serve the web app and its API on the library in force (SQLite or PostgreSQL)."""
    import uvicorn

    from sopflow.web.app import create_app

    settings = load_settings()
    app = create_app(settings)
    library = app.state.context.library
    shown = f"[{host}]" if ":" in host else host
    err.print(f"sopflow: serving {library.where} at http://{shown}:{port}/", markup=False)
    if not has_users(library=library):
        err.print(
            "sopflow: no accounts yet; create the first administrator with "
            "`sopflow user add NAME --role admin`",
            markup=False,
        )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    except OSError as error:
        raise SopflowError(f"--port: cannot listen on {shown}:{port}: {error.strerror}") from error
