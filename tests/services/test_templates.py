"""New SOPs from templates: every template is a valid, lint-clean SOP, and a copy under a
code and title of one's own is saved as revision 1 and can be run."""

from __future__ import annotations

import pytest
from tests.services.conftest import AUTHOR, READER

from sopflow.analysis.lint import lint_text
from sopflow.errors import ConflictError, InvalidInputError, PermissionDeniedError
from sopflow.formats.yaml_write import dump_document
from sopflow.library.store import Library
from sopflow.services import documents, runs, templates


def test_the_templates_cover_the_common_flows_and_are_lint_clean() -> None:
    names = [item.name for item in templates.templates()]
    assert names == [
        "employee-onboarding",
        "incident-response",
        "intake-triage-resolution",
        "request-approval-fulfilment",
    ]
    for item in templates.templates():
        text = dump_document(item.document)
        assert lint_text(text, item.name) == [], item.name
        assert item.document.code.startswith("SOP-TPL-")


def test_a_new_sop_from_a_template_is_saved_and_runs(library: Library) -> None:
    saved = templates.new_from_template(
        library=library, actor=AUTHOR, name="incident-response", code="SOP-OPS-001", title="On call"
    )
    assert (saved.revision.code, saved.revision.number, saved.new_document) == (
        "SOP-OPS-001",
        1,
        True,
    )
    stored = documents.get_revision(library=library, actor=AUTHOR, code="SOP-OPS-001")
    assert stored.document.title == "On call"
    assert "template 'Incident response'" in stored.info.summary
    started = runs.start_run(library=library, actor=AUTHOR, code="SOP-OPS-001")
    assert started.run.revision.number == 1
    assert started.current is not None
    assert started.current.node == "acknowledge"


def test_a_template_copy_needs_a_free_sop_code_and_a_title(library: Library) -> None:
    def make(name: str = "incident-response", code: str = "SOP-OPS-002", title: str = "x") -> None:
        templates.new_from_template(
            library=library, actor=AUTHOR, name=name, code=code, title=title
        )

    with pytest.raises(InvalidInputError, match="template: no template 'nope'"):
        make(name="nope")
    with pytest.raises(InvalidInputError, match="title"):
        make(title="  ")
    with pytest.raises(InvalidInputError) as wrong:
        make(code="WI-OPS-002")
    assert wrong.value.field.startswith("document.code")
    make()
    with pytest.raises(ConflictError):
        make(title="Another")
    with pytest.raises(PermissionDeniedError):
        templates.new_from_template(
            library=library, actor=READER, name="incident-response", code="SOP-OPS-3", title="x"
        )
