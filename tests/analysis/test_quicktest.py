"""The quick test: its verdict and the signals that decided it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sopflow.analysis.quicktest import classify, technical_stretches
from sopflow.formats.yaml_source import load_document
from sopflow.model import Sop, WiStep, WorkInstruction

CLICKS = [
    ("billing", "Open the Payments page in Stripe."),
    ("billing", "Click the payment."),
    ("billing", "Click Refund."),
    ("billing", "Type the amount in the Amount field."),
]


@pytest.mark.parametrize(
    ("steps", "options", "kind"),
    [
        ([("agent", "Log the request."), ("agent", "Answer.")], {"roles": ["agent"]}, "wi"),
        ([("agent", "Log the request."), ("billing", "Pay the refund.")], {}, "sop"),
        (
            [("agent", "Log the request."), ("agent", "Reply.")],
            {"decision_after": 0, "roles": ["agent"]},
            "sop",
        ),
        ([("agent", "Approve the refund."), *CLICKS], {}, "split"),
        (CLICKS, {"roles": ["billing"]}, "wi"),
    ],
)
def test_verdict(
    steps: list[tuple[str, str]],
    options: dict[str, Any],
    kind: str,
    chain_sop: Callable[..., Sop],
) -> None:
    assert classify(chain_sop(steps, **options)).kind == kind


def test_signals_say_why(chain_sop: Callable[..., Sop]) -> None:
    verdict = classify(chain_sop([("agent", "Approve the refund."), *CLICKS]))
    by_name = {signal.name: signal for signal in verdict.signals}
    assert by_name["roles"].value == 2
    assert by_name["roles"].points_to == "sop"
    assert by_name["technical stretches"].value == 1
    assert verdict.stretches[0].step_ids == ("s1", "s2", "s3", "s4")
    assert verdict.stretches[0].system == "Stripe"
    assert "split" in verdict.reason
    assert verdict.as_json()["stretches"][0]["steps"] == ["s1", "s2", "s3", "s4"]


def test_stretch_breaks_at_another_role_or_system(chain_sop: Callable[..., Sop]) -> None:
    sop = chain_sop(
        [
            ("billing", "Click Refund in Stripe."),
            ("billing", "Click Save in Stripe."),
            ("agent", "Click Close."),
            ("billing", "Click Send in Stripe."),
            ("billing", "Click Done in Xero."),
            ("billing", "Click Exit."),
        ]
    )
    assert technical_stretches(sop, minimum=2)[0].step_ids == ("s0", "s1")
    assert len(technical_stretches(sop, minimum=3)) == 0


def test_a_work_instruction_stays_one() -> None:
    wi = WorkInstruction(code="WI-TST-001", title="x", steps=(WiStep(action="Click Save"),))
    assert classify(wi).kind == "wi"


def test_example_library(examples: Path) -> None:
    sop = load_document(examples / "refunds" / "SOP-FIN-003-customer-refund.yaml")
    verdict = classify(sop)
    assert verdict.kind == "sop"
    wi = load_document(examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml")
    assert classify(wi).kind == "wi"
