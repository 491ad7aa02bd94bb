"""Document control's storage: review requests and their steps, revision states and effective
dates, obsolescence, periodic reviews and notices. The rules live in `sopflow.services.control`.

Each function runs inside the caller's transaction, so a use case changes all of its rows or
none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Row, func, insert, select, update

from sopflow.library.documents import DocumentNotFoundError
from sopflow.library.in_force import IN_FORCE, shown_state
from sopflow.library.tables import (
    documents,
    notices,
    periodic_reviews,
    review_steps,
    reviews,
    revisions,
)
from sopflow.model.revisions import RevisionState

CONTROLLED = frozenset({"approved", "effective", "superseded", "obsolete"})
"""Stored states of a revision past review (the database refuses changing them too)."""


def utc(moment: datetime | None) -> datetime | None:
    """A stored moment as an aware UTC datetime (SQLite keeps no offset)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ControlledRevision:
    """One revision as document control sees it."""

    id: int
    document_id: int
    code: str
    number: int
    author: str
    sha256: str
    content: str
    stored_state: str
    state: RevisionState  # as of now: effective, superseded and obsolete worked out
    effective_from: datetime | None


def _revision_query() -> object:
    return select(
        revisions.c.id,
        revisions.c.document_id,
        documents.c.code,
        revisions.c.number,
        revisions.c.author,
        revisions.c.sha256,
        revisions.c.content,
        revisions.c.state.label("stored_state"),
        shown_state(),
        revisions.c.effective_from,
    ).join(documents, documents.c.id == revisions.c.document_id)


def _controlled(row: Row[tuple[object, ...]]) -> ControlledRevision:
    values = row._mapping
    return ControlledRevision(
        id=values["id"],
        document_id=values["document_id"],
        code=values["code"],
        number=values["number"],
        author=values["author"],
        sha256=values["sha256"],
        content=values["content"],
        stored_state=values["stored_state"],
        state=RevisionState(values["state"]),
        effective_from=utc(values["effective_from"]),
    )


def controlled_revisions(connection: Connection, *, code: str) -> list[ControlledRevision]:
    """Every revision of code, oldest first; DocumentNotFoundError when there is none."""
    query = _revision_query().where(documents.c.code == code).order_by(revisions.c.number)  # type: ignore[attr-defined]
    found = [_controlled(row) for row in connection.execute(query)]
    if not found:
        raise DocumentNotFoundError(f"{code}: no such document in the library")
    return found


@dataclass(frozen=True)
class DocumentControl:
    """A document's control settings and standing."""

    id: int
    code: str
    title: str
    owner: str | None
    latest: int
    in_force: int | None
    review_months: int
    obsolete_reason: str | None
    obsolete_at: datetime | None


_CONTROL_COLUMNS = (
    documents.c.id,
    documents.c.code,
    documents.c.title,
    documents.c.owner,
    documents.c.latest,
    IN_FORCE.label("in_force"),
    documents.c.review_months,
    documents.c.obsolete_reason,
    documents.c.obsolete_at,
)


def _control(row: Row[tuple[object, ...]]) -> DocumentControl:
    values = dict(row._mapping)
    values["obsolete_at"] = utc(values["obsolete_at"])
    return DocumentControl(**values)


def document_control(connection: Connection, *, code: str) -> DocumentControl:
    """The control settings of code; DocumentNotFoundError when the library lacks it."""
    row = connection.execute(select(*_CONTROL_COLUMNS).where(documents.c.code == code)).first()
    if row is None:
        raise DocumentNotFoundError(f"{code}: no such document in the library")
    return _control(row)


def controlled_documents(connection: Connection) -> list[DocumentControl]:
    """Every document with a revision in force and not obsolete, by code."""
    query = (
        select(*_CONTROL_COLUMNS)
        .where(IN_FORCE.is_not(None), documents.c.obsolete_at.is_(None))
        .order_by(documents.c.code)
    )
    return [_control(row) for row in connection.execute(query)]


def set_state(
    connection: Connection,
    revision: ControlledRevision,
    state: RevisionState,
    *,
    effective_from: datetime | None = None,
    latest: bool = True,
) -> None:
    """Store a revision's new state (and when it takes effect); the document row caches the
    state of its latest revision for lists and filters."""
    connection.execute(
        update(revisions)
        .where(revisions.c.id == revision.id)
        .values(state=state.value, effective_from=effective_from)
    )
    if latest:
        connection.execute(
            update(documents)
            .where(documents.c.id == revision.document_id)
            .values(state=state.value)
        )


def set_effective_from(connection: Connection, revision_id: int, moment: datetime) -> None:
    """Move the moment an approved revision takes effect."""
    connection.execute(
        update(revisions).where(revisions.c.id == revision_id).values(effective_from=moment)
    )


def set_obsolete(connection: Connection, *, document_id: int, reason: str, now: datetime) -> None:
    """Mark a document obsolete, for the reason given."""
    connection.execute(
        update(documents)
        .where(documents.c.id == document_id)
        .values(obsolete_reason=reason, obsolete_at=now, state=RevisionState.OBSOLETE.value)
    )


def set_review_months(connection: Connection, *, document_id: int, months: int) -> None:
    """How many months pass between periodic reviews of a document."""
    connection.execute(
        update(documents).where(documents.c.id == document_id).values(review_months=months)
    )


