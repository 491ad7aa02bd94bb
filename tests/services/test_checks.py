"""Lint and diff of library revisions through the application layer."""

from __future__ import annotations

import pytest
from tests.services.conftest import AUTHOR, READER, REVIEWER

from sopflow.errors import NotFoundError, PermissionDeniedError
from sopflow.library.store import Library
from sopflow.model import Sop
from sopflow.services import checks, documents, revisions


def _reword_first_step(library: Library) -> None:
    stored = documents.get_revision(library=library, actor=AUTHOR, code="SOP-FIN-003")
    sop = stored.document
    assert isinstance(sop, Sop)
    first = sop.flow.nodes[0].model_copy(update={"instruction": "Open a refund ticket now."})
    flow = sop.flow.model_copy(update={"nodes": (first, *sop.flow.nodes[1:])})
    revisions.save_revision(
        library=library,
        actor=AUTHOR,
        document=sop.model_copy(update={"flow": flow}),
        base=1,
        summary="Reworded",
    )


def test_the_diff_of_two_revisions_reads_as_the_edit(stocked: Library) -> None:
    _reword_first_step(stocked)
    diff = checks.diff_revisions(library=stocked, actor=REVIEWER, code="SOP-FIN-003", old=1, new=2)
    assert (diff.old, diff.new) == ("SOP-FIN-003@1", "SOP-FIN-003@2")
    assert [change.kind for change in diff.changes] == ["reworded"]
    assert any(s.kind == "added" and "now" in s.text for s in diff.changes[0].words)
    with pytest.raises(NotFoundError):
        checks.diff_revisions(library=stocked, actor=REVIEWER, code="SOP-FIN-003", old=1, new=5)


def test_lint_reads_a_library_revision_against_the_library(stocked: Library) -> None:
    linted = checks.lint_revision(library=stocked, actor=AUTHOR, code="SOP-FIN-003")
    assert linted.revision.number == 1
    assert linted.errors == 0
    assert all(f.file == "SOP-FIN-003@1" for f in linted.findings)


def test_readers_may_neither_lint_nor_diff(stocked: Library) -> None:
    with pytest.raises(PermissionDeniedError):
        checks.lint_revision(library=stocked, actor=READER, code="SOP-FIN-003")
    with pytest.raises(PermissionDeniedError):
        checks.diff_revisions(library=stocked, actor=READER, code="SOP-FIN-003", old=1, new=1)
