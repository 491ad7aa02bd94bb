"""The run engine, transition by transition.

Every test plays its transitions through `twin`, which also saves the run to JSON and restores
it at every point in between, and expects the same result each time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopflow.model import Decision
from sopflow.model.runs import RevisionRef, Run
from sopflow.runner import engine
from sopflow.runner.engine import Followed, RunError
from sopflow.runner.routes import routes

Action = tuple[str, ...]
Twin = Callable[[Followed, Sequence[Action]], Run]

ELIGIBLE_CARD: list[Action] = [
    ("complete",),
    ("complete", "Customer called twice"),
    ("answer", "Eligible"),
    ("complete",),
    ("complete",),
    ("answer", "card"),
    ("complete",),
    ("complete",),
    ("complete",),
]
"""SOP-FIN-003 from the request to "Refund issued", paid back by card."""


def test_a_run_starts_at_the_start_node_pinned_to_its_revision(
    refunds: Followed, twin: Twin
) -> None:
    run = twin(refunds, [])
    assert run.state == "in_progress"
    assert run.revision == refunds.revision
    assert run.revision.sha256 == refunds.revision.sha256
    assert [entry.node for entry in run.path] == ["log-request"]
    assert [(t.kind, t.who) for t in run.history] == [("start", "ana")]


def test_a_run_follows_answers_to_an_outcome(refunds: Followed, twin: Twin) -> None:
    run = twin(refunds, ELIGIBLE_CARD)
    assert run.state == "finished"
    assert run.outcome == "refund-issued"
    assert dict(run.answers) == {"check-eligibility": "Eligible", "payment-method": "Card"}
    assert [entry.node for entry in run.path] == [
        "log-request",
        "find-order",
        "check-eligibility",
        "record-decision",
        "to-billing",
        "payment-method",
        "refund-card",
        "record-reference",
        "confirm-to-customer",
        "refund-issued",
    ]
    assert run.path[1].note == "Customer called twice"
    assert all(entry.done_by == "ana" and entry.done for entry in run.path)
    assert run.history[-1].kind == "finish"
    assert run.finished_at == run.history[-1].at
    assert run.current is None


def test_every_transition_records_who_and_when(refunds: Followed, runs: SimpleNamespace) -> None:
    run = runs.play(refunds, ELIGIBLE_CARD[:3])
    run = runs.apply(refunds, run, ("complete",), runs.START + timedelta(hours=2), who="bo")
    assert [(t.kind, t.node, t.who) for t in run.history] == [
        ("start", "log-request", "ana"),
        ("complete", "log-request", "ana"),
        ("complete", "find-order", "ana"),
        ("answer", "check-eligibility", "ana"),
        ("complete", "record-decision", "bo"),
    ]
    times = [t.at for t in run.history]
    assert times == sorted(times)
    assert run.path[3].done_by == "bo"
    assert run.path[4].arrived_at == runs.START + timedelta(hours=2)


EXAMPLE_SOPS = sorted((Path(__file__).parents[2] / "examples").rglob("SOP-*.yaml"))


@pytest.mark.parametrize("sop", EXAMPLE_SOPS, ids=lambda path: path.stem)
def test_every_example_sop_runs_down_every_branch(sop: Path, runs: SimpleNamespace) -> None:
    followed = runs.follow(sop)
    found = list(routes(followed.sop))
    assert {route.outcome for route in found} == {o.id for o in followed.sop.outcomes}
    for route in found:
        actions = runs.route_actions(followed, route.nodes, dict(route.answers))
        run = runs.twin(followed, actions)
        assert run.state == "finished"
        assert run.outcome == route.outcome
        assert tuple(entry.node for entry in run.path) == route.nodes
        assert dict(run.answers) == dict(route.answers)


def test_an_optional_step_can_be_not_applicable_with_a_reason(
    onboarding: Followed, twin: Twin
) -> None:
    actions: list[Action] = [
        ("complete",),
        ("complete",),
        ("answer", "Yes"),
        ("complete",),
        ("complete",),
        ("answer", "No"),
        ("complete",),
        ("na", "The team plans the first week together at the monthly intake"),
        ("complete",),
    ]
    run = twin(onboarding, actions)
    assert run.outcome == "ready"
    skipped = next(entry for entry in run.path if entry.node == "plan-first-week")
    assert skipped.not_applicable == "The team plans the first week together at the monthly intake"
    assert ("not_applicable", "plan-first-week") in [(t.kind, t.node) for t in run.history]


def test_a_mandatory_step_cannot_be_skipped(refunds: Followed, runs: SimpleNamespace) -> None:
    run = runs.twin(refunds, [])
    with pytest.raises(RunError, match="'log-request' is mandatory"):
        engine.not_applicable(refunds, run, reason="busy", who="ana", at=runs.START)


def test_not_applicable_needs_a_reason(onboarding: Followed, runs: SimpleNamespace) -> None:
    to_plan: list[Action] = [("complete",), ("complete",), ("answer", "Yes"), ("complete",)]
    to_plan += [("complete",), ("answer", "No"), ("complete",)]
    run = runs.twin(onboarding, to_plan)
    assert run.current.node == "plan-first-week"
    with pytest.raises(RunError, match="give a reason"):
        engine.not_applicable(onboarding, run, reason="  ", who="ana", at=runs.START)


def test_changing_an_earlier_answer_recomputes_the_path_and_keeps_the_history(
    refunds: Followed, twin: Twin
) -> None:
    actions = [*ELIGIBLE_CARD[:6], ("change", "check-eligibility", "Not eligible")]
    run = twin(refunds, actions)
    assert [entry.node for entry in run.path] == [
        "log-request",
        "find-order",
        "check-eligibility",
        "explain-refusal",
    ]
    assert dict(run.answers) == {"check-eligibility": "Not eligible"}
    answers = [(t.node, t.label) for t in run.history if t.kind == "answer"]
    assert answers == [
        ("check-eligibility", "Eligible"),
        ("payment-method", "Card"),
        ("check-eligibility", "Not eligible"),
    ]
    assert ("back", "check-eligibility") in [(t.kind, t.node) for t in run.history]
    finished = twin(refunds, [*actions, ("complete",)])
    assert finished.outcome == "refund-declined"


def test_going_back_to_a_step_reopens_it(refunds: Followed, twin: Twin) -> None:
    run = twin(refunds, [*ELIGIBLE_CARD[:4], ("back", "find-order")])
    assert [entry.node for entry in run.path] == ["log-request", "find-order"]
    assert not run.path[-1].done
    assert dict(run.answers) == {}


def test_going_back_only_reaches_nodes_behind(refunds: Followed, runs: SimpleNamespace) -> None:
    run = runs.twin(refunds, ELIGIBLE_CARD[:2])
    with pytest.raises(RunError, match="'refund-card' is not behind"):
        engine.go_back(refunds, run, "refund-card", who="ana", at=runs.START)


def test_pause_and_resume(refunds: Followed, twin: Twin, runs: SimpleNamespace) -> None:
    paused = twin(refunds, [*ELIGIBLE_CARD[:3], ("pause",)])
    assert paused.state == "paused"
    assert paused.current.node == "record-decision"
    with pytest.raises(RunError, match="paused; resume it first"):
        engine.complete(refunds, paused, who="ana", at=runs.START)
    run = twin(refunds, [*ELIGIBLE_CARD[:3], ("pause",), ("resume",), *ELIGIBLE_CARD[3:]])
    assert run.outcome == "refund-issued"
    kinds = [t.kind for t in run.history]
    assert kinds.index("pause") + 1 == kinds.index("resume")


def test_a_finished_run_takes_no_more_transitions(refunds: Followed, runs: SimpleNamespace) -> None:
    run = runs.twin(refunds, ELIGIBLE_CARD)
    with pytest.raises(RunError, match="finished at 'refund-issued'"):
        engine.go_back(refunds, run, "check-eligibility", who="ana", at=runs.START)
    with pytest.raises(RunError, match="only a run in progress pauses"):
        engine.pause(run, who="ana", at=runs.START)


def test_an_answer_must_be_one_of_the_options(refunds: Followed, runs: SimpleNamespace) -> None:
    run = runs.twin(refunds, ELIGIBLE_CARD[:2])
    with pytest.raises(RunError, match="no option 'Maybe'; choose one of 'Eligible'"):
        engine.answer(refunds, run, "Maybe", who="ana", at=runs.START)
    with pytest.raises(RunError, match="is a decision; answer it"):
        engine.complete(refunds, run, who="ana", at=runs.START)


def test_a_run_stays_on_its_revision(refunds: Followed, runs: SimpleNamespace) -> None:
    run = runs.twin(refunds, ELIGIBLE_CARD[:3])
    newer = Followed(refunds.sop, RevisionRef(code=refunds.sop.code, number=2, sha256="0" * 64))
    with pytest.raises(RunError, match="continue it with the revision it started on"):
        engine.complete(newer, run, who="ana", at=runs.START)
    assert runs.restored(run).revision == refunds.revision


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_sequence_of_transitions_survives_save_and_restore(
    data: st.DataObject, refunds: Followed, onboarding: Followed, runs: SimpleNamespace
) -> None:
    followed = data.draw(st.sampled_from([refunds, onboarding]))
    actions: list[Action] = []
    run = runs.play(followed, actions)
    for _ in range(data.draw(st.integers(0, 14))):
        if run.state == "finished":
            break
        if run.state == "paused":
            action: Action = ("resume",)
        else:
            node = followed.node(run.path[-1].node)
            choices: list[Action] = [("pause",)]
            choices += [("back", entry.node) for entry in run.path[:-1]]
            if isinstance(node, Decision):
                choices += [("answer", option.label) for option in node.options]
            else:
                choices += [("complete",), ("complete", "a note")]
                if node.type == "step" and not node.mandatory:
                    choices.append(("na", "not needed"))
            action = data.draw(st.sampled_from(choices))
        actions.append(action)
        run = runs.play(followed, actions)
    assert runs.twin(followed, actions) == run
    assert dict(run.answers) == {e.node: e.answer for e in run.path if e.answer is not None}
    assert all(entry.done for entry in run.path[:-1])
    assert len(run.history) >= len(run.path)
