"""Captured drafts stored with codes from the counter, references between them kept."""

from __future__ import annotations

from pathlib import Path

from sopflow.library.documents import get_revision
from sopflow.library.drafts import save_drafts
from sopflow.library.links import where_used
from sopflow.library.store import Library
from sopflow.library.sync import import_documents, read_sources
from sopflow.model import Sop
from sopflow.model.revisions import RevisionState


def test_drafts_get_new_codes_and_keep_their_links(library: Library, examples: Path) -> None:
    refunds = examples / "refunds"
    sop, wi = read_sources(
        [
            refunds / "SOP-FIN-003-customer-refund.yaml",
            refunds / "WI-PAY-003-stripe-card-refund.yaml",
        ]
    )
    with library.transaction() as connection:
        import_documents(connection, docs=read_sources([examples]), author="t", summary="import")
        saved = save_drafts(connection, drafts=[sop, wi], author="capture")
    assert [info.code for info in saved] == ["SOP-FIN-004", "WI-PAY-005"]
    assert all(info.state is RevisionState.DRAFT and info.number == 1 for info in saved)
    with library.transaction() as connection:
        stored = get_revision(connection, code="SOP-FIN-004").document
        assert isinstance(stored, Sop)
        references = {step.reference for step in stored.flow.steps() if step.reference}
        assert references == {"WI-PAY-005", "WI-PAY-004"}  # the draft WI renamed, the other kept
        assert [d.code for d in where_used(connection, code="WI-PAY-005")] == ["SOP-FIN-004"]
