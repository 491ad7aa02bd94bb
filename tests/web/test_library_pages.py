"""The library and document pages in a real browser on a real server (SQLite and
PostgreSQL): search, open the refund SOP, follow its diagram to the work instruction and
the breadcrumb back; and hostile text in every field shown as text, never run."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from tests.web.conftest import PASSWORD, Site, signed_in

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)")

HOSTILE_SOP = """\
sopflow: 1
kind: sop
code: SOP-FIN-066
title: "<script>alert(1)</script> refund <img src=x onerror=alert(1)> javascript:alert(1)"
department: "<img src=x onerror=alert(1)>"
owner: "javascript:alert(1)"
tags: ["<img src=x onerror=alert(1)>", "javascript:alert(1)", "<script>alert(1)</script>"]
summary: "javascript:alert(1) <script>alert(1)</script> refund"
roles:
  - id: agent
    name: "<img src=x onerror=alert(1)> agent"
  - id: lead
    name: "<script>alert(1)</script> lead"
flow:
  start: one
  nodes:
    - id: one
      type: step
      role: agent
      instruction: >-
        <script>alert(1)</script> refund javascript:alert(1) <img src=x onerror=alert(1)>
      detail:
        novice: "<img src=x onerror=alert(1)> refund javascript:alert(1)"
      warnings: ["<script>alert(1)</script>"]
      reference: WI-PAY-003
      next: ask
    - id: ask
      type: decision
      role: lead
      question: "<img src=x onerror=alert(1)> ok?"
      options:
        - label: "<script>alert(1)</script>"
          next: done
        - label: "javascript:alert(1)"
          next: done
    - id: done
      type: outcome
      name: "javascript:alert(1)"
"""
"""An SOP whose title, step instruction, role names, tags, detail and more hold the three
payloads of an XSS attack: a script element, an event attribute and a javascript: address."""


@pytest.fixture
def page(browser: Any, stocked: Site) -> Iterator[Any]:
    """A browser tab signed in as rita (a reader), failing the test on any console error
    (a blocked inline script or style shows up there) or dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []

    def refuse(dialog: Any) -> None:
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def failed(response: Any) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.append(f"{response.status} {response.url}")

    tab.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text
            else None
        ),
    )
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("dialog", refuse)
    tab.on("response", failed)
    tab.goto(f"{stocked.url}/login")
    tab.fill("input[name=name]", "rita")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{stocked.url}/library")
    yield tab
    context.close()
    assert problems == []


def test_search_the_sop_follow_its_diagram_to_the_wi_and_the_breadcrumb_back(
    page: Any, stocked: Site
) -> None:
    page.fill("input[name=q]", "refund")
    page.press("input[name=q]", "Enter")
    first = page.locator(".hit").first
    first.locator("mark").first.wait_for()
    assert "SOP-FIN-003" in first.inner_text()
    assert page.url.endswith("/library?q=refund&kind=&department=&state=&view=list")
    first.locator("a", has_text="SOP-FIN-003").click()
    page.wait_for_url(f"{stocked.url}/documents/SOP-FIN-003")
    assert page.locator("h1").inner_text() == "SOP-FIN-003 Customer refund"
    node = page.locator('.diagram svg a[href^="/documents/WI-PAY-003"]')
    assert node.get_attribute("href") == "/documents/WI-PAY-003?from=SOP-FIN-003"
    node.click()
    page.wait_for_url(f"{stocked.url}/documents/WI-PAY-003?from=SOP-FIN-003")
    assert page.locator("h1").inner_text().startswith("WI-PAY-003 ")
    crumbs = page.locator("nav.crumbs")
    assert crumbs.locator("li").all_inner_texts() == [
        "Library",
        "SOP-FIN-003 Customer refund",
        "WI-PAY-003",
    ]
    crumbs.locator("a", has_text="SOP-FIN-003").click()
    page.wait_for_url(f"{stocked.url}/documents/SOP-FIN-003")
    assert page.locator("h1").inner_text() == "SOP-FIN-003 Customer refund"


def test_filters_work_without_script_and_the_hierarchy_goes_both_ways(
    browser: Any, stocked: Site
) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{stocked.url}/login")
    tab.fill("input[name=name]", "arthur")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.select_option("select[name=kind]", "wi")
    tab.click("button[type=submit]:has-text('Search')")
    codes = tab.locator("table.documents td.code").all_inner_texts()
    assert codes == ["WI-IT-001", "WI-PAY-003", "WI-PAY-004"]
    tab.goto(f"{stocked.url}/library?view=tree")
    tab.locator(".tree a", has_text="WI-PAY-004").first.click()
    used_by = tab.locator("#related .relations a").all_inner_texts()
    assert any("SOP-FIN-003" in text for text in used_by)
    tab.locator("#related a", has_text="SOP-FIN-003").click()
    below = tab.locator("#related .relations a").all_inner_texts()
    assert any("WI-PAY-004" in text for text in below)
    assert any("POL-FIN-001" in text for text in below)
    assert tab.locator("nav.crumbs li").all_inner_texts()[-2].startswith("WI-PAY-004")
    context.close()


def test_the_expert_level_hides_the_novice_detail_and_is_remembered(
    page: Any, stocked: Site
) -> None:
    page.goto(f"{stocked.url}/documents/SOP-FIN-003")
    assert page.get_by_text("ticket form").count() == 1
    page.click(".levels a:has-text('Expert')")
    page.wait_for_url("**audience=expert")
    assert page.get_by_text("ticket form").count() == 0
    page.goto(f"{stocked.url}/documents/SOP-FIN-003")
    assert page.locator(".levels a[aria-current='true']").inner_text() == "Expert"


