"""The flow builder's larger edits in a real browser on a real server, each by keyboard or
panel: a selection of nodes copied and pasted with the links among them (and undone); a
parallel split added with its branches and join, its problems shown on its nodes, saved; a
step's reference found by searching the library and opened, with the way back; a lane's role
given another kind and its responsibilities."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Site
from tests.web.test_builder_browser import CODE, author, has_errors, node, open_builder, pick

__all__ = ["author"]  # the fixture, used by name


def saved_nodes(site: Site, revision: int) -> dict[str, dict[str, Any]]:
    """The flow nodes of a revision of the refund SOP, by id."""
    found = site.client("arthur").get(f"/api/v1/documents/{CODE}/revisions/{revision}").json()
    return {item["id"]: item for item in found["document"]["flow"]["nodes"]}


def test_a_selection_is_copied_and_pasted_with_its_links_and_undone(
    author: tuple[Any, list[str]], stocked: Site
) -> None:
    page, said = author
    pick(page, "record-reference")
    node(page, "confirm-to-customer").focus()
    page.keyboard.press("Control+Enter")  # added to the selection from the keyboard
    page.locator(".sf-inspector h2", has_text="2 nodes selected").wait_for()
    page.keyboard.press("Control+c")
    page.get_by_text("Copied 2 node(s) and 1 link(s) among them.").wait_for()
    page.keyboard.press("Control+v")
    node(page, "step-1").get_by_text("Paste the refund reference").wait_for()
    node(page, "step-2").get_by_text("Tell the customer the refund").wait_for()
    page.locator(".react-flow__edge[data-id='step-1#0']").wait_for(state="attached")
    page.locator(".sf-inspector h2", has_text="2 nodes selected").wait_for()  # the copies
    node(page, "step-1").focus()
    page.keyboard.press("Control+z")  # the paste, as one edit
    node(page, "step-1").wait_for(state="detached")
    node(page, "step-2").wait_for(state="detached")
    page.keyboard.press("Control+Shift+z")
    node(page, "step-2").wait_for()
    page.get_by_role("button", name="Paste").click()  # the toolbar's button pastes again
    node(page, "step-4").wait_for()
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved as revision 2 (draft) with").wait_for()  # copies nothing reaches
    nodes = saved_nodes(stocked, 2)
    assert nodes["step-1"]["next"] == "step-2"  # the link between the two came along
    assert "next" not in nodes["step-2"]  # the link out of the selection did not
    assert nodes["step-2"]["role"] == "support-agent"
    assert nodes["step-3"]["next"] == "step-4"
    assert nodes["record-reference"]["next"] == "confirm-to-customer"  # the rest unchanged
    assert not [text for text in said if "Content Security Policy" in text or "error:" in text]


def test_a_parallel_split_is_added_by_key_shows_its_problems_and_saves_valid(
    author: tuple[Any, list[str]], stocked: Site
) -> None:
    page, said = author
    pick(page, "explain-refusal")
    page.keyboard.press("p")  # a split after the selected step, two branches and their join
    for made in ("parallel-1", "step-1", "step-2", "step-3"):
        node(page, made).wait_for()
    page.locator(".sf-inspector h2", has_text="parallel-1").wait_for()
    assert page.locator("#sf-field-target-join").input_value() == "step-3"
    node(page, "parallel-1").get_by_text("joins at step-3").wait_for()
    page.fill("#sf-field-option-0-label", "Tell the customer")
    has_errors(page, "step-3").wait_for()  # the join leads nowhere yet
    pick(page, "step-3")
    page.select_option("#sf-field-target-step", "refund-declined")
    page.locator(".sf-problems").get_by_text("Problems (0)").wait_for()

    pick(page, "step-2")
    page.get_by_role("button", name="Disconnect").click()  # a branch that never joins
    has_errors(page, "parallel-1").wait_for()
    problems = page.locator(".sf-problems").inner_text()
    assert "parallel-1" in problems
    page.get_by_role("button", name="Undo").click()
    has_errors(page, "parallel-1").wait_for(state="detached")
    page.locator(".sf-problems").get_by_text("Problems (0)").wait_for()

    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved as revision 2 (draft).").wait_for()
    nodes = saved_nodes(stocked, 2)
    assert nodes["explain-refusal"]["next"] == "parallel-1"
    split = nodes["parallel-1"]
    assert split["type"] == "parallel"
    assert split["join"] == "step-3"
    assert split["role"] == "support-agent"
    assert [(b.get("label"), b["next"]) for b in split["branches"]] == [
        ("Tell the customer", "step-1"),
        ("Branch 2", "step-2"),
    ]
    assert nodes["step-1"]["next"] == nodes["step-2"]["next"] == "step-3"
    assert nodes["step-3"]["next"] == "refund-declined"
    assert not [text for text in said if "Content Security Policy" in text]


def test_a_reference_is_found_by_searching_the_library_and_opened_with_a_way_back(
    author: tuple[Any, list[str]], stocked: Site
) -> None:
    page, _ = author
    pick(page, "record-reference")
    page.get_by_label("Find a WI or SOP to refer to").fill("bank transfer")
    found = page.get_by_role("button", name="WI-PAY-004 Make a bank-transfer refund")
    found.focus()
    page.keyboard.press("Enter")  # picked from the keyboard
    assert page.locator("#sf-field-reference").input_value() == "WI-PAY-004"
    node(page, "record-reference").get_by_text("WI-PAY-004").wait_for()
    link = page.get_by_role("link", name="Open WI-PAY-004")
    assert link.get_attribute("href") == f"/documents/WI-PAY-004?from={CODE}"
    with page.context.expect_page() as opened:
        link.click()
    other = opened.value
    other.wait_for_load_state()
    other.get_by_role("heading", name="Make a bank-transfer refund").wait_for()
    back = other.get_by_role("link", name=f"← Back to {CODE}", exact=False)
    assert back.first.get_attribute("href") == f"/documents/{CODE}"
    other.close()
    page.get_by_role("button", name="Save draft").click()  # the builder kept its edit
    page.get_by_text("Saved as revision 2 (draft).").wait_for()
    assert saved_nodes(stocked, 2)["record-reference"]["reference"] == "WI-PAY-004"


def test_a_lane_role_gets_another_kind_and_its_responsibilities_edited(
    author: tuple[Any, list[str]], stocked: Site
) -> None:
    page, _ = author
    page.get_by_text("Lanes (3)").click()
    page.get_by_text("Role: team, 2 responsibilities").click()
    page.get_by_label("Kind of Billing team").select_option("system")
    field = page.get_by_label("Responsibilities of Billing team (one a line)")
    field.click()
    field.press("End")
    field.press("Control+End")
    field.press("Enter")  # a new line stays while it is typed into
    field.type("Answers payment questions from support")
    page.get_by_text("Role: system, 3 responsibilities").wait_for()
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved as revision 2 (draft).").wait_for()
    saved = stocked.client("arthur").get(f"/api/v1/documents/{CODE}/revisions/2").json()
    roles = {role["id"]: role for role in saved["document"]["roles"]}
    assert roles["billing"]["kind"] == "system"
    assert roles["billing"]["responsibilities"] == [
        "Pays approved refunds to the original payment method",
        "Records the payment reference in the ticket",
        "Answers payment questions from support",
    ]
    assert roles["team-lead"].get("kind", "person") == "person"  # the others as they were


def chain(size: int) -> dict[str, Any]:
    """An SOP whose flow is a chain of size - 1 steps in two lanes ending at an outcome."""
    nodes: list[dict[str, Any]] = [
        {
            "id": f"s{index}",
            "type": "step",
            "role": ("agent", "checker")[(index // 5) % 2],
            "instruction": f"Do part {index} of the work.",
            "next": f"s{index + 1}" if index < size - 2 else "done",
        }
        for index in range(size - 1)
    ]
    nodes.append({"id": "done", "type": "outcome", "name": "Done"})
    roles = [{"id": "agent", "name": "Agent"}, {"id": "checker", "name": "Checker"}]
    return {
        "kind": "sop",
        "code": "SOP-GEN-001",
        "title": "A long chain",
        "trigger": "A test starts.",
        "roles": roles,
        "flow": {"start": "s0", "nodes": nodes},
    }


def test_a_large_flow_is_drawn_at_once_then_laid_out_by_elk_in_its_worker(
    browser: Any, site: Site
) -> None:
    client = site.client("arthur")
    made = client.unsafe(
        "PUT",
        "/api/v1/documents/SOP-GEN-001",
        json={"summary": "Generated", "document": chain(120)},
    )
    assert made.status_code == 201, made.text
    context, page, said = open_builder(browser, site, "arthur", code="SOP-GEN-001", first="s0")
    try:
        canvas = page.locator(".sf-canvas")
        page.locator(".react-flow__node-flow").nth(119).wait_for()  # every node drawn
        page.locator(".sf-canvas[data-layout=settled]").wait_for()  # ELK's layout came
        assert canvas.get_attribute("data-layout-engine") == "elk"  # from the worker
        pick(page, "s3")
        page.keyboard.press("s")  # placed beside s3 at once, laid out by ELK after
        node(page, "step-1").wait_for()
        page.locator(".sf-canvas[data-layout=settled]").wait_for()
        assert canvas.get_attribute("data-layout-engine") == "elk"
        assert page.locator("#sf-field-instruction").input_value() == "New step"
    finally:
        context.close()
    assert not [text for text in said if "Content Security Policy" in text or "error:" in text]
