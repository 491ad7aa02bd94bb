"""A folder rendered to HTML is browsable as it is: every diagram box that refers to another
document links to that document's file beside it, each page links back to the pages that
use it, and a reader can follow them in a browser."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html

from sopflow.formats.render.swimlane import graphviz_available

from .conftest import Run  # noqa: TID252

needs_dot = pytest.mark.skipif(
    not graphviz_available(), reason="Graphviz's dot is not installed (scripts/system-packages.sh)"
)


def _hrefs(page: Path) -> list[str]:
    """Every link address of a page, in its text and in its inline diagram."""
    tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    return [str(href) for href in tree.xpath("//*[local-name()='a']/@href")]


def _diagram_hrefs(page: Path) -> list[str]:
    tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    return [str(h) for h in tree.xpath("//*[local-name()='svg']//*[local-name()='a']/@href")]


@pytest.fixture
def exported(sopflow: Run, examples: Path, tmp_path: Path) -> Path:
    """The example library rendered to HTML files in one folder."""
    result = sopflow("render", examples, "--to", "html", "-o", tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert "not in the folder" not in result.stderr
    return tmp_path / "html"


@needs_dot
def test_every_link_of_the_folder_export_is_relative_and_leads_to_a_file(exported: Path) -> None:
    pages = sorted(exported.glob("*.html"))
    assert len(pages) == 8
    for page in pages:
        for href in _hrefs(page):
            parts = urlsplit(href)
            assert (parts.scheme, parts.netloc) == ("", ""), href
            assert not href.startswith("/"), href
            assert (exported / unquote(parts.path)).is_file(), (page.name, href)
    assert _diagram_hrefs(exported / "SOP-FIN-003.html") == ["WI-PAY-003.html", "WI-PAY-004.html"]
    assert set(_diagram_hrefs(exported / "WF-FIN-001.html")) == {"SOP-FIN-003.html"}
    assert _diagram_hrefs(exported / "SOP-HR-001.html") == ["WI-IT-001.html"]


@needs_dot
def test_each_exported_page_links_back_to_the_pages_that_use_it(exported: Path) -> None:
    def used_by(code: str) -> list[str]:
        tree = lxml_html.fromstring((exported / f"{code}.html").read_text(encoding="utf-8"))
        return [str(h) for h in tree.xpath("//nav[@class='used-by']//a/@href")]

    assert used_by("WI-PAY-003") == ["SOP-FIN-003.html"]
    assert used_by("WI-IT-001") == ["SOP-HR-001.html"]
    assert set(used_by("SOP-FIN-003")) == {"POL-FIN-001.html", "WF-FIN-001.html"}
    assert used_by("SOP-LOG-001") == []


def test_a_reference_to_a_document_left_out_of_the_folder_is_named(
    sopflow: Run, examples: Path, tmp_path: Path
) -> None:
    part = tmp_path / "part"
    part.mkdir()
    for name in ("SOP-FIN-003-customer-refund.yaml", "WI-PAY-003-stripe-card-refund.yaml"):
        shutil.copy(examples / "refunds" / name, part / name)
    result = sopflow("render", part, "--to", "html", "-o", tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert (
        "SOP-FIN-003: refers to WI-PAY-004, which is not in the folder rendered; "
        "its link leads to no file"
    ) in result.stderr
    assert "refers to WI-PAY-003" not in result.stderr


@needs_dot
def test_a_reader_drills_down_from_a_diagram_box_and_comes_back(
    exported: Path, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.goto((exported / "SOP-FIN-003.html").as_uri())
    tab.locator('.diagram svg a[href="WI-PAY-003.html"]').click()
    tab.wait_for_url("**/WI-PAY-003.html")
    assert tab.locator("h1").inner_text().startswith("WI-PAY-003 ")
    tab.locator("nav.used-by a", has_text="SOP-FIN-003").click()
    tab.wait_for_url("**/SOP-FIN-003.html")
    tab.locator("nav.used-by a", has_text="WF-FIN-001").click()
    tab.wait_for_url("**/WF-FIN-001.html")
    tab.locator('.diagram svg a[href="SOP-FIN-003.html"]').first.click()
    tab.wait_for_url("**/SOP-FIN-003.html")
    assert tab.locator("h1").inner_text() == "SOP-FIN-003 Customer refund"
    context.close()
    assert problems == []


@needs_dot
def test_the_library_exports_as_linked_html_pages(
    sopflow: Run, examples: Path, tmp_path: Path
) -> None:
    assert sopflow("import", examples).returncode == 0
    result = sopflow("export", tmp_path / "site", "--to", "html")
    assert result.returncode == 0, result.stderr
    assert "8 written" in result.stderr
    site = tmp_path / "site"
    for page in site.glob("*.html"):
        for href in _hrefs(page):
            assert (site / unquote(urlsplit(href).path)).is_file(), (page.name, href)
    assert _diagram_hrefs(site / "SOP-FIN-003.html") == ["WI-PAY-003.html", "WI-PAY-004.html"]
    tree = lxml_html.fromstring((site / "WI-PAY-003.html").read_text(encoding="utf-8"))
    back = tree.xpath("//nav[@class='used-by']//a")
    assert [(a.get("href"), a.text_content()) for a in back] == [
        ("SOP-FIN-003.html", "SOP-FIN-003 Customer refund")
    ]
    assert "<th>Revision</th><td>1</td>" in (site / "WI-PAY-003.html").read_text(encoding="utf-8")


def test_a_library_export_to_an_unknown_format_says_which_there_are(
    sopflow: Run, tmp_path: Path
) -> None:
    result = sopflow("export", tmp_path / "site", "--to", "odt")
    assert result.returncode == 1
    assert "unknown format 'odt'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
