"""The flow builder's whole story in Chromium, on the example library (imported as `make demo`
imports it): an author opens the refund SOP, adds a lane, a decision and a step in it, sees
the errors the unfinished flow has and fixes them, saves a new draft revision, finds the
change in the revision diff and runs that draft in the runner to its end; then a new SOP
made from a template saves and runs."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Site
from tests.web.test_builder_browser import CODE, has_errors, open_builder, pick

QUESTION = "Is the refund over 500 EUR?"
CHECK = "Have the quality team countersign the refund in the ticket."
SUMMARY = "Large refunds countersigned by the quality team"


def add_a_checked_branch(page: Any) -> None:
    """After the refund reference: a decision and a step, both in a new quality lane; each
    unfinished part shows its error and loses it when finished."""
    problems = page.locator(".sf-problems")
    problems.get_by_text("Problems (0)").wait_for()
    page.get_by_text("Lanes (3)").click()
    page.get_by_label("New lane's name").fill("Quality team")
    page.get_by_role("button", name="Add lane").click()
    page.locator(".react-flow__node[data-id='lane:quality-team']").wait_for()

    pick(page, "record-reference")
    page.keyboard.press("d")  # the reference step now leads to a decision without options
    has_errors(page, "decision-1").wait_for()
    has_errors(page, "confirm-to-customer").wait_for()  # nothing leads to it any more
    assert "cannot be reached" in problems.inner_text()
    page.fill("#sf-field-question", QUESTION)
    page.select_option("#sf-field-lane", "quality-team")

    pick(page, "decision-1")
    page.keyboard.press("s")  # a step as the decision's first option, in its lane
    has_errors(page, "step-1").wait_for()  # it leads nowhere yet
    page.fill("#sf-field-instruction", CHECK)
    assert page.locator("#sf-field-lane").input_value() == "quality-team"
    page.select_option("#sf-field-target-step", "confirm-to-customer")
    has_errors(page, "step-1").wait_for(state="detached")
    has_errors(page, "confirm-to-customer").wait_for(state="detached")

    pick(page, "decision-1")
    page.select_option("#sf-field-target-decision", "confirm-to-customer")
    page.fill("#sf-field-option-0-label", "Yes")
    page.fill("#sf-field-option-1-label", "No")
    has_errors(page, "decision-1").wait_for(state="detached")
    # No error is left: only lint's warning that the new lane's role has no responsibilities
    # (the builder does not edit those yet).
    problems.get_by_text("Problems (1)").wait_for()
    assert "WARNING role 'quality-team' lists no responsibilities" in problems.inner_text()


def follow_to_the_end(page: Any, answers: list[str]) -> None:
    """Answer each node of a started run in turn: a decision's option by its label, or Done
    for a step or handoff ("Done")."""
    for answer in answers:
        page.locator(".choices button, .done-form button").first.wait_for()
        if answer == "Done":
            page.locator(".done-form button[name=done]").click()
        else:
            page.locator(f".choices button[value='{answer}']").click()
        page.wait_for_load_state()


def run_the_trial(page: Any, site: Site, trial: str) -> None:
    """Start a run of the saved draft from the builder's link and follow it to its end
    through the new decision and step; the run names revision 2."""
    page.goto(f"{site.url}{trial}")
    facts = page.locator(".start-panel .facts").inner_text()
    assert "revision 2 draft" in facts
    page.get_by_role("button", name="Start the run").click()
    page.wait_for_url("**/runs/*?audience=novice")
    follow_to_the_end(page, ["Done", "Done", "Eligible", "Done", "Done", "Card", "Done"])
    page.get_by_role("heading", name="Paste the refund reference").wait_for()
    follow_to_the_end(page, ["Done"])
    page.get_by_role("heading", name=QUESTION).wait_for()
    follow_to_the_end(page, ["Yes"])
    page.get_by_role("heading", name=CHECK).wait_for()
    follow_to_the_end(page, ["Done", "Done"])
    page.get_by_text("Refund issued").first.wait_for()
    run_id = page.url.split("/runs/")[1].split("?")[0]
    run = site.client("arthur").get(f"/api/v1/runs/{run_id}").json()
    assert run["revision"]["number"] == 2
    assert run["state"] == "finished"
    assert [entry["node"] for entry in run["path"]][8:10] == ["decision-1", "step-1"]


def test_the_refund_sop_edited_saved_diffed_and_run_then_a_template_saved_and_run(
    browser: Any, stocked: Site
) -> None:
    context, page, said = open_builder(browser, stocked, "arthur")
    try:
        add_a_checked_branch(page)
        page.fill("#sf-summary", SUMMARY)
        page.get_by_role("button", name="Save draft").click()
        page.get_by_text("Saved as revision 2 (draft).").wait_for()
        trial = page.get_by_role("link", name="Try revision 2 in the runner").get_attribute("href")

        page.get_by_role("link", name="See the changes").click()
        page.wait_for_url(f"**/documents/{CODE}/history?from=1&to=2")
        assert SUMMARY in page.locator(".history-layout").inner_text()
        changes = page.locator(".diff .changes").inner_text()
        assert QUESTION in changes
        assert CHECK in changes
        assert "quality-team" in changes or "Quality team" in changes

        run_the_trial(page, stocked, trial)

        page.goto(f"{stocked.url}/builder/new")
        page.get_by_label("Intake, triage and resolution").check()
        page.fill("input[name=code]", "SOP-OPS-011")
        page.fill("input[name=title]", "Printer requests")
        page.get_by_role("button", name="Create and open in the builder").click()
        page.wait_for_url("**/documents/SOP-OPS-011/builder")
        pick(page, "resolve")
        page.fill("#sf-field-instruction", "Fix the printer and tell the requester.")
        page.get_by_role("button", name="Save draft").click()
        page.get_by_text("Saved as revision 2 (draft).").wait_for()
        page.get_by_role("link", name="Try revision 2 in the runner").click()
        page.get_by_role("button", name="Start the run").click()
        follow_to_the_end(page, ["Done", "Yes"])
        page.get_by_role("heading", name="Fix the printer and tell the requester.").wait_for()
        follow_to_the_end(page, ["Done"])
        page.get_by_text("Resolved by the first line").first.wait_for()
    finally:
        context.close()
    assert not [text for text in said if "Content Security Policy" in text or "error:" in text]
