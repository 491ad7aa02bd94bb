from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from sopflow.capture.media.attach import action_moment, attach_screenshots, write_files
from sopflow.capture.timeline import ScreenEvent
from sopflow.errors import SopflowError
from sopflow.model.base import Provenance
from sopflow.model.documents import Sop, WiStep, WorkInstruction
from sopflow.model.flow import Flow, Outcome, Step

CLICK = ScreenEvent(time=5.66, kind="click", label="Save")


def test_a_recorded_click_inside_the_step_sets_the_moment() -> None:
    assert action_moment((4.6, 5.7), [CLICK]) == 5.66
    assert action_moment((4.6, 5.2), [CLICK]) == 5.66  # just after the narration
    assert action_moment((1.0, 3.0), [CLICK]) == 2.0  # no click: the middle


def timed(start: float, end: float) -> Provenance:
    return Provenance(source="short.mp4", time=(start, end))


def test_every_timed_step_of_an_sop_gets_a_screenshot(media: Path) -> None:
    sop = Sop(
        code="SOP-ADM-001",
        title="Save the settings",
        flow=Flow(
            start="open",
            nodes=(
                Step(
                    id="open",
                    instruction="Open the settings page",
                    next="save",
                    provenance=timed(1.4, 3.9),
                ),
                Step(id="save", instruction="Click Save", next="done", provenance=timed(4.7, 5.7)),
                Step(id="check", instruction="Check by hand", next="done"),
                Outcome(id="done", name="Settings saved"),
            ),
        ),
    )
    drafted, files = attach_screenshots(
        sop, media / "short.mp4", [CLICK], folder="SOP-ADM-001.media"
    )
    assert isinstance(drafted, Sop)
    shots = {s.id: s.provenance.screenshot if s.provenance else None for s in drafted.flow.steps()}
    assert shots == {
        "open": "SOP-ADM-001.media/open.png",
        "save": "SOP-ADM-001.media/save.png",
        "check": None,
    }
    assert set(files) == {"SOP-ADM-001.media/open.png", "SOP-ADM-001.media/save.png"}
    assert Image.open(io.BytesIO(files["SOP-ADM-001.media/save.png"])).size == (640, 360)


def test_work_instruction_steps_get_an_image(media: Path) -> None:
    wi = WorkInstruction(
        code="WI-ADM-001",
        title="Save the settings",
        steps=(WiStep(action="Click Save", provenance=timed(4.7, 5.7)),),
    )
    drafted, files = attach_screenshots(wi, media / "short.mp4", folder="shots")
    assert isinstance(drafted, WorkInstruction)
    assert drafted.steps[0].image == "shots/step-01.png"
    assert list(files) == ["shots/step-01.png"]


def test_files_are_written_all_or_none(tmp_path: Path) -> None:
    write_files(tmp_path, {"a/one.png": b"1", "a/two.png": b"2"})
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["one.png", "two.png"]
    (tmp_path / "b").write_text("a file where a folder should be")
    with pytest.raises(SopflowError, match="cannot write"):
        write_files(tmp_path, {"c/one.png": b"1", "b/two.png": b"2"})
    assert not (tmp_path / "c" / "one.png").exists()
