"""Document control after approval: when a revision takes effect, making a document
obsolete, periodic review (its interval, what is due, recording a review with no change),
signatures (listed and verified, or added with the meanings authored and acknowledged), and
each person's notices.

The state changes are one function each: set_effective_date, make_obsolete,
set_review_interval, record_periodic_review, sign_revision.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection

from sopflow.errors import ConflictError, InvalidInputError
from sopflow.library import control as rows
from sopflow.library.audit import append_entry
from sopflow.library.control import Notice
from sopflow.library.store import Library
from sopflow.model.revisions import RevisionState
from sopflow.services.access import Actor, Permission, require
from sopflow.services.documents import check_code, check_text, forget_facets
from sopflow.services.signing import (
    Meaning,
    Signature,
    add_signature,
    confirm_signer,
    signatures_of,
)

LONGEST_INTERVAL = 120
"""The longest review interval accepted, in months (ten years)."""


def _now() -> datetime:
    return datetime.now(UTC)


def set_effective_date(
    *, library: Library, actor: Actor | None, code: str, on: datetime
) -> datetime:
    """Move the moment the approved revision of code, not yet in force, takes effect; a
    moment in the past means now (a revision never takes effect retroactively)."""
    setter = require(actor, Permission.REVIEW)
    check_code(code)
    if on.tzinfo is None:
        raise InvalidInputError("on: give a time zone (or a date)", field="on")
    with library.transaction() as connection:
        waiting = [
            r
            for r in rows.controlled_revisions(connection, code=code)
            if r.state == RevisionState.APPROVED
        ]
        if not waiting:
            raise ConflictError(f"{code}: no approved revision waits to take effect")
        moment = max(on.astimezone(UTC), _now()).replace(microsecond=0)
        rows.set_effective_from(connection, waiting[-1].id, moment)
        append_entry(
            connection,
            actor=setter.name,
            action="revision.effective_date_set",
            subject=code,
            details={"revision": waiting[-1].number, "effective_from": moment.isoformat()},
        )
    forget_facets(library)
    return moment


def make_obsolete(*, library: Library, actor: Actor | None, code: str, reason: str) -> None:
    """Withdraw a document from use for reason: it stays readable, marked obsolete."""
    withdrawer = require(actor, Permission.REVIEW)
    check_code(code)
    said = check_text(reason, field="reason", longest=2000).strip()
    if not said:
        raise InvalidInputError("reason: say why the document is withdrawn", field="reason")
    with library.transaction() as connection:
        document = rows.document_control(connection, code=code)
        if document.obsolete_at is not None:
            raise ConflictError(f"{code}: obsolete already ({document.obsolete_reason})")
        rows.set_obsolete(connection, document_id=document.id, reason=said, now=_now())
        append_entry(
            connection,
            actor=withdrawer.name,
            action="document.obsolete",
            subject=code,
            details={"revision": document.in_force, "reason": said},
        )
    forget_facets(library)


def set_review_interval(*, library: Library, actor: Actor | None, code: str, months: int) -> None:
    """How many months pass between periodic reviews of code."""
    editor = require(actor, Permission.EDIT)
    check_code(code)
    if not 1 <= months <= LONGEST_INTERVAL:
        raise InvalidInputError(
            f"months: give 1 to {LONGEST_INTERVAL}, not {months}", field="months"
        )
    with library.transaction() as connection:
        document = rows.document_control(connection, code=code)
        rows.set_review_months(connection, document_id=document.id, months=months)
        append_entry(
            connection,
            actor=editor.name,
            action="review.interval_set",
            subject=code,
            details={"months": months, "was": document.review_months},
        )


@dataclass(frozen=True)
class Due:
    """A document whose periodic review is due (or overdue) by a date."""

    code: str
    title: str
    owner: str | None
    in_force: int
    next_review: date
    overdue: bool


def add_months(day: date, months: int) -> date:
    """The same day months later, or the month's last day when it is shorter (31 Jan + 1
    month is 28 or 29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_review(
    document: rows.DocumentControl, effective_from: datetime | None, reviewed: datetime | None
) -> date:
    """The interval after the later of taking effect and the last periodic review."""
    known = [moment for moment in (effective_from, reviewed) if moment is not None]
    start = max(known) if known else _now()
    return add_months(start.date(), document.review_months)


