"""The work instruction editor and the BPMN starting point in Chromium, on the example
library: an author creates a WI with three actions, reorders them (a chosen screenshot
moving with its action), sees a problem beside its field and fixes it, saves, reloads and
finds it unchanged, and finds the save in the history; edits the card-refund WI the refund
SOP uses and is shown where it is used before the save goes through; makes an SOP from a
BPMN model, sees what the import could not keep, and runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.web.conftest import Site, serious_violations, signed_in
from tests.web.test_builder_scenario import follow_to_the_end
from tests.web.test_wi_editor import png

BPMN = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "two-pools.bpmn"
ACTIONS = [
    ("Open the user's account", "Admin console > Users"),
    ("Click Reset password", "Reset password button"),
    ("Send the new password to the user", "Message dialog"),
]


def row(page: Any, number: int) -> Any:
    """The row of action number (1 first), as the page now orders them."""
    return page.locator("#wi-rows > .wi-row").nth(number - 1)


def actions(page: Any) -> list[str]:
    """The action fields, in the page's order."""
    return [
        row(page, index + 1).get_by_label("Action", exact=True).input_value()
        for index in range(page.locator("#wi-rows > .wi-row").count())
    ]


def slot(page: Any, number: int, field: str) -> Any:
    """The problem slot beside a row's field."""
    key = row(page, number).get_attribute("data-key")
    return page.locator(f"#p-{key}-{field}")


