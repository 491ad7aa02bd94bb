"""`sopflow stats`: how an SOP is actually followed, from its stored runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sopflow.analysis.stats import RunStats
from sopflow.cli.console import out, print_json
from sopflow.cli.following import existing_library, folder_store, local_actor
from sopflow.errors import SopflowError
from sopflow.formats.yaml_source import load_document
from sopflow.model import Sop, is_code
from sopflow.services.run_records import sop_stats

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _file_sop(source: str) -> Sop | None:
    """The SOP in the file source names; None when source is a code."""
    path = Path(source)
    if not path.exists():
        if not is_code(source):
            raise SopflowError(f"{source}: no such file, and not a document code like SOP-FIN-003")
        return None
    document = load_document(path)
    if not isinstance(document, Sop):
        raise SopflowError(f"{source}: {document.code} is a {document.kind}, not an SOP")
    return document


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {rest:02d}s"


def _show(stats: RunStats, sop: Sop | None) -> None:
    def say(text: str) -> None:
        out.print(text, markup=False)

    title = f"{stats.code} {sop.title}" if sop else stats.code
    unfinished = stats.runs - stats.finished
    say(
        f"{title}: {stats.runs} run(s), {stats.finished} finished "
        f"({stats.completion_rate:.0%}), {unfinished} not finished"
    )
    names = {o.id: o.name for o in sop.outcomes} if sop else {}
    if stats.outcomes:
        say("Outcomes")
        for outcome, count in stats.outcomes.items():
            say(f"  {names.get(outcome, outcome):40} {count:5}  {count / stats.finished:.0%}")
    if stats.paths:
        say("Paths taken (the answers given, then the outcome)")
        for path in stats.paths:
            way = " > ".join(
                [label for _, label in path.answers] + [names.get(path.outcome, path.outcome)]
            )
            say(f"  {way:40} {path.count:5}  {path.share:.0%}")
    for decision in stats.decisions:
        question = f"{decision.question} " if decision.question else ""
        say(f"Decision {decision.decision}: {question}({decision.answered} answered)")
        for option in decision.options:
            say(f"  {option.label:40} {option.count:5}  {option.share:.0%}")
    if stats.step_times:
        say("Median time per step")
        for step in stats.step_times:
            say(f"  {step.node:40} {_duration(step.median_seconds):>8}  ({step.samples} run(s))")
    if stats.stopped_at:
        say("Where unfinished runs stopped")
        for node, count in stats.stopped_at.items():
            say(f"  {node:40} {count:5}")
    if stats.revisions:
        say(
            "Revisions followed: "
            + ", ".join(f"{name} ({n})" for name, n in stats.revisions.items())
        )


def stats(
    source: Annotated[str, typer.Argument(help="The SOP's YAML file, or its code.")],
    as_json: JsonOption = False,
) -> None:
    """Summarise the runs of an SOP: completion, answers, time per step, where runs stop.

    Counts the runs of the code in the library and the runs of its YAML files.
    """
    sop = _file_sop(source)
    with existing_library() as library:
        found = sop_stats(
            library=library,
            actor=local_actor(),
            code=sop.code if sop else source,
            sop=sop,
            files=folder_store(),
        )
    if as_json:
        print_json(found.stats.as_json())
    else:
        _show(found.stats, found.sop)
