"""Parallel splits: branches that make a block, reported by name when they do not."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import TypeAdapter

from sopflow.model import AnyDocument, Document, Parallel, Sop, check_document
from sopflow.model.flow import successors
from sopflow.model.parallels import branch_nodes, branch_of

ADAPTER: TypeAdapter[AnyDocument] = TypeAdapter(Document)

# An order: pack the goods and print the invoice in any order, then ship. Packing asks
# whether the goods are fragile; the invoice branch splits again (print it, e-mail it).
SHIPPING: dict[str, Any] = {
    "kind": "sop",
    "code": "SOP-LOG-009",
    "title": "Ship an order",
    "roles": [{"id": "warehouse", "name": "Warehouse"}, {"id": "office", "name": "Office"}],
    "flow": {
        "start": "take-order",
        "nodes": [
            {"id": "take-order", "type": "step", "instruction": "Take the order", "next": "split"},
            {
                "id": "split",
                "type": "parallel",
                "role": "warehouse",
                "branches": [
                    {"label": "Pack the goods", "next": "fragile"},
                    {"next": "invoice"},
                ],
                "join": "ship",
            },
            {
                "id": "fragile",
                "type": "decision",
                "question": "Fragile?",
                "options": [{"label": "Yes", "next": "pad"}, {"label": "No", "next": "pack"}],
            },
            {"id": "pad", "type": "step", "instruction": "Pad the box", "next": "pack"},
            {"id": "pack", "type": "step", "instruction": "Pack the goods", "next": "ship"},
            {
                "id": "invoice",
                "type": "parallel",
                "role": "office",
                "branches": [{"next": "print"}, {"label": "E-mail it", "next": "mail"}],
                "join": "file",
            },
            {"id": "print", "type": "step", "instruction": "Print the invoice", "next": "file"},
            {"id": "mail", "type": "step", "instruction": "E-mail the invoice", "next": "file"},
            {"id": "file", "type": "step", "instruction": "File the invoice", "next": "ship"},
            {"id": "ship", "type": "step", "instruction": "Ship the goods", "next": "shipped"},
            {"id": "shipped", "type": "outcome", "name": "Shipped"},
        ],
    },
}


def shipping_with(change: Callable[[dict[str, Any]], object]) -> AnyDocument:
    """The valid SOP above with one change applied."""
    data = copy.deepcopy(SHIPPING)
    change(data)
    return ADAPTER.validate_python(data)


def node(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(n for n in data["flow"]["nodes"] if n["id"] == node_id)
    return found


def test_a_parallel_with_a_decision_and_a_nested_parallel_is_valid() -> None:
    sop = shipping_with(lambda data: None)
    assert check_document(sop) == []
    assert isinstance(sop, Sop)
    split = sop.flow.node("split")
    assert isinstance(split, Parallel)
    assert successors(split) == ("fragile", "invoice")
    assert [branch.label for branch in split.branches] == ["Pack the goods", None]
    assert [p.id for p in sop.flow.parallels()] == ["split", "invoice"]


def test_branches_hold_the_nodes_up_to_the_join() -> None:
    sop = shipping_with(lambda data: None)
    assert isinstance(sop, Sop)
    table = sop.flow.by_id()
    split = table["split"]
    assert isinstance(split, Parallel)
    assert branch_nodes(table, split, 0) == {"fragile", "pad", "pack"}
    assert branch_nodes(table, split, 1) == {"invoice", "print", "mail", "file"}
    inner = branch_of(sop.flow)
    assert inner["pad"] == ("split", 0)
    assert inner["invoice"] == ("split", 1)
    assert inner["mail"] == ("invoice", 1)  # the innermost branch holding it
    assert "ship" not in inner


CASES: list[tuple[str, Callable[[dict[str, Any]], object], str, tuple[str | int, ...], str]] = [
    (
        "one branch",
        lambda d: node(d, "invoice")["branches"].pop(),
        "parallel-branches",
        ("flow", "nodes", 5, "branches"),
        "parallel 'invoice' has 1 branch(es); a parallel needs at least 2",
    ),
    (
        "a branch target that does not exist",
        lambda d: node(d, "split")["branches"][1].update(next="billing"),
        "target-exists",
        ("flow", "nodes", 1, "branches", 1, "next"),
        "parallel 'split' branch 2 leads to 'billing', which does not exist",
    ),
    (
        "a join that does not exist",
        lambda d: node(d, "split").update(join="send"),
        "target-exists",
        ("flow", "nodes", 1, "join"),
        "parallel 'split' joins at 'send', which does not exist",
    ),
    (
        "two branches starting at one node",
        lambda d: node(d, "split")["branches"][1].update(next="fragile"),
        "parallel-branches",
        ("flow", "nodes", 1, "branches", 1, "next"),
        "parallel 'split' branch 2 starts at 'fragile' like an earlier branch",
    ),
    (
        "a branch with no node",
        lambda d: node(d, "split")["branches"][1].update(next="ship"),
        "parallel-branches",
        ("flow", "nodes", 1, "branches", 1, "next"),
        "parallel 'split' branch 2 leads straight to the join 'ship'",
    ),
    (
        "a branch that never reaches the join",
        lambda d: node(d, "pack").update(next="shipped"),
        "parallel-join",
        ("flow", "nodes", 1, "branches", 0),
        "parallel 'split' branch 1 ('Pack the goods') never reaches the join 'ship'",
    ),
    (
        "a branch that can end at an outcome",
        lambda d: node(d, "fragile")["options"][0].update(next="shipped"),
        "parallel-join",
        ("flow", "nodes", 1, "branches", 0),
        "parallel 'split' branch 1 ('Pack the goods') can end at outcome 'shipped' without "
        "reaching the join 'ship'",
    ),
    (
        "branches that share a node",
        lambda d: node(d, "mail").update(next="pack"),
        "parallel-overlap",
        ("flow", "nodes", 1, "branches", 1),
        "parallel 'split' branch 2 shares node 'pack' with an earlier branch",
    ),
    (
        "a way into a branch that passes by the split",
        lambda d: (
            d["flow"].update(start="rush")
            or d["flow"]["nodes"].extend(
                [
                    {
                        "id": "rush",
                        "type": "decision",
                        "question": "A rush order?",
                        "options": [
                            {"label": "Yes", "next": "urgent"},
                            {"label": "No", "next": "take-order"},
                        ],
                    },
                    {"id": "urgent", "type": "step", "instruction": "Hurry", "next": "pack"},
                ]
            )
        ),
        "parallel-entry",
        ("flow", "nodes", 12, "id"),
        "step 'urgent' leads into parallel 'split' branch 1 ('Pack the goods') at 'pack'",
    ),
    (
        "a nested parallel that joins outside its branch",
        lambda d: (
            node(d, "invoice").update(join="ship")
            or node(d, "print").update(next="ship")
            or node(d, "mail").update(next="ship")
        ),
        "parallel-nested",
        ("flow", "nodes", 5, "join"),
        "parallel 'invoice' inside parallel 'split' branch 2 must join inside that branch "
        "(it joins at 'ship')",
    ),
    (
        "a branch that leads back to its split",
        lambda d: node(d, "fragile")["options"].append({"label": "Unsure", "next": "split"}),
        "parallel-join",
        ("flow", "nodes", 1, "branches", 0),
        "parallel 'split' branch 1 ('Pack the goods') leads back to 'split' before the join",
    ),
    (
        "a join at the split itself",
        lambda d: node(d, "invoice").update(join="invoice"),
        "parallel-join",
        ("flow", "nodes", 5, "join"),
        "parallel 'invoice' joins at itself",
    ),
    (
        "an undeclared role",
        lambda d: node(d, "split").update(role="courier"),
        "role-declared",
        ("flow", "nodes", 1, "role"),
        "parallel 'split' names role 'courier', which is not among the SOP's roles",
    ),
]


@pytest.mark.parametrize(
    ("change", "rule", "path", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_broken_parallels_are_reported(
    change: Callable[[dict[str, Any]], object],
    rule: str,
    path: tuple[str | int, ...],
    message: str,
) -> None:
    problems = check_document(shipping_with(change))
    matching = [problem for problem in problems if problem.rule == rule]
    assert matching, problems
    assert matching[0].path == path
    assert message in matching[0].message


def test_a_loop_inside_a_branch_is_allowed() -> None:
    def recount(data: dict[str, Any]) -> None:
        node(data, "pack")["next"] = "count"
        data["flow"]["nodes"].append(
            {
                "id": "count",
                "type": "decision",
                "question": "Is everything in the box?",
                "options": [{"label": "Yes", "next": "ship"}, {"label": "No", "next": "pack"}],
            }
        )

    assert check_document(shipping_with(recount)) == []


def test_a_join_may_be_an_outcome_and_reached_from_before_the_split() -> None:
    def shortcut(data: dict[str, Any]) -> None:
        node(data, "split")["join"] = "shipped"
        node(data, "pack")["next"] = "shipped"
        node(data, "file")["next"] = "shipped"
        node(data, "take-order")["next"] = "stock"
        data["flow"]["nodes"].append(
            {
                "id": "stock",
                "type": "decision",
                "question": "Already shipped by the supplier?",
                "options": [{"label": "Yes", "next": "shipped"}, {"label": "No", "next": "split"}],
            }
        )

    problems = check_document(shipping_with(shortcut))
    assert [problem.rule for problem in problems] == ["reachable"]  # only 'ship' is left over
