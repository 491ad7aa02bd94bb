from __future__ import annotations

import io

from rich.console import Console

from sopflow.capture.progress import Progress
from sopflow.cli.progress import show_progress


def console(terminal: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=terminal, width=100), buffer


def test_plain_lines_when_the_output_is_not_a_terminal() -> None:
    plain, buffer = console(terminal=False)
    with show_progress(plain) as report:
        for second in range(0, 121, 3):
            report(Progress("transcribe", second, 120))
        report(Progress("screenshots", 1, 2, unit="steps"))
        report(Progress("screenshots", 2, 2, unit="steps"))
    lines = buffer.getvalue().splitlines()
    assert lines[0] == "transcribe:   0% (0/120 s)"
    assert lines[10] == "transcribe: 100% (120/120 s)"
    assert lines[11:] == ["screenshots:  50% (1/2 steps)", "screenshots: 100% (2/2 steps)"]


def test_a_progress_bar_with_stage_and_eta_on_a_terminal() -> None:
    terminal, buffer = console(terminal=True)
    with show_progress(terminal) as report:
        report(Progress("transcribe", 0, 60))
        report(Progress("transcribe", 30, 60))
    screen = buffer.getvalue()
    assert "transcribe" in screen
    assert "50%" in screen
    assert "eta" in screen
