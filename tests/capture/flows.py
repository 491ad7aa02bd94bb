"""A drafted flow written one line per edge, so that a capture test reads as an example: a
small text in, the graph it must give out.

"node -> next" for steps and handoffs, "question [option] -> next" for decisions, "at the
same time -> next" and "at the same time joins at …" for parallel work, "end: name" for an
outcome.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence

import pytest

from sopflow.capture.transcript import Transcript
from sopflow.model import Decision, Handoff, Sop, Step
from sopflow.model.flow import AnyNode, Parallel

Drafted = Callable[[str], tuple[Sop, Transcript]]
"""The `drafted` fixture: an SOP drafted from a plain text, with its transcript."""
FlowOf = Callable[[str], list[str]]
"""The `flow_of` fixture: the flow drafted from a plain text, as `edges` writes it."""


def _name(node: AnyNode) -> str:
    if isinstance(node, Parallel):
        return "at the same time"
    if isinstance(node, Step):
        return node.instruction
    if isinstance(node, Decision):
        return node.question
    if isinstance(node, Handoff):
        return f"to {node.to_role}"
    return f"end: {node.name}"


def edges(sop: Sop) -> list[str]:
    """The flow as lines "a -> b", in the order of the nodes."""
    table = sop.flow.by_id()
    lines: list[str] = []
    for node in sop.flow.nodes:
        if isinstance(node, Step | Handoff) and node.next:
            lines.append(f"{_name(node)} -> {_name(table[node.next])}")
        elif isinstance(node, Decision):
            lines += [f"{_name(node)} [{o.label}] -> {_name(table[o.next])}" for o in node.options]
        elif isinstance(node, Parallel):
            lines += [f"{_name(node)} -> {_name(table[b.next])}" for b in node.branches]
            lines.append(f"{_name(node)} joins at {_name(table[node.join])}")
    return lines


Cases = Mapping[str, tuple[str, Sequence[str]]]
"""Named examples: a small text and the flow lines it must draft into."""


def examples(cases: Cases) -> pytest.MarkDecorator:
    """One test per named case (text, expected), the name as the test's id."""
    return pytest.mark.parametrize(("text", "expected"), list(cases.values()), ids=list(cases))


def flow_examples(cases: Cases) -> Callable[[str, Sequence[str], FlowOf], None]:
    """The test that each case's text drafts into exactly its flow lines, one test id per
    case name: `test_what_the_cases_show = flow_examples(CASES)` in a test module."""

    @examples(cases)
    def test(text: str, expected: Sequence[str], flow_of: FlowOf) -> None:
        drafted = flow_of(text)
        diff = difflib.unified_diff(list(expected), drafted, "expected", "drafted", lineterm="")
        assert drafted == list(expected), "\n".join(diff)

    return test
