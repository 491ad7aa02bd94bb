"""What a person sees at a node: novices get detail and the work instruction's steps,
experts the instruction and the work instruction's title."""

from __future__ import annotations

from pathlib import Path

from sopflow.model import Decision, Handoff, Step
from sopflow.runner.sources import documents_by_code, followed_from_file
from sopflow.runner.view import view_node

REFUNDS = Path(__file__).resolve().parents[2] / "examples" / "refunds"
FOLLOWED = followed_from_file(REFUNDS / "SOP-FIN-003-customer-refund.yaml")
DOCUMENTS = documents_by_code([REFUNDS])


def node(node_id: str) -> Step | Decision | Handoff:
    found = FOLLOWED.node(node_id)
    assert isinstance(found, Step | Decision | Handoff)
    return found


def test_a_step_with_detail_at_each_level() -> None:
    novice = view_node(FOLLOWED.sop, node("find-order"), "novice", DOCUMENTS)
    expert = view_node(FOLLOWED.sop, node("find-order"), "expert", DOCUMENTS)
    assert novice.role == expert.role == "Support agent"
    assert novice.detail is not None
    assert novice.detail.startswith("Search by order number.")
    assert expert.detail is None
    assert (
        novice.warnings
        == expert.warnings
        == ("Never refund an order whose owner you could not confirm.",)
    )


def test_a_referenced_work_instruction_opens_for_novices_and_collapses_for_experts() -> None:
    novice = view_node(FOLLOWED.sop, node("refund-card"), "novice", DOCUMENTS)
    expert = view_node(FOLLOWED.sop, node("refund-card"), "expert", DOCUMENTS)
    assert novice.reference is not None
    assert expert.reference is not None
    assert novice.reference.title == expert.reference.title == "Refund a card payment in Stripe"
    assert len(novice.reference.steps) == 7
    assert novice.reference.steps[0] == (
        "Open the Payments page; at Stripe Dashboard > Payments. "
        "Expect: The list of recent payments."
    )
    assert expert.reference.steps == ()
    unknown = view_node(FOLLOWED.sop, node("refund-card"), "novice", {})
    assert unknown.reference is not None
    assert unknown.reference.title is None


def test_decision_options_carry_their_conditions_for_novices() -> None:
    novice = view_node(FOLLOWED.sop, node("payment-method"), "novice")
    expert = view_node(FOLLOWED.sop, node("payment-method"), "expert")
    assert novice.options[0] == "Card (The order was paid by credit or debit card through Stripe)"
    assert expert.options == ("Card", "Bank transfer")
    assert novice.role == "Billing team"


def test_a_handoff_names_who_receives_and_what_goes_with_it() -> None:
    view = view_node(FOLLOWED.sop, node("to-billing"), "expert")
    assert view.text == "Hand over to Billing team: Assign the ticket to the Billing queue"
    assert view.role == "Support agent"
    assert view.transfers[0] == "The refund ticket"
