"""Background jobs as rows: the durable record behind `services.jobs`.

A job's inputs, stage progress and result summary are JSON text, so the record is the same
on both databases and any process can read what another one runs. Times are stored in UTC.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, func, insert, or_, select, update

from sopflow.library.tables import capture_jobs

UNFINISHED = ("queued", "running")
"""The states of a job that has not ended."""


@dataclass(frozen=True)
class JobRow:
    """One job as stored."""

    id: str
    kind: str
    owner_id: int | None
    owner_name: str
    state: str
    inputs: dict[str, Any]
    stages: list[dict[str, Any]]
    error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    attempt: int = 0
    claim: str | None = None
    heartbeat_at: datetime | None = None
    stop: str | None = None


def _aware(value: datetime | None) -> datetime | None:
    """SQLite keeps no offset; everything is stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _row(row: Row[Any]) -> JobRow:
    created = _aware(row.created_at)
    updated = _aware(row.updated_at)
    assert created is not None
    assert updated is not None
    return JobRow(
        id=row.id,
        kind=row.kind,
        owner_id=row.owner_id,
        owner_name=row.owner_name,
        state=row.state,
        inputs=json.loads(row.inputs),
        stages=json.loads(row.stages),
        error=row.error,
        result=json.loads(row.result) if row.result is not None else None,
        created_at=created,
        updated_at=updated,
        started_at=_aware(row.started_at),
        finished_at=_aware(row.finished_at),
        attempt=row.attempt,
        claim=row.claim,
        heartbeat_at=_aware(row.heartbeat_at),
        stop=row.stop,
    )


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def insert_job(
    connection: Connection,
    *,
    job_id: str,
    kind: str,
    owner_id: int | None,
    owner_name: str,
    inputs: Mapping[str, Any],
    stages: Iterable[Mapping[str, Any]],
    now: datetime,
) -> None:
    """Record a new queued job."""
    connection.execute(
        insert(capture_jobs).values(
            id=job_id,
            kind=kind,
            owner_id=owner_id,
            owner_name=owner_name,
            state="queued",
            inputs=_json(dict(inputs)),
            stages=_json([dict(stage) for stage in stages]),
            created_at=now,
            updated_at=now,
        )
    )


def update_job(
    connection: Connection,
    *,
    job_id: str,
    now: datetime,
    state: str | None = None,
    stages: Iterable[Mapping[str, Any]] | None = None,
    error: str | None = None,
    result: Mapping[str, Any] | None = None,
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
    holder: str | None = None,
    output: Mapping[str, Any] | None = None,
) -> bool:
    """Change what is given of a job (None leaves a column as it is); with holder, only
    while that claim still holds the running job. True when the row was changed."""
    values: dict[str, Any] = {"updated_at": now}
    if state is not None:
        values["state"] = state
    if stages is not None:
        values["stages"] = _json([dict(stage) for stage in stages])
    if error is not None:
        values["error"] = error
    if result is not None:
        values["result"] = _json(dict(result))
    if started_at is not None:
        values["started_at"] = started_at
    if finished_at is not None:
        values["finished_at"] = finished_at
    if output is not None:
        values["output"] = _json(dict(output))
    where = [capture_jobs.c.id == job_id]
    if holder is not None:
        values["heartbeat_at"] = now
        where += [capture_jobs.c.claim == holder, capture_jobs.c.state == "running"]
    changed = connection.execute(update(capture_jobs).where(*where).values(**values))
    return bool(changed.rowcount)


def find_job(connection: Connection, *, job_id: str) -> JobRow | None:
    """The job with that id, or None."""
    row = connection.execute(select(capture_jobs).where(capture_jobs.c.id == job_id)).first()
    return _row(row) if row is not None else None


