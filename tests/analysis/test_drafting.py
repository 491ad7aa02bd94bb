"""Shaping captured drafts: which documents come out, with which codes and links."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from sopflow.analysis.drafting import finish
from sopflow.errors import SopflowError
from sopflow.model import Kind, Sop, WiStep, WorkInstruction, check_document

SCREEN = WorkInstruction(
    code="WI-DRAFT-000", title="Stripe", system="Stripe", steps=(WiStep(action="Click Refund"),)
)


def codes() -> Callable[[Kind], str]:
    counters: dict[Kind, Iterator[int]] = {}

    def next_code(kind: Kind) -> str:
        number = next(counters.setdefault(kind, iter(range(1, 100))))
        return f"{'SOP' if kind == 'sop' else 'WI'}-TST-{number:03d}"

    return next_code


def test_event_log_alone_is_a_wi() -> None:
    drafts = finish(None, SCREEN, kind="auto", next_code=codes())
    assert [d.code for d in drafts.documents] == ["WI-TST-001"]
    with pytest.raises(SopflowError, match="--kind wi"):
        finish(None, SCREEN, kind="sop", next_code=codes())


def test_flow_plus_screen_is_an_sop_referencing_the_wi(chain_sop: Callable[..., Sop]) -> None:
    sop = chain_sop([("agent", "Approve it."), ("billing", "Pay it.")])
    drafts = finish(sop, SCREEN, kind="auto", next_code=codes(), window=(0.5, 1.5))
    assert drafts.classification.kind == "split"
    new_sop, wi = drafts.documents
    assert isinstance(new_sop, Sop)
    assert new_sop.code == "SOP-TST-001"
    assert wi.code == "WI-TST-001"
    assert "WI-TST-001" in [step.reference for step in new_sop.flow.steps()]
    assert check_document(new_sop) == []


def test_nothing_captured() -> None:
    with pytest.raises(SopflowError, match="nothing captured"):
        finish(None, None, kind="auto", next_code=codes())
