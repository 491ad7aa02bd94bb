"""A flow capture could not lay out consistently is repaired and flagged, never raised."""

from __future__ import annotations

from sopflow.capture.repair import PLACED_BY_ORDER, repair
from sopflow.model import Decision, Option, Outcome, Step
from sopflow.model.flow import Flow
from sopflow.model.rules import check_flow


def test_a_valid_flow_is_left_as_it_is() -> None:
    nodes = (Step(id="a", instruction="Do A.", next="end"), Outcome(id="end", name="Done"))
    flow = Flow(start="a", nodes=nodes)
    assert repair(flow) is flow


def test_a_part_nothing_leads_to_is_joined_where_the_text_puts_it() -> None:
    flow = Flow(
        start="a",
        nodes=(
            Step(id="a", instruction="Do A.", next="c"),
            Step(id="b", instruction="Do B.", next=None),
            Step(id="c", instruction="Do C.", next="end"),
            Outcome(id="end", name="Done"),
        ),
    )
    repaired = repair(flow)
    assert list(check_flow(repaired)) == []
    table = repaired.by_id()
    assert table["a"].next == "b"  # type: ignore[union-attr]
    assert table["b"].next == "c"  # type: ignore[union-attr]
    assert PLACED_BY_ORDER in table["b"].notes  # type: ignore[union-attr]


def test_repeated_option_labels_are_numbered() -> None:
    flow = Flow(
        start="d",
        nodes=(
            Decision(
                id="d",
                question="Which case applies?",
                options=(
                    Option(label="Otherwise", next="a"),
                    Option(label="Otherwise", next="end"),
                ),
            ),
            Step(id="a", instruction="Do A.", next="end"),
            Outcome(id="end", name="Done"),
        ),
    )
    repaired = repair(flow)
    decision = repaired.by_id()["d"]
    assert isinstance(decision, Decision)
    assert [o.label for o in decision.options] == ["Otherwise", "Otherwise (2)"]


def test_a_decision_with_one_option_gives_way_to_its_target() -> None:
    flow = Flow(
        start="a",
        nodes=(
            Step(id="a", instruction="Do A.", next="d"),
            Decision(id="d", question="Is it so?", options=(Option(label="Yes", next="b"),)),
            Step(id="b", instruction="Do B.", next="end"),
            Outcome(id="end", name="Done"),
        ),
    )
    repaired = repair(flow)
    assert list(check_flow(repaired)) == []
    assert repaired.by_id()["a"].next == "b"  # type: ignore[union-attr]
