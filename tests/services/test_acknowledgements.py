"""Read-and-acknowledge on SQLite and PostgreSQL: the distribution list names who must
acknowledge the revision in force; each acknowledges with a signature (password asked
again); late ones are overdue; a run started unacknowledged warns, is marked and audited, or
is refused when the policy blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from tests.services.conftest import PASSWORD
from tests.services.test_control import CODE, approve, edit, submit

from sopflow.errors import ConflictError, InvalidInputError, SopflowError
from sopflow.library.audit import recent_entries
from sopflow.library.store import Library
from sopflow.services import acknowledgements as acks
from sopflow.services import control_dates, runs
from sopflow.services.access import Actor
from sopflow.services.acknowledgements import AcknowledgementRequiredError
from sopflow.services.signing import SignatureRefusedError
from sopflow.settings import load_settings


@pytest.fixture
def in_force(stocked: Library, people: dict[str, Actor]) -> Library:
    """SOP-FIN-003 revision 2 in force, to be acknowledged by rita and quinn."""
    edit(stocked, people["arthur"], "Customer refund (ticketed)")
    submit(stocked, people["arthur"], "vera")
    approve(stocked, people["vera"])
    acks.set_distribution(
        library=stocked, actor=people["arthur"], code=CODE, entries=["Rita", "quinn"]
    )
    return stocked


def standings(library: Library) -> dict[str, str]:
    status = acks.acknowledgement_status(library=library, actor=Actor.local(), code=CODE)
    return {person.name: person.state for person in status.people}


def test_the_listed_people_acknowledge_with_their_password(
    in_force: Library, people: dict[str, Actor]
) -> None:
    rita = people["rita"]
    status = acks.acknowledgement_status(library=in_force, actor=people["vera"], code=CODE)
    assert (status.number, status.days, status.entries) == (2, 14, ("quinn", "rita"))
    assert standings(in_force) == {"quinn": "pending", "rita": "pending"}
    with pytest.raises(SignatureRefusedError):
        acks.acknowledge(library=in_force, actor=rita, code=CODE, password="wrong")
    mine = acks.acknowledge(library=in_force, actor=rita, code=CODE, password=PASSWORD)
    assert mine is not None
    assert mine.state == "acknowledged"
    assert mine.acknowledged_at
    assert standings(in_force) == {"quinn": "pending", "rita": "acknowledged"}
    with pytest.raises(ConflictError, match="acknowledged revision 2 already"):
        acks.acknowledge(library=in_force, actor=rita, code=CODE, password=PASSWORD)
    (signature,) = [
        s
        for s in control_dates.list_signatures(library=in_force, actor=rita, code=CODE)
        if s.meaning == "acknowledged"
    ]
    assert (signature.signer, signature.number, signature.valid) == ("rita", 2, True)
    with in_force.reading() as connection:
        (entry,) = recent_entries(connection, limit=1, action="revision.acknowledged")
    assert (entry.actor, entry.subject, entry.details["revision"]) == ("rita", CODE, 2)


def test_a_role_entry_names_everyone_holding_it(
    in_force: Library, people: dict[str, Actor]
) -> None:
    acks.set_distribution(
        library=in_force, actor=people["arthur"], code=CODE, entries=["role:reviewer"], days=3
    )
    status = acks.acknowledgement_status(library=in_force, actor=people["vera"], code=CODE)
    assert status.days == 3
    assert {p.name for p in status.people} == {"quinn", "vera"}
    with pytest.raises(InvalidInputError) as wrong:
        acks.set_distribution(
            library=in_force, actor=people["arthur"], code=CODE, entries=["nobody-here"]
        )
    assert wrong.value.field == "entries"


def test_late_ones_are_overdue_and_a_new_revision_asks_again(
    in_force: Library, people: dict[str, Actor]
) -> None:
    acks.acknowledge(library=in_force, actor=people["rita"], code=CODE, password=PASSWORD)
    with in_force.transaction() as connection:
        long_ago = datetime.now(UTC) - timedelta(days=20)
        connection.execute(text("UPDATE distribution SET added_at = :at"), {"at": long_ago})
        connection.execute(
            text("UPDATE revisions SET effective_from = :at WHERE state = 'approved'"),
            {"at": long_ago},
        )
    assert standings(in_force) == {"quinn": "overdue", "rita": "acknowledged"}
    (late,) = acks.overdue_acknowledgements(library=in_force, actor=people["vera"])
    assert (late.code, late.number, late.person.name) == (CODE, 2, "quinn")
    edit(in_force, people["arthur"], "Customer refund (third)")
    submit(in_force, people["arthur"], "vera")
    approve(in_force, people["vera"])
    assert standings(in_force) == {"quinn": "pending", "rita": "pending"}


def test_nothing_is_due_without_a_revision_in_force(
    stocked: Library, people: dict[str, Actor]
) -> None:
    acks.set_distribution(library=stocked, actor=people["arthur"], code=CODE, entries=["rita"])
    assert standings(stocked) == {}
    with pytest.raises(ConflictError, match="no revision of it is in force"):
        acks.acknowledge(library=stocked, actor=people["rita"], code=CODE, password=PASSWORD)


def test_a_run_started_unacknowledged_is_marked_and_audited(
    in_force: Library, people: dict[str, Actor]
) -> None:
    rita = people["rita"]
    preview = runs.preview_run(library=in_force, actor=rita, code=CODE)
    assert preview.check is not None
    assert preview.check.warning is not None
    started = runs.start_run(library=in_force, actor=rita, code=CODE)
    assert started.acknowledgement == "unacknowledged"
    assert started.warning is not None
    assert "before acknowledging" in started.warning
    with in_force.reading() as connection:
        (entry,) = recent_entries(connection, limit=1, action="run.started_unacknowledged")
    assert entry.details == {"run": started.run.id, "revision": 2}
    with pytest.raises(AcknowledgementRequiredError, match="rita must acknowledge revision 2"):
        runs.start_run(library=in_force, actor=rita, code=CODE, policy="block")
    acks.acknowledge(library=in_force, actor=rita, code=CODE, password=PASSWORD)
    after = runs.start_run(library=in_force, actor=rita, code=CODE, policy="block")
    assert (after.acknowledgement, after.warning) == ("acknowledged", None)
    again = runs.get_run(library=in_force, actor=rita, run_id=started.run.id)
    assert again.acknowledgement == "unacknowledged"  # the record keeps how it started
    unlisted = runs.start_run(library=in_force, actor=people["arthur"], code=CODE, policy="block")
    assert unlisted.acknowledgement is None


def test_the_run_policy_setting_is_read_and_checked() -> None:
    assert load_settings({}).require_acknowledgement == "warn"
    setting = {"SOPFLOW_REQUIRE_ACKNOWLEDGEMENT": " Block "}
    assert load_settings(setting).require_acknowledgement == "block"
    with pytest.raises(SopflowError, match="'never' is not one of block, warn, off"):
        load_settings({"SOPFLOW_REQUIRE_ACKNOWLEDGEMENT": "never"})