def review_due(*, library: Library, actor: Actor | None, within_days: int = 0) -> list[Due]:
    """Documents in force whose next periodic review falls within within_days from today,
    overdue ones included, soonest first."""
    require(actor, Permission.READ_DRAFTS)
    if not 0 <= within_days <= 3660:
        raise InvalidInputError("within: give 0 to 3660 days", field="within")
    today = _now().date()
    limit = today + timedelta(days=within_days)
    found = []
    with library.reading() as connection:
        reviewed = rows.last_periodic_reviews(connection)
        for document in rows.controlled_documents(connection):
            assert document.in_force is not None
            every = rows.controlled_revisions(connection, code=document.code)
            started = next(r.effective_from for r in every if r.number == document.in_force)
            upcoming = _next_review(document, started, reviewed.get(document.id))
            if upcoming <= limit:
                found.append(
                    Due(
                        document.code,
                        document.title,
                        document.owner,
                        document.in_force,
                        upcoming,
                        upcoming < today,
                    )
                )
    return sorted(found, key=lambda due: (due.next_review, due.code))


def next_review(*, library: Library, actor: Actor | None, code: str) -> date | None:
    """When code's revision in force is next due for periodic review (None: none in force)."""
    require(actor, Permission.READ)
    check_code(code)
    with library.reading() as connection:
        document = rows.document_control(connection, code=code)
        if document.in_force is None:
            return None
        every = rows.controlled_revisions(connection, code=code)
        started = next(r.effective_from for r in every if r.number == document.in_force)
        reviewed = rows.last_periodic_reviews(connection).get(document.id)
    return _next_review(document, started, reviewed)


def record_periodic_review(*, library: Library, actor: Actor | None, code: str) -> date:
    """Record that code's revision in force was reviewed and needs no change; the next
    review date it resets to."""
    reviewer = require(actor, Permission.REVIEW)
    check_code(code)
    with library.transaction() as connection:
        document = rows.document_control(connection, code=code)
        if document.in_force is None or document.obsolete_at is not None:
            raise ConflictError(f"{code}: no revision in force to review")
        now = _now()
        rows.add_periodic_review(
            connection, document_id=document.id, number=document.in_force, by=reviewer.name, now=now
        )
        upcoming = _next_review(document, None, now)
        append_entry(
            connection,
            actor=reviewer.name,
            action="review.periodic_recorded",
            subject=code,
            details={"revision": document.in_force, "next_review": upcoming.isoformat()},
        )
    return upcoming


def sign_revision(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    number: int,
    meaning: Meaning,
    password: str,
) -> None:
    """Sign revision number of code as its author or as having read it (approvals and
    reviews are signed by approve_revision)."""
    signer = require(actor, Permission.READ)
    check_code(code)
    if meaning not in (Meaning.AUTHORED, Meaning.ACKNOWLEDGED):
        raise InvalidInputError("meaning: sign authored or acknowledged here", field="meaning")
    confirmed = confirm_signer(library=library, actor=signer, password=password)  # see approve
    with library.transaction() as connection:
        revision = next(
            (r for r in rows.controlled_revisions(connection, code=code) if r.number == number),
            None,
        )
        if revision is None:
            raise InvalidInputError(f"number: {code} has no revision {number}", field="number")
        if meaning == Meaning.AUTHORED and revision.author != signer.name:
            raise ConflictError(f"{code}: revision {number} was authored by {revision.author}")
        if meaning == Meaning.ACKNOWLEDGED and revision.state != RevisionState.EFFECTIVE:
            raise ConflictError(f"{code}: revision {number} is not the one in force")
        add_signature(connection, revision=revision, signer=confirmed, meaning=meaning, now=_now())


def list_signatures(*, library: Library, actor: Actor | None, code: str) -> list[Signature]:
    """Every signature of code's revisions, each verified against the content it signed."""
    require(actor, Permission.READ)
    check_code(code)
    with library.reading() as connection:
        every = rows.controlled_revisions(connection, code=code)
        return signatures_of(connection, revisions_by_id={r.id: r for r in every})


def my_notices(*, library: Library, actor: Actor | None) -> list[Notice]:
    """The notices for the actor: by name and by each of their roles, newest first."""
    reader = require(actor, Permission.READ)
    recipients = [reader.name] + [f"role:{role.value}" for role in reader.roles]
    with library.reading() as connection:
        return rows.notices_for(connection, recipients=recipients)


@dataclass(frozen=True)
class ControlFacts:
    """What the control block of a view shows about one revision beyond its history."""

    effective_from: datetime | None
    signatures: tuple[Signature, ...]
    next_review: date | None


def control_facts(connection: Connection, *, code: str, number: int) -> ControlFacts:
    """The effective moment, verified signatures and next review date of a revision (the
    next review only for the revision in force), read in the caller's connection."""
    every = rows.controlled_revisions(connection, code=code)
    shown = next(r for r in every if r.number == number)
    signed = signatures_of(connection, revisions_by_id={shown.id: shown})
    upcoming = None
    if shown.state == RevisionState.EFFECTIVE:
        document = rows.document_control(connection, code=code)
        reviewed = rows.last_periodic_reviews(connection).get(document.id)
        upcoming = _next_review(document, shown.effective_from, reviewed)
    return ControlFacts(shown.effective_from, tuple(signed), upcoming)