def jobs_of(connection: Connection, *, owner_name: str, kind: str, limit: int) -> list[JobRow]:
    """An owner's most recent jobs of a kind, newest first."""
    rows = connection.execute(
        select(capture_jobs)
        .where(capture_jobs.c.owner_name == owner_name, capture_jobs.c.kind == kind)
        .order_by(capture_jobs.c.created_at.desc(), capture_jobs.c.id)
        .limit(limit)
    )
    return [_row(row) for row in rows]


def unfinished_jobs(connection: Connection) -> list[JobRow]:
    """Every job still queued or running, oldest first."""
    rows = connection.execute(
        select(capture_jobs)
        .where(capture_jobs.c.state.in_(UNFINISHED))
        .order_by(capture_jobs.c.created_at, capture_jobs.c.id)
    )
    return [_row(row) for row in rows]


def claim_job(
    connection: Connection, *, job_id: str, token: str, now: datetime, stale_before: datetime
) -> bool:
    """Take a job to run: a queued one, or a running one whose claimant has not proved it
    is alive since stale_before (it died). True when this claim now holds it."""
    stale = or_(capture_jobs.c.heartbeat_at.is_(None), capture_jobs.c.heartbeat_at < stale_before)
    taken = connection.execute(
        update(capture_jobs)
        .where(
            capture_jobs.c.id == job_id,
            or_(
                capture_jobs.c.state == "queued",
                and_(capture_jobs.c.state == "running", stale),
            ),
        )
        .values(
            state="running",
            claim=token,
            attempt=capture_jobs.c.attempt + 1,
            heartbeat_at=now,
            updated_at=now,
            started_at=func.coalesce(capture_jobs.c.started_at, now),
        )
    )
    return bool(taken.rowcount)


def beat(connection: Connection, *, job_id: str, token: str, now: datetime) -> str | None:
    """Prove the claimant of a running job alive; what it is asked to do: None (go on),
    "cancelled" (someone cancelled it) or "lost" (another claim holds it, or it ended)."""
    alive = connection.execute(
        update(capture_jobs)
        .where(
            capture_jobs.c.id == job_id,
            capture_jobs.c.claim == token,
            capture_jobs.c.state == "running",
        )
        .values(heartbeat_at=now)
    )
    if not alive.rowcount:
        return "lost"
    stop = connection.execute(
        select(capture_jobs.c.stop).where(capture_jobs.c.id == job_id)
    ).scalar_one_or_none()
    return str(stop) if stop else None


def request_stop(connection: Connection, *, job_id: str, now: datetime) -> None:
    """Cancel a job from any process: a queued one ends now, a running one is asked to stop
    (its claimant reads this at its next heartbeat)."""
    connection.execute(
        update(capture_jobs)
        .where(capture_jobs.c.id == job_id, capture_jobs.c.state == "queued")
        .values(state="cancelled", finished_at=now, updated_at=now)
    )
    connection.execute(
        update(capture_jobs)
        .where(capture_jobs.c.id == job_id, capture_jobs.c.state == "running")
        .values(stop="cancelled", updated_at=now)
    )


def find_output(connection: Connection, *, job_id: str) -> dict[str, Any] | None:
    """The full result a finished job wrote, or None."""
    text = connection.execute(
        select(capture_jobs.c.output).where(capture_jobs.c.id == job_id)
    ).scalar_one_or_none()
    return json.loads(text) if text is not None else None


def stale_running(connection: Connection, *, stale_before: datetime) -> list[JobRow]:
    """Running jobs whose claimant has not proved alive since stale_before."""
    rows = connection.execute(
        select(capture_jobs).where(
            capture_jobs.c.state == "running",
            or_(
                capture_jobs.c.heartbeat_at.is_(None),
                capture_jobs.c.heartbeat_at < stale_before,
            ),
        )
    )
    return [_row(row) for row in rows]


def delete_job(connection: Connection, *, job_id: str) -> None:
    """Forget a job that was never handed to anyone (its queue could not be reached)."""
    connection.execute(delete(capture_jobs).where(capture_jobs.c.id == job_id))
