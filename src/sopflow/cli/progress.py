"""Showing capture progress: a rich progress bar on a terminal, plain lines otherwise.

Capture stages report `Progress` values; this module is the only place that draws them, on
stderr so that stdout stays clean for results.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as Bar

from sopflow.capture.progress import Progress, ProgressReport
from sopflow.cli.console import err
from sopflow.errors import SopflowError


class InterruptedByUserError(SopflowError):
    """Ctrl-C during a long command: reported in one line, with the shell's exit code."""

    exit_code = 130


@contextmanager
def stop_cleanly() -> Iterator[None]:
    """Turn Ctrl-C inside the block into one message and exit status 130.

    The block removes its own partial output; the command framework would otherwise exit
    silently.
    """
    try:
        yield
    except KeyboardInterrupt:
        raise InterruptedByUserError("interrupted; nothing was written") from None


@contextmanager
def show_progress(console: Console = err) -> Iterator[ProgressReport]:
    """A report to pass to capture stages, drawn as a bar or as lines as the console allows."""
    if console.is_terminal:
        with _bar(console) as report:
            yield report
    else:
        yield PlainLines(console)


@contextmanager
def _bar(console: Console) -> Iterator[ProgressReport]:
    columns = (
        TextColumn("{task.description:<12}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
    )
    with Bar(*columns, console=console, transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def report(progress: Progress) -> None:
            if progress.stage not in tasks:
                tasks[progress.stage] = bar.add_task(progress.stage, total=progress.total)
            bar.update(tasks[progress.stage], completed=progress.done, total=progress.total)

        yield report


class PlainLines:
    """One line per stage start, per tenth of the way, and per stage end: for logs and pipes."""

    def __init__(self, console: Console, steps: int = 10) -> None:
        self.console = console
        self.steps = steps
        self.last: dict[str, int] = {}

    def __call__(self, progress: Progress) -> None:
        fraction = progress.fraction
        tick = -1 if fraction is None else int(fraction * self.steps)
        if progress.stage in self.last and tick <= self.last[progress.stage]:
            return
        self.last[progress.stage] = tick
        if fraction is None:
            line = f"{progress.stage}: {_amount(progress.done, progress.unit)}"
        else:
            total = _amount(progress.total or 0.0, progress.unit)
            line = f"{progress.stage}: {fraction:4.0%} ({_amount(progress.done, '')}/{total})"
        self.console.print(line, markup=False, highlight=False)


def _amount(value: float, unit: str) -> str:
    number = f"{value:.0f}" if unit != "s" or value >= 10 else f"{value:.1f}"
    return f"{number} {unit}".rstrip()
