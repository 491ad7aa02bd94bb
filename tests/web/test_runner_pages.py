"""The runner's pages in a real browser (Chromium) on a real server, with the examples
imported: a reader runs the refund SOP to an outcome and an author sees it in the stats;
back, pause and resume from "My runs", the checklist; user text shown escaped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import EXAMPLES, Site
from tests.web.conftest import signed_in as sign_in

PAYLOAD_SOP = """\
sopflow: 1
kind: sop
code: SOP-SEC-001
title: "Payload <script>alert('title')</script>"
trigger: A test of escaping.
roles:
  - id: agent
    name: "Agent <img src=x onerror=alert('role')>"
    kind: person
flow:
  start: first
  nodes:
    - id: first
      type: step
      role: agent
      instruction: "Open <script>alert('instruction')</script> the ticket"
      warnings:
        - "Careful <img src=x onerror=alert('warning')> here"
      expected_result: "javascript:alert('expected')"
      next: choose
    - id: choose
      type: decision
      role: agent
      question: "Which <b>one</b>?"
      options:
        - label: "<img src=x onerror=alert('option')>"
          next: done
        - label: "javascript:alert('option')"
          next: done
    - id: done
      type: outcome
      name: "Closed <script>alert('outcome')</script>"
"""


@pytest.fixture
def examples_site(site: Site, tmp_path: Path) -> Site:
    """The site with the examples and a document full of markup payloads in its library."""
    payload = tmp_path / "payload" / "SOP-SEC-001.yaml"
    payload.parent.mkdir()
    payload.write_text(PAYLOAD_SOP, encoding="utf-8")
    return site.load(EXAMPLES, payload.parent)


@pytest.fixture
def signed_in(browser: Any, examples_site: Site) -> Iterator[Any]:
    """Make a signed-in browser page for a person, on the runs page: signed_in("rita").
    Any dialog that opens fails the test (the payloads must stay text)."""
    contexts: list[Any] = []

    def open_as(name: str, width: int = 1280) -> Any:
        context, page, _ = sign_in(browser, examples_site, name, width=width, landing="/runs")
        contexts.append(context)
        page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def focused_id(page: Any) -> str:
    value: str = page.evaluate("document.activeElement && document.activeElement.id")
    return value


def press_and_land(page: Any, button: Any) -> None:
    """Press button, wait for the next page, and check the focus lands on its node.

    The browser applies autofocus a moment after the load event, so the check
    waits for it (up to five seconds) rather than reading the focus at once.
    """
    with page.expect_navigation():
        button.click()
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'current'", timeout=5000
    )
    assert focused_id(page) == "current"


def done(page: Any) -> None:
    """Press Done on the current step and check the focus lands on the next node."""
    press_and_land(page, page.get_by_role("button", name="Done", exact=True))


def choose(page: Any, label: str) -> None:
    """Press the option labelled label and check the focus lands on the next node."""
    option = page.locator("button.choice").filter(has=page.get_by_text(label, exact=True))
    press_and_land(page, option)


def test_a_reader_runs_the_refund_sop_and_an_author_sees_it_in_the_stats(
    signed_in: Any, examples_site: Site
) -> None:
    rita = signed_in("rita")
    rita.goto(f"{examples_site.url}/runs/new?code=SOP-FIN-003")
    assert "revision 1" in rita.inner_text("main")
    rita.get_by_role("button", name="Start the run").click()
    rita.wait_for_url("**/runs/*?audience=novice")
    heading = rita.inner_text(".run-head")
    assert "SOP-FIN-003" in heading
    assert "revision 1" in heading
    current = rita.locator("#current")
    assert "Open a refund ticket in the helpdesk" in current.inner_text()
    assert "Expected result:" in current.inner_text()
    done(rita)
    assert "Never refund an order whose owner you could not confirm." in (
        rita.inner_text(".warning")
    )
    done(rita)
    choose(rita, "Eligible")
    done(rita)
    done(rita)
    choose(rita, "Card")
    link = rita.get_by_role("link", name="WI-PAY-003 · Refund a card payment in Stripe")
    assert link.get_attribute("href") == "/documents/WI-PAY-003"
    for _ in range(3):
        done(rita)
    outcome = rita.inner_text("#current")
    assert "Outcome: Refund issued" in outcome
    who = rita.inner_text(".path-panel")
    assert who.count("Rita Example") == 10
    assert "Answer: Card" in who
    arthur = signed_in("arthur")
    arthur.goto(f"{examples_site.url}/documents/SOP-FIN-003/stats")
    figures = arthur.inner_text(".figures")
    assert "Runs\n1" in figures
    assert "Finished\n1" in figures
    outcomes = arthur.inner_text("section[aria-labelledby=outcomes-title]")
    assert "Refund issued" in outcomes
    paths = arthur.inner_text("section[aria-labelledby=paths-title]")
    assert "Eligible" in paths
    assert "Outcome: Refund issued" in paths
    assert arthur.locator("section[aria-labelledby=times-title] tbody tr").count() == 9


def test_back_pause_resume_from_my_runs_and_the_checklist(
    signed_in: Any, examples_site: Site
) -> None:
    rita = signed_in("rita", width=390)
    rita.goto(f"{examples_site.url}/runs/new?code=SOP-FIN-003")
    rita.get_by_label("Expert").check()
    rita.get_by_role("button", name="Start the run").click()
    rita.wait_for_url("**/runs/*?audience=expert")
    run_url = rita.url
    assert rita.locator(".detail").count() == 0, "experts see no detail"
    done(rita)
    done(rita)
    choose(rita, "Not eligible")
    assert "Explain to the customer" in rita.inner_text("#current")
    rita.get_by_role("button", name="Back").click()
    assert "Is the purchase eligible" in rita.inner_text("#current")
    assert focused_id(rita) == "current"
    rita.get_by_role("button", name="Pause").click()
    assert "Paused." in rita.inner_text("#current")
    assert rita.locator("button.choice").count() == 0
    rita.get_by_role("link", name="My runs").first.click()
    row = rita.locator(".runs-table tbody tr").first
    assert "paused" in row.inner_text()
    row.get_by_role("button", name="Resume").click()
    rita.wait_for_url(run_url)
    choose(rita, "Eligible")
    rita.get_by_role("link", name="Checklist", exact=True).click()
    ticked = rita.locator(".checklist .ticked")
    assert ticked.count() == 3
    assert "Answer: Eligible" in ticked.nth(2).inner_text()
    assert "Rita Example" in ticked.nth(0).inner_text()
    opened = rita.locator(".checklist .open")
    assert "Record the approved amount" in opened.inner_text()
    assert focused_id(rita) == "current"
    ahead = rita.inner_text("section[aria-labelledby=ahead-title]")
    assert "How did the customer pay?" in ahead
    elsewhere = rita.inner_text("section[aria-labelledby=elsewhere-title]")
    assert "Explain to the customer why" in elsewhere
    done(rita)
    assert "/checklist" in rita.url, "acting in the checklist stays in the checklist"
    assert rita.locator(".checklist .ticked").count() == 4


def test_user_text_is_shown_escaped_in_the_runner(signed_in: Any, examples_site: Site) -> None:
    rita = signed_in("rita")
    rita.goto(f"{examples_site.url}/runs/new?code=SOP-SEC-001")
    rita.get_by_role("button", name="Start the run").click()
    rita.wait_for_url("**/runs/*?audience=novice")
    page_text = rita.inner_text("main")
    assert "Open <script>alert('instruction')</script> the ticket" in page_text
    assert "Careful <img src=x onerror=alert('warning')> here" in page_text
    assert "javascript:alert('expected')" in page_text
    assert "Payload <script>alert('title')</script>" in page_text
    done(rita)
    assert "Which <b>one</b>?" in rita.inner_text("#current")
    assert rita.locator("main img, main b, main script").count() == 0
    assert rita.locator("a[href^='javascript']").count() == 0
    html = rita.request.get(rita.url).text()  # as the server sent it
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert 'value="&lt;img src=x onerror=alert(&#39;option&#39;)&gt;"' in html
    choose(rita, "<img src=x onerror=alert('option')>")
    assert "Closed <script>alert('outcome')</script>" in rita.inner_text("#current")
    assert "Answer: <img src=x onerror=alert('option')>" in rita.inner_text(".path-panel")
    rita.goto(f"{examples_site.url}/runs")
    assert "Closed <script>alert('outcome')</script>" in rita.inner_text(".runs-table")
    assert rita.locator("main script, main img").count() == 0
