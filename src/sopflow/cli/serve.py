"""`sopflow serve`: the web app on the library in force, until Ctrl-C."""

from __future__ import annotations

import socket
from typing import Annotated, Any

import typer

from sopflow.cli.console import err
from sopflow.errors import SopflowError
from sopflow.library.store import open_library, upgrade_library
from sopflow.services.users import has_users
from sopflow.settings import load_settings

KEEP_ALIVE_S = 75
"""Idle keep-alive: longer than a person's think time between clicks and than the 60 s
idle timeout of common proxies, so a pooled connection is not closed under its client."""

HEALTHCHECK_S = 30
"""How long a worker process may take to answer its supervisor's health check before it
is killed and replaced: uvicorn's 5 s is exceeded by busy processes on a loaded machine."""


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Server processes sharing the port (each with its own pool).", min=1)
    ] = 1,
    keep_alive: Annotated[
        int,
        typer.Option(
            help="Seconds an idle connection is kept open for the client's next request.",
            min=1,
            max=3600,
        ),
    ] = KEEP_ALIVE_S,
) -> None:
    """Serve the web app and its API on the library in force (SQLite or PostgreSQL)."""
    import uvicorn

    _check_free(host, port)
    settings = load_settings()
    where, _, _ = upgrade_library(settings.library_url)  # once, under the migration lock
    shown = f"[{host}]" if ":" in host else host
    many = f" with {workers} processes" if workers > 1 else ""
    err.print(f"sopflow: serving {where} at http://{shown}:{port}/{many}", markup=False)
    library = open_library(settings.library_url, create=False)
    with library:
        if not has_users(library=library):
            err.print(
                "sopflow: no accounts yet; create the first administrator with "
                "`sopflow user add NAME --role admin`",
                markup=False,
            )
    options: dict[str, Any] = {
        "log_level": "warning",
        "server_header": False,
        "timeout_keep_alive": keep_alive,
    }
    if workers == 1:
        from sopflow.web.app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, **options)
    else:  # each process builds its app from the same environment
        uvicorn.run(
            "sopflow.web.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            timeout_worker_healthcheck=HEALTHCHECK_S,
            **options,
        )


def _check_free(host: str, port: int) -> None:
    """Fail with one clear line when the address cannot be listened on (taken, not ours)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise SopflowError(f"--host: {host!r} is not an address of this machine") from error
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise SopflowError(
                f"--port: cannot listen on {host}:{port}: {error.strerror}; "
                "choose another with --port"
            ) from error
