"""The split: a technical stretch becomes a WI; the SOP references it and stays valid."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.analysis.quicktest import Stretch
from sopflow.analysis.split import as_work_instruction, link_instruction, split, split_stretch
from sopflow.model import Sop, WiStep, WorkInstruction, check_document

STEPS = [
    ("agent", "Approve the refund."),
    ("billing", "Open the Payments page in Stripe."),
    ("billing", "Click the payment."),
    ("billing", "Click Refund."),
    ("agent", "Tell the customer."),
]


def test_split_moves_the_stretch_into_a_referenced_wi(chain_sop: Callable[..., Sop]) -> None:
    codes = iter(["WI-TST-001", "WI-TST-002"])
    result = split(chain_sop(STEPS), lambda: next(codes))
    assert [wi.code for wi in result.instructions] == ["WI-TST-001"]
    wi = result.instructions[0]
    assert [step.action for step in wi.steps] == [s for _, s in STEPS[1:4]]
    assert wi.system == "Stripe"
    assert wi.role == "Billing"
    assert check_document(result.sop) == []
    assert check_document(wi) == []
    steps = list(result.sop.flow.steps())
    assert [step.id for step in steps] == ["s0", "follow-wi-tst-001", "s4"]
    follow = steps[1]
    assert follow.reference == "WI-TST-001"
    assert follow.next == "s4"
    assert follow.provenance is not None
    assert follow.provenance.time == (1.0, 4.0)


def test_nothing_to_split(chain_sop: Callable[..., Sop]) -> None:
    result = split(chain_sop(STEPS[:2]), lambda: "WI-TST-001")
    assert result.instructions == ()


def test_link_recorded_wi_replaces_the_steps_said_meanwhile(chain_sop: Callable[..., Sop]) -> None:
    wi = WorkInstruction(
        code="WI-TST-009", title="Stripe", system="Stripe", steps=(WiStep(action="Click"),)
    )
    linked = link_instruction(chain_sop(STEPS), wi, (1.5, 3.5))
    assert check_document(linked) == []
    assert [s.id for s in linked.flow.steps()] == ["s0", "follow-wi-tst-009", "s4"]


def test_link_inserts_a_step_when_nothing_overlaps(chain_sop: Callable[..., Sop]) -> None:
    wi = WorkInstruction(code="WI-TST-009", title="Stripe", steps=(WiStep(action="Click"),))
    linked = link_instruction(chain_sop(STEPS[:2]), wi, (50.0, 60.0))
    assert check_document(linked) == []
    assert any(step.reference == "WI-TST-009" for step in linked.flow.steps())


def test_as_work_instruction_keeps_reading_order(chain_sop: Callable[..., Sop]) -> None:
    wi = as_work_instruction(chain_sop(STEPS[:3], decision_after=0), "WI-TST-002")
    assert [step.action for step in wi.steps] == [
        "Approve the refund.",
        "Check: Is it eligible?",
        "Open the Payments page in Stripe.",
        "Click the payment.",
    ]
    assert check_document(wi) == []


SCOPES = [
    # (instructions of the stretch, system, the scope in the WI's title)
    (["Open the orders page.", "Click Refund."], "Shopify", "steps in Shopify"),
    (["Click the refund button."], None, "click the refund button"),
    (["Open the page.", "Click Refund."], None, "open the page and click Refund"),
    (
        ["Click the refund button.", "Enter the refund amount.", "Click confirm."],
        None,
        "click the refund button, enter the refund amount and click confirm",
    ),
    (
        [
            "Open the orders page in the admin console.",
            "Find the order by its number.",
            "Type the amount into the field.",
            "Click Submit.",
        ],
        None,
        "open the orders page in the admin console … click Submit",
    ),
]


@pytest.mark.parametrize(("instructions", "system", "scope"), SCOPES)
def test_wi_title_names_what_the_stretch_does(
    chain_sop: Callable[..., Sop], instructions: list[str], system: str | None, scope: str
) -> None:
    sop = chain_sop([("billing", text) for text in instructions])
    ids = tuple(step.id for step in sop.flow.steps())
    stretch = Stretch(step_ids=ids, role="billing", system=system)
    _, wi = split_stretch(sop, stretch, "WI-TST-001")
    assert wi.title == f"{sop.title}: {scope}"
