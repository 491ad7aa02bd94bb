"""Order between steps: a chain, split at gateways, joined after them."""

from __future__ import annotations

from sopflow.capture.extraction import Edge, Node
from sopflow.capture.structure.flow import GatewayPlan, build_flow


def a(index: int) -> Node:
    return Node("activity", index)


def g(index: int, branch: int = 0) -> Node:
    return Node("gateway", index, branch)


def test_steps_in_text_order_form_a_chain() -> None:
    edges, joins, ends = build_flow([0, 5, 9], [])
    assert edges == [Edge(a(0), a(1)), Edge(a(1), a(2))]
    assert joins == []
    assert ends == [2]


def test_a_decision_splits_and_joins_at_the_next_step() -> None:
    # step 0; if ... step 1; otherwise step 2; step 3
    plan = GatewayPlan(start=3, branches=[[1], [2]])
    edges, joins, ends = build_flow([0, 5, 9, 14], [plan])
    assert edges == [
        Edge(a(0), g(0)),
        Edge(g(0, 0), a(1)),
        Edge(g(0, 1), a(2)),
        Edge(a(1), a(3)),
        Edge(a(2), a(3)),
    ]
    assert joins == [3]
    assert ends == [3]


def test_branches_that_end_the_text_are_outcomes() -> None:
    plan = GatewayPlan(start=3, branches=[[1, 2], [3]])
    edges, joins, ends = build_flow([0, 5, 9, 14], [plan])
    assert Edge(a(1), a(2)) in edges
    assert joins == [None]
    assert ends == [2, 3]


def test_an_empty_branch_leaves_from_its_marker() -> None:
    plan = GatewayPlan(start=3, branches=[[1], []])
    edges, _, _ = build_flow([0, 5, 14], [plan])
    assert Edge(g(0, 1), a(2)) in edges
