"""Lint and diff of library revisions through the application layer."""

from __future__ import annotations

from typing import Any

import pytest
from tests.services.conftest import AUTHOR, READER, REVIEWER

from sopflow.errors import NotFoundError, PermissionDeniedError
from sopflow.formats.yaml_write import document_data
from sopflow.library.store import Library
from sopflow.model import Sop
from sopflow.model.problems import dotted
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


def _refund_data(stocked: Library) -> dict[str, Any]:
    stored = documents.get_revision(library=stocked, actor=AUTHOR, code="SOP-FIN-003")
    return document_data(stored.document)


def test_a_posted_document_is_checked_without_being_saved(stocked: Library) -> None:
    data = _refund_data(stocked)
    checked = checks.check_document(library=stocked, actor=AUTHOR, code="SOP-FIN-003", data=data)
    assert checked.savable
    assert checked.errors == 0
    del data["flow"]["nodes"][0]["next"]  # the first step now leads nowhere
    checked = checks.check_document(library=stocked, actor=AUTHOR, code="SOP-FIN-003", data=data)
    assert not checked.savable
    wrong = [(dotted(f.path), f.rule) for f in checked.findings if f.severity == "error"]
    assert ("flow.nodes[0]", "dead-end") in wrong  # lint's id for "way-forward"
    assert documents.history(library=stocked, actor=AUTHOR, code="SOP-FIN-003")[-1].number == 1


def test_a_posted_document_is_linted_against_the_library(stocked: Library) -> None:
    data = _refund_data(stocked)
    data["flow"]["nodes"][6]["reference"] = "WI-PAY-999"  # refund-card refers to nothing
    checked = checks.check_document(library=stocked, actor=AUTHOR, code="SOP-FIN-003", data=data)
    assert checked.savable  # a dangling reference is lint's finding, not a validation error
    about = [f for f in checked.findings if dotted(f.path) == "flow.nodes[6].reference"]
    assert about
    assert "WI-PAY-999" in about[0].message


def test_a_posted_document_must_keep_its_code_and_shape(stocked: Library) -> None:
    data = _refund_data(stocked)
    checked = checks.check_document(library=stocked, actor=AUTHOR, code="SOP-FIN-004", data=data)
    assert not checked.savable
    assert checked.findings[0].rule == "code"
    del data["flow"]["nodes"][0]["instruction"]
    checked = checks.check_document(library=stocked, actor=AUTHOR, code="SOP-FIN-003", data=data)
    assert not checked.savable
    assert [dotted(f.path) for f in checked.findings] == ["flow.nodes[0].instruction"]


def test_readers_may_not_check_a_posted_document(stocked: Library) -> None:
    with pytest.raises(PermissionDeniedError):
        checks.check_document(library=stocked, actor=READER, code="SOP-FIN-003", data={})
