"""Imports started at the same moment: every one lands, on SQLite and on PostgreSQL alike.

An import carries no base revision (it says "the library should hold this"), so two imports
of one document are not a conflict to report: they run one after another, and each stores a
revision when its content differs from the latest it then finds.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

from tests.services.conftest import AUTHOR

from sopflow.library.store import Library
from sopflow.services import documents, revisions

IMPORTS = 12


def _variant(examples: Path, number: int) -> revisions.ImportSources:
    """The refund SOP under a title of its own, so each import has new content."""
    read = revisions.read_import([examples / "refunds" / "SOP-FIN-003-customer-refund.yaml"])
    (sop,) = read.documents
    retitled = sop.model_copy(update={"title": f"{sop.title}, variant {number}"})
    return revisions.ImportSources((retitled,), {}, read.files)


def test_concurrent_imports_of_a_new_document_all_land(library: Library, examples: Path) -> None:
    start = Barrier(IMPORTS)

    def one(number: int) -> str:
        sources = _variant(examples, number)
        start.wait()
        imported = revisions.import_documents(
            library=library, actor=AUTHOR, sources=sources, summary=f"import {number}"
        )
        return "created" if imported.report.created else "revised"

    with ThreadPoolExecutor(IMPORTS) as pool:
        outcomes = sorted(pool.map(one, range(IMPORTS)))
    assert outcomes == ["created"] + ["revised"] * (IMPORTS - 1)
    latest = documents.revision_info(library=library, actor=AUTHOR, code="SOP-FIN-003")
    assert latest.number == IMPORTS


def test_concurrent_saves_of_one_new_document_give_one_and_conflicts(
    library: Library, examples: Path
) -> None:
    """Editors creating the same new code at once: one document; the others are told the
    library holds it already, as when they come one after another."""
    start = Barrier(IMPORTS)

    def one(number: int) -> str:
        (document,) = _variant(examples, number).documents
        start.wait()
        try:
            revisions.save_revision(
                library=library, actor=AUTHOR, document=document, base=None, summary="new"
            )
        except revisions.BaseRevisionRequiredError as conflict:
            return "conflict" if "holds this document already" in str(conflict) else "wrong"
        return "saved"

    with ThreadPoolExecutor(IMPORTS) as pool:
        outcomes = sorted(pool.map(one, range(IMPORTS)))
    assert outcomes == ["conflict"] * (IMPORTS - 1) + ["saved"]
    latest = documents.revision_info(library=library, actor=AUTHOR, code="SOP-FIN-003")
    assert latest.number == 1
