"""Fixtures for engine tests: example revisions, and `twin`, which plays scripted transitions
and checks the result against its save/restore twin at every point."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from sopflow.model import Parallel
from sopflow.model.runs import Run, run_from_data, run_to_data
from sopflow.runner import engine
from sopflow.runner.engine import Followed
from sopflow.runner.sources import followed_from_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REFUNDS = EXAMPLES / "refunds" / "SOP-FIN-003-customer-refund.yaml"
ONBOARDING = EXAMPLES / "onboarding" / "SOP-HR-001-employee-onboarding.yaml"
EXAMPLE_SOPS = sorted(EXAMPLES.rglob("SOP-*.yaml"))

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Action = tuple[str, ...]
"""("complete",) ("complete", note) ("na", reason) ("answer", label) ("branch", number)
("back", node) ("change", decision, label) ("pause",) ("resume",)"""


def follow(path: Path) -> Followed:
    return followed_from_file(path)


def apply(followed: Followed, run: Run, action: Action, at: datetime, who: str = "ana") -> Run:
    kind, *args = action
    if kind == "complete":
        return engine.complete(followed, run, who=who, at=at, note=args[0] if args else None)
    if kind == "na":
        return engine.not_applicable(followed, run, reason=args[0], who=who, at=at)
    if kind == "answer":
        return engine.answer(followed, run, args[0], who=who, at=at)
    if kind == "branch":
        return engine.take_branch(followed, run, int(args[0]), who=who, at=at)
    if kind == "back":
        return engine.go_back(followed, run, args[0], who=who, at=at)
    if kind == "change":
        return engine.change_answer(followed, run, args[0], args[1], who=who, at=at)
    if kind == "pause":
        return engine.pause(run, who=who, at=at)
    if kind == "resume":
        return engine.resume(run, who=who, at=at)
    raise AssertionError(f"unknown action {kind}")


def restored(run: Run) -> Run:
    """The run after a trip through saved JSON text."""
    return run_from_data(json.loads(json.dumps(run_to_data(run))))


def play(followed: Followed, actions: Sequence[Action], save_after: int | None = None) -> Run:
    """Start a run and apply actions a minute apart; save and restore after save_after of them."""
    run = engine.start(followed, run_id="r1", who="ana", at=START)
    for index, action in enumerate(actions):
        if index == save_after:
            run = restored(run)
        run = apply(followed, run, action, START + timedelta(minutes=index + 1))
    return restored(run) if save_after == len(actions) else run


def twin(followed: Followed, actions: Sequence[Action]) -> Run:
    """Play actions straight through, and saved and restored at every point in between.

    Every twin must give the same run; that run is returned for the test's own checks.
    """
    straight = play(followed, actions)
    for point in range(len(actions) + 1):
        assert play(followed, actions, save_after=point) == straight, f"differs saved at {point}"
    return straight


Twin = Callable[[Followed, Sequence[Action]], Run]


@pytest.fixture(name="twin")
def twin_fixture() -> Twin:
    """`twin(followed, actions)`: the run after actions, checked against every save point."""
    return twin


@pytest.fixture
def example_sops() -> list[Path]:
    """Every SOP of the example library."""
    return EXAMPLE_SOPS


@pytest.fixture
def refunds() -> Followed:
    """SOP-FIN-003, the customer refund example."""
    return follow(REFUNDS)


@pytest.fixture
def onboarding() -> Followed:
    """SOP-HR-001, the onboarding example (it has an optional step)."""
    return follow(ONBOARDING)


def route_actions(
    followed: Followed, nodes: Sequence[str], answers: dict[str, str]
) -> list[Action]:
    """The actions that walk a route: answer each decision, take a parallel's branches in
    their order (the route has the parallel node once per branch), complete everything else."""
    actions: list[Action] = []
    taken: dict[str, int] = {}
    for node_id in nodes:
        node = followed.node(node_id)
        if isinstance(node, Parallel):
            taken[node_id] = taken.get(node_id, 0) % len(node.branches) + 1
            actions.append(("branch", str(taken[node_id])))
        elif node.type == "decision":
            actions.append(("answer", answers[node_id]))
        elif node.type != "outcome":
            actions.append(("complete",))
    return actions


@pytest.fixture
def shipping(shipping_sop: Path) -> Followed:
    """SOP-LOG-009, a parallel split with a decision and another parallel inside it."""
    return follow(shipping_sop)


@pytest.fixture
def runs() -> SimpleNamespace:
    """The helpers above, for tests: play, twin, restored, apply, route_actions, follow, START."""
    return SimpleNamespace(
        play=play,
        twin=twin,
        restored=restored,
        apply=apply,
        route_actions=route_actions,
        follow=follow,
        START=START,
    )
