"""Parallel splits in a run: every branch, in any order, before the join; switching between
branches, going back, and the same run after a save and restore at every point (`twin`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopflow.model import Decision, Parallel
from sopflow.model.runs import Run
from sopflow.runner import engine
from sopflow.runner.engine import Followed, RunError
from sopflow.runner.routes import routes

Action = tuple[str, ...]
Twin = Callable[[Followed, Sequence[Action]], Run]

INVOICE_FIRST: list[Action] = [
    ("complete",),  # take the order
    ("branch", "2"),  # the invoice branch, which splits again
    ("branch", "2"),  # e-mail it first
    ("complete",),
    ("branch", "1"),  # then print it
    ("complete",),
    ("complete",),  # file the invoice: the invoice branch has arrived at 'ship'
    ("branch", "1"),  # pack the goods
    ("answer", "No"),
    ("complete",),  # pack: every branch has arrived, so the run goes on at 'ship'
    ("answer", "Yes"),
]


def walked(run: Run) -> list[str]:
    return [entry.node for entry in run.path]


def states(followed: Followed, run: Run) -> list[str]:
    frame = engine.parallel_frame(followed, run)
    assert frame is not None
    return [frame.state(index) for index in range(len(frame.at))]


def test_branches_are_taken_in_any_order_and_meet_at_the_join(
    shipping: Followed, twin: Twin
) -> None:
    run = twin(shipping, INVOICE_FIRST)
    assert run.state == "finished"
    assert run.outcome == "shipped"
    assert walked(run) == [
        "take-order",
        "split",
        "invoice",
        "mail",
        "invoice",
        "print",
        "file",
        "split",
        "fragile",
        "pack",
        "ship",
        "shipped",
    ]
    assert [entry.branch for entry in run.path if entry.type == "parallel"] == [2, 2, 1, 1]
    assert [(t.kind, t.node, t.branch) for t in run.history if t.kind == "branch"] == [
        ("branch", "split", 2),
        ("branch", "invoice", 2),
        ("branch", "invoice", 1),
        ("branch", "split", 1),
    ]
    assert dict(run.answers) == {"fragile": "No", "ship": "Yes"}


def test_the_join_waits_until_every_branch_has_arrived(
    shipping: Followed, runs: SimpleNamespace
) -> None:
    run = runs.play(shipping, [("complete",), ("branch", "1"), ("answer", "No")])
    assert states(shipping, run) == ["current", "to_do"]
    run = runs.play(shipping, [("complete",), ("branch", "1"), ("answer", "No"), ("complete",)])
    assert walked(run)[-1] == "split"  # back at the split, not at 'ship'
    assert states(shipping, run) == ["done", "to_do"]
    assert engine.open_branch(shipping, run) == 2


def test_a_branch_left_half_done_goes_on_where_it_stopped(shipping: Followed, twin: Twin) -> None:
    packing: list[Action] = [("complete",), ("branch", "1"), ("answer", "Yes")]
    assert walked(twin(shipping, packing))[-1] == "pad"
    switched = twin(shipping, [*packing, ("branch", "2")])
    assert walked(switched)[-3:] == ["fragile", "split", "invoice"]  # 'pad' left for later
    invoicing: list[Action] = [("branch", "1"), ("complete",), ("branch", "2"), ("complete",)]
    at_file = twin(shipping, [*packing, ("branch", "2"), *invoicing])
    assert walked(at_file)[-5:] == ["invoice", "print", "invoice", "mail", "file"]
    invoiced = twin(shipping, [*packing, ("branch", "2"), *invoicing, ("complete",)])
    assert walked(invoiced)[-1] == "split"  # back at the split: packing still waits at 'pad'
    assert states(shipping, invoiced) == ["started", "done"]
    frame = engine.parallel_frame(shipping, invoiced)
    assert frame is not None
    assert frame.at == ["pad", None]
    run = twin(
        shipping,
        [*packing, ("branch", "2"), *invoicing, ("complete",), ("branch", "1"), ("complete",)],
    )
    assert walked(run)[-2:] == ["pad", "pack"]
    finished = twin(
        shipping,
        [
            *packing,
            ("branch", "2"),
            *invoicing,
            ("complete",),
            ("branch", "1"),
            ("complete",),
            ("complete",),
        ],
    )
    assert walked(finished)[-1] == "ship"  # both branches have arrived


@pytest.mark.parametrize(
    ("actions", "message"),
    [
        ([("complete",), ("complete",)], "'split' is a parallel; take one of its branches"),
        ([("complete",), ("branch", "3")], "parallel 'split' has branches 1 to 2, not 3"),
        (
            [("complete",), ("branch", "1"), ("branch", "1")],
            "the run is on branch 1 ('Pack the goods') of parallel 'split' already",
        ),
        (
            [("complete",), ("branch", "1"), ("answer", "No"), ("complete",), ("branch", "1")],
            "branch 1 ('Pack the goods') of parallel 'split' is done already",
        ),
        ([("branch", "1")], "'take-order' is not inside a parallel; there is no branch to take"),
    ],
)
def test_a_branch_that_cannot_be_taken_is_refused_by_name(
    shipping: Followed, runs: SimpleNamespace, actions: list[Action], message: str
) -> None:
    with pytest.raises(RunError, match=message.replace("(", r"\(").replace(")", r"\)")):
        runs.play(shipping, actions)


def test_going_back_into_a_branch_undoes_what_was_done_since(
    shipping: Followed, twin: Twin
) -> None:
    done_both = INVOICE_FIRST[:-2]  # at 'pack', the invoice branch done
    run = twin(shipping, [*done_both, ("back", "mail")])
    assert walked(run)[-1] == "mail"
    assert states(shipping, run) == ["to_do", "current"]  # the inner parallel: print, mail
    frame = engine.parallel_frame(shipping, run)
    assert frame is not None
    assert frame.parallel.id == "invoice"
    again = twin(shipping, [*done_both, ("back", "split")])
    assert walked(again)[-1] == "split"
    assert states(shipping, again) == ["to_do", "done"]  # the invoice branch is still done
    assert again.history[-1].kind == "back"
    assert len(again.history) > len(again.path)


def test_every_route_through_the_branches_runs(shipping: Followed, runs: SimpleNamespace) -> None:
    found = list(routes(shipping.sop))
    assert {route.outcome for route in found} == {"shipped", "returned"}
    assert len(found) == 4  # fragile or not, shipped or kept back
    for route in found:
        run = runs.twin(shipping, runs.route_actions(shipping, route.nodes, dict(route.answers)))
        assert run.outcome == route.outcome
        assert tuple(walked(run)) == route.nodes


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_sequence_through_parallels_survives_save_and_restore(
    data: st.DataObject, shipping: Followed, runs: SimpleNamespace
) -> None:
    actions: list[Action] = []
    run = runs.play(shipping, actions)
    for _ in range(data.draw(st.integers(0, 16))):
        if run.state == "finished":
            break
        node = shipping.node(run.path[-1].node)
        choices: list[Action] = [("back", entry.node) for entry in run.path[:-1]]
        frame = engine.parallel_frame(shipping, run)
        if frame is not None:
            choices += [
                ("branch", str(index + 1))
                for index, at in enumerate(frame.at)
                if at is not None and index != frame.current
            ]
        if isinstance(node, Decision):
            choices += [("answer", option.label) for option in node.options]
        elif not isinstance(node, Parallel):
            choices.append(("complete",))
        action = data.draw(st.sampled_from(choices))
        actions.append(action)
        run = runs.play(shipping, actions)
    assert runs.twin(shipping, actions) == run
    assert all(entry.done for entry in run.path[:-1])
    if run.state == "finished":
        assert not engine.parallel_frame(shipping, run)
