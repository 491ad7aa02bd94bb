"""Lint rules, table-driven: each rule with a document it fails on and a near miss it passes.

Documents are the example SOP and WI with one edit each, written back to YAML and linted as
source text, so every finding is also checked to carry a FILE:LINE:COLUMN location.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from sopflow.analysis.lint import RULE_IDS, lint_files, lint_text
from sopflow.analysis.lint_rules.base import KnownDocument, LintContext
from sopflow.analysis.lint_rules.references import add_months

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOP = EXAMPLES / "refunds" / "SOP-FIN-003-customer-refund.yaml"
WI = EXAMPLES / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"

Data = dict[str, Any]
Edit = Callable[[Data], None]

KNOWN = {
    code: KnownDocument(code, kind, title, status)  # type: ignore[arg-type]
    for code, kind, title, status in [
        ("POL-FIN-001", "policy", "Customer refund policy", "effective"),
        ("WI-PAY-003", "wi", "Refund a card payment in Stripe", "effective"),
        ("WI-PAY-004", "wi", "Refund by bank transfer", "effective"),
        ("WI-PAY-001", "wi", "Refund in the old payment system", "obsolete"),
    ]
}
CONTEXT = LintContext(
    known=KNOWN,
    reviewed_on=date(2026, 1, 15),
    today=date(2026, 6, 1),
    external=frozenset({"EXT-ISO-9001"}),
)


def load(path: Path) -> Data:
    data: Data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return data


def dump(data: Data) -> str:
    stream = io.StringIO()
    YAML(typ="safe").dump(data, stream)
    return stream.getvalue()


def node(data: Data, node_id: str) -> Data:
    found: Data = next(n for n in data["flow"]["nodes"] if n["id"] == node_id)
    return found


def drop(field: str) -> Edit:
    return lambda data: data.pop(field)


def setting(field: str, value: Any) -> Edit:
    return lambda data: data.__setitem__(field, value)


def on_node(node_id: str, field: str, value: Any) -> Edit:
    return lambda data: node(data, node_id).__setitem__(field, value)


def off_node(node_id: str, field: str) -> Edit:
    return lambda data: node(data, node_id).pop(field)


def on_wi_step(index: int, field: str, value: Any) -> Edit:
    return lambda data: data["steps"][index].__setitem__(field, value)


def no_responsibilities(data: Data) -> None:
    data["roles"][2]["responsibilities"] = []


def only_outcome_removed(data: Data) -> None:
    data["flow"]["nodes"] = [n for n in data["flow"]["nodes"] if n["type"] != "outcome"]
    for n in data["flow"]["nodes"]:
        if n.get("next") in ("refund-issued", "refund-declined", "escalated"):
            n["next"] = "log-request"


def loop_with_exit(data: Data) -> None:
    node(data, "explain-refusal")["next"] = "check-eligibility"


def one_option(data: Data) -> None:
    node(data, "payment-method")["options"] = node(data, "payment-method")["options"][:1]
    node(data, "refund-bank")["next"] = "record-reference"


def duplicate_label(data: Data) -> None:
    node(data, "payment-method")["options"][1]["label"] = "card"


def near_duplicate_label(data: Data) -> None:
    node(data, "payment-method")["options"][1]["label"] = "Card via bank"


def closing_in_parallel(archive_leads_to: str) -> Edit:
    """Confirm to the customer and archive the ticket in parallel, then the refund is issued."""

    def edit(data: Data) -> None:
        data["sopflow"] = 2
        node(data, "record-reference")["next"] = "close-case"
        data["flow"]["nodes"] += [
            {
                "id": "close-case",
                "type": "parallel",
                "role": "support-agent",
                "branches": [{"next": "confirm-to-customer"}, {"next": "archive"}],
                "join": "refund-issued",
            },
            {
                "id": "archive",
                "type": "step",
                "role": "support-agent",
                "instruction": "Archive the ticket.",
                "next": archive_leads_to,
            },
        ]

    return edit


def closed_loop(data: Data) -> None:
    node(data, "escalate")["next"] = "wait-for-lead"
    data["flow"]["nodes"].append(
        {
            "id": "wait-for-lead",
            "type": "step",
            "role": "team-lead",
            "instruction": "Wait for the team lead.",
            "next": "escalate",
        }
    )


def orphan_step(data: Data) -> None:
    data["flow"]["nodes"].append(
        {
            "id": "orphan",
            "type": "step",
            "role": "billing",
            "instruction": "Archive the ticket.",
            "next": "refund-issued",
        }
    )


def reachable_extra_step(data: Data) -> None:
    orphan_step(data)
    node(data, "record-reference")["next"] = "orphan"
    node(data, "orphan")["next"] = "confirm-to-customer"


def no_op(data: Data) -> None:
    """The unedited example: the near miss for rules whose failure is a removal."""


def naming_external(*codes: str) -> Edit:
    """Name external documents (format version 3 has the field)."""
    return lambda data: data.update({"sopflow": 3, "external": list(codes)})


CASES: list[tuple[str, Path, Edit, Edit]] = [
    ("purpose-missing", SOP, drop("purpose"), setting("purpose", "Refund quickly.")),
    ("scope-missing", SOP, drop("scope"), setting("scope", "Online orders only.")),
    ("trigger-missing", SOP, drop("trigger"), setting("trigger", "A refund request arrives.")),
    ("responsibilities-missing", SOP, no_responsibilities, no_op),
    ("outcomes-missing", SOP, only_outcome_removed, loop_with_exit),
    ("records-missing", SOP, drop("records"), no_op),
    ("dead-end", SOP, off_node("record-reference", "next"), no_op),
    ("unreachable", SOP, orphan_step, reachable_extra_step),
    ("decision-one-option", SOP, one_option, no_op),
    ("decision-duplicate-labels", SOP, duplicate_label, near_duplicate_label),
    (
        "parallel-block",
        SOP,
        closing_in_parallel("refund-declined"),
        closing_in_parallel("refund-issued"),
    ),
    ("cycle-no-exit", SOP, closed_loop, loop_with_exit),
    ("flow-start", SOP, lambda d: d["flow"].__setitem__("start", "begin"), no_op),
    ("node-id-unique", SOP, on_node("find-order", "id", "log-request"), no_op),
    (
        "sop-click-detail",
        SOP,
        on_node("log-request", "instruction", "Click New ticket and type the order number."),
        on_node("log-request", "instruction", "Log the request and its order number."),
    ),
    (
        "sop-click-detail",
        SOP,
        on_node("log-request", "detail", {"novice": "Select Refund in the Form drop-down."}),
        on_node("log-request", "detail", {"novice": "Use the refund form."}),
    ),
    (
        "wi-branching",
        WI,
        on_wi_step(1, "action", "If the search finds nothing, go to step 7"),
        on_wi_step(1, "action", "Search for the order number"),
    ),
    ("wi-branching", WI, on_wi_step(3, "value", "The amount, or the fee if lower"), no_op),
    ("step-no-role", SOP, off_node("find-order", "role"), no_op),
    ("step-no-role", SOP, off_node("payment-method", "role"), no_op),
    (
        "reference-missing",
        SOP,
        on_node("refund-card", "reference", "WI-PAY-009"),
        on_node("refund-card", "reference", "WI-PAY-004"),
    ),
    (
        "reference-obsolete",
        SOP,
        on_node("refund-card", "reference", "WI-PAY-001"),
        on_node("refund-card", "reference", "WI-PAY-003"),
    ),
    (
        "external-missing",
        SOP,
        naming_external("EXT-ISO-9001", "EXT-ISO-9002"),
        naming_external("EXT-ISO-9001"),
    ),
    (
        "review-overdue",
        SOP,
        setting("review_interval_months", 3),
        setting("review_interval_months", 6),
    ),
]


def lint_edited(path: Path, edit: Edit) -> list[Any]:
    data = copy.deepcopy(load(path))
    edit(data)
    return lint_text(dump(data), path.name, CONTEXT)


@pytest.mark.parametrize(("rule", "path", "failing", "passing"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_on_an_example_and_passes_a_near_miss(
    rule: str, path: Path, failing: Edit, passing: Edit
) -> None:
    found = [finding for finding in lint_edited(path, failing) if finding.rule == rule]
    assert found, f"{rule} found nothing"
    for finding in found:
        assert finding.severity == RULE_IDS[rule].severity
        assert finding.hint == RULE_IDS[rule].hint
        assert finding.file == path.name
        assert finding.line > 1 or rule.endswith("-missing")
    assert [f for f in lint_edited(path, passing) if f.rule == rule] == []


def test_every_rule_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(RULE_IDS)


def test_findings_point_at_the_line_of_the_element() -> None:
    data = load(SOP)
    on_node("refund-card", "reference", "WI-PAY-009")(data)
    text = dump(data)
    missing = next(f for f in lint_text(text, SOP.name, CONTEXT) if f.rule == "reference-missing")
    assert "reference: WI-PAY-009" in text.splitlines()[missing.line - 1]
    assert str(missing).startswith(f"{SOP.name}:{missing.line}:{missing.column}: error")


def test_a_document_that_does_not_load_reports_its_problems() -> None:
    findings = lint_text("sopflow: 1\nkind: sop\ncode: SOP-FIN-003\n", "draft.yaml")
    assert [(f.rule, f.line) for f in findings] == [("schema", 1), ("schema", 1)]
    assert "missing required field `title`" in findings[0].message + findings[1].message


def test_the_example_library_is_clean(examples: Path) -> None:
    results = lint_files([examples])
    assert len(results) == 8
    assert {file: found for file, found in results.items() if found} == {}


def test_add_months_keeps_the_day_or_ends_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2025, 11, 15), 14) == date(2027, 1, 15)
