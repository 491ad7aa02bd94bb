"""The graph rules: each broken flow is reported with a message naming the element."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import TypeAdapter

from sopflow.model import AnyDocument, Document, check_document

ADAPTER: TypeAdapter[AnyDocument] = TypeAdapter(Document)

VALID_SOP: dict[str, Any] = {
    "kind": "sop",
    "code": "SOP-OPS-001",
    "title": "Handle a return",
    "roles": [
        {"id": "clerk", "name": "Returns clerk"},
        {"id": "lead", "name": "Team lead"},
    ],
    "flow": {
        "start": "receive",
        "nodes": [
            {
                "id": "receive",
                "type": "step",
                "role": "clerk",
                "instruction": "Receive the parcel",
                "next": "damaged",
            },
            {
                "id": "damaged",
                "type": "decision",
                "role": "clerk",
                "question": "Is it damaged?",
                "options": [
                    {"label": "Yes", "next": "escalate"},
                    {"label": "No", "next": "restock"},
                ],
            },
            {
                "id": "escalate",
                "type": "handoff",
                "from_role": "clerk",
                "to_role": "lead",
                "transfers": ["The parcel"],
                "next": "escalated",
            },
            {
                "id": "restock",
                "type": "step",
                "role": "clerk",
                "instruction": "Restock the item",
                "next": "done",
            },
            {"id": "escalated", "type": "outcome", "name": "Escalated"},
            {"id": "done", "type": "outcome", "name": "Restocked"},
        ],
    },
}


def sop_with(change: Callable[[dict[str, Any]], None]) -> AnyDocument:
    """The valid SOP above with one change applied."""
    data = copy.deepcopy(VALID_SOP)
    change(data)
    return ADAPTER.validate_python(data)


def nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = data["flow"]["nodes"]
    return result


def test_the_base_sop_is_valid() -> None:
    assert check_document(sop_with(lambda data: None)) == []


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, tuple[str | int, ...], str]] = [
    (
        "duplicate node id",
        lambda d: nodes(d)[3].update(id="receive"),
        "unique-id",
        ("flow", "nodes", 3, "id"),
        "node id 'receive' is used by more than one node",
    ),
    (
        "missing target",
        lambda d: nodes(d)[1]["options"][0].update(next="nowhere"),
        "target-exists",
        ("flow", "nodes", 1, "options", 0, "next"),
        "decision 'damaged' option 'Yes' leads to 'nowhere', which does not exist",
    ),
    (
        "missing start",
        lambda d: d["flow"].update(start="begin"),
        "start",
        ("flow", "start"),
        "start node 'begin' does not exist",
    ),
    (
        "unreachable node",
        lambda d: nodes(d).append({"id": "orphan", "type": "outcome", "name": "Lost"}),
        "reachable",
        ("flow", "nodes", 6, "id"),
        "outcome 'orphan' cannot be reached from the start node 'receive'",
    ),
    (
        "no way forward",
        lambda d: nodes(d)[3].pop("next"),
        "way-forward",
        ("flow", "nodes", 3),
        "step 'restock' has no way forward",
    ),
    (
        "one option",
        lambda d: nodes(d)[1]["options"].pop(),
        "decision-options",
        ("flow", "nodes", 1, "options"),
        "decision 'damaged' has 1 option(s); a decision needs at least 2",
    ),
    (
        "duplicate labels",
        lambda d: nodes(d)[1]["options"][1].update(label="yes"),
        "decision-labels",
        ("flow", "nodes", 1, "options", 1, "label"),
        "decision 'damaged' has two options labelled 'yes'",
    ),
    (
        "loop with no way out",
        lambda d: (
            nodes(d)[3].update(next="receive") or nodes(d)[1]["options"][0].update(next="restock")
        ),
        "cycle-exit",
        ("flow", "nodes", 0, "id"),
        "step 'receive' is in a loop with no way out",
    ),
    (
        "undeclared role",
        lambda d: nodes(d)[0].update(role="courier"),
        "role-declared",
        ("flow", "nodes", 0, "role"),
        "step 'receive' names role 'courier', which is not among the SOP's roles",
    ),
    (
        "code of another kind",
        lambda d: d.update(code="WI-OPS-001"),
        "code-kind",
        ("code",),
        "code WI-OPS-001 starts with WI but the document is a sop; use SOP-OPS-001",
    ),
    (
        "reference to a policy from a step",
        lambda d: nodes(d)[0].update(reference="POL-OPS-001"),
        "reference-kind",
        ("flow", "nodes", 0, "reference"),
        "step 'receive' references POL-OPS-001 must be a WI or SOP code",
    ),
]


@pytest.mark.parametrize(
    ("change", "rule", "path", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_broken_flows_are_reported(
    change: Callable[[dict[str, Any]], None], rule: str, path: tuple[str | int, ...], message: str
) -> None:
    problems = check_document(sop_with(change))
    matching = [problem for problem in problems if problem.rule == rule]
    assert matching, problems
    assert matching[0].path == path
    assert message in matching[0].message


def test_a_loop_with_a_way_out_is_allowed() -> None:
    def retry(data: dict[str, Any]) -> None:
        nodes(data)[1]["options"].append({"label": "Unsure", "next": "receive"})

    assert check_document(sop_with(retry)) == []


WORK_INSTRUCTION: dict[str, Any] = {
    "kind": "wi",
    "code": "WI-OPS-002",
    "title": "Print a return label",
    "steps": [{"action": "Open the label printer app"}, {"action": "Click Print"}],
}


def test_a_work_instruction_needs_steps() -> None:
    valid = ADAPTER.validate_python(WORK_INSTRUCTION)
    assert check_document(valid) == []
    empty = ADAPTER.validate_python({**WORK_INSTRUCTION, "steps": []})
    assert [problem.rule for problem in check_document(empty)] == ["wi-steps"]


WORKFLOW: dict[str, Any] = {
    "kind": "workflow",
    "code": "WF-OPS-001",
    "title": "Returns",
    "trigger": "A parcel arrives",
    "start": "receive",
    "stages": [
        {
            "id": "receive",
            "name": "Receive",
            "performer": {"name": "Warehouse"},
            "sop": "SOP-OPS-001",
            "next": ["refund"],
        },
        {"id": "refund", "name": "Refund", "performer": {"name": "Billing"}},
    ],
}


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (lambda d: d["stages"][0].update(next=["ship"]), "target-exists"),
        (lambda d: d.update(start="begin"), "start"),
        (lambda d: d["stages"][0].update(next=[]), "reachable"),
        (lambda d: d["stages"][1].update(id="receive"), "unique-id"),
        (lambda d: d["stages"][0].update(sop="POL-OPS-001"), "reference-kind"),
    ],
    ids=["missing target", "missing start", "unreachable", "duplicate id", "wrong code kind"],
)
def test_broken_workflows_are_reported(change: Callable[[dict[str, Any]], None], rule: str) -> None:
    data = copy.deepcopy(WORKFLOW)
    assert check_document(ADAPTER.validate_python(data)) == []
    change(data)
    assert rule in [problem.rule for problem in check_document(ADAPTER.validate_python(data))]


def test_a_policy_is_implemented_by_sops_or_workflows() -> None:
    policy = {
        "kind": "policy",
        "code": "POL-OPS-001",
        "title": "Returns",
        "statement": "We take returns.",
    }
    assert (
        check_document(ADAPTER.validate_python({**policy, "implemented_by": ["SOP-OPS-001"]})) == []
    )
    wrong = ADAPTER.validate_python({**policy, "implemented_by": ["WI-OPS-001"]})
    assert [problem.rule for problem in check_document(wrong)] == ["reference-kind"]
