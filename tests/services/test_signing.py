"""Electronic signatures verify against the content they signed: tampering with the
signature record, moving it to another revision, or changing the signed content in SQL (past
the trigger) is detected, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from tests.services.test_control import CODE, PASSWORD, approve, edit, submit

from sopflow.errors import ConflictError
from sopflow.library.store import Library
from sopflow.services import control_dates
from sopflow.services.access import Actor
from sopflow.services.signing import Meaning, SignatureRefusedError


@pytest.fixture
def signed(stocked: Library, people: dict[str, Actor]) -> Library:
    """SOP-FIN-003 revision 2 approved and signed by vera, revision 3 a draft."""
    edit(stocked, people["arthur"], "Customer refund (signed)")
    submit(stocked, people["arthur"], "vera")
    approve(stocked, people["vera"])
    edit(stocked, people["arthur"], "Customer refund (next)")
    return stocked


def verified(library: Library) -> list[tuple[int, str, bool, str | None]]:
    found = control_dates.list_signatures(library=library, actor=Actor.local(), code=CODE)
    return [(s.number, s.meaning, s.valid, s.problem) for s in found]


def test_an_untouched_signature_verifies(signed: Library) -> None:
    assert verified(signed) == [(2, "approved", True, None)]


def test_a_signature_moved_to_other_content_is_detected(signed: Library) -> None:
    with signed.transaction() as connection:
        connection.execute(
            text(
                "UPDATE signatures SET revision_id = (SELECT id FROM revisions WHERE number = 3 "
                "AND document_id = (SELECT id FROM documents WHERE code = :code))"
            ),
            {"code": CODE},
        )
    ((number, _, valid, problem),) = verified(signed)
    assert (number, valid) == (3, False)
    assert problem is not None
    assert "other content" in problem


def test_an_edited_signature_record_is_detected(signed: Library) -> None:
    with signed.transaction() as connection:
        connection.execute(text("UPDATE signatures SET full_name = 'Somebody Else'"))
    ((_, _, valid, problem),) = verified(signed)
    assert not valid
    assert problem is not None
    assert "changed after" in problem


def test_signed_content_changed_past_the_trigger_is_detected(signed: Library) -> None:
    guard_off = {
        "sqlite": ["DROP TRIGGER revisions_content_fixed"],
        "postgresql": ["ALTER TABLE revisions DISABLE TRIGGER revisions_guard"],
    }
    with signed.transaction() as connection:
        for statement in guard_off[connection.dialect.name]:
            connection.execute(text(statement))
        connection.execute(
            text("UPDATE revisions SET content = replace(content, 'signed', 'forged')")
        )
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE revisions ENABLE TRIGGER revisions_guard"))
    ((_, _, valid, problem),) = verified(signed)
    assert not valid
    assert problem is not None
    assert "no longer matches" in problem


def test_acknowledging_asks_for_the_password_and_needs_the_revision_in_force(
    signed: Library, people: dict[str, Actor]
) -> None:
    rita = people["rita"]
    with pytest.raises(SignatureRefusedError):
        control_dates.sign_revision(
            library=signed,
            actor=rita,
            code=CODE,
            number=2,
            meaning=Meaning.ACKNOWLEDGED,
            password="wrong-password",
        )
    with pytest.raises(ConflictError, match="not the one in force"):
        control_dates.sign_revision(
            library=signed,
            actor=rita,
            code=CODE,
            number=3,
            meaning=Meaning.ACKNOWLEDGED,
            password=PASSWORD,
        )
    control_dates.sign_revision(
        library=signed,
        actor=rita,
        code=CODE,
        number=2,
        meaning=Meaning.ACKNOWLEDGED,
        password=PASSWORD,
    )
    assert verified(signed)[-1] == (2, "acknowledged", True, None)


def test_the_local_user_has_no_account_to_sign_with(signed: Library) -> None:
    with pytest.raises(SignatureRefusedError, match="act as a named user"):
        control_dates.sign_revision(
            library=signed,
            actor=Actor.local(),
            code=CODE,
            number=2,
            meaning=Meaning.ACKNOWLEDGED,
            password=PASSWORD,
        )
