"""The flow builder in a real browser (Chromium) on a real server: an author opens the refund
SOP, rewords a step, disconnects one and sees the error appear, connects it again by dragging
and sees it go, undoes and redoes, drags a step into another lane, saves, reloads and finds
it all; the page runs under the app's Content-Security-Policy without a violation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from tests.web.conftest import Site, serious_violations, signed_in

CODE = "SOP-FIN-003"
REWORDED = "Find the order in the shop admin and check who is asking."


def open_builder(
    browser: Any,
    site: Site,
    name: str,
    *,
    code: str = CODE,
    first: str = "log-request",
    bypass_csp: bool = False,
) -> tuple[Any, Any, list[str]]:
    """A browser context of its own signed in as name, its page on the builder of code (the
    refund SOP) once the node first is drawn, and the console messages the page logs."""
    context, page, said = signed_in(browser, site, name, width=1440, bypass_csp=bypass_csp)
    page.goto(f"{site.url}/documents/{code}/builder")
    page.wait_for_selector(f"[data-node-id={first}]")
    return context, page, said


@pytest.fixture
def author(browser: Any, stocked: Site) -> Iterator[tuple[Any, list[str]]]:
    """Arthur's page on the builder of the refund SOP, and the console messages it logs."""
    context, page, said = open_builder(browser, stocked, "arthur")
    yield page, said
    context.close()


def node(page: Any, node_id: str) -> Any:
    """The canvas node of a flow node."""
    return page.locator(f".react-flow__node[data-id='{node_id}']")


def pick(page: Any, node_id: str) -> None:
    """Select a node by clicking it, and wait until the panel shows it (a key pressed
    before that would act on the node selected before). A click that lands while the
    first view is still being framed selects nothing, so it is tried again, as a person
    would."""
    shown = page.locator(".sf-inspector h2", has_text=node_id)
    for _ in range(3):
        node(page, node_id).click()
        try:
            shown.wait_for(timeout=5_000)
        except PlaywrightTimeoutError:
            continue
        return
    shown.wait_for()


def has_errors(page: Any, node_id: str) -> Any:
    """The node's box when it shows errors (a locator to wait on)."""
    return page.locator(f"[data-node-id='{node_id}'].sf-has-errors")


def drag(page: Any, source: Any, target_x: float, target_y: float) -> None:
    """Press on source, move in steps to the point, let go (as a person drags)."""
    box = source.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(target_x, target_y, steps=12)
    page.mouse.up()


def canvas_at(page: Any, canvas_id: str) -> tuple[float, float]:
    """Where the canvas draws a node or lane, in the canvas's own units (its translate)."""
    style = page.locator(f".react-flow__node[data-id='{canvas_id}']").get_attribute("style")
    found = re.search(r"translate\(([-\d.]+)px, ?([-\d.]+)px\)", style or "")
    assert found, style
    return float(found.group(1)), float(found.group(2))


def offset(page: Any, node_id: str, lane_id: str) -> tuple[float, float]:
    """Where a node is drawn from the top left of a lane, in canvas units."""
    (x, y), (lane_x, lane_y) = canvas_at(page, node_id), canvas_at(page, lane_id)
    return x - lane_x, y - lane_y


def connect(page: Any, source_id: str, target_id: str) -> None:
    """Drag from a node's outgoing handle onto another node's incoming one (the whole flow
    in view first)."""
    page.locator(".react-flow__controls-fitview").click()
    page.wait_for_timeout(300)
    handle = node(page, source_id).locator(".react-flow__handle.source")
    target = node(page, target_id).locator(".react-flow__handle.target").bounding_box()
    drag(page, handle, target["x"] + target["width"] / 2, target["y"] + target["height"] / 2)


