"""Read-and-acknowledge: who must acknowledge a document's revision in force, each person's
standing (acknowledged when, pending, overdue), acknowledging with a signature, and the
check a new run makes.

sopflow's accounts hold access roles (reader, author, reviewer, admin), not the job roles an
SOP's lanes name, so who must acknowledge is a distribution list set on each document: login
names and role:ROLE for everyone holding an access role. Each person has the document's
acknowledgement days (14 unless set) from the later of the moment the revision took effect
and the moment their entry was listed; after that they are overdue. All of it is worked out
when read, so no scheduler is needed. An acknowledgement is an electronic signature with the
meaning "acknowledged" (password asked again), bound to the revision's content hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import Connection

from sopflow.errors import ConflictError, InvalidInputError
from sopflow.library import acknowledgements as lists
from sopflow.library import control as rows
from sopflow.library import users as accounts
from sopflow.library.audit import append_entry
from sopflow.library.control import ControlledRevision
from sopflow.library.store import Library
from sopflow.model.revisions import RevisionState
from sopflow.services.access import Actor, Permission, parse_role, require
from sopflow.services.documents import check_code, check_text
from sopflow.services.signing import Meaning, add_signature, confirm_signer, signatures_of

Standing = Literal["acknowledged", "pending", "overdue"]
LONGEST_LIST = 200
"""The most entries a distribution list holds."""
LONGEST_DAYS = 365


def _now() -> datetime:
    return datetime.now(UTC)


class AcknowledgementRequiredError(ConflictError):
    """A run refused because its starter has not acknowledged the revision in force."""


@dataclass(frozen=True)
class PersonStanding:
    """One person who must acknowledge a revision, and where they stand."""

    name: str
    full_name: str
    email: str | None
    state: Standing
    due: datetime
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class AckStatus:
    """A document's distribution list and each listed person's standing on its revision in
    force (no people when nothing is in force or the document is obsolete)."""

    code: str
    title: str
    number: int | None
    effective_from: datetime | None
    days: int
    entries: tuple[str, ...]
    people: tuple[PersonStanding, ...]

    def of(self, name: str) -> PersonStanding | None:
        """The standing of the person with login name, when they are listed."""
        return next((person for person in self.people if person.name == name), None)


def check_entry(connection: Connection, text: str) -> str:
    """A list entry as stored: a login name the library holds, or role:ROLE."""
    given = check_text(text, field="entries", longest=80).strip()
    if given.casefold().startswith("role:"):
        return f"role:{parse_role(given[5:], field='entries').value}"
    if accounts.find_user(connection, name=given.casefold()) is None:
        raise InvalidInputError(
            f"entries: {given!r} is neither a user nor role:ROLE", field="entries"
        )
    return given.casefold()


def _acknowledged(connection: Connection, revision: ControlledRevision) -> dict[str, datetime]:
    """Who acknowledged revision, and when first, by valid signatures only."""
    found: dict[str, datetime] = {}
    for signature in signatures_of(connection, revisions_by_id={revision.id: revision}):
        if signature.valid and signature.meaning == Meaning.ACKNOWLEDGED.value:
            found.setdefault(signature.signer, signature.signed_at)
    return found


def _standings(
    connection: Connection,
    revision: ControlledRevision,
    entries: Sequence[lists.ListEntry],
    days: int,
    now: datetime,
) -> list[PersonStanding]:
    named = lists.people_named(connection, entries=[item.entry for item in entries])
    listed: dict[str, tuple[lists.Person, datetime]] = {}
    for item in entries:
        for person in named[item.entry]:
            earlier = listed.get(person.name)
            if earlier is None or item.added_at < earlier[1]:
                listed[person.name] = (person, item.added_at)
    signed = _acknowledged(connection, revision)
    found = []
    for name, (person, added) in sorted(listed.items()):
        start = max(revision.effective_from or added, added)
        due = start + timedelta(days=days)
        at = signed.get(name)
        state: Standing = "acknowledged" if at else ("overdue" if now > due else "pending")
        found.append(PersonStanding(name, person.full_name, person.email, state, due, at))
    return found


def read_status(connection: Connection, *, code: str, now: datetime | None = None) -> AckStatus:
    """The acknowledgement status of code, read in the caller's connection."""
    document = rows.document_control(connection, code=code)
    entries = lists.distribution_of(connection, document_id=document.id)
    days = lists.acknowledge_days(connection, document_id=document.id)
    revision = None
    if document.in_force is not None and document.obsolete_at is None:
        every = rows.controlled_revisions(connection, code=code)
        revision = next(r for r in every if r.number == document.in_force)
    people = _standings(connection, revision, entries, days, now or _now()) if revision else []
    return AckStatus(
        code,
        document.title,
        revision.number if revision else None,
        revision.effective_from if revision else None,
        days,
        tuple(item.entry for item in entries),
        tuple(people),
    )


def every_status(connection: Connection, *, now: datetime | None = None) -> list[AckStatus]:
    """The status of every document with a distribution list and a revision in force."""
    listed = lists.every_distribution(connection)
    found = []
    for document in rows.controlled_documents(connection):
        if document.id in listed:
            found.append(read_status(connection, code=document.code, now=now))
    return found


def acknowledgement_status(*, library: Library, actor: Actor | None, code: str) -> AckStatus:
    """Who must acknowledge code's revision in force, and where each of them stands."""
    require(actor, Permission.READ_DRAFTS)
    check_code(code)
    with library.reading() as connection:
        return read_status(connection, code=code)


