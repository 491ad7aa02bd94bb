"""Every document-control change appends one audit entry in its own transaction, on SQLite
and PostgreSQL: who acted, what they did, to which document, with the details an auditor
asks for; the chain still verifies after them all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.services.conftest import PASSWORD
from tests.services.test_control import CODE, approve, edit, submit

from sopflow.errors import ConflictError
from sopflow.library.audit import AuditEntry
from sopflow.library.store import Library
from sopflow.services import audit, control, control_dates
from sopflow.services.access import Actor
from sopflow.services.signing import Meaning

CONTROL_ACTIONS = (
    "review.",
    "signature.",
    "revision.effective_date_set",
    "document.obsolete",
)


def _control_entries(library: Library) -> list[AuditEntry]:
    """The document-control entries, oldest first (saves and sign-ins left out)."""
    every = audit.show_entries(library=library, actor=Actor.local(), limit=1000)
    return [e for e in reversed(every) if e.action.startswith(CONTROL_ACTIONS)]


def _verified(library: Library) -> None:
    checked = audit.verify(library=library, actor=Actor.local())
    assert checked.ok, checked.problem


def test_review_rejection_resubmission_approval_and_signatures_are_recorded(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur, vera, quinn = people["arthur"], people["vera"], people["quinn"]
    edit(stocked, arthur, "Customer refund (ticket)")
    submit(stocked, arthur, "vera", "quinn")
    control.reject_revision(library=stocked, actor=vera, code=CODE, comment="Name the queue")
    later = edit(stocked, arthur, "Customer refund (queue)")
    submit(stocked, arthur, "vera", "quinn")
    approve(stocked, vera)
    start = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    approve(stocked, quinn, effective_on=start)
    entries = _control_entries(stocked)
    assert [(e.actor, e.action, e.subject) for e in entries] == [
        ("arthur", "review.submitted", CODE),
        ("vera", "review.rejected", CODE),
        ("arthur", "review.submitted", CODE),
        ("vera", "signature.added", CODE),
        ("vera", "review.approved", CODE),
        ("quinn", "signature.added", CODE),
        ("quinn", "review.approved", CODE),
    ]
    assert entries[0].details == {
        "revision": later - 1,
        "approvers": ["vera", "quinn"],
        "mode": "sequential",
        "reason": "Refunds now need a ticket number",
    }
    assert entries[1].details == {
        "revision": later - 1,
        "approver": "vera",
        "comment": "Name the queue",
    }
    assert entries[3].details["meaning"] == "approved"
    assert entries[3].details["revision"] == later
    assert len(str(entries[3].details["sha256"])) == 64
    assert entries[4].details["state"] == "in review"
    assert entries[6].details == {
        "revision": later,
        "approver": "quinn",
        "comment": None,
        "state": "approved",
        "effective_from": start.isoformat(),
    }
    _verified(stocked)


def test_an_edit_during_review_records_the_withdrawal(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur = people["arthur"]
    second = edit(stocked, arthur, "Customer refund (two)")
    submit(stocked, arthur, "vera", "quinn")
    approve(stocked, people["vera"])
    edit(stocked, arthur, "Customer refund (three)")
    withdrawn = [e for e in _control_entries(stocked) if e.action == "review.withdrawn"]
    assert [(e.actor, e.subject, e.details) for e in withdrawn] == [
        ("arthur", CODE, {"revision": second, "saved": second + 1})
    ]
    _verified(stocked)


def test_dates_obsolescence_intervals_and_periodic_reviews_are_recorded(
    stocked: Library, people: dict[str, Actor]
) -> None:
    arthur, vera = people["arthur"], people["vera"]
    number = edit(stocked, arthur, "Customer refund (dated)")
    submit(stocked, arthur, "vera")
    approve(stocked, vera, effective_on=datetime.now(UTC) + timedelta(days=30))
    moved = control_dates.set_effective_date(
        library=stocked, actor=vera, code=CODE, on=datetime.now(UTC) - timedelta(days=1)
    )  # in the past: now
    control_dates.set_review_interval(library=stocked, actor=arthur, code=CODE, months=6)
    upcoming = control_dates.record_periodic_review(library=stocked, actor=vera, code=CODE)
    control_dates.sign_revision(
        library=stocked,
        actor=people["rita"],
        code=CODE,
        number=number,
        meaning=Meaning.ACKNOWLEDGED,
        password=PASSWORD,
    )
    control_dates.make_obsolete(library=stocked, actor=vera, code=CODE, reason="Merged away")
    entries = _control_entries(stocked)[3:]  # after submitted, signature, approved
    assert [(e.actor, e.action, e.details) for e in entries] == [
        (
            "vera",
            "revision.effective_date_set",
            {"revision": number, "effective_from": moved.isoformat()},
        ),
        ("arthur", "review.interval_set", {"months": 6, "was": 12}),
        (
            "vera",
            "review.periodic_recorded",
            {"revision": number, "next_review": upcoming.isoformat()},
        ),
        (
            "rita",
            "signature.added",
            {"revision": number, "meaning": "acknowledged", "sha256": entries[3].details["sha256"]},
        ),
        ("vera", "document.obsolete", {"revision": number, "reason": "Merged away"}),
    ]
    assert all(e.subject == CODE for e in entries)
    _verified(stocked)


def test_a_refused_change_records_nothing(stocked: Library, people: dict[str, Actor]) -> None:
    before = len(_control_entries(stocked))
    with pytest.raises(ConflictError):
        control_dates.record_periodic_review(library=stocked, actor=people["vera"], code=CODE)
    with pytest.raises(ConflictError):
        control_dates.set_effective_date(
            library=stocked, actor=people["vera"], code=CODE, on=datetime.now(UTC)
        )
    assert len(_control_entries(stocked)) == before
    _verified(stocked)
