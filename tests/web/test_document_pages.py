"""The library and document pages over HTTP (SQLite and PostgreSQL): who sees what, the
partial htmx update, revision pages, history and diff, screenshots behind the permission
check."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from tests.conftest import EXAMPLES
from tests.web.conftest import Site

from sopflow.library.store import open_library
from sopflow.services import documents, revisions
from sopflow.services.access import Actor


def _retitle(site: Site, code: str, title: str) -> None:
    with open_library(site.settings.library_url, create=False) as library:
        stored = documents.get_revision(library=library, actor=Actor.local(), code=code)
        revisions.save_revision(
            library=library,
            actor=Actor.local(),
            document=stored.document.model_copy(update={"title": title}),
            base=stored.info.number,
            summary="Retitled",
        )


def test_pages_ask_to_sign_in_first(stocked: Site) -> None:
    anonymous = stocked.client()
    for path in ("/library", "/documents/SOP-FIN-003", "/documents/SOP-FIN-003/history"):
        response = anonymous.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == f"/login?next={path}"


def test_the_library_lists_by_kind_and_htmx_gets_only_the_results(stocked: Site) -> None:
    client = stocked.client("rita")
    full = client.get("/library")
    assert full.status_code == 200
    assert "<h2>Policies</h2>" in full.text
    assert full.text.index("<h2>Policies</h2>") < full.text.index("<h2>Work instructions</h2>")
    part = client.get("/library", params={"kind": "wi"}, headers={"HX-Request": "true"})
    assert part.text.lstrip().startswith('<section id="results"')
    assert "<html" not in part.text
    assert "WI-PAY-004" in part.text
    assert "SOP-FIN-003" not in part.text


def test_a_wrong_filter_is_an_error_page_naming_the_field(stocked: Site) -> None:
    response = stocked.client("rita").get("/library", params={"kind": "memo"})
    assert response.status_code == 422
    assert "kind: &#39;memo&#39; is not a kind" in response.text


def test_a_reader_sees_no_history_and_may_not_open_it(stocked: Site) -> None:
    _retitle(stocked, "SOP-FIN-003", "Customer refund requests")
    reader = stocked.client("rita")
    page = reader.get("/documents/SOP-FIN-003").text
    assert 'id="history"' not in page
    assert reader.get("/documents/SOP-FIN-003/history").status_code == 403
    assert reader.get("/documents/SOP-FIN-003/revisions/1").status_code == 403


def test_an_author_sees_history_an_older_revision_and_the_diff(stocked: Site) -> None:
    _retitle(stocked, "SOP-FIN-003", "Customer refund requests")
    author = stocked.client("arthur")
    page = author.get("/documents/SOP-FIN-003").text
    assert 'id="history"' in page
    older = author.get("/documents/SOP-FIN-003/revisions/1").text
    assert "the latest is revision 2" in older
    assert "SOP-FIN-003</span> Customer refund</h1>" in older
    diff = author.get("/documents/SOP-FIN-003/history", params={"from": 1, "to": 2}).text
    assert "Changes from revision 1 to revision 2" in diff
    assert "<ins> requests</ins>" in diff


def test_a_breadcrumb_trail_keeps_only_document_codes(stocked: Site) -> None:
    page = stocked.client("rita").get(
        "/documents/WI-PAY-003",
        params={"from": "WF-FIN-001,javascript:alert(1),SOP-FIN-003"},
    )
    assert page.status_code == 200
    assert 'href="/documents/WF-FIN-001"' in page.text
    assert 'href="/documents/SOP-FIN-003?from=WF-FIN-001"' in page.text
    assert "javascript" not in page.text


def _captured(folder: Path) -> None:
    text = (EXAMPLES / "refunds" / "WI-PAY-003-stripe-card-refund.yaml").read_text()
    (folder / "WI-PAY-003.media").mkdir(parents=True)
    picture = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 90, 200)).save(picture, format="PNG")
    (folder / "WI-PAY-003.media" / "one.png").write_bytes(picture.getvalue())
    shown = text.replace("  - action: ", "  - image: WI-PAY-003.media/one.png\n    action: ", 1)
    (folder / "WI-PAY-003.yaml").write_text(shown)


def test_screenshots_are_served_behind_the_permission_check(site: Site, tmp_path: Path) -> None:
    _captured(tmp_path / "captured")
    site.load(tmp_path / "captured")
    address = "/api/v1/documents/WI-PAY-003/revisions/1/files/WI-PAY-003.media/one.png"
    page = site.client("rita").get("/documents/WI-PAY-003").text
    assert f'src="{address}"' in page
    shot = site.client("rita").get(address)
    assert (shot.status_code, shot.headers["content-type"]) == (200, "image/png")
    assert site.client().get(address).status_code == 401
    missing = site.client("rita").get(address.replace("one.png", "../../secret"))
    assert missing.status_code == 404