def test_downloads_link_every_format_and_run_it_links_the_runner(page: Any, stocked: Site) -> None:
    page.goto(f"{stocked.url}/documents/SOP-FIN-003")
    hrefs = page.locator(".downloads a").evaluate_all("links => links.map(a => a.href)")
    names = [href.split("format=")[1].split("&")[0] for href in hrefs]
    assert {"json", "yaml", "md", "html", "pdf", "docx", "svg", "mermaid", "bpmn"} <= set(names)
    assert all("/api/v1/documents/SOP-FIN-003/revisions/1?" in href for href in hrefs)
    assert page.locator("a:has-text('Run it')").get_attribute("href") == (
        "/runs/new?code=SOP-FIN-003"
    )


SCAN = """() => {
  const all = Array.from(document.querySelectorAll('*'));
  const handlers = all.filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on')));
  const addresses = all.filter(e => Array.from(e.attributes).some(
    a => ['href', 'src', 'action', 'xlink:href', 'formaction'].includes(a.name)
      && a.value.trim().toLowerCase().startsWith('javascript:')));
  const scripts = Array.from(document.scripts).filter(s => !s.src.includes('/static/'));
  return {handlers: handlers.length, addresses: addresses.length, scripts: scripts.length,
          images: document.querySelectorAll('img[src="x"]').length,
          text: document.body.innerText};
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/library",
        "/library?q=refund",
        "/library?q=alert",
        "/library?view=tree",
        "/documents/SOP-FIN-066",
        "/documents/WI-PAY-003",
    ],
)
def test_hostile_text_in_every_field_is_shown_as_text_and_never_runs(
    page: Any, stocked: Site, tmp_path: Path, path: str
) -> None:
    (tmp_path / "SOP-FIN-066.yaml").write_text(HOSTILE_SOP, encoding="utf-8")
    stocked.load(tmp_path)
    page.goto(f"{stocked.url}{path}")
    found = page.evaluate(SCAN)
    assert (found["handlers"], found["addresses"], found["scripts"], found["images"]) == (
        0,
        0,
        0,
        0,
    )
    if path != "/documents/WI-PAY-003":
        assert any(payload in found["text"] for payload in HOSTILE)
    html = stocked.client("rita").get(path).text
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()


def test_the_hostile_document_page_shows_each_payload_where_it_was_written(
    page: Any, stocked: Site, tmp_path: Path
) -> None:
    (tmp_path / "SOP-FIN-066.yaml").write_text(HOSTILE_SOP, encoding="utf-8")
    stocked.load(tmp_path)
    page.goto(f"{stocked.url}/documents/SOP-FIN-066")
    heading = page.locator("h1").inner_text()
    assert all(payload in heading for payload in HOSTILE)
    roles = page.locator(".doc-body .role").all_inner_texts()
    assert "<img src=x onerror=alert(1)> agent:" in roles
    assert page.locator(".doc-body .detail", has_text="<img src=x onerror=alert(1)> refund").count()
    page.locator(".diagram svg text").first.wait_for()  # the diagram is drawn after load
    labels = page.locator(".diagram svg text").all_text_contents()
    assert any("<script>alert(1)</script>" in label for label in labels)
    page.goto(f"{stocked.url}/library?q=refund&kind=sop")
    snippets = page.locator(".hit .snippet").all_inner_texts()
    assert any("javascript:alert(1)" in text for text in snippets)
    assert page.locator(".hit .snippet mark").count() >= 1


def test_a_printed_document_page_says_uncontrolled_when_printed_on_every_page(
    page: Any, stocked: Site
) -> None:
    page.goto(f"{stocked.url}/documents/SOP-FIN-003")
    state = page.locator(".doc-head .badge").nth(1).inner_text()
    assert not page.locator("footer.print-marks").is_visible()  # only on paper
    printed = page.pdf(format="A4")
    today = datetime.now(UTC).date().isoformat()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(printed)).pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert f"Uncontrolled when printed; printed {today}" in text, number
        marked = "UNCONTROLLED COPY: not an" in text  # Chromium prints "effective" with a ligature
        assert marked == (state != "effective"), (number, state)


def test_a_captured_draft_shows_where_each_step_was_said_and_what_to_check(
    browser: Any, site: Site
) -> None:
    site.load(Path(__file__).resolve().parents[1] / "fixtures" / "captured")
    context, page, _ = signed_in(browser, site, "arthur")
    try:
        page.goto(f"{site.url}/documents/SOP-GEN-001")
        origin, check = page.locator(".doc-body .origin").first, page.locator(".doc-body .review")
        assert origin.inner_text().startswith("Recorded at 0:02–0:04 in refund-call-teams.vtt")
        assert check.first.inner_text() == "Check: low confidence (50%)."
        style = "(e, p) => getComputedStyle(e).getPropertyValue(p)"
        text_size = page.locator(".doc-body ol.steps > li").first.evaluate(style, "font-size")
        assert float(origin.evaluate(style, "font-size")[:-2]) < float(text_size[:-2])
        assert check.first.evaluate(style, "border-left-style") == "solid"  # marked, not plain
        assert check.first.evaluate(style, "font-weight") == "600"
    finally:
        context.close()
