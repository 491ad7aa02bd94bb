"""Hand-written SOPs for the quick test and the split, built with the model's types."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from sopflow.model import Decision, Flow, Option, Outcome, Provenance, Role, Sop, Step


def _chain_sop(
    instructions: Sequence[tuple[str, str]],
    *,
    decision_after: int | None = None,
    roles: Sequence[str] = ("agent", "billing"),
) -> Sop:
    """An SOP whose steps follow each other; optionally a yes/no decision after one step."""
    nodes: list[Step | Decision | Outcome] = []
    ids = [f"s{n}" for n in range(len(instructions))]
    for number, (role, instruction) in enumerate(instructions):
        following = ids[number + 1] if number + 1 < len(ids) else "end"
        if decision_after == number:
            nodes.append(Step(id=ids[number], role=role, instruction=instruction, next="decide"))
            nodes.append(
                Decision(
                    id="decide",
                    role=role,
                    question="Is it eligible?",
                    options=(Option(label="Yes", next=following), Option(label="No", next="end")),
                )
            )
            continue
        nodes.append(
            Step(
                id=ids[number],
                role=role,
                instruction=instruction,
                next=following,
                provenance=Provenance(
                    span=(number * 10, number * 10 + 9), time=(number, number + 1.0)
                ),
            )
        )
    nodes.append(Outcome(id="end", name="Done"))
    return Sop(
        code="SOP-TST-001",
        title="Refund",
        roles=tuple(Role(id=role, name=role.title()) for role in roles),
        flow=Flow(start=ids[0], nodes=tuple(nodes)),
    )


ChainSop = Callable[..., Sop]


@pytest.fixture
def chain_sop() -> ChainSop:
    """Build an SOP of linked steps: chain_sop([(role, instruction), ...], decision_after=...)."""
    return _chain_sop
