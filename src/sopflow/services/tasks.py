"""A person's tasks, worked out when read: approvals waiting for them, periodic reviews due
for the documents they own, and revisions in force they must acknowledge.

An approval waits for someone when a review request's pending step is theirs (by name, or a
role they hold) and it is their turn: in sequence only the first pending step counts, in
parallel every pending step. Nobody is asked to approve their own revision. A document is
someone's to review periodically when its owner field names them (their login or full
name); the tasks list its review from 30 days before it is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import Connection

from sopflow.library import acknowledgements as lists
from sopflow.library import control as rows
from sopflow.library.control import Review
from sopflow.library.store import Library
from sopflow.services import control_dates
from sopflow.services.access import Actor, Permission, require
from sopflow.services.acknowledgements import due_for

TaskKind = Literal["approval", "periodic-review", "acknowledgement"]
REVIEW_NOTICE_DAYS = 30
"""How many days before a periodic review is due it appears among the owner's tasks."""


@dataclass(frozen=True)
class Task:
    """One thing waiting for a person, and where to act on it."""

    kind: TaskKind
    code: str
    title: str
    number: int
    text: str
    due: date | None
    overdue: bool


def _holds(actor: Actor, approver: str) -> bool:
    if approver.startswith("role:"):
        return any(role.value == approver[5:] for role in actor.roles)
    return approver == actor.name


def _waits_for(actor: Actor, review: Review) -> bool:
    """Whether the open review's current pending step(s) include one of actor's."""
    pending = [step for step in review.steps if step.decision is None]
    if review.mode == "sequential":
        pending = pending[:1]
    return any(_holds(actor, step.approver) for step in pending)


def _approvals(connection: Connection, actor: Actor) -> list[Task]:
    if not actor.can(Permission.REVIEW):
        return []
    found = []
    for document_id, code, title in lists.open_review_documents(connection):
        for review in rows.reviews_of(connection, document_id=document_id):
            if review.state != "open" or not _waits_for(actor, review):
                continue
            if any(s.decided_by == actor.name for s in review.steps if s.decision == "approved"):
                continue
            author = next(
                r.author
                for r in rows.controlled_revisions(connection, code=code)
                if r.id == review.revision_id
            )
            if author != actor.name:
                text = f"Approve or reject revision {review.number}: {review.reason}"
                found.append(Task("approval", code, title, review.number, text, None, False))
    return found


def _owns(actor: Actor, owner: str | None) -> bool:
    said = (owner or "").strip().casefold()
    return bool(said) and said in (actor.name.casefold(), actor.full_name.casefold())


def _reviews(library: Library, actor: Actor) -> list[Task]:
    if not actor.can(Permission.READ_DRAFTS):
        return []
    found = []
    for due in control_dates.review_due(
        library=library, actor=actor, within_days=REVIEW_NOTICE_DAYS
    ):
        if _owns(actor, due.owner):
            word = "overdue since" if due.overdue else "due on"
            text = f"Periodic review of revision {due.in_force}, {word} {due.next_review}"
            found.append(
                Task(
                    "periodic-review",
                    due.code,
                    due.title,
                    due.in_force,
                    text,
                    due.next_review,
                    due.overdue,
                )
            )
    return found


def _acknowledgements(connection: Connection, actor: Actor) -> list[Task]:
    found = []
    for status, person in due_for(connection, name=actor.name):
        assert status.number is not None
        overdue = person.state == "overdue"
        text = f"Read and acknowledge revision {status.number}" + (
            f", overdue since {person.due:%Y-%m-%d}" if overdue else f" by {person.due:%Y-%m-%d}"
        )
        found.append(
            Task(
                "acknowledgement",
                status.code,
                status.title,
                status.number,
                text,
                person.due.date(),
                overdue,
            )
        )
    return found


def my_tasks(*, library: Library, actor: Actor | None) -> list[Task]:
    """The signed-in person's tasks: overdue ones first; then approvals, acknowledgements
    and periodic reviews, each soonest due first."""
    person = require(actor, Permission.READ)
    with library.reading() as connection:
        found = _approvals(connection, person) + _acknowledgements(connection, person)
    found += _reviews(library, person)
    order = {"approval": 0, "acknowledgement": 1, "periodic-review": 2}
    return sorted(
        found,
        key=lambda task: (not task.overdue, order[task.kind], task.due or date.max, task.code),
    )
