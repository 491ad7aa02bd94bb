"""Graph problems of an SOP's flow: dead ends, unreachable nodes, decisions with one option
or repeated labels, parallels whose branches do not make a block, loops with no way out.

The flow checks of the model find these (a document with them does not validate); lint gives
each its own rule id and a hint, and reports them beside the other findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from sopflow.analysis.lint_rules.base import Check, Hit, LintContext, Rule
from sopflow.model import AnyDocument, Sop
from sopflow.model.rules import check_flow

MODEL_RULES = {
    "dead-end": ("way-forward", "target-exists"),
    "unreachable": ("reachable",),
    "decision-one-option": ("decision-options",),
    "decision-duplicate-labels": ("decision-labels",),
    "parallel-block": (
        "parallel-branches",
        "parallel-join",
        "parallel-overlap",
        "parallel-entry",
        "parallel-nested",
    ),
    "cycle-no-exit": ("cycle-exit",),
    "flow-start": ("start",),
    "node-id-unique": ("unique-id",),
}
"""Lint rule id -> the model's flow-check rule names it reports."""


def _from_flow(*names: str) -> Check:
    def check(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
        if isinstance(document, Sop):
            for problem in check_flow(document.flow):
                if problem.rule in names:
                    yield Hit(problem.path, problem.message)

    return check


def _rule(rule_id: str, summary: str, hint: str) -> Rule:
    return Rule(rule_id, "error", summary, hint, _from_flow(*MODEL_RULES[rule_id]))


RULES = (
    _rule(
        "dead-end",
        "Every step and handoff leads to an existing node.",
        "give the node a `next` that exists; end the flow with an outcome node",
    ),
    _rule(
        "unreachable",
        "Every node can be reached from the start.",
        "lead to the node from a step or an option, or remove it",
    ),
    _rule(
        "decision-one-option",
        "A decision has at least two options.",
        "add the other answer, or turn the decision into a step",
    ),
    _rule(
        "decision-duplicate-labels",
        "A decision's options have distinct labels.",
        "give each option a label that tells it apart",
    ),
    _rule(
        "parallel-block",
        "A parallel has two or more branches, each reaching its join and ending only there.",
        "lead every branch to the join node; keep branches apart and enter them only from "
        "the parallel node",
    ),
    _rule(
        "cycle-no-exit",
        "Every loop has a way out to an outcome.",
        "give a decision in the loop an option that leads on to an outcome",
    ),
    _rule(
        "flow-start",
        "The flow starts at an existing node.",
        "set `flow.start` to the id of the first node",
    ),
    _rule(
        "node-id-unique",
        "Node ids are unique in the flow.",
        "rename one of the nodes; ids name nodes in `next` and in run records",
    ),
)