def set_distribution(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    entries: Sequence[str],
    days: int | None = None,
) -> AckStatus:
    """Set who must acknowledge code's revision in force (login names, role:ROLE), and
    optionally within how many days; recorded in the audit trail."""
    editor = require(actor, Permission.EDIT)
    check_code(code)
    if len(entries) > LONGEST_LIST:
        raise InvalidInputError(f"entries: at most {LONGEST_LIST}", field="entries")
    if days is not None and not 1 <= days <= LONGEST_DAYS:
        raise InvalidInputError(f"days: give 1 to {LONGEST_DAYS}, not {days}", field="days")
    with library.transaction() as connection:
        chosen = list(dict.fromkeys(check_entry(connection, entry) for entry in entries))
        document = rows.document_control(connection, code=code)
        now = _now()
        lists.set_distribution(
            connection, document_id=document.id, entries=chosen, by=editor.name, now=now
        )
        if days is not None:
            lists.set_acknowledge_days(connection, document_id=document.id, days=days)
        status = read_status(connection, code=code, now=now)
        append_entry(
            connection,
            actor=editor.name,
            action="distribution.set",
            subject=code,
            details={"entries": chosen, "days": status.days},
        )
    return status


def acknowledge(
    *, library: Library, actor: Actor | None, code: str, password: str
) -> PersonStanding | None:
    """Sign code's revision in force as read and understood (password asked again); the
    signer's standing after it (None when they are not on the list)."""
    reader = require(actor, Permission.READ)
    check_code(code)
    signer = confirm_signer(library=library, actor=reader, password=password)  # before the write
    with library.transaction() as connection:
        document = rows.document_control(connection, code=code)
        if document.in_force is None or document.obsolete_at is not None:
            raise ConflictError(f"{code}: no revision of it is in force to acknowledge")
        every = rows.controlled_revisions(connection, code=code)
        revision = next(r for r in every if r.number == document.in_force)
        assert revision.state == RevisionState.EFFECTIVE
        earlier = _acknowledged(connection, revision).get(reader.name)
        if earlier is not None:
            raise ConflictError(
                f"{code}: {reader.name} acknowledged revision {revision.number} already, "
                f"at {earlier:%Y-%m-%d %H:%M} UTC"
            )
        now = _now()
        add_signature(
            connection, revision=revision, signer=signer, meaning=Meaning.ACKNOWLEDGED, now=now
        )
        append_entry(
            connection,
            actor=reader.name,
            action="revision.acknowledged",
            subject=code,
            details={"revision": revision.number, "sha256": revision.sha256},
        )
        return read_status(connection, code=code, now=now).of(reader.name)


@dataclass(frozen=True)
class Overdue:
    """A person late to acknowledge a document's revision in force."""

    code: str
    title: str
    number: int
    person: PersonStanding


def overdue_acknowledgements(*, library: Library, actor: Actor | None) -> list[Overdue]:
    """Everyone overdue to acknowledge, across the library, longest overdue first."""
    require(actor, Permission.READ_DRAFTS)
    with library.reading() as connection:
        statuses = every_status(connection)
    found = [
        Overdue(status.code, status.title, status.number, person)
        for status in statuses
        if status.number is not None
        for person in status.people
        if person.state == "overdue"
    ]
    return sorted(found, key=lambda item: (item.person.due, item.code, item.person.name))


def due_for(connection: Connection, *, name: str) -> list[tuple[AckStatus, PersonStanding]]:
    """The documents name must acknowledge and has not, with their standing."""
    found = []
    for status in every_status(connection):
        mine = status.of(name)
        if mine is not None and mine.state != "acknowledged":
            found.append((status, mine))
    return found


RunPolicy = Literal["block", "warn", "off"]


@dataclass(frozen=True)
class RunCheck:
    """Whether a person starting a run of a revision had to acknowledge it, and had."""

    code: str
    number: int
    required: bool
    acknowledged: bool

    @property
    def mark(self) -> str | None:
        """What the run keeps: acknowledged, unacknowledged, or None (not asked of them)."""
        if not self.required:
            return None
        return "acknowledged" if self.acknowledged else "unacknowledged"

    @property
    def warning(self) -> str | None:
        """What the runner says when it was not acknowledged."""
        if self.mark != "unacknowledged":
            return None
        return (
            f"You have not acknowledged {self.code} revision {self.number}, which is in "
            "force; read it and acknowledge it (on the document's page, or "
            f"`sopflow ack {self.code}`)"
        )


def check_run(connection: Connection, *, name: str, code: str, number: int) -> RunCheck:
    """Whether name must acknowledge revision number of code (the one in force) and has."""
    status = read_status(connection, code=code)
    mine = status.of(name) if status.number == number else None
    return RunCheck(
        code, number, mine is not None, mine is not None and mine.state == "acknowledged"
    )


def refuse_unacknowledged(check: RunCheck, *, policy: RunPolicy, name: str) -> None:
    """Raise AcknowledgementRequiredError when policy blocks an unacknowledged run."""
    if policy == "block" and check.mark == "unacknowledged":
        raise AcknowledgementRequiredError(
            f"{check.code}: {name} must acknowledge revision {check.number} before running "
            f"it; read it and acknowledge it (on the document's page, or `sopflow ack "
            f"{check.code}`)"
        )


def my_acknowledgement(
    *, library: Library, actor: Actor | None, code: str
) -> tuple[int, PersonStanding] | None:
    """The revision in force of code and the actor's standing on it, when they are listed."""
    reader = require(actor, Permission.READ)
    check_code(code)
    with library.reading() as connection:
        status = read_status(connection, code=code)
    mine = status.of(reader.name)
    return (status.number, mine) if mine is not None and status.number is not None else None
