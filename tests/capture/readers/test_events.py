"""The event log format: valid logs become screen events; each mistake names line and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sopflow.capture.readers import read_walkthrough
from sopflow.errors import SopflowError

EXAMPLE = Path(__file__).parents[3] / "examples" / "walkthroughs" / "stripe-refund-events.json"


def _log(*events: dict[str, Any]) -> dict[str, Any]:
    return {"format": "sopflow-events", "version": 1, "events": list(events)}


def test_example_log_reads_in_time_order() -> None:
    walkthrough = read_walkthrough([EXAMPLE])
    assert walkthrough.system == "Stripe Dashboard"
    assert walkthrough.role == "Billing specialist"
    assert [e.kind for e in walkthrough.events][:4] == ["navigate", "click", "type", "keypress"]
    times = [e.time for e in walkthrough.events]
    assert times == sorted(times)
    assert walkthrough.events[0].screenshot == "shots/001.png"


@pytest.mark.parametrize(
    ("log", "message"),
    [
        (_log({"kind": "click", "label": "Save"}), "events[0].time: field required"),
        (_log({"time": 1, "kind": "hover", "label": "Save"}), "events[0].kind: input should be"),
        (_log({"time": 1, "kind": "click"}), "a click event needs a target"),
        (_log({"time": 1, "kind": "type", "label": "Amount"}), "a type event needs a 'value'"),
        (_log({"time": 1, "kind": "navigate"}), "a navigate event needs the 'page'"),
        (_log({"time": -1, "kind": "keypress", "value": "Enter"}), "events[0].time"),
        (
            {"format": "sopflow-events", "version": 1, "events": []},
            "events: list should have at least 1",
        ),
        (
            {"version": 1, "events": [{"time": 0, "kind": "click", "label": "x"}]},
            "format: field required",
        ),
    ],
)
def test_mistakes_are_named(tmp_path: Path, log: dict[str, Any], message: str) -> None:
    path = tmp_path / "session.json"
    path.write_text(json.dumps(log, indent=2))
    with pytest.raises(SopflowError) as caught:
        read_walkthrough([path])
    text = str(caught.value).lower()
    assert str(path).lower() in text
    assert message.lower() in text


def test_mistake_carries_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(
        json.dumps(
            _log(
                {"time": 0, "kind": "click", "label": "A"},
                {"time": 2, "kind": "type", "label": "B"},
            ),
            indent=2,
        )
    )
    with pytest.raises(SopflowError, match=r"session.json:1[0-9]:\d+: events\[1\]"):
        read_walkthrough([path])


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text('{\n  "format": "sopflow-events",\n  "events": [\n}\n')
    with pytest.raises(SopflowError, match=r"session.json:4:1: invalid JSON"):
        read_walkthrough([path])