def test_an_author_edits_the_refund_flow_and_saves_a_draft(
    author: tuple[Any, list[str]], stocked: Site
) -> None:
    page, said = author
    problems = page.locator(".sf-problems")
    problems.get_by_text("Problems (0)").wait_for()

    pick(page, "find-order")
    page.fill("#sf-field-instruction", REWORDED)
    node(page, "find-order").get_by_text(REWORDED).wait_for()

    pick(page, "record-reference")
    page.get_by_role("button", name="Disconnect").click()
    has_errors(page, "record-reference").wait_for()
    assert "record-reference" in problems.inner_text() or "Paste" in problems.inner_text()

    connect(page, "record-reference", "confirm-to-customer")
    has_errors(page, "record-reference").wait_for(state="detached")
    problems.get_by_text("Problems (0)").wait_for()

    page.get_by_role("button", name="Undo").click()
    has_errors(page, "record-reference").wait_for()
    page.get_by_role("button", name="Redo").click()
    has_errors(page, "record-reference").wait_for(state="detached")

    lane = page.locator(".react-flow__node[data-id='lane:team-lead']").bounding_box()
    moved = node(page, "explain-refusal")
    start = moved.bounding_box()
    drag(page, moved, start["x"] + start["width"] / 2, lane["y"] + lane["height"] / 2)
    moved.click()
    assert page.locator("#sf-field-lane").input_value() == "team-lead"
    placed = offset(page, "explain-refusal", "lane:team-lead")

    page.fill("#sf-summary", "Reworded the order check; the team lead explains refusals")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved as revision 2 (draft).").wait_for()

    page.reload()
    page.wait_for_selector("[data-node-id=log-request]")
    node(page, "find-order").get_by_text(REWORDED).wait_for()
    page.get_by_text("Based on revision 2").wait_for()
    again = offset(page, "explain-refusal", "lane:team-lead")  # where it was dropped
    assert abs(again[0] - placed[0]) < 3
    assert abs(again[1] - placed[1]) < 3
    assert not [text for text in said if "Content Security Policy" in text or "error:" in text]

    client = stocked.client("arthur")
    saved = client.get(f"/api/v1/documents/{CODE}/revisions/2").json()["document"]
    nodes = {item["id"]: item for item in saved["flow"]["nodes"]}
    assert nodes["find-order"]["instruction"] == REWORDED
    assert nodes["explain-refusal"]["role"] == "team-lead"
    assert nodes["record-reference"]["next"] == "confirm-to-customer"
    hint = saved["flow"]["layout"]["explain-refusal"]  # the one node placed by hand
    assert set(saved["flow"]["layout"]) == {"explain-refusal"}
    assert abs(hint["x"] - placed[0]) <= 1  # canvas x (the lanes start at 0)
    assert abs(hint["y"] - placed[1]) <= 1  # from the top of its lane
    diff = client.get(f"/api/v1/documents/{CODE}/diff?from=1&to=2").json()
    assert diff["changes"]


def test_a_step_added_and_linked_with_the_keyboard_and_the_panel_saved_with_problems(
    author: tuple[Any, list[str]],
) -> None:
    page, _ = author
    pick(page, "explain-refusal")
    page.keyboard.press("s")  # a step after the selected one, which now leads to it
    has_errors(page, "step-1").wait_for()  # it leads nowhere yet
    page.fill("#sf-field-instruction", "Offer a voucher instead.")
    page.select_option("#sf-field-target-step", "refund-declined")
    has_errors(page, "step-1").wait_for(state="detached")
    page.locator(".sf-problems").get_by_text("Problems (0)").wait_for()
    node(page, "step-1").get_by_text("Offer a voucher instead.").wait_for()
    node(page, "step-1").focus()
    page.keyboard.press("Control+z")  # the link undone
    has_errors(page, "step-1").wait_for()
    page.keyboard.press("Control+Shift+z")
    has_errors(page, "step-1").wait_for(state="detached")
    node(page, "step-1").focus()
    page.keyboard.press("Delete")  # the step and its links go; the one before leads nowhere
    node(page, "step-1").wait_for(state="detached")
    has_errors(page, "explain-refusal").wait_for()
    pick(page, "refund-card")
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")  # a copy, unconnected: nothing leads to it yet
    node(page, "step-1").get_by_text("Refund the card payment in Stripe.").wait_for()
    has_errors(page, "step-1").wait_for()
    page.get_by_role("button", name="Save draft").click()  # a draft keeps its problems
    # explain-refusal leads nowhere, refund-declined and the copy cannot be reached, and
    # the copy leads nowhere
    page.get_by_text(
        "Saved as revision 2 (draft) with 4 problems: it cannot be submitted for review "
        "until they are fixed."
    ).wait_for()


def test_two_editors_at_once_the_second_save_meets_a_conflict_and_loses_nothing(
    browser: Any, author: tuple[Any, list[str]], stocked: Site
) -> None:
    page, _ = author
    context, other, _ = open_builder(browser, stocked, "ada")  # a second person, same revision
    try:
        pick(other, "refund-card")
        other.fill("#sf-field-instruction", "Refund the card payment in Stripe, in full.")
        other.fill("#sf-summary", "Refund in full")
        other.get_by_role("button", name="Save draft").click()
        other.get_by_text("Saved as revision 2 (draft).").wait_for()
    finally:
        context.close()

    pick(page, "find-order")
    page.fill("#sf-field-instruction", REWORDED)
    page.get_by_role("button", name="Save draft").click()
    notice = page.locator(".sf-conflict")
    notice.wait_for()
    assert "saved revision 2 since you opened this one" in notice.inner_text()
    assert "“Refund in full”" in notice.inner_text()
    assert "node refund-card changed" in notice.inner_text()
    page.get_by_role("button", name="Reload the latest revision").click()
    page.get_by_text("Based on revision 2").wait_for()
    node(page, "refund-card").get_by_text("in full").wait_for()
    assert REWORDED not in node(page, "find-order").inner_text()

    pick(page, "find-order")  # the edit applied again, on top of theirs
    page.fill("#sf-field-instruction", REWORDED)
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved as revision 3 (draft).").wait_for()
    latest = stocked.client("arthur").get(f"/api/v1/documents/{CODE}").json()["document"]
    nodes = {item["id"]: item for item in latest["flow"]["nodes"]}
    assert nodes["find-order"]["instruction"] == REWORDED
    assert nodes["refund-card"]["instruction"].endswith("in full.")


