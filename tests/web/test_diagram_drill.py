"""Drill-down on every diagram of the web app, in a real browser on a real server: a
workflow stage opens its SOP, the SOP's box opens the work instruction it refers to, the
breadcrumb leads back the way the reader came, and the diagram page's boxes do the same;
all of it under the app's Content-Security-Policy (any blocked script or style fails)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.conftest import PASSWORD, Site

from sopflow.formats.render.swimlane import graphviz_available

pytestmark = pytest.mark.skipif(
    not graphviz_available(), reason="Graphviz's dot is not installed (scripts/system-packages.sh)"
)


@pytest.fixture
def tab(browser: Any, stocked: Site) -> Iterator[Any]:
    """A tab signed in as rita (a reader); a console error (a blocked inline script or
    style shows there), a failed request (but the favicon) or a dialog fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text
            else None
        ),
    )
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    opened.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    opened.goto(f"{stocked.url}/login")
    opened.fill("input[name=name]", "rita")
    opened.fill("input[name=password]", PASSWORD)
    opened.click("button[type=submit]")
    opened.wait_for_url(f"{stocked.url}/library")
    yield opened
    context.close()
    assert problems == []


def _crumbs(tab: Any) -> list[str]:
    texts: list[str] = tab.locator("nav.crumbs li").all_inner_texts()
    return texts


def test_a_workflow_stage_opens_its_sop_whose_box_opens_the_wi_and_the_crumbs_lead_back(
    tab: Any, stocked: Site
) -> None:
    tab.goto(f"{stocked.url}/documents/WF-FIN-001")
    stage = tab.locator('.diagram svg a[href^="/documents/SOP-FIN-003"]').first
    assert stage.get_attribute("href") == "/documents/SOP-FIN-003?from=WF-FIN-001"
    assert stage.get_attribute("aria-label") == "Open SOP-FIN-003"
    stage.click()
    tab.wait_for_url(f"{stocked.url}/documents/SOP-FIN-003?from=WF-FIN-001")
    assert _crumbs(tab) == ["Library", "WF-FIN-001 Customer refund workflow", "SOP-FIN-003"]
    box = tab.locator('.diagram svg a[href^="/documents/WI-PAY-003"]')
    assert box.get_attribute("href") == "/documents/WI-PAY-003?from=WF-FIN-001,SOP-FIN-003"
    box.click()
    tab.wait_for_url(f"{stocked.url}/documents/WI-PAY-003?from=WF-FIN-001,SOP-FIN-003")
    assert tab.locator("h1").inner_text().startswith("WI-PAY-003 ")
    assert _crumbs(tab) == [
        "Library",
        "WF-FIN-001 Customer refund workflow",
        "SOP-FIN-003 Customer refund",
        "WI-PAY-003",
    ]
    tab.locator("nav.crumbs a", has_text="SOP-FIN-003").click()
    tab.wait_for_url(f"{stocked.url}/documents/SOP-FIN-003?from=WF-FIN-001")
    assert tab.locator("h1").inner_text() == "SOP-FIN-003 Customer refund"
    tab.locator("nav.crumbs a", has_text="WF-FIN-001").click()
    tab.wait_for_url(f"{stocked.url}/documents/WF-FIN-001")
    assert tab.locator("h1").inner_text() == "WF-FIN-001 Customer refund workflow"


def test_the_diagram_page_boxes_open_their_documents_with_a_crumb_back(
    tab: Any, stocked: Site
) -> None:
    tab.goto(f"{stocked.url}/documents/SOP-FIN-003/diagram")
    assert _crumbs(tab) == ["Library", "SOP-FIN-003 Customer refund", "Swimlane diagram"]
    tab.locator('.diagram svg a[href^="/documents/WI-PAY-004"]').click()
    tab.wait_for_url(f"{stocked.url}/documents/WI-PAY-004?from=SOP-FIN-003")
    assert _crumbs(tab) == ["Library", "SOP-FIN-003 Customer refund", "WI-PAY-004"]
    tab.go_back()
    tab.wait_for_url(f"{stocked.url}/documents/SOP-FIN-003/diagram")
    tab.locator("nav.crumbs a", has_text="SOP-FIN-003").click()
    tab.wait_for_url(f"{stocked.url}/documents/SOP-FIN-003")
    assert tab.locator("h1").inner_text() == "SOP-FIN-003 Customer refund"


def test_a_diagram_box_is_reached_and_followed_with_the_keyboard(tab: Any, stocked: Site) -> None:
    tab.goto(f"{stocked.url}/documents/SOP-FIN-003")
    box = tab.locator('.diagram svg a[href^="/documents/WI-PAY-003"]')
    box.focus()
    assert tab.evaluate("document.activeElement.getAttribute('aria-label')") == "Open WI-PAY-003"
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{stocked.url}/documents/WI-PAY-003?from=SOP-FIN-003")
