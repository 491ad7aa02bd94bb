"""The capture pages in a real browser: upload the bundled walkthrough video, watch it being
drafted, play a step's moment, edit it, save the draft; review a transcript by keyboard at
phone width, with script in it shown as text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tests.web.conftest import PASSWORD, Site

from sopflow.library.documents import get_revision
from sopflow.library.store import open_library
from sopflow.model import Sop

REPO = Path(__file__).resolve().parents[2]
VIDEO = REPO / "examples" / "walkthroughs" / "refund-walkthrough.mp4"


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts the test opens, closed after it."""
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def signed_in(
    contexts: list[BrowserContext], browser: Browser, site: Site, name: str, width: int = 1280
) -> tuple[Page, list[Any]]:
    """A page signed in as name, and the list its script errors and dialogs go to."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    contexts.append(context)
    page = context.new_page()
    trouble: list[Any] = []

    def dialog(opened: Any) -> None:
        trouble.append(opened.message)
        opened.dismiss()

    def error(raised: Any) -> None:  # Playwright needs a function of ours, not list.append
        trouble.append(raised)

    page.on("pageerror", error)
    page.on("dialog", dialog)
    page.goto(f"{site.url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page, trouble


def player_time(page: Page) -> float:
    return float(page.evaluate("document.getElementById('player').currentTime"))


def test_upload_the_walkthrough_video_play_a_step_edit_it_and_save(
    site: Site, browser: Browser, contexts: list[BrowserContext]
) -> None:
    page, trouble = signed_in(contexts, browser, site, "arthur")
    page.goto(f"{site.url}/capture")
    page.set_input_files("#files", str(VIDEO))
    expect(page.locator("#chosen")).to_contain_text("refund-walkthrough.mp4")
    page.click("#upload-button")
    expect(page.locator('#stages [data-stage="transcribe"]')).to_be_visible(timeout=30_000)
    expect(page.locator('#stages [data-stage="screenshots"]')).to_be_visible()
    page.wait_for_url(re.compile(r"/captures/[0-9a-f]{32}/review$"), timeout=180_000)

    step = page.locator(".element.step[data-time-start]").nth(1)
    start = float(step.get_attribute("data-time-start") or "nan")
    end = float(step.get_attribute("data-time-end") or "nan")
    step.locator(".element-select").click()
    page.wait_for_function("() => document.getElementById('player').currentTime > 0")
    assert start - 0.05 <= player_time(page) <= end + 0.35
    page.wait_for_timeout(300)
    assert start - 0.05 <= player_time(page) <= end + 0.35  # it stops at the step's end
    expect(step).to_have_class(re.compile(r"\bis-current\b"))
    expect(page.locator("#transcript .piece.is-span").first).to_be_visible()
    expect(page.locator("#shot-image")).to_have_attribute(
        "src", re.compile(r"/screenshots/\d+\.png$")
    )

    key = step.get_attribute("data-key")
    step.locator('[data-action="edit"]').click()
    page.fill(".element-edit textarea", "Look the order up in the admin console.")
    page.click('.element-edit button[type="submit"]')
    edited = page.locator(f'.element[data-key="{key}"] .element-text')
    expect(edited).to_have_text("Look the order up in the admin console.")
    expect(page.locator(".draft-status").first).to_contain_text("changed")

    page.locator(".save-form button").first.click()
    link = page.locator(".saved-list a").first
    expect(link).to_have_attribute("href", re.compile(r"^/documents/SOP-GEN-\d{3}$"))
    code = link.inner_text()
    edit = page.get_by_role("link", name="Edit as flow")  # the saved SOP, in the flow builder
    expect(edit).to_have_attribute("href", f"/documents/{code}/builder")
    with (
        open_library(site.settings.library_url, create=False) as library,
        library.reading() as connection,
    ):
        stored = get_revision(connection, code=code)
    assert stored.info.state.value == "draft"
    assert isinstance(stored.document, Sop)
    instructions = [s.instruction for s in stored.document.flow.steps()]
    assert "Look the order up in the admin console." in instructions
    assert trouble == []


XSS = (
    "The agent types <script>alert('x')</script> into the ticket.\n\n"
    "Then the agent clicks <img src=x onerror=alert(1)> on the refund page.\n\n"
    "The agent checks the order. The billing team issues the refund.\n"
)


def test_a_transcript_review_by_keyboard_at_phone_width(
    site: Site, browser: Browser, contexts: list[BrowserContext], tmp_path: Path
) -> None:
    transcript = tmp_path / "call notes.txt"
    transcript.write_text(XSS)
    page, trouble = signed_in(contexts, browser, site, "arthur", width=390)
    page.goto(f"{site.url}/capture")
    page.set_input_files("#files", str(transcript))
    page.focus("#upload-button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/review$"), timeout=120_000)

    expect(page.locator("#player")).to_have_count(0)
    expect(page.locator(".review-source .notice")).to_contain_text("No recording")
    expect(page.locator("#transcript")).to_contain_text("<script>alert('x')</script>")
    expect(page.locator("#transcript")).to_contain_text("<img src=x onerror=alert(1)>")
    first = page.locator(".element-select").first
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".element").first).to_have_class(re.compile(r"\bis-current\b"))
    expect(page.locator("#transcript .piece.is-span").first).to_be_visible()
    page.keyboard.press("Tab")  # on to the chosen element's own actions
    focused = page.evaluate("document.activeElement.dataset.action || ''")
    assert focused in ("edit", "accept")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the page is {wide} px wide at 390"
    assert trouble == []
