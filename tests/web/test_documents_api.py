"""The documents and search API on a real server (SQLite and PostgreSQL): lists, revisions in
every format with their ETags, saves with If-Match (stale, missing, concurrent), history,
diff, where-used, lint, search, and who may do what."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import docx
import httpx
import pytest
from pypdf import PdfReader
from tests.web.conftest import EXAMPLES, Site

from sopflow.settings import Settings


def _edited(client: httpx.Client, code: str, title: str) -> tuple[dict[str, Any], str]:
    """The document of code as GET gives it with a new title, and the ETag it came with."""
    response = client.get(f"/api/v1/documents/{code}")
    assert response.status_code == 200
    document = response.json()["document"]
    document["title"] = title
    return document, response.headers["etag"]


def test_the_list_filters_and_pages(stocked: Site) -> None:
    client = stocked.client("rita")
    page = client.get("/api/v1/documents", params={"kind": "wi", "limit": 2}).json()
    assert page["total"] == 3
    assert [d["code"] for d in page["documents"]] == ["WI-IT-001", "WI-PAY-003"]
    assert page["documents"][0]["href"] == "/api/v1/documents/WI-IT-001"
    bad = client.get("/api/v1/documents", params={"kind": "memo"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["field"] == "kind"


def test_a_revision_is_canonical_json_with_an_etag_naming_it(stocked: Site) -> None:
    client = stocked.client("rita")
    response = client.get("/api/v1/documents/SOP-FIN-003")
    assert response.status_code == 200
    assert response.headers["etag"] == '"SOP-FIN-003@1"'
    body = response.json()
    assert body["revision"]["number"] == 1
    assert body["format_version"] == 3
    assert body["document"]["code"] == "SOP-FIN-003"
    assert "sopflow" not in body["document"]
    again = client.get(
        "/api/v1/documents/SOP-FIN-003", headers={"If-None-Match": '"SOP-FIN-003@1"'}
    )
    assert again.status_code == 304
    numbered = client.get("/api/v1/documents/SOP-FIN-003/revisions/1")
    assert numbered.json() == body


@pytest.mark.parametrize(
    ("name", "media_type", "suffix"),
    [
        ("yaml", "application/yaml", "yaml"),
        ("json", "application/json", "json"),
        ("md", "text/markdown; charset=utf-8", "md"),
        ("html", "text/html; charset=utf-8", "html"),
        ("pdf", "application/pdf", "pdf"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        ("svg", "image/svg+xml", "svg"),
        ("mermaid", "text/vnd.mermaid; charset=utf-8", "mmd"),
        ("bpmn", "application/xml", "bpmn"),
    ],
)
def test_every_format_downloads_with_its_media_type_and_file_name(
    stocked: Site, name: str, media_type: str, suffix: str
) -> None:
    response = stocked.client("rita").get(
        "/api/v1/documents/SOP-FIN-003/revisions/1", params={"format": name}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="SOP-FIN-003-rev1.{suffix}"'
    assert response.headers["etag"] == '"SOP-FIN-003@1"'
    if name == "pdf":
        assert "SOP-FIN-003" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    if name == "yaml":
        assert response.text.startswith("sopflow: 3\nkind: sop\ncode: SOP-FIN-003\n")


def test_pdf_and_docx_come_on_the_paper_of_the_app_settings(
    make_site: Callable[..., Site], web_settings: Settings
) -> None:
    site = make_site(replace(web_settings, paper="letter")).load(EXAMPLES)
    client = site.client("rita")
    pdf = client.get("/api/v1/documents/WI-PAY-003?format=pdf")
    assert pdf.status_code == 200, pdf.text
    sheet = PdfReader(io.BytesIO(pdf.content)).pages[0]
    assert (round(sheet.mediabox.width), round(sheet.mediabox.height)) == (612, 792)
    word = docx.Document(io.BytesIO(client.get("/api/v1/documents/WI-PAY-003?format=docx").content))
    assert round(word.sections[0].page_width.inches, 1) == 8.5


def test_an_unknown_format_is_a_problem_naming_the_field(stocked: Site) -> None:
    response = stocked.client("rita").get("/api/v1/documents/SOP-FIN-003?format=odt")
    assert response.status_code == 422
    assert response.json()["field"] == "format"


def test_a_save_on_the_latest_revision_makes_the_next_one(stocked: Site) -> None:
    client = stocked.client("arthur")
    document, tag = _edited(client, "WI-PAY-003", "Refund a card payment through Stripe")
    saved = client.unsafe(
        "PUT",
        "/api/v1/documents/WI-PAY-003",
        json={"summary": "Clearer title", "document": document},
        headers={"If-Match": tag},
    )
    assert saved.status_code == 200, saved.text
    assert saved.headers["etag"] == '"WI-PAY-003@2"'
    assert saved.json()["revision"]["author"] == "arthur"
    latest = client.get("/api/v1/documents/WI-PAY-003").json()
    assert latest["document"]["title"] == "Refund a card payment through Stripe"


def test_a_stale_if_match_is_412_naming_both_revisions_and_nothing_is_lost(
    stocked: Site,
) -> None:
    first, second = stocked.client("arthur"), stocked.client("ada")
    mine, tag = _edited(first, "SOP-FIN-003", "Refunds (arthur)")
    theirs, _ = _edited(second, "SOP-FIN-003", "Refunds (ada)")
    assert first.unsafe(
        "PUT",
        "/api/v1/documents/SOP-FIN-003",
        json={"summary": "arthur's", "document": mine},
        headers={"If-Match": tag},
    ).is_success
    stale = second.unsafe(
        "PUT",
        "/api/v1/documents/SOP-FIN-003",
        json={"summary": "ada's", "document": theirs},
        headers={"If-Match": tag},
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    problem = stale.json()
    assert (problem["base_revision"], problem["latest_revision"]) == (1, 2)
    assert "based on revision 1, but the latest is revision 2" in problem["detail"]
    kept = second.get("/api/v1/documents/SOP-FIN-003").json()
    assert kept["document"]["title"] == "Refunds (arthur)"
    retried = second.unsafe(
        "PUT",
        "/api/v1/documents/SOP-FIN-003",
        json={"summary": "ada's", "document": theirs},
        headers={"If-Match": kept["revision"]["etag"]},
    )
    assert retried.status_code == 200
    history = second.get("/api/v1/documents/SOP-FIN-003/history").json()
    assert [r["summary"] for r in history["revisions"]] == [
        "Imported from YAML",
        "arthur's",
        "ada's",
    ]


def test_concurrent_saves_on_one_revision_let_exactly_one_through(stocked: Site) -> None:
    clients = [stocked.client("arthur"), stocked.client("ada")]
    edits = [_edited(client, "WI-PAY-004", f"Bank refund {n}") for n, client in enumerate(clients)]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def save(client: httpx.Client, document: dict[str, Any], tag: str) -> None:
        start.wait()
        response = client.unsafe(  # type: ignore[attr-defined]
            "PUT",
            "/api/v1/documents/WI-PAY-004",
            json={"summary": document["title"], "document": document},
            headers={"If-Match": tag},
        )
        statuses.append(response.status_code)

    threads = [
        threading.Thread(target=save, args=(client, document, tag))
        for client, (document, tag) in zip(clients, edits, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200, 412]
    history = clients[0].get("/api/v1/documents/WI-PAY-004/history").json()["revisions"]
    assert [r["number"] for r in history] == [1, 2]
    assert history[1]["summary"] in {"Bank refund 0", "Bank refund 1"}


def test_a_save_without_if_match_is_428_for_an_existing_document_and_201_for_a_new_one(
    stocked: Site,
) -> None:
    client = stocked.client("arthur")
    document, _ = _edited(client, "WI-PAY-003", "Card refund")
    blind = client.unsafe(
        "PUT", "/api/v1/documents/WI-PAY-003", json={"summary": "x", "document": document}
    )
    assert blind.status_code == 428
    assert blind.json()["field"] == "If-Match"
    assert blind.json()["latest_revision"] == 1
    document["code"] = "WI-PAY-042"
    created = client.unsafe(
        "PUT", "/api/v1/documents/WI-PAY-042", json={"summary": "New", "document": document}
    )
    assert created.status_code == 201
    assert created.headers["location"] == "/api/v1/documents/WI-PAY-042"
    assert created.headers["etag"] == '"WI-PAY-042@1"'


def test_a_new_document_under_a_code_in_use_is_409_naming_the_field_code(
    stocked: Site,
) -> None:
    client = stocked.client("arthur")
    document = {
        "sopflow": 1,
        "kind": "wi",
        "code": "WI-PAY-003",
        "title": "Reset a password",
        "steps": [{"action": "Open the account page"}, {"action": "Click Reset password"}],
    }
    refused = client.unsafe(
        "PUT", "/api/v1/documents/WI-PAY-003", json={"summary": "New", "document": document}
    )
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["field"] == "code"
    assert problem["codes"] == ["WI-PAY-003"]
    assert "already belongs to 'Refund a card payment in Stripe' (revision 1" in problem["detail"]
    latest = client.get("/api/v1/documents/WI-PAY-003")
    assert latest.headers["etag"] == '"WI-PAY-003@1"'
    assert latest.json()["document"]["title"] == "Refund a card payment in Stripe"


def test_invalid_content_is_422_naming_the_field(stocked: Site) -> None:
    client = stocked.client("arthur")
    document, tag = _edited(client, "WI-PAY-003", "Card refund")
    document["steps"][1] = {"actoin": "Click Refund"}
    response = client.unsafe(
        "PUT",
        "/api/v1/documents/WI-PAY-003",
        json={"summary": "typo", "document": document},
        headers={"If-Match": tag},
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["field"] == "document.steps[1].action"
    assert "unknown field `actoin`; did you mean `action`?" in problem["detail"]
    moved, _ = _edited(client, "WI-PAY-003", "Card refund")
    moved["code"] = "WI-PAY-005"
    mismatch = client.unsafe(
        "PUT",
        "/api/v1/documents/WI-PAY-003",
        json={"summary": "x", "document": moved},
        headers={"If-Match": tag},
    )
    assert (mismatch.status_code, mismatch.json()["field"]) == (422, "document.code")
    garbled = client.unsafe(
        "PUT",
        "/api/v1/documents/WI-PAY-003",
        json={"summary": "x", "document": document},
        headers={"If-Match": "yesterday's"},
    )
    assert garbled.json()["field"] == "If-Match"
    assert client.get("/api/v1/documents/WI-PAY-003").headers["etag"] == '"WI-PAY-003@1"'


def test_a_reader_may_read_and_search_but_not_save_or_see_history(stocked: Site) -> None:
    client = stocked.client("rita")
    document, tag = _edited(client, "WI-PAY-003", "Mine now")
    refused = client.unsafe(
        "PUT",
        "/api/v1/documents/WI-PAY-003",
        json={"summary": "x", "document": document},
        headers={"If-Match": tag},
    )
    assert refused.status_code == 403
    for path in ("history", "lint", "diff?from=1&to=1"):
        assert client.get(f"/api/v1/documents/WI-PAY-003/{path}").status_code == 403
    assert client.get("/api/v1/documents/WI-PAY-003/where-used").status_code == 200
    anonymous = stocked.client()
    assert anonymous.get("/api/v1/documents").status_code == 401
    assert anonymous.get("/api/v1/search?q=refund").status_code == 401


def test_a_token_script_saves_without_csrf_but_a_cookie_without_the_header_cannot(
    stocked: Site,
) -> None:
    client = stocked.client("arthur")
    token = client.unsafe("POST", "/api/v1/tokens", json={"name": "sync"}).json()["token"]
    document, tag = _edited(client, "WI-PAY-003", "Scripted title")
    forged = client.put(
        "/api/v1/documents/WI-PAY-003",
        json={"summary": "x", "document": document},
        headers={"If-Match": tag},
    )
    assert forged.status_code == 403
    scripted = stocked.client().put(
        "/api/v1/documents/WI-PAY-003",
        json={"summary": "by script", "document": document},
        headers={"If-Match": tag, "Authorization": f"Bearer {token}"},
    )
    assert scripted.status_code == 200


def test_history_diff_where_used_and_lint(stocked: Site) -> None:
    client = stocked.client("vera")
    author = stocked.client("arthur")
    document, tag = _edited(author, "SOP-FIN-003", "Customer refund requests")
    author.unsafe(
        "PUT",
        "/api/v1/documents/SOP-FIN-003",
        json={"summary": "Retitled", "document": document},
        headers={"If-Match": tag},
    )
    history = client.get("/api/v1/documents/SOP-FIN-003/history").json()
    assert [r["etag"] for r in history["revisions"]] == ['"SOP-FIN-003@1"', '"SOP-FIN-003@2"']
    diff = client.get("/api/v1/documents/SOP-FIN-003/diff", params={"from": 1, "to": 2}).json()
    assert (diff["old"], diff["new"]) == ("SOP-FIN-003@1", "SOP-FIN-003@2")
    assert diff["changes"][0]["element"] == "title"
    assert any(w["kind"] == "added" for w in diff["changes"][0]["words"])
    used = client.get("/api/v1/documents/WI-PAY-003/where-used", params={"all": True}).json()
    assert [d["code"] for d in used["dependants"]] == ["SOP-FIN-003", "POL-FIN-001", "WF-FIN-001"]
    linted = client.get("/api/v1/documents/SOP-FIN-003/lint").json()
    assert (linted["revision"], linted["errors"]) == (2, 0)


def test_search_returns_snippets_as_fragments_not_html(stocked: Site) -> None:
    found = stocked.client("rita").get("/api/v1/search", params={"q": "refund", "limit": 3})
    assert found.status_code == 200
    hits = found.json()["hits"]
    assert hits[0]["code"] == "SOP-FIN-003"
    assert len(hits) == 3
    fragments = hits[0]["snippet"]
    assert any(f["highlighted"] and f["text"].lower() == "refund" for f in fragments)
    assert all("<" not in f["text"] for f in fragments)
    narrowed = stocked.client("rita").get("/api/v1/search", params={"q": "refund", "kind": "wi"})
    assert {hit["code"] for hit in narrowed.json()["hits"]} == {"WI-PAY-003", "WI-PAY-004"}
    empty = stocked.client("rita").get("/api/v1/search", params={"q": "  "})
    assert (empty.status_code, empty.json()["field"]) == (422, "q")


def test_the_openapi_document_describes_the_documents_with_the_model_s_schemas(
    site: Site,
) -> None:
    schema = site.client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    for path in (
        "/api/v1/documents",
        "/api/v1/documents/{code}",
        "/api/v1/documents/{code}/revisions/{number}",
        "/api/v1/documents/{code}/history",
        "/api/v1/documents/{code}/diff",
        "/api/v1/documents/{code}/where-used",
        "/api/v1/documents/{code}/lint",
        "/api/v1/search",
    ):
        assert path in paths
    components = schema["components"]["schemas"]
    assert {"Sop", "WorkInstruction", "Policy", "Workflow", "Step", "Decision"} <= set(components)
    document = components["RevisionDocument"]["properties"]["document"]
    assert {"$ref": "#/components/schemas/Sop"} in document["anyOf"]
    saved = paths["/api/v1/documents/{code}"]["put"]
    assert {"412", "428", "201"} <= set(saved["responses"])


def test_a_wrong_method_names_every_method_the_address_serves(site: Site) -> None:
    response = site.client().request("DELETE", "/api/v1/documents/SOP-FIN-003")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PUT"
    assert response.headers["content-type"] == "application/problem+json"
