"""The capture job pool as a part of the running app: started and stopped with it, and
handed to the routes that need it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request

from sopflow.errors import SopflowError
from sopflow.services.capture_jobs import CAPTURE_JOB, capture_handler
from sopflow.services.job_pool import EmbeddedJobs
from sopflow.services.jobs import JobQueue
from sopflow.web.context import WebContext

JOBS = "jobs"
"""The key of the job queue in `WebContext.extras`."""


@contextmanager
def job_pool(context: WebContext) -> Iterator[None]:
    """Run capture jobs on `capture_workers` threads while the app serves."""
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
