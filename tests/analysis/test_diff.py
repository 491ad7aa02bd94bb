"""The step-level diff on real edits of the example library."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.analysis.diff import Segment, diff_documents, render_words, word_diff
from sopflow.formats.yaml_source import parse_document
from sopflow.model import AnyDocument

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOP = EXAMPLES / "refunds" / "SOP-FIN-003-customer-refund.yaml"
WI = EXAMPLES / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"


def edited(path: Path, *replacements: tuple[str, str]) -> AnyDocument:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    loaded = parse_document(text, path.name)
    assert loaded.document is not None, loaded.problems
    return loaded.document


def changes(path: Path, *replacements: tuple[str, str]) -> list[tuple[str, str]]:
    diff = diff_documents(edited(path), edited(path, *replacements))
    return [(change.kind, change.summary) for change in diff.changes]


@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: p.stem)
def test_a_revision_compared_with_itself_has_no_changes(path: Path) -> None:
    assert diff_documents(edited(path), edited(path)).changes == ()


def test_word_diff_marks_the_changed_words() -> None:
    segments = word_diff("Check the order date.", "Check the delivery date today.")
    assert segments == (
        Segment("same", "Check the "),
        Segment("removed", "order"),
        Segment("added", "delivery"),
        Segment("same", " date"),
        Segment("added", " today"),
        Segment("same", "."),
    )
    assert render_words(segments) == "Check the [-order-]{+delivery+} date{+ today+}."


def test_a_reworded_step_shows_the_words() -> None:
    found = changes(SOP, ("Find the order in the shop admin", "Find the order in the ERP"))
    assert found == [
        (
            "reworded",
            "step 'find-order' reworded: Find the order in the [-shop admin-]{+ERP+} and "
            "confirm the customer's identity.",
        )
    ]


def test_a_changed_role_names_both_roles() -> None:
    found = changes(
        SOP,
        (
            "      role: support-agent\n      instruction: Record the approved amount",
            "      role: team-lead\n      instruction: Record the approved amount",
        ),
    )
    assert found == [("role", "step 'record-decision' role: Support agent -> Support team lead")]


def test_decision_options_relabelled_added_and_retargeted() -> None:
    found = changes(
        SOP,
        ("- label: Bank transfer\n", "- label: Bank transfer or invoice\n"),
        (
            "          next: refund-bank\n",
            "          next: refund-bank\n        - label: PayPal\n          next: refund-card\n",
        ),
        ("          condition: Outside the policy", "          condition: Outside policy"),
    )
    assert found == [
        (
            "options",
            "decision 'payment-method' options: \"Bank transfer\" relabelled "
            '"Bank transfer or invoice"; added "PayPal" -> \'refund-card\'',
        )
    ]


def test_a_retargeted_option_says_where_it_leads_now() -> None:
    found = changes(SOP, ("          next: escalate\n", "          next: explain-refusal\n"))
    assert (
        "options",
        "decision 'check-eligibility' options: \"Exception requested\" now "
        "leads to 'explain-refusal' (was 'escalate')",
    ) in found
    assert len(found) == 1, "the handoff left behind is unreachable, not moved or removed"


def test_an_added_step_says_where_it_goes() -> None:
    found = changes(
        SOP,
        ("      next: check-eligibility\n", "      next: check-fraud\n"),
        (
            "    - id: check-eligibility\n",
            "    - id: check-fraud\n      type: step\n      role: support-agent\n"
            "      instruction: Check the fraud score of the order.\n"
            "      next: check-eligibility\n    - id: check-eligibility\n",
        ),
    )
    assert found == [
        (
            "added",
            "step 'check-fraud' added after 'find-order': Check the fraud score of the order.",
        )
    ]


def test_a_removed_step_is_named_with_its_text() -> None:
    text = SOP.read_text(encoding="utf-8")
    block = text[text.index("    - id: find-order\n") : text.index("    - id: check-eligibility\n")]
    found = changes(
        SOP, ("      next: find-order\n", "      next: check-eligibility\n"), (block, "")
    )
    assert found == [
        (
            "removed",
            "step 'find-order' removed: Find the order in the shop admin and confirm "
            "the customer's identity.",
        )
    ]


def test_swapped_steps_read_as_a_move() -> None:
    found = changes(
        SOP,
        ("      next: confirm-to-customer\n", "      next: refund-issued\n"),
        ("      next: record-reference\n", "      next: confirm-to-customer\n"),
        (
            "      next: refund-issued\n    - id: explain-refusal",
            "      next: record-reference\n    - id: explain-refusal",
        ),
    )
    assert [kind for kind, _ in found] == ["moved"]
    assert found[0][1].startswith("step '")
    assert "now after" in found[0][1]


def test_a_renamed_id_with_the_same_text_is_not_added_and_removed() -> None:
    found = changes(SOP, ("find-order", "locate-order"))
    assert found == []


def test_work_instruction_steps_reworded_moved_added_and_removed() -> None:
    reason = (
        "  - action: Choose the reason and add the ticket number\n"
        "    target: Reason list and Note field\n"
        '    value: Reason "Requested by customer"; note "Ticket 45123"\n'
    )
    text = WI.read_text(encoding="utf-8")
    assert reason in text
    found = changes(
        WI,
        (
            "  - action: Search for the order number",
            "  - action: Search for the order number or e-mail",
        ),
        (reason, ""),
        ("  - action: Enter the approved amount", reason + "  - action: Enter the approved amount"),
        ("  - action: Copy the refund reference\n", "  - action: Close the dialog\n"),
    )
    kinds = [kind for kind, _ in found]
    assert kinds == ["reworded", "moved", "added", "removed"]
    assert found[0][1] == "step 2 reworded: Search for the order number{+ or e-mail+}"
    assert found[1][1].startswith("step 4 (now step 5) moved")
    assert found[2][1].startswith("step 7 added after step 6 (Click Refund to confirm): Close")
    assert found[3][1].startswith("step 7 removed: Copy the refund reference")


def test_document_fields_are_compared_word_by_word() -> None:
    found = changes(
        SOP, ("purpose: Refund eligible customers quickly", "purpose: Refund eligible customers")
    )
    assert found == [
        (
            "changed",
            "purpose: Refund eligible customers[- quickly-] and consistently, and record "
            "every decision.",
        )
    ]
