"""Screenshots for the steps of a drafted document, taken from the walkthrough's video.

Each step with a time range gets the frame of the moment its action happens: the click (or
typing, or choice) the event log recorded inside the step's time range, else the middle of
the narration. The PNGs are returned as bytes with the paths the document refers to, so the
caller writes them together with the document, all or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from sopflow.capture.media.screenshots import take_screenshots
from sopflow.capture.progress import ProgressReport, no_progress
from sopflow.capture.timeline import ScreenEvent
from sopflow.errors import SopflowError
from sopflow.formats.files import write_atomically
from sopflow.model.base import Provenance, Traced
from sopflow.model.documents import Sop, WiStep, WorkInstruction
from sopflow.model.flow import Step

ACTIONS = ("click", "type", "select")
EVENT_GRACE = 1.5
"""Seconds after the narration in which a recorded action still belongs to the step."""


def action_moment(time: tuple[float, float], events: Sequence[ScreenEvent]) -> float:
    """When a step's action happens: its recorded action, else the middle of its narration."""
    start, end = time
    for event in events:
        if event.kind in ACTIONS and start <= event.time <= end + EVENT_GRACE:
            return event.time
    return (start + end) / 2


def attach_screenshots(
    document: Sop | WorkInstruction,
    video: Path,
    events: Sequence[ScreenEvent] = (),
    *,
    folder: str,
    report: ProgressReport = no_progress,
) -> tuple[Sop | WorkInstruction, dict[str, bytes]]:
    """The document with a screenshot on every timed step, and the PNGs keyed by path.

    `folder` is where the screenshots go, relative to the document ("SOP-FIN-003.media").
    """
    elements = _timed_steps(document)
    moments = [action_moment(_time(element), events) for element in elements]
    shots = take_screenshots(video, moments, report=report)
    files: dict[str, bytes] = {}
    replaced: dict[int, Traced] = {}
    for number, (element, shot) in enumerate(zip(elements, shots, strict=True), start=1):
        if shot is None:
            continue
        name = f"{folder}/{_name(element, number)}.png"
        files[name] = shot.png
        replaced[id(element)] = _with_screenshot(element, name)
    return _rebuild(document, replaced), files


def write_files(base: Path, files: Mapping[str, bytes]) -> None:
    """Write files under base, each atomically; on any failure remove the ones written."""
    written: list[Path] = []
    try:
        for name, data in files.items():
            path = base / name
            write_atomically(path, data)
            written.append(path)
    except BaseException as error:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(error, OSError):
            where = error.filename or base
            raise SopflowError(f"{where}: cannot write: {error.strerror or error}") from error
        raise


def _timed_steps(document: Sop | WorkInstruction) -> list[Step | WiStep]:
    steps: list[Step | WiStep] = (
        list(document.flow.steps()) if isinstance(document, Sop) else list(document.steps)
    )
    return [s for s in steps if s.provenance is not None and s.provenance.time is not None]


def _time(element: Step | WiStep) -> tuple[float, float]:
    assert element.provenance is not None
    assert element.provenance.time is not None
    return element.provenance.time


def _name(element: Step | WiStep, number: int) -> str:
    return element.id if isinstance(element, Step) else f"step-{number:02d}"


def _with_screenshot(element: Step | WiStep, name: str) -> Traced:
    provenance = (element.provenance or Provenance()).model_copy(update={"screenshot": name})
    update: dict[str, object] = {"provenance": provenance}
    if isinstance(element, WiStep) and element.image is None:
        update["image"] = name
    return element.model_copy(update=update)


def _rebuild(
    document: Sop | WorkInstruction, replaced: Mapping[int, Traced]
) -> Sop | WorkInstruction:
    if isinstance(document, Sop):
        nodes = tuple(replaced.get(id(node), node) for node in document.flow.nodes)
        flow = document.flow.model_copy(update={"nodes": nodes})
        return document.model_copy(update={"flow": flow})
    steps = tuple(replaced.get(id(step), step) for step in document.steps)
    return document.model_copy(update={"steps": steps})
