"""The capture job queue as a part of the running app: started and stopped with it, and
handed to the routes that need it. With SOPFLOW_BROKER_URL it is the Celery queue that
`sopflow worker` processes serve; without, the embedded pool in this process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from sopflow.errors import SopflowError
from sopflow.services.capture_jobs import CAPTURE_JOB, capture_handler
from sopflow.services.job_pool import EmbeddedJobs
from sopflow.services.jobs import JobQueue
from sopflow.web.context import WebContext

if TYPE_CHECKING:
    from sopflow.services.celery_jobs import CeleryJobs

JOBS = "jobs"
"""The key of the job queue in `WebContext.extras`."""


@contextmanager
def job_pool(context: WebContext) -> Iterator[None]:
    """Queue capture jobs on the broker, or run them on `capture_workers` threads here."""
    jobs: EmbeddedJobs | CeleryJobs
    if context.settings.broker_url is not None:
        from sopflow.services.celery_jobs import CeleryJobs

        jobs = CeleryJobs(library=context.library, settings=context.settings, kinds=(CAPTURE_JOB,))
    else:
        jobs = EmbeddedJobs(
            library=context.library,
            settings=context.settings,
            handlers={CAPTURE_JOB: capture_handler(context.library)},
        )
    jobs.start()
    context.extras[JOBS] = jobs
    try:
        yield
    finally:
        context.extras.pop(JOBS, None)
        jobs.stop()


def get_jobs(request: Request) -> JobQueue:
    """The app's job queue; a clear error when the app runs without its background parts."""
    context: WebContext = request.app.state.context
    jobs: JobQueue | None = context.extras.get(JOBS)
    if jobs is None:
        raise SopflowError("capture jobs are not running on this server; restart it")
    return jobs


JobsDep = Annotated[JobQueue, Depends(get_jobs)]
