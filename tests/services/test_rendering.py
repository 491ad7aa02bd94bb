"""A library revision in every format, and as the document page shows it."""

from __future__ import annotations

import json
import re

import pytest
from tests.services.conftest import AUTHOR, READER

from sopflow.errors import InvalidInputError, PermissionDeniedError
from sopflow.formats.render.swimlane import graphviz_available
from sopflow.library.documents import get_revision, save_document
from sopflow.library.store import Library
from sopflow.model.revisions import RevisionState
from sopflow.services import rendering


def test_every_format_is_offered_with_its_media_type() -> None:
    offered = {f.name: f.media_type for f in rendering.formats()}
    assert offered["json"] == "application/json"
    assert offered["yaml"] == "application/yaml"
    assert offered["pdf"] == "application/pdf"
    assert offered["html"].startswith("text/html")
    assert {"md", "docx", "svg", "mermaid", "bpmn"} <= set(offered)


def test_the_source_formats_are_the_stored_content(stocked: Library) -> None:
    as_json = rendering.render_revision(
        library=stocked, actor=READER, code="WI-PAY-003", format="json"
    )
    assert as_json.filename == "WI-PAY-003-rev1.json"
    assert isinstance(as_json.content, str)
    assert json.loads(as_json.content)["code"] == "WI-PAY-003"
    as_yaml = rendering.render_revision(
        library=stocked, actor=READER, code="WI-PAY-003", format="yaml"
    )
    assert isinstance(as_yaml.content, str)
    assert as_yaml.content.startswith("sopflow: 3\nkind: wi\ncode: WI-PAY-003\n")


def test_a_rendered_revision_carries_its_control_block_and_links(stocked: Library) -> None:
    page = rendering.render_revision(
        library=stocked, actor=READER, code="SOP-FIN-003", format="html", audience="expert"
    )
    assert page.filename == "SOP-FIN-003-rev1.html"
    assert isinstance(page.content, str)
    control_row = (
        "<th>Code</th><td>SOP-FIN-003</td><th>Revision</th><td>1</td><th>State</th><td>draft</td>"
    )
    assert control_row in page.content
    assert "<th>Title</th><td>Customer refund</td>" in page.content
    assert 'href="WI-PAY-003.html"' in page.content
    assert "ticket form" not in page.content  # the novice detail, hidden for experts
    pdf = rendering.render_revision(library=stocked, actor=READER, code="SOP-FIN-003", format="pdf")
    assert isinstance(pdf.content, bytes)
    assert pdf.content.startswith(b"%PDF")


def test_a_reader_gets_the_revision_in_force(stocked: Library) -> None:
    with stocked.transaction() as connection:
        stored = get_revision(connection, code="WI-PAY-003")
        for title, state in (("In force", RevisionState.EFFECTIVE), ("Next", RevisionState.DRAFT)):
            saved = save_document(
                connection,
                document=stored.document.model_copy(update={"title": title}),
                author="lead",
                summary=title,
                base=stored.info.number,
                state=state,
            )
            stored = get_revision(connection, code="WI-PAY-003", number=saved.revision.number)
    shown = rendering.render_revision(library=stocked, actor=READER, code="WI-PAY-003", format="md")
    assert shown.revision.number == 2
    assert "In force" in str(shown.content)
    with pytest.raises(PermissionDeniedError):
        rendering.render_revision(
            library=stocked, actor=READER, code="WI-PAY-003", format="md", number=3
        )
    latest = rendering.render_revision(
        library=stocked, actor=AUTHOR, code="WI-PAY-003", format="md"
    )
    assert latest.revision.number == 3


def test_an_unknown_format_or_audience_names_the_field(stocked: Library) -> None:
    with pytest.raises(InvalidInputError) as unknown:
        rendering.render_revision(library=stocked, actor=READER, code="SOP-FIN-003", format="odt")
    assert unknown.value.field == "format"
    assert "choose one of json, yaml" in str(unknown.value)
    with pytest.raises(InvalidInputError) as audience:
        rendering.render_revision(
            library=stocked, actor=READER, code="SOP-FIN-003", format="md", audience="guru"
        )
    assert audience.value.field == "audience"


def _view(library: Library, audience: str = "novice") -> rendering.DocumentView:
    return rendering.document_view(
        library=library,
        actor=READER,
        code="SOP-FIN-003",
        audience=audience,
        link=lambda code: f"/documents/{code}?from=SOP-FIN-003",
        image_src=lambda code, number, path: f"/files/{code}/{number}/{path}",
    )


def test_the_page_view_is_the_body_alone_at_the_reader_s_level(stocked: Library) -> None:
    novice, expert = _view(stocked), _view(stocked, "expert")
    assert "<html" not in novice.body
    assert "<style" not in novice.body
    assert 'style="' not in novice.body
    assert '<li id="node-log-request" value="1">' in novice.body
    assert "ticket form" in novice.body
    assert "ticket form" not in expert.body
    assert novice.latest is None  # a reader is not told about drafts
    assert novice.kind_name == "SOP"


@pytest.mark.skipif(not graphviz_available(), reason="needs Graphviz")
def test_the_diagram_is_inline_svg_whose_referencing_nodes_link_to_their_documents(
    stocked: Library,
) -> None:
    view = _view(stocked)
    assert view.has_diagram
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', view.body)
    assert links == [
        ("/documents/WI-PAY-003?from=SOP-FIN-003", "Open WI-PAY-003"),
        ("/documents/WI-PAY-004?from=SOP-FIN-003", "Open WI-PAY-004"),
    ]
    assert "<?xml" not in view.body
    assert "xlink:" not in view.body
