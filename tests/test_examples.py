"""The example library reads like real company documents and holds together."""

from __future__ import annotations

from pathlib import Path

from sopflow.formats.yaml_source import load_document
from sopflow.model import Sop, WorkInstruction, references


def test_every_example_loads_and_every_reference_resolves(examples: Path) -> None:
    documents = {
        document.code: document
        for document in (load_document(path) for path in sorted(examples.rglob("*.yaml")))
    }
    assert len(documents) == 8
    for code, document in documents.items():
        missing = [ref for ref in references(document) if ref not in documents]
        assert missing == [], f"{code} refers to {missing}"


def test_the_refund_sop_has_the_shape_the_story_needs(examples: Path) -> None:
    sop = load_document(examples / "refunds" / "SOP-FIN-003-customer-refund.yaml")
    assert isinstance(sop, Sop)
    assert {role.id for role in sop.roles} >= {"support-agent", "billing"}
    assert [d.id for d in sop.flow.decisions()] == ["check-eligibility", "payment-method"]
    assert len(list(sop.flow.handoffs())) >= 1
    assert [o.name for o in sop.outcomes] == [
        "Refund issued",
        "Refund declined",
        "Escalated to the team lead",
    ]
    referenced = {step.reference for step in sop.flow.steps() if step.reference}
    assert referenced == {"WI-PAY-003", "WI-PAY-004"}


def test_work_instructions_are_linear_single_role_tasks(examples: Path) -> None:
    for path in sorted(examples.rglob("WI-*.yaml")):
        wi = load_document(path)
        assert isinstance(wi, WorkInstruction)
        assert wi.role, path
        assert wi.system, path
        assert len(wi.steps) >= 5, path
