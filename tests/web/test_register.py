"""The register page and API on a real server (SQLite and PostgreSQL), and the page as a
reader and an author see it in a real browser."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from sqlalchemy import update
from tests.web.conftest import PASSWORD, Site

from sopflow.library.store import open_library
from sopflow.library.tables import documents
from sopflow.services import documents as documents_service
from sopflow.services import register as service
from sopflow.services import revisions
from sopflow.services.access import Actor
from sopflow.services.register import ExternalDocument

SOP = "SOP-FIN-003"


def _withdraw(site: Site, code: str) -> None:
    """Mark code obsolete in SQL, as the lifecycle will."""
    with open_library(site.settings.library_url, create=False) as library:
        with library.transaction() as connection:
            connection.execute(
                update(documents).where(documents.c.code == code).values(state="obsolete")
            )
        service.add_external(
            library=library,
            actor=Actor.local(),
            document=ExternalDocument(
                "EXT-ISO-9001", "ISO", "ISO 9001", "2015", "<b>Quality</b> management"
            ),
        )


def test_the_api_gives_authors_every_document_and_readers_what_is_in_force(
    stocked: Site,
) -> None:
    _withdraw(stocked, "WI-PAY-004")
    author = stocked.client("arthur").get("/api/v1/register", params={"kind": "wi"})
    assert author.status_code == 200
    body = author.json()
    assert [row["code"] for row in body["documents"]] == ["WI-IT-001", "WI-PAY-003", "WI-PAY-004"]
    assert body["documents"][0]["in_force"] == "none in force"
    assert body["documents"][0]["effective_date"] is None
    assert body["documents"][2]["obsolete"] is True
    assert body["external"][0]["code"] == "EXT-ISO-9001"
    reader = stocked.client("rita").get("/api/v1/register").json()
    assert [row["code"] for row in reader["documents"]] == ["WI-PAY-004"]  # only the withdrawn
    bad = stocked.client("arthur").get("/api/v1/register", params={"state": "live"})
    assert bad.status_code == 422
    assert "state: 'live' is not a revision state" in bad.json()["detail"]


def test_downloads_are_files_of_the_filtered_register(stocked: Site) -> None:
    client = stocked.client("arthur")
    got = client.get("/register/download", params={"format": "csv", "text": "refund"})
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert got.headers["content-disposition"].startswith('attachment; filename="document-reg')
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert "SOP-FIN-003" in [row["code"] for row in rows]
    assert "WI-IT-001" not in [row["code"] for row in rows]
    assert client.get("/register/download?format=pdf").content.startswith(b"%PDF")
    assert client.get("/register/download?format=xlsx").content[:2] == b"PK"
    assert client.get("/register/download?format=doc").status_code == 422


def _signed_in_tab(browser: Any, site: Site, name: str) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.goto(f"{site.url}/login")
    tab.fill("input[name=name]", name)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{site.url}/library")
    return tab


def test_the_register_page_filters_marks_the_obsolete_and_escapes(
    browser: Any, stocked: Site, tmp_path: Path
) -> None:
    _withdraw(stocked, "WI-PAY-004")
    tab = _signed_in_tab(browser, stocked, "arthur")
    tab.click("nav >> text=Register")
    tab.wait_for_url(f"{stocked.url}/register")
    assert tab.locator("h1").inner_text() == "Document register"
    tab.screenshot(path=str(tmp_path / "register.png"), full_page=True)
    tab.select_option("select[name=kind]", "wi")
    tab.click(".finder button[type=submit]")
    tab.wait_for_url("**/register?*kind=wi*")
    rows = tab.locator("table.register-table").first.locator("tbody tr")
    assert rows.count() == 3
    withdrawn = tab.locator("tr.obsolete")
    assert "WI-PAY-004" in withdrawn.inner_text()
    assert "obsolete (withdrawn)" in withdrawn.inner_text()
    assert "none in force" in rows.first.inner_text()
    assert tab.locator("text=<b>Quality</b> management").count() == 1  # shown as text
    links = tab.locator(".downloads a")
    assert links.all_inner_texts() == ["CSV", "XLSX", "PDF"]
    assert "kind=wi" in (links.first.get_attribute("href") or "")
    tab.context.close()
    reader = _signed_in_tab(browser, stocked, "rita")
    reader.goto(f"{stocked.url}/register")
    body = reader.locator("table.register-table").first.inner_text()
    assert "WI-PAY-004" in body
    assert "SOP-FIN-003" not in body  # a draft: not in force, not listed for readers
    reader.context.close()


def test_an_author_registers_an_external_document_and_sees_who_refers_to_it(
    browser: Any, stocked: Site, tmp_path: Path
) -> None:
    with open_library(stocked.settings.library_url, create=False) as library:
        latest = documents_service.get_revision(library=library, actor=Actor.local(), code=SOP)
        revisions.save_revision(
            library=library,
            actor=Actor.local(),
            document=latest.document.model_copy(update={"external": ("EXT-ACME-SPEC-7",)}),
            base=latest.info.number,
            summary="Follows the customer's specification",
        )
    tab = _signed_in_tab(browser, stocked, "arthur")
    tab.goto(f"{stocked.url}/register")
    tab.click("text=Register an external document")
    tab.fill(".external-form input[name=code]", "EXT-ACME-SPEC-7")
    tab.fill(".external-form input[name=issuer]", "Acme Retail")
    tab.fill(".external-form input[name=reference]", "Returns specification 7")
    tab.fill(".external-form input[name=revision]", "C")
    tab.fill(".external-form input[name=issued]", "2025-11-03")
    tab.click(".external-form button[type=submit]")
    tab.wait_for_url(f"{stocked.url}/register#external")
    row = tab.locator("table.register-table").nth(1).locator("tr", has_text="EXT-ACME-SPEC-7")
    assert "Acme Retail" in row.inner_text()
    assert "2025-11-03" in row.inner_text()
    assert row.locator(f"a[href='/documents/{SOP}']").inner_text() == SOP  # referenced by
    tab.screenshot(path=str(tmp_path / "register-external.png"), full_page=True)
    tab.context.close()
    reader = _signed_in_tab(browser, stocked, "rita")
    reader.goto(f"{stocked.url}/register")
    assert reader.locator(".external-form").count() == 0  # readers register nothing
    reader.context.close()


def test_a_bad_external_document_form_names_the_field(stocked: Site) -> None:
    client = stocked.client("arthur")
    sent = {"code": "ISO 9001", "issuer": "ISO", "reference": "9001", "revision": "1"}
    response = client.post(
        "/register/external", data={**sent, "csrf_token": client.csrf}, follow_redirects=False
    )
    assert response.status_code == 422
    assert "code" in response.text
    assert "not an external document code" in response.text
