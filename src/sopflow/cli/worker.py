"""`sopflow worker`: run capture jobs queued on the broker, until stopped."""

from __future__ import annotations

from typing import Annotated

import typer

from sopflow.cli.console import err
from sopflow.errors import SopflowError
from sopflow.settings import load_settings


def worker(
    concurrency: Annotated[
        int | None,
        typer.Option(help="Jobs run at once (default SOPFLOW_WORKER_CONCURRENCY).", min=1),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="The worker's name in the broker (default: host and pid).")
    ] = None,
) -> None:
    """Run capture jobs from the queue at SOPFLOW_BROKER_URL (Redis or RabbitMQ)."""
    settings = load_settings()
    if settings.broker_url is None:
        raise SopflowError(
            "SOPFLOW_BROKER_URL: not set; a worker takes capture jobs from a broker "
            "(redis://host:6379/0 or amqp://user:password@host:5672//)"
        )
    from sopflow.services.celery_jobs import run_worker

    chosen = concurrency or settings.worker_concurrency
    err.print(f"sopflow: worker running up to {chosen} capture jobs at once", markup=False)
    run_worker(settings, concurrency=chosen, hostname=name)