def add_periodic_review(
    connection: Connection, *, document_id: int, number: int, by: str, now: datetime
) -> None:
    """Record that the revision in force was reviewed and left unchanged."""
    connection.execute(
        insert(periodic_reviews).values(
            document_id=document_id, number=number, reviewed_by=by, reviewed_at=now
        )
    )


def last_periodic_reviews(connection: Connection) -> dict[int, datetime]:
    """When each document was last reviewed periodically, by document id."""
    query = select(
        periodic_reviews.c.document_id, func.max(periodic_reviews.c.reviewed_at)
    ).group_by(periodic_reviews.c.document_id)
    return {
        document_id: moment
        for document_id, at in connection.execute(query)
        if (moment := utc(at)) is not None
    }


@dataclass(frozen=True)
class Step:
    """One approver of a review request and what they decided."""

    position: int
    approver: str  # a login name, or role:ROLE
    decision: str | None  # None while pending
    decided_by: str | None
    comment: str | None
    decided_at: datetime | None


@dataclass(frozen=True)
class Review:
    """A review request of one revision, with its steps in order."""

    id: int
    revision_id: int
    number: int
    mode: str
    reason: str
    requested_by: str
    requested_at: datetime
    state: str
    closed_at: datetime | None
    effective_on: datetime | None
    steps: tuple[Step, ...]


def insert_review(
    connection: Connection,
    *,
    revision_id: int,
    approvers: Iterable[str],
    mode: str,
    reason: str,
    by: str,
    now: datetime,
) -> int:
    """Store an open review request with its approvers in order; its id."""
    review_id: int = connection.execute(
        insert(reviews)
        .values(
            revision_id=revision_id,
            mode=mode,
            reason=reason,
            requested_by=by,
            requested_at=now,
            state="open",
        )
        .returning(reviews.c.id)
    ).scalar_one()
    connection.execute(
        insert(review_steps),
        [
            {"review_id": review_id, "position": position, "approver": approver}
            for position, approver in enumerate(approvers, start=1)
        ],
    )
    return review_id


def decide(
    connection: Connection,
    *,
    review_id: int,
    position: int,
    decision: str,
    by: str,
    comment: str | None,
    now: datetime,
) -> None:
    """Record one approver's decision."""
    connection.execute(
        update(review_steps)
        .where(review_steps.c.review_id == review_id, review_steps.c.position == position)
        .values(decision=decision, decided_by=by, comment=comment, decided_at=now)
    )


def close_review(
    connection: Connection,
    *,
    review_id: int,
    state: str,
    now: datetime,
    effective_on: datetime | None = None,
) -> None:
    """End a review request: approved, rejected or withdrawn."""
    connection.execute(
        update(reviews)
        .where(reviews.c.id == review_id)
        .values(state=state, closed_at=now, effective_on=effective_on)
    )


def reviews_of(connection: Connection, *, document_id: int) -> list[Review]:
    """Every review request of a document's revisions, oldest first, with their steps."""
    rows = connection.execute(
        select(reviews, revisions.c.number)
        .join(revisions, revisions.c.id == reviews.c.revision_id)
        .where(revisions.c.document_id == document_id)
        .order_by(reviews.c.id)
    ).all()
    ids = [row.id for row in rows]
    steps: dict[int, list[Step]] = {review_id: [] for review_id in ids}
    if ids:
        for step in connection.execute(
            select(review_steps)
            .where(review_steps.c.review_id.in_(ids))
            .order_by(review_steps.c.review_id, review_steps.c.position)
        ):
            steps[step.review_id].append(
                Step(
                    step.position,
                    step.approver,
                    step.decision,
                    step.decided_by,
                    step.comment,
                    utc(step.decided_at),
                )
            )
    return [_review(row, steps[row.id]) for row in rows]


def _review(row: Row[tuple[object, ...]], steps: list[Step]) -> Review:
    requested = utc(row.requested_at)
    assert requested is not None
    return Review(
        id=row.id,
        revision_id=row.revision_id,
        number=row.number,
        mode=row.mode,
        reason=row.reason,
        requested_by=row.requested_by,
        requested_at=requested,
        state=row.state,
        closed_at=utc(row.closed_at),
        effective_on=utc(row.effective_on),
        steps=tuple(steps),
    )


def add_notices(
    connection: Connection, *, recipients: Iterable[str], code: str, text: str, now: datetime
) -> None:
    """Leave a notice for each recipient (a login name or role:ROLE), once each."""
    rows = [
        {"recipient": recipient, "code": code, "text": text, "created_at": now}
        for recipient in dict.fromkeys(recipients)
    ]
    if rows:
        connection.execute(insert(notices), rows)


@dataclass(frozen=True)
class Notice:
    """Something a person should know about a document."""

    recipient: str
    code: str
    text: str
    created_at: datetime


def notices_for(connection: Connection, *, recipients: Iterable[str]) -> list[Notice]:
    """The notices left for any of recipients, newest first."""
    query = (
        select(notices.c.recipient, notices.c.code, notices.c.text, notices.c.created_at)
        .where(notices.c.recipient.in_(list(recipients)))
        .order_by(notices.c.id.desc())
    )
    return [
        Notice(r.recipient, r.code, r.text, utc(r.created_at) or r.created_at)
        for r in connection.execute(query)
    ]
