"""Codes are never reused: a document under a code the library holds is that document's next
revision (same title, or most of its structure) or is refused, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from sopflow.library.codes import allocate_code
from sopflow.library.documents import DocumentNotFoundError, get_revision, history
from sopflow.library.identity import CodeTakenError, same_document
from sopflow.library.store import Library
from sopflow.library.sync import import_documents, read_sources
from sopflow.model import Sop, WorkInstruction


def sop(title: str, *ids: str, code: str = "SOP-FIN-001") -> Sop:
    """An SOP of one clerk whose steps have the ids given (check, pay by default)."""
    ids = ids or ("check", "pay")
    nodes = [
        {
            "type": "step",
            "id": node,
            "role": "clerk",
            "instruction": f"Do {node}.",
            "next": ids[i + 1] if i + 1 < len(ids) else "done",
        }
        for i, node in enumerate(ids)
    ]
    return Sop.model_validate(
        {
            "code": code,
            "title": title,
            "roles": [{"id": "clerk", "name": "Clerk"}],
            "flow": {
                "start": ids[0],
                "nodes": [*nodes, {"type": "outcome", "id": "done", "name": "Done"}],
            },
        }
    )


@pytest.mark.parametrize(
    ("held", "incoming", "same"),
    [
        (sop("Issue a refund"), sop("Issue a refund", "check", "approve", "pay"), True),
        (sop("Issue a refund"), sop("issue a  Refund", "open", "close"), True),  # a rewrite
        (sop("Issue a refund"), sop("Issue a customer refund"), True),  # retitled
        (sop("Issue a refund"), sop("Onboard a starter", "create", "welcome"), False),
        (sop("Issue a refund", "a", "b"), sop("Close a ticket", "c", "d"), False),  # only "done"
    ],
)
def test_same_document(held: Sop, incoming: Sop, same: bool) -> None:
    assert same_document(held, incoming) is same


def test_a_work_instruction_is_known_by_its_actions(examples: Path) -> None:
    (held,) = read_sources([examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"])
    assert isinstance(held, WorkInstruction)
    retitled = held.model_copy(update={"title": "Card refund in Stripe"})
    other = held.model_copy(update={"title": "Reset a password", "steps": held.steps[:1]})
    assert same_document(held, retitled)
    assert not same_document(held, other)


def _store(library: Library, *docs: Sop, files: dict[str, str] | None = None) -> None:
    with library.transaction() as connection:
        import_documents(connection, docs=docs, author="ana", summary="import", files=files)


def test_another_document_under_a_held_code_is_refused_and_nothing_is_stored(
    library: Library,
) -> None:
    _store(library, sop("Issue a refund"))
    other = sop("Onboard a starter", "create", "welcome")
    fresh = sop("Close a ticket", code="SOP-FIN-002")
    with pytest.raises(CodeTakenError) as refused:
        _store(library, fresh, other, files={"SOP-FIN-001": "onboard.yaml"})
    message = str(refused.value)
    assert message.startswith("onboard.yaml: code SOP-FIN-001 already belongs to 'Issue a refund'")
    assert "(revision 1, saved by ana on " in message
    assert "give this document another code" in message
    assert refused.value.field == "code"
    with library.reading() as connection:
        assert [info.number for info in history(connection, code="SOP-FIN-001")] == [1]
        assert get_revision(connection, code="SOP-FIN-001").document.title == "Issue a refund"
        with pytest.raises(DocumentNotFoundError):
            get_revision(connection, code="SOP-FIN-002")  # the new file beside it, neither


def test_a_revision_may_change_its_title_or_its_steps(library: Library) -> None:
    _store(library, sop("Issue a refund"))
    _store(library, sop("Issue a customer refund"))
    _store(library, sop("Issue a customer refund", "open", "check", "approve", "pay"))
    with library.reading() as connection:
        assert [info.number for info in history(connection, code="SOP-FIN-001")] == [1, 2, 3]


def test_a_new_code_skips_codes_held_when_the_counter_lags(library: Library) -> None:
    _store(library, sop("Issue a refund", code="SOP-FIN-002"))
    with library.transaction() as connection:
        connection.execute(text("UPDATE code_counters SET last = 1 WHERE prefix = 'SOP-FIN'"))
        assert allocate_code(connection, kind="sop", area="FIN") == "SOP-FIN-003"