def test_axe_finds_no_serious_or_critical_violation(browser: Any, stocked: Site) -> None:
    # axe is injected as a script of the test's own, which the page's policy would refuse:
    # this context alone bypasses the CSP (the page's own scripts run under it elsewhere).
    context, page, _ = open_builder(browser, stocked, "arthur", bypass_csp=True)
    try:
        node(page, "check-eligibility").click()  # the panel with its fields open too
        bad = serious_violations(page)
    finally:
        context.close()
    assert bad == []


def test_a_new_sop_from_a_template_gets_a_decision_saves_and_runs(
    author: tuple[Any, list[str]], stocked: Site
) -> None:
    page, said = author
    page.goto(f"{stocked.url}/builder/new")
    page.get_by_label("Request, approval and fulfilment").check()
    page.fill("input[name=code]", "SOP-OPS-010")
    page.fill("input[name=title]", "Laptop requests")
    page.get_by_role("button", name="Create and open in the builder").click()
    page.wait_for_url("**/documents/SOP-OPS-010/builder")
    page.wait_for_selector("[data-node-id=fulfil]")

    pick(page, "fulfil")
    page.keyboard.press("d")  # a decision after the step
    page.fill("#sf-field-question", "Is the laptop in stock?")
    pick(page, "decision-1")
    page.keyboard.press("o")  # an outcome as its first option
    page.fill("#sf-field-name", "Ordered from the supplier")
    pick(page, "decision-1")
    page.select_option("#sf-field-target-decision", "fulfilled")  # its second option
    page.fill("#sf-field-option-0-label", "No")
    page.fill("#sf-field-option-1-label", "Yes")
    page.locator(".sf-problems").get_by_text("Problems (0)").wait_for()

    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved as revision 2 (draft).").wait_for()
    client = stocked.client("arthur")
    saved = client.get("/api/v1/documents/SOP-OPS-010/revisions/2").json()["document"]
    decision = next(item for item in saved["flow"]["nodes"] if item["id"] == "decision-1")
    assert [(option["label"], option["next"]) for option in decision["options"]] == [
        ("No", "outcome-1"),
        ("Yes", "fulfilled"),
    ]

    page.goto(f"{stocked.url}/runs/new?code=SOP-OPS-010")
    page.get_by_role("button", name="Start the run").click()
    page.get_by_role("heading", name="Submit the request with what is needed").wait_for()
    assert not [text for text in said if "Content Security Policy" in text]


def test_lanes_are_added_renamed_reordered_and_deleted_when_empty(
    author: tuple[Any, list[str]], stocked: Site
) -> None:
    page, _ = author
    page.get_by_text("Lanes (3)").click()
    page.get_by_label("New lane's name").fill("Quality team")
    page.get_by_role("button", name="Add lane").click()
    page.locator(".react-flow__node[data-id='lane:quality-team']").wait_for()
    page.get_by_label("Name of lane 2").fill("Billing")
    page.get_by_role("button", name="Move Quality team up").click()
    page.get_by_label("New lane's name").fill("Auditors")
    page.get_by_role("button", name="Add lane").click()
    page.locator(".react-flow__node[data-id='lane:auditors']").wait_for()
    page.get_by_role("button", name="Delete lane Auditors").click()  # empty: it goes
    page.locator(".react-flow__node[data-id='lane:auditors']").wait_for(state="detached")
    assert page.get_by_role("button", name="Delete lane Billing").is_disabled()  # has nodes
    pick(page, "refund-card")
    page.select_option("#sf-field-lane", "quality-team")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved as revision 2 (draft).").wait_for()
    saved = stocked.client("arthur").get(f"/api/v1/documents/{CODE}/revisions/2").json()
    roles = [(role["id"], role["name"]) for role in saved["document"]["roles"]]
    assert roles == [
        ("support-agent", "Support agent"),
        ("billing", "Billing"),
        ("quality-team", "Quality team"),
        ("team-lead", "Support team lead"),
    ]
    card = next(item for item in saved["document"]["flow"]["nodes"] if item["id"] == "refund-card")
    assert card["role"] == "quality-team"
