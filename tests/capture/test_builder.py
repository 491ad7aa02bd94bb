"""From text to a draft SOP: roles, steps, decisions, handoffs, notes, provenance, validity."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.transcript import Transcript
from sopflow.capture.wording import (
    sentence_case,
    slug,
)
from sopflow.model import Decision, Handoff, Outcome, Sop, Step, check_document

Drafted = Callable[[str], tuple[Sop, Transcript]]

REFUND = (
    "The support agent receives the refund request and checks the order date. "
    "If the purchase is older than 30 days, the agent rejects the request. "
    "Otherwise the agent forwards the ticket to the billing team. "
    "The billing team refunds the payment in Stripe. Make sure the amount matches the invoice."
)


@pytest.mark.parametrize(
    ("text", "roles", "decisions"),
    [
        (REFUND, {"support-agent", "billing-team"}, 1),
        ("The clerk checks the invoice. Then the clerk files it.", {"clerk"}, 0),
        ("Click Save. Then click Close.", {"performer"}, 0),
        (
            "The manager reviews the claim. If the claim is valid, the manager approves it, "
            "otherwise she rejects it. The clerk archives the claim.",
            {"manager", "clerk"},
            1,
        ),
    ],
)
def test_drafts_are_valid(drafted: Drafted, text: str, roles: set[str], decisions: int) -> None:
    sop, _ = drafted(text)
    assert check_document(sop) == []
    assert {role.id for role in sop.roles} == roles
    assert sum(1 for _ in sop.flow.decisions()) == decisions


def test_every_element_has_provenance_into_the_text(drafted: Drafted) -> None:
    sop, transcript = drafted(REFUND)
    for node in sop.flow.nodes:
        assert node.provenance is not None
        if isinstance(node, Step):
            span = node.provenance.span
            assert span is not None
            assert node.provenance.quote == transcript.quote(span)
            assert node.provenance.supported


def test_inferred_elements_are_flagged(drafted: Drafted) -> None:
    sop, _ = drafted("Click Save. Then click Close.")
    assert sop.roles[0].provenance is not None
    assert sop.roles[0].provenance.supported is False


def test_decision_has_question_and_yes_no(drafted: Drafted) -> None:
    sop, _ = drafted(REFUND)
    decision = next(sop.flow.decisions())
    assert decision.question == "Is the purchase older than 30 days?"
    assert [option.label for option in decision.options] == ["Yes", "No"]


def test_handoff_between_roles_and_warning_on_a_step(drafted: Drafted) -> None:
    sop, _ = drafted(REFUND)
    handoffs = list(sop.flow.handoffs())
    assert any((h.from_role, h.to_role) == ("support-agent", "billing-team") for h in handoffs)
    warned = [step for step in sop.flow.steps() if step.warnings]
    assert warned
    assert "amount matches the invoice" in warned[0].warnings[0]


def test_speaker_is_the_role_of_first_person_narration(drafted: Drafted) -> None:
    sop, _ = drafted("Anna: I open the ticket and I check the order.\n\nBen: I refund the payment.")
    steps = list(sop.flow.steps())
    assert [step.role for step in steps] == ["anna", "anna", "ben"]
    assert any(isinstance(node, Handoff) for node in sop.flow.nodes)
    assert isinstance(sop.flow.nodes[-1], Outcome)


def test_the_outcome_is_named_after_the_last_activity(drafted: Drafted) -> None:
    sop, _ = drafted(REFUND)
    *branch_ends, outcome = sop.flow.outcomes()
    assert outcome.name == "Payment refunded"
    assert outcome.provenance is not None
    assert outcome.provenance.quote == "The billing team refunds the payment in Stripe"
    # The branch that rejects the request ends there instead of joining the refund.
    assert [end.name for end in branch_ends] == ["Request rejected"]


def test_a_branch_that_says_the_process_ends_is_named_after_its_last_step(
    drafted: Drafted,
) -> None:
    sop, _ = drafted(
        "The clerk reads the letter. In case of a simple question, the clerk answers the "
        "caller and the process ends. Otherwise the clerk forwards the letter to the lawyer."
    )
    names = sorted(node.name for node in sop.flow.nodes if isinstance(node, Outcome))
    assert names == ["Caller answered", "Letter forwarded"]


def test_a_lone_if_gets_an_inferred_no(drafted: Drafted) -> None:
    sop, _ = drafted(
        "The clerk checks the form. If the form is incomplete, the clerk calls the customer. "
        "The clerk files the form."
    )
    decision = next(sop.flow.decisions())
    assert [option.label for option in decision.options] == ["Yes", "No"]
    inferred = decision.options[1].provenance
    assert inferred is not None
    assert inferred.supported is False
    assert check_document(sop) == []


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("check  the date", "Check the date."),
        ("done!", "Done!"),
        ("record the reference and", "Record the reference."),
        ("", ""),
    ],
)
def test_sentence_case(words: str, expected: str) -> None:
    assert sentence_case(words) == expected


def test_slug() -> None:
    assert slug("Check the Order-Date!") == "check-the-order-date"
    assert slug("!!!", "step") == "step"


def test_a_place_said_before_the_performer_stays_in_the_instruction(drafted: Drafted) -> None:
    sop, _ = drafted("In Stripe the billing specialist opens the Payments page.")
    assert next(sop.flow.steps()).instruction == "Open the Payments page in Stripe."


@pytest.mark.parametrize(
    ("text", "instruction"),
    [
        ("The refund is issued.", "Issue the refund."),
        ("The clerk checks the invoice. The invoice is then archived.", "Archive the invoice."),
    ],
)
def test_a_passive_step_names_what_it_acts_on(
    drafted: Drafted, text: str, instruction: str
) -> None:
    sop, _ = drafted(text)
    assert [step.instruction for step in sop.flow.steps()][-1] == instruction


def test_a_handoff_read_from_a_change_of_performer_points_at_the_new_performer(
    drafted: Drafted,
) -> None:
    sop, transcript = drafted("Anna: I open the ticket.\n\nBen: I refund the payment.")
    handoff = next(sop.flow.handoffs())
    assert handoff.provenance is not None
    assert handoff.provenance.span is not None
    assert "refund the payment" in transcript.quote(handoff.provenance.span)
    assert handoff.provenance.confidence == 0.5


LOOPS = [
    # (text, words of the clause that sends the work back, the step it goes back to)
    (
        "The employee fills in the expense form. The manager reviews the form. "
        "If the form is incomplete, the manager sends it back to the employee. "
        "Otherwise the manager approves the expense. Finance pays the expense.",
        "incomplete",  # "sends it back" is the arrow back, no step of its own
        "Fill in the expense form.",
    ),
    (  # back to where the employee's work began, not to its last step
        "The employee fills in the expense form and attaches the receipts. The manager "
        "reviews the form. If the form is incomplete, the manager returns it to the "
        "employee. Otherwise the manager approves the expense.",
        "incomplete",
        "Fill in the expense form.",
    ),
    (
        "The clerk checks the invoice. If the total is wrong, the clerk corrects it and "
        "repeats the check. Otherwise the clerk files the invoice.",
        "corrects it",  # "repeats the check" is the arrow back, no step of its own
        "Check the invoice.",
    ),
]


@pytest.mark.parametrize(("text", "words", "target"), LOOPS)
def test_a_branch_that_sends_the_work_back_loops_to_the_earlier_step(
    drafted: Drafted, text: str, words: str, target: str
) -> None:
    sop, _ = drafted(text)
    assert check_document(sop) == []
    table = sop.flow.by_id()
    nexts = [
        node.next
        for node in sop.flow.nodes
        if isinstance(node, Step | Handoff)
        and node.provenance is not None
        and words in (node.provenance.quote or "")
    ] + [  # the sending back is the arrow: the option leads straight back
        option.next
        for node in sop.flow.nodes
        if isinstance(node, Decision)
        for option in node.options
        if words in (option.condition or "")
    ]
    assert nexts[0] is not None
    after = table[nexts[0]]
    if isinstance(after, Handoff):  # the work changes hands on its way back
        assert after.next is not None
        after = table[after.next]
    assert isinstance(after, Step)
    assert after.instruction == target


def _targets(node: Step | Decision | Handoff | Outcome) -> list[str]:
    if isinstance(node, Decision):
        return [option.next for option in node.options]
    return [node.next] if not isinstance(node, Outcome) and node.next else []


def test_sending_the_work_on_is_no_loop(drafted: Drafted) -> None:
    sop, _ = drafted(REFUND)  # "forwards the ticket to the billing team": onwards, not back
    order = [node.id for node in sop.flow.nodes]
    for node in sop.flow.nodes:
        for target in _targets(node):
            assert order.index(target) > order.index(node.id), f"{node.id} -> {target}"
