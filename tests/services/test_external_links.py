"""An SOP names documents of external origin under `external` (SQLite and PostgreSQL): lint
names the field of a code the register does not hold, the views describe each one as the
register does, and the register says which documents refer to each."""

from __future__ import annotations

from tests.services.conftest import AUTHOR, READER
from tests.services.test_register import ISO

from sopflow.library.store import Library
from sopflow.services import checks, documents, rendering, revisions
from sopflow.services import register as service
from sopflow.services.access import Actor


def _name_external(library: Library, code: str, *external: str) -> int:
    latest = documents.get_revision(library=library, actor=Actor.local(), code=code)
    saved = revisions.save_revision(
        library=library,
        actor=Actor.local(),
        document=latest.document.model_copy(update={"external": external}),
        base=latest.info.number,
        summary="Names the standards it follows",
    )
    return saved.revision.number


def test_an_unregistered_external_code_is_a_lint_error_naming_the_field(
    stocked: Library,
) -> None:
    service.add_external(library=stocked, actor=AUTHOR, document=ISO)
    number = _name_external(stocked, "SOP-FIN-003", "EXT-ISO-9001", "EXT-ACME-SPEC-7")
    linted = checks.lint_revision(library=stocked, actor=AUTHOR, code="SOP-FIN-003", number=number)
    found = [f for f in linted.findings if f.rule == "external-missing"]
    assert [(f.severity, f.path, f.message) for f in found] == [
        (
            "error",
            ("external", 1),
            "EXT-ACME-SPEC-7 is named under external but the register holds no such external "
            "document",
        )
    ]
    assert str(found[0]).startswith(f"{found[0].file}:")  # located in the canonical YAML
    broken = documents.broken_links(library=stocked, actor=AUTHOR)
    assert all(not link.target.startswith("EXT-") for link in broken.broken)  # lint's to say


def test_the_views_describe_the_external_documents_as_the_register_holds_them(
    stocked: Library,
) -> None:
    service.add_external(library=stocked, actor=AUTHOR, document=ISO)
    _name_external(stocked, "SOP-FIN-003", "EXT-ISO-9001", "EXT-ACME-SPEC-7")
    html = rendering.render_revision(
        library=stocked, actor=AUTHOR, code="SOP-FIN-003", format="html"
    ).content
    assert isinstance(html, str)
    assert "<h2>External documents</h2>" in html
    assert "ISO 9001, revision 2015 (ISO): Quality management systems" in html
    assert "EXT-ACME-SPEC-7" in html
    assert "see the document register" in html


def test_the_register_says_which_documents_refer_to_each(stocked: Library) -> None:
    service.add_external(library=stocked, actor=AUTHOR, document=ISO)
    _name_external(stocked, "SOP-FIN-003", "EXT-ISO-9001")
    _name_external(stocked, "WI-PAY-003", "EXT-ISO-9001")
    assert service.external_referrers(library=stocked, actor=AUTHOR) == {
        "EXT-ISO-9001": ("SOP-FIN-003", "WI-PAY-003")
    }
    assert service.external_referrers(library=stocked, actor=READER) == {}  # drafts unlisted
    _name_external(stocked, "SOP-FIN-003")  # named no more
    assert service.external_referrers(library=stocked, actor=AUTHOR) == {
        "EXT-ISO-9001": ("WI-PAY-003",)
    }