def write_three_actions(page: Any) -> None:
    """Fill the first row, add two; leave the second action empty until its problem shows,
    then fix it; a screenshot goes with the first action."""
    for name, value in (
        ("Owner", "IT Service Desk"),
        ("Purpose", "Give a locked-out user a way back in."),
    ):
        page.get_by_label(name, exact=True).fill(value)
    row(page, 1).get_by_label("Action", exact=True).fill(ACTIONS[0][0])
    row(page, 1).get_by_label("Screen or field").fill(ACTIONS[0][1])
    row(page, 1).get_by_label("Screenshot").set_input_files(
        {"name": "users page.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name="Add an action").click()
    page.get_by_role("button", name="Add an action").click()
    assert page.locator("#wi-rows > .wi-row legend").all_inner_texts() == [
        "Action 1",
        "Action 2",
        "Action 3",
    ]
    row(page, 3).get_by_label("Action", exact=True).fill(ACTIONS[2][0])
    row(page, 3).get_by_label("Screen or field").fill(ACTIONS[2][1])
    problem = slot(page, 2, "action")
    problem.get_by_text("at least 1 character").wait_for()
    assert "action 2" in page.locator("#wi-problems").inner_text()
    row(page, 2).get_by_label("Action", exact=True).fill(ACTIONS[1][0])
    row(page, 2).get_by_label("Screen or field").fill(ACTIONS[1][1])
    page.locator("#wi-problems").get_by_text("No problems.").wait_for()
    assert problem.inner_text() == ""


def reorder(page: Any) -> None:
    """Move the third action to the top (3, 1, 2), then the first one, which has the
    screenshot, down below the second (3, 2, 1); the legends follow the order."""
    row(page, 3).get_by_role("button", name="Move up").click()
    row(page, 2).get_by_role("button", name="Move up").click()
    assert actions(page) == [ACTIONS[2][0], ACTIONS[0][0], ACTIONS[1][0]]
    row(page, 2).get_by_role("button", name="Move down").click()
    assert actions(page) == [ACTIONS[2][0], ACTIONS[1][0], ACTIONS[0][0]]
    assert page.locator("#wi-rows > .wi-row legend").first.inner_text() == "Action 1"


def test_a_new_wi_written_reordered_fixed_saved_and_reloaded(browser: Any, stocked: Site) -> None:
    context, page, said = signed_in(browser, stocked, "arthur")
    try:
        page.goto(f"{stocked.url}/builder/new")
        new_wi = page.locator("#new-wi")
        new_wi.get_by_label("Code").fill("WI-IT-007")
        new_wi.get_by_label("Title").fill("Reset a user's password")
        new_wi.get_by_role("button", name="Open the work instruction editor").click()
        page.wait_for_url("**/documents/WI-IT-007/edit?title=*")
        write_three_actions(page)
        reorder(page)
        page.get_by_label("What this revision changes").fill("First version, from the desk")
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_url("**/documents/WI-IT-007/edit?saved=1")
        page.get_by_text("Saved as revision 1 (draft).").wait_for()

        page.reload()
        assert actions(page) == [ACTIONS[2][0], ACTIONS[1][0], ACTIONS[0][0]]
        assert row(page, 3).get_by_label("Screen or field").input_value() == ACTIONS[0][1]
        shot = row(page, 3).locator("img.wi-thumb")
        assert shot.evaluate("image => image.complete && image.naturalWidth") == 4
        assert row(page, 1).locator("img").count() == 0
        assert page.get_by_label("Owner", exact=True).input_value() == "IT Service Desk"

        page.get_by_role("link", name="History").click()
        page.wait_for_url("**/documents/WI-IT-007/history")
        assert "First version, from the desk" in page.locator("main").inner_text()
    finally:
        context.close()
    assert not [text for text in said if "Content Security Policy" in text or "error" in text]


def test_editing_a_wi_the_refund_sop_uses_shows_where_it_is_used(
    browser: Any, stocked: Site
) -> None:
    context, page, said = signed_in(browser, stocked, "arthur")
    try:
        page.goto(f"{stocked.url}/documents/WI-PAY-003")
        page.get_by_role("link", name="Edit the work instruction").click()
        warning = page.locator(".where-used-warning")
        assert "Used by 1 document" in warning.inner_text()
        assert "SOP-FIN-003" in warning.inner_text()
        assert "Refund the card payment in Stripe." in warning.inner_text()
        row(page, 4).get_by_label("Warning").fill("Never refund more than the approved amount.")
        page.get_by_label("What this revision changes").fill("A firmer warning")
        page.get_by_role("button", name="Save draft").click()
        page.locator("#p-confirm_used").get_by_text("SOP-FIN-003").wait_for()
        assert (
            row(page, 4).get_by_label("Warning").input_value()
            == "Never refund more than the approved amount."
        )
        page.get_by_label("I have checked that this change suits SOP-FIN-003").check()
        page.get_by_role("button", name="Save draft").click()
        page.get_by_text("Saved as revision 2 (draft).").wait_for()
        page.get_by_role("link", name="See the changes").click()
        page.wait_for_url("**/documents/WI-PAY-003/history?from=1&to=2")
        changes = page.locator(".diff").inner_text()
        assert "changed step 4 warning" in changes
        assert "refund" in page.locator(".diff ins, .diff .added").first.inner_text()
    finally:
        context.close()
    assert not [text for text in said if "Content Security Policy" in text or "error" in text]


def test_an_sop_from_a_bpmn_model_opens_in_the_builder_and_runs(
    browser: Any, stocked: Site
) -> None:
    context, page, said = signed_in(browser, stocked, "arthur")
    try:
        page.goto(f"{stocked.url}/builder/new")
        form = page.locator("#from-bpmn")
        form.get_by_label("BPMN file").set_input_files(str(BPMN))
        form.get_by_label("Code").fill("SOP-OPS-045")
        form.get_by_label("Title (leave empty for the model's name)").fill("Book orders")
        form.get_by_role("button", name="Import and open in the builder").click()
        page.wait_for_url("**/documents/SOP-OPS-045/builder")
        report = page.locator(".import-report")
        assert "Imported from two-pools.bpmn as revision 1" in report.inner_text()
        assert "dataStoreReference ('Stock')" in report.inner_text()
        page.wait_for_selector("[data-node-id=is-the-book-in-stock]")

        page.goto(f"{stocked.url}/runs/new?code=SOP-OPS-045")
        page.get_by_role("button", name="Start the run").click()
        page.wait_for_url("**/runs/*?audience=novice")
        follow_to_the_end(page, ["Done", "Done", "not in stock", "Done", "Done"])
        page.get_by_text("Book read").first.wait_for()
    finally:
        context.close()
    assert not [text for text in said if "Content Security Policy" in text]


def test_axe_finds_no_serious_or_critical_violation_in_the_editor(
    browser: Any, stocked: Site
) -> None:
    # axe is a script of the test's own, which the page's policy would refuse: this context
    # alone bypasses the CSP (the page's own scripts run under it in the tests above).
    context, page, _ = signed_in(browser, stocked, "arthur", bypass_csp=True)
    try:
        page.goto(f"{stocked.url}/documents/WI-PAY-003/edit")
        row(page, 2).get_by_label("Action", exact=True).fill("")
        slot(page, 2, "action").get_by_text("at least 1 character").wait_for()
        bad = serious_violations(page)
    finally:
        context.close()
    assert bad == []
