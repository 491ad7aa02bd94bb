"""Read-and-acknowledge storage: each document's distribution list and acknowledgement days,
the people a list names, acknowledgements (signatures meaning "acknowledged") of a revision,
and the mark a run keeps of whether its starter had acknowledged what it follows.

The rules (who is due, when overdue) live in `sopflow.services.acknowledgements`; each
function here runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update

from sopflow.library.control import utc
from sopflow.library.runs import runs
from sopflow.library.tables import (
    distribution,
    documents,
    review_steps,
    reviews,
    revisions,
    user_roles,
    users,
)


@dataclass(frozen=True)
class ListEntry:
    """One entry of a distribution list: a login name or role:ROLE, and when it was added."""

    entry: str
    added_by: str
    added_at: datetime


def distribution_of(connection: Connection, *, document_id: int) -> list[ListEntry]:
    """The distribution list of a document, in the order of its entries."""
    query = (
        select(distribution.c.entry, distribution.c.added_by, distribution.c.added_at)
        .where(distribution.c.document_id == document_id)
        .order_by(distribution.c.entry)
    )
    return [
        ListEntry(row.entry, row.added_by, utc(row.added_at) or row.added_at)
        for row in connection.execute(query)
    ]


def every_distribution(connection: Connection) -> dict[int, list[ListEntry]]:
    """Every document's distribution list, by document id (documents without one left out)."""
    found: dict[int, list[ListEntry]] = {}
    query = select(distribution).order_by(distribution.c.document_id, distribution.c.entry)
    for row in connection.execute(query):
        found.setdefault(row.document_id, []).append(
            ListEntry(row.entry, row.added_by, utc(row.added_at) or row.added_at)
        )
    return found


def set_distribution(
    connection: Connection, *, document_id: int, entries: Iterable[str], by: str, now: datetime
) -> None:
    """Make the list hold exactly entries; entries already on it keep when they were added."""
    wanted = list(dict.fromkeys(entries))
    kept = {item.entry for item in distribution_of(connection, document_id=document_id)}
    connection.execute(
        delete(distribution).where(
            distribution.c.document_id == document_id, distribution.c.entry.not_in(wanted)
        )
    )
    added = [
        {"document_id": document_id, "entry": entry, "added_by": by, "added_at": now}
        for entry in wanted
        if entry not in kept
    ]
    if added:
        connection.execute(insert(distribution), added)


def set_acknowledge_days(connection: Connection, *, document_id: int, days: int) -> None:
    """Within how many days of taking effect (or of being listed) people acknowledge."""
    connection.execute(
        update(documents).where(documents.c.id == document_id).values(acknowledge_days=days)
    )


def acknowledge_days(connection: Connection, *, document_id: int) -> int:
    """The document's acknowledgement days."""
    value: int = connection.execute(
        select(documents.c.acknowledge_days).where(documents.c.id == document_id)
    ).scalar_one()
    return value


@dataclass(frozen=True)
class Person:
    """An account a list names: login, full name and e-mail address."""

    name: str
    full_name: str
    email: str | None


def people_named(connection: Connection, *, entries: Iterable[str]) -> dict[str, list[Person]]:
    """For each entry (a login name or role:ROLE), the accounts it names, by login."""
    wanted = list(dict.fromkeys(entries))
    names = [entry for entry in wanted if not entry.startswith("role:")]
    roles = [entry[5:] for entry in wanted if entry.startswith("role:")]
    found: dict[str, list[Person]] = {entry: [] for entry in wanted}
    columns = (users.c.name, users.c.full_name, users.c.email)
    if names:
        for row in connection.execute(
            select(*columns).where(users.c.name.in_(names)).order_by(users.c.name)
        ):
            found[row.name].append(Person(row.name, row.full_name, row.email))
    if roles:
        query = (
            select(*columns, user_roles.c.role)
            .join(user_roles, user_roles.c.user_id == users.c.id)
            .where(user_roles.c.role.in_(roles))
            .order_by(users.c.name)
        )
        for row in connection.execute(query):
            found[f"role:{row.role}"].append(Person(row.name, row.full_name, row.email))
    return found


def open_review_documents(connection: Connection) -> list[tuple[int, str, str]]:
    """(document id, code, title) of every document with a review request open, by code."""
    query = (
        select(documents.c.id, documents.c.code, documents.c.title)
        .join(revisions, revisions.c.document_id == documents.c.id)
        .join(reviews, reviews.c.revision_id == revisions.c.id)
        .where(reviews.c.state == "open")
        .distinct()
        .order_by(documents.c.code)
    )
    return [(row.id, row.code, row.title) for row in connection.execute(query)]


def has_pending_steps(connection: Connection, *, review_id: int) -> bool:
    """Whether a review request still has an approver to decide."""
    query = select(review_steps.c.position).where(
        review_steps.c.review_id == review_id, review_steps.c.decision.is_(None)
    )
    return connection.execute(query.limit(1)).first() is not None


def mark_run(connection: Connection, *, run_id: str, acknowledgement: str) -> None:
    """Keep on the run whether its starter had acknowledged its revision."""
    connection.execute(
        update(runs).where(runs.c.id == run_id).values(acknowledgement=acknowledgement)
    )


def run_mark(connection: Connection, *, run_id: str) -> str | None:
    """The acknowledgement mark of a run: acknowledged, unacknowledged, or None."""
    value: str | None = connection.execute(
        select(runs.c.acknowledgement).where(runs.c.id == run_id)
    ).scalar_one_or_none()
    return value


def run_marks(connection: Connection, *, run_ids: Iterable[str]) -> dict[str, str]:
    """The acknowledgement marks of the runs among run_ids that carry one, by run id (read
    in chunks, within any database's limit of bound parameters)."""
    ids = list(dict.fromkeys(run_ids))
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        query = select(runs.c.id, runs.c.acknowledgement).where(
            runs.c.id.in_(ids[start : start + 500]), runs.c.acknowledgement.is_not(None)
        )
        found.update((str(row.id), str(row.acknowledgement)) for row in connection.execute(query))
    return found
