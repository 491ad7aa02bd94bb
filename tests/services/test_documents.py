"""Reading the library through the application layer: lists, the revision each role sees,
history, where-used, the hierarchy and screenshots, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from tests.services.conftest import AUTHOR, READER, REVIEWER

from sopflow.errors import (
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from sopflow.library.browse import DocumentFilters
from sopflow.library.documents import get_revision as stored_revision
from sopflow.library.documents import save_document
from sopflow.library.store import Library
from sopflow.model.revisions import RevisionState
from sopflow.services import documents, revisions
from sopflow.services.access import Actor
from sopflow.services.hierarchy import hierarchy_tree


def revise(library: Library, code: str, state: RevisionState, **changes: str) -> int:
    """Store a new revision of code with some fields changed, in state; its number."""
    with library.transaction() as connection:
        stored = stored_revision(connection, code=code)
        saved = save_document(
            connection,
            document=stored.document.model_copy(update=changes),
            author="lead",
            summary="revised",
            base=stored.info.number,
            state=state,
        )
    return saved.revision.number


def test_a_list_is_filtered_and_paged_with_its_total(stocked: Library) -> None:
    page = documents.list_documents(
        library=stocked, actor=READER, filters=DocumentFilters(kind="wi"), limit=2
    )
    assert [row.code for row in page.documents] == ["WI-IT-001", "WI-PAY-003"]
    assert page.total == 3
    rest = documents.list_documents(
        library=stocked, actor=READER, filters=DocumentFilters(kind="wi"), limit=2, offset=2
    )
    assert [row.code for row in rest.documents] == ["WI-PAY-004"]
    support = documents.list_documents(
        library=stocked,
        actor=READER,
        filters=DocumentFilters(department="customer support", tag="REFUNDS"),
    )
    assert [row.code for row in support.documents] == ["SOP-FIN-003", "WF-FIN-001"]


def test_a_wrong_filter_or_page_names_the_field(stocked: Library) -> None:
    with pytest.raises(InvalidInputError) as kind:
        documents.list_documents(library=stocked, actor=READER, filters=DocumentFilters(kind="x"))
    assert kind.value.field == "kind"
    with pytest.raises(InvalidInputError) as limit:
        documents.list_documents(library=stocked, actor=READER, limit=0)
    assert limit.value.field == "limit"


def test_facets_count_documents_by_kind_department_and_state(stocked: Library) -> None:
    facets = documents.document_facets(library=stocked, actor=READER)
    assert {(f.value, f.count) for f in facets.kinds} == {
        ("policy", 1),
        ("workflow", 1),
        ("sop", 3),
        ("wi", 3),
    }
    assert [f.value for f in facets.states] == ["draft"]
    assert "Customer Support" in [f.value for f in facets.departments]


def test_nobody_signed_in_reads_nothing(stocked: Library) -> None:
    with pytest.raises(AuthenticationError):
        documents.list_documents(library=stocked, actor=None)
    with pytest.raises(AuthenticationError):
        documents.get_revision(library=stocked, actor=None, code="SOP-FIN-003")


def test_a_reader_sees_the_last_effective_revision_and_an_author_the_latest(
    stocked: Library,
) -> None:
    revise(stocked, "SOP-FIN-003", RevisionState.EFFECTIVE, title="Customer refund (in force)")
    revise(stocked, "SOP-FIN-003", RevisionState.DRAFT, title="Customer refund (next)")
    seen = documents.get_revision(library=stocked, actor=READER, code="SOP-FIN-003")
    assert (seen.info.number, seen.document.title) == (2, "Customer refund (in force)")
    latest = documents.get_revision(library=stocked, actor=AUTHOR, code="SOP-FIN-003")
    assert (latest.info.number, latest.document.title) == (3, "Customer refund (next)")
    assert documents.get_revision(
        library=stocked, actor=REVIEWER, code="SOP-FIN-003", number=1
    ).document.title == ("Customer refund")
    with pytest.raises(PermissionDeniedError) as refused:
        documents.get_revision(library=stocked, actor=READER, code="SOP-FIN-003", number=3)
    assert "read-drafts" in str(refused.value)
    assert "revision 2 is the one you see" in str(refused.value)


def test_without_an_effective_revision_a_reader_sees_the_latest(stocked: Library) -> None:
    revise(stocked, "WI-PAY-003", RevisionState.DRAFT, title="Refund a card payment")
    seen = documents.revision_info(library=stocked, actor=READER, code="WI-PAY-003")
    assert seen.number == 2


def test_a_missing_document_or_revision_is_not_found(stocked: Library) -> None:
    with pytest.raises(NotFoundError, match="no such document"):
        documents.get_revision(library=stocked, actor=AUTHOR, code="SOP-FIN-999")
    with pytest.raises(NotFoundError, match="no revision 7; the latest is revision 1"):
        documents.get_revision(library=stocked, actor=READER, code="SOP-FIN-003", number=7)
    with pytest.raises(InvalidInputError) as bad:
        documents.get_revision(library=stocked, actor=READER, code="refunds")
    assert bad.value.field == "code"


def test_history_needs_the_read_drafts_permission(stocked: Library) -> None:
    revise(stocked, "SOP-FIN-003", RevisionState.DRAFT, title="Refunds")
    infos = documents.history(library=stocked, actor=REVIEWER, code="SOP-FIN-003")
    assert [(info.number, info.summary) for info in infos] == [
        (1, "Imported from YAML"),
        (2, "revised"),
    ]
    with pytest.raises(PermissionDeniedError):
        documents.history(library=stocked, actor=READER, code="SOP-FIN-003")


def test_where_used_and_the_broken_link_check(stocked: Library) -> None:
    used = documents.where_used(library=stocked, actor=READER, code="WI-PAY-003", transitive=True)
    assert used.known
    assert [(d.code, d.depth) for d in used.dependants] == [
        ("SOP-FIN-003", 1),
        ("POL-FIN-001", 2),
        ("WF-FIN-001", 2),
    ]
    unknown = documents.where_used(library=stocked, actor=READER, code="WI-PAY-999")
    assert (unknown.known, unknown.dependants) == (False, ())
    assert documents.broken_links(library=stocked, actor=READER).broken == ()


def test_a_document_knows_what_is_above_and_below_it(stocked: Library) -> None:
    sop = documents.related(library=stocked, actor=READER, code="SOP-FIN-003")
    assert [(r.other, r.direction) for r in sop.above] == [
        ("POL-FIN-001", "refers"),
        ("WF-FIN-001", "referred"),
    ]
    assert [r.other for r in sop.below] == ["WI-PAY-003", "WI-PAY-004"]
    wi = documents.related(library=stocked, actor=READER, code="WI-PAY-003")
    assert [(r.other, r.title) for r in wi.above] == [("SOP-FIN-003", "Customer refund")]
    assert wi.below == ()


def test_the_hierarchy_starts_at_the_policies_and_goes_down_to_the_work_instructions(
    stocked: Library,
) -> None:
    tree = hierarchy_tree(library=stocked, actor=READER)
    assert [root.code for root in tree.roots] == ["POL-FIN-001", "SOP-HR-001", "SOP-LOG-001"]
    assert not tree.more
    policy = tree.roots[0]
    assert [child.code for child in policy.children] == ["WF-FIN-001", "SOP-FIN-003"]
    workflow = policy.children[0]
    assert [child.code for child in workflow.children] == ["SOP-FIN-003"]
    assert [child.code for child in workflow.children[0].children] == ["WI-PAY-003", "WI-PAY-004"]
    assert [child.code for child in tree.roots[1].children] == ["WI-IT-001"]
    assert tree.roots[2].children == ()


def test_the_hierarchy_pages_on_from_the_last_top_shown(stocked: Library) -> None:
    first = hierarchy_tree(library=stocked, actor=READER, limit=1)
    assert ([root.code for root in first.roots], first.more) == (["POL-FIN-001"], True)
    rest = hierarchy_tree(library=stocked, actor=READER, limit=1, after="POL-FIN-001")
    assert ([root.code for root in rest.roots], rest.more) == (["SOP-HR-001"], True)
    last = hierarchy_tree(library=stocked, actor=READER, limit=1, after="SOP-HR-001")
    assert ([root.code for root in last.roots], last.more) == (["SOP-LOG-001"], False)


def test_facets_count_a_save_made_through_the_services_at_once(stocked: Library) -> None:
    before = documents.document_facets(library=stocked, actor=READER)
    assert ("wi", 3) in [(f.value, f.count) for f in before.kinds]
    stored = documents.get_revision(library=stocked, actor=AUTHOR, code="WI-PAY-003")
    revisions.save_revision(
        library=stocked,
        actor=AUTHOR,
        document=stored.document.model_copy(update={"code": "WI-PAY-005"}),
        base=None,
        summary="A copy",
    )
    after = documents.document_facets(library=stocked, actor=READER)
    assert ("wi", 4) in [(f.value, f.count) for f in after.kinds]


def _captured_wi(folder: Path, examples: Path) -> None:
    """A copy of WI-PAY-003 whose first step has a screenshot beside it."""
    text = (examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml").read_text()
    (folder / "WI-PAY-003.media").mkdir(parents=True)
    picture = io.BytesIO()
    Image.new("RGB", (16, 10), (20, 120, 200)).save(picture, format="PNG")
    (folder / "WI-PAY-003.media" / "one.png").write_bytes(picture.getvalue())
    first = "  - action: "
    shown = text.replace(first, "  - image: WI-PAY-003.media/one.png\n    action: ", 1)
    (folder / "WI-PAY-003.yaml").write_text(shown)


def test_screenshots_are_served_to_whoever_may_read_the_revision(
    library: Library, examples: Path, tmp_path: Path
) -> None:
    _captured_wi(tmp_path / "captured", examples)
    revisions.import_documents(
        library=library,
        actor=AUTHOR,
        sources=revisions.read_import([tmp_path / "captured"]),
        summary="captured",
    )
    file = documents.revision_file(
        library=library, actor=READER, code="WI-PAY-003", number=1, path="WI-PAY-003.media/one.png"
    )
    assert file.media_type == "image/png"
    assert file.data.startswith(b"\x89PNG")
    with pytest.raises(NotFoundError):
        documents.revision_file(
            library=library, actor=READER, code="WI-PAY-003", number=1, path="../../etc/passwd"
        )
    first = documents.get_revision(library=library, actor=AUTHOR, code="WI-PAY-003")
    revisions.save_revision(
        library=library,
        actor=AUTHOR,
        document=first.document.model_copy(update={"title": "Card refund"}),
        base=1,
        summary="retitled",
    )
    kept = documents.revision_file(
        library=library, actor=AUTHOR, code="WI-PAY-003", number=2, path="WI-PAY-003.media/one.png"
    )
    assert kept.data == file.data
    revise(library, "WI-PAY-003", RevisionState.EFFECTIVE, title="Card refund in force")
    with pytest.raises(PermissionDeniedError):
        documents.revision_file(
            library=library,
            actor=READER,
            code="WI-PAY-003",
            number=2,
            path="WI-PAY-003.media/one.png",
        )
    with pytest.raises(AuthenticationError):
        documents.revision_file(
            library=library, actor=None, code="WI-PAY-003", number=2, path="x.png"
        )


def test_the_local_user_reads_everything(stocked: Library) -> None:
    revise(stocked, "SOP-FIN-003", RevisionState.DRAFT, title="Refunds")
    local = Actor.local()
    assert documents.revision_info(library=stocked, actor=local, code="SOP-FIN-003").number == 2
