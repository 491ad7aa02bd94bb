"""`sopflow run`: follow an SOP step by step in the terminal, or from an answers file.

Each transition is saved as it happens, so a run interrupted at any point resumes where it
stopped (`--resume ID`) on exactly the revision it started on.
"""

from __future__ import annotations

import getpass
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sopflow.cli.console import err, out, print_json
from sopflow.cli.following import (
    existing_library,
    folder_store,
    local_actor,
    open_source,
    store_of_run,
)
from sopflow.errors import ConflictError, InvalidInputError, SopflowError
from sopflow.model import AUDIENCES, Audience, Decision, Parallel, is_code
from sopflow.model.runs import Run, run_to_data
from sopflow.runner import engine
from sopflow.runner.answers import read_answers
from sopflow.runner.view import NodeView, ParallelView, parallel_view, reference_view, view_node
from sopflow.services import runs as runs_service
from sopflow.services.access import Actor
from sopflow.services.following import Source, resumed_source
from sopflow.services.run_records import list_runs
from sopflow.services.runs import Action, Back, Branch, Choose, Done, Pause, Resume, Skip
from sopflow.settings import load_settings

SourceArgument = Annotated[
    str | None,
    typer.Argument(
        help="The SOP's YAML file, or CODE or CODE@REV in the library. Leave out with --resume.",
        show_default=False,
    ),
]
AnswersOption = Annotated[
    Path | None,
    typer.Option("--answers", help="YAML or JSON file: decision id -> option label; no prompts."),
]
LevelOption = Annotated[
    str,
    typer.Option(
        "--audience",
        "--level",
        help="novice shows detail and work instructions; expert hides them.",
    ),
]
AsOption = Annotated[
    str | None, typer.Option("--as", help="Who performs the run (default: your user name).")
]
ResumeOption = Annotated[str | None, typer.Option("--resume", help="Continue a paused run by id.")]
DocsOption = Annotated[
    list[Path] | None,
    typer.Option("--docs", help="Where referenced documents are (default: the SOP's folder)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the run record as JSON.")]

DECISION_KEYS = "b back · p pause"

BRANCH_STATES = {
    "to_do": "to do",
    "started": "started",
    "current": "working on it",
    "done": "done",
}
"""How the terminal says where a parallel branch stands."""


class PauseRequestedError(Exception):
    """The person paused the run (p, end of input or Ctrl-C)."""


UNDONE = (engine.RunError, InvalidInputError, ConflictError)
"""A key press the run does not allow: said, and asked again."""


class Terminal:
    """One interactive session: shows each node and turns key presses into transitions."""

    def __init__(self, source: Source, actor: Actor, audience: Audience, view: Console) -> None:
        self.source = source
        self.followed = source.followed
        self.actor = actor
        self.audience = audience
        self.view = view

    def take(self, run: Run, action: Action) -> Run:
        """Make one transition through the run use cases (they save it)."""
        return runs_service.act(actor=self.actor, source=self.source, run=run, action=action)

    def say(self, text: str = "") -> None:
        self.view.print(text, markup=False, highlight=False)

    def ask(self, prompt: str) -> str:
        try:
            return self.view.input(f"{prompt} > ").strip()
        except (EOFError, KeyboardInterrupt):
            self.say()
            raise PauseRequestedError from None

    def show(self, run: Run, node: NodeView) -> None:
        kind = {
            "step": "Step",
            "decision": "Decision",
            "parallel": "Parallel",
            "handoff": "Handoff",
        }[node.type]
        heading = f"{kind} {len(run.path)}" + (f" · {node.role}" if node.role else "")
        self.say()
        self.say(heading + (" (optional)" if node.optional else ""))
        for warning in node.warnings:
            self.say(f"  Warning: {warning}")
        self.say(f"  {node.text}")
        if node.detail:
            self.say(f"  {node.detail}")
        for item in node.transfers:
            self.say(f"  - {item}")
        if node.expected_result:
            self.say(f"  Expect: {node.expected_result}")
        if node.reference:
            title = node.reference.title or "(not found among the documents given)"
            self.say(f"  See {node.reference.code}: {title}")
        if node.type != "parallel":
            for number, option in enumerate(node.options, start=1):
                self.say(f"  {number}. {option}")

    def show_branches(self, parallel: ParallelView, at_split: bool) -> None:
        """The branches of the parallel the run is at (one a line) or inside (on one line),
        each with where it stands."""
        said = []
        for branch in parallel.branches:
            state = BRANCH_STATES[branch.state]
            if branch.next_text:
                state += f", next: {branch.next_text}"
            said.append(f"{branch.number}. {branch.title} ({state})")
        if at_split:
            for line in said:
                self.say(f"  {line}")
        else:
            self.say("  In parallel: " + " · ".join(said))

    def take_branch(self, run: Run, parallel: ParallelView) -> Run:
        """At a parallel node: ask which branch to work on."""
        numbers = ", ".join(str(branch.number) for branch in parallel.open)
        choice = self.ask(f"branch [{numbers}] · {DECISION_KEYS}")
        if choice.lower() == "b":
            return self.go_back(run)
        if choice.lower() == "p":
            raise PauseRequestedError
        if not choice.isdigit():
            self.say(f"  {choice!r}: give the number of a branch ({numbers}), or b or p.")
            return run
        return self.take(run, Branch(int(choice)))

    def switch_branch(self, run: Run, parallel: ParallelView) -> Run:
        """Inside a branch: leave it where it is and work on another one."""
        numbers = ", ".join(str(branch.number) for branch in parallel.open)
        if not numbers:
            self.say("  Every other branch is done.")
            return run
        choice = self.ask(f"  switch to which branch? [{numbers}, Enter to stay]")
        if not choice:
            return run
        if not choice.isdigit():
            self.say(f"  {choice!r} is not a branch number.")
            return run
        return self.take(run, Branch(int(choice)))

    def walk_reference(self, code: str) -> None:
        """Follow a referenced work instruction step by step, then return to the SOP."""
        reference = reference_view(code, self.source.documents, "novice")
        if not reference.steps:
            return
        system = f" in {reference.system}" if reference.system else ""
        self.say(f"  {code}: {reference.title}{system}")
        total = len(reference.steps)
        for number, line in enumerate(reference.steps, start=1):
            self.say(f"    {number}/{total} {line}")
            if self.ask("    [Enter] next · q back to the SOP").lower() == "q":
                break
        self.say(f"  Back to {self.followed.revision.code}.")

    def go_back(self, run: Run) -> Run:
        walked = run.path[:-1]
        if not walked:
            self.say("  Nothing to go back to yet.")
            return run
        for number, entry in enumerate(walked, start=1):
            answer = f" (answered {entry.answer})" if entry.answer else ""
            answer += f" (took branch {entry.branch})" if entry.branch else ""
            self.say(f"  {number}. {entry.node}{answer}")
        choice = self.ask("  go back to which? [number, Enter to stay]")
        if not choice:
            return run
        if not choice.isdigit() or not 1 <= int(choice) <= len(walked):
            self.say(f"  {choice!r} is not one of 1-{len(walked)}.")
            return run
        return self.take(run, Back(walked[int(choice) - 1].node))

    def decide(self, run: Run, node: Decision, parallel: ParallelView | None = None) -> Run:
        count = len(node.options)
        switch = " · o other branch" if parallel and parallel.open else ""
        choice = self.ask(f"answer [1-{count} or a label] · {DECISION_KEYS}{switch}")
        if choice.lower() == "o" and switch and parallel:
            return self.switch_branch(run, parallel)
        if choice.lower() == "b":
            return self.go_back(run)
        if choice.lower() == "p":
            raise PauseRequestedError
        label = (
            node.options[int(choice) - 1].label
            if choice.isdigit() and 1 <= int(choice) <= count
            else choice
        )
        return self.take(run, Choose(label))

    def act(self, run: Run, view: NodeView, parallel: ParallelView | None = None) -> Run:
        keys = "[Enter] done · n note" + (" · s not applicable" if view.optional else "")
        keys += " · b back · p pause" + (" · w open the work instruction" if view.reference else "")
        keys += " · o other branch" if parallel and parallel.open else ""
        choice = self.ask(keys)
        key = choice.lower()
        if key == "o" and parallel:
            return self.switch_branch(run, parallel)
        if key == "":
            return self.take(run, Done())
        if key == "n":
            return self.take(run, Done(self.ask("  note") or None))
        if key == "s":
            return self.take(run, Skip(self.ask("  why is it not applicable?")))
        if key == "b":
            return self.go_back(run)
        if key == "p":
            raise PauseRequestedError
        if key == "w" and view.reference:
            self.walk_reference(view.reference.code)
            return run
        self.say(f"  {choice!r}: press Enter when done, or one of n, s, b, p, o.")
        return run

    def play(self, run: Run) -> Run:
        """Prompt node after node until the run finishes, or the person pauses it."""
        self.run = run
        """The run as of the last transition."""
        try:
            return self._prompt_until_finished(run)
        except PauseRequestedError:
            run = self.take(self.run, Pause())
            err.print(
                f"Paused run {run.id}; continue with `sopflow run --resume {run.id}`",
                markup=False,
            )
            return run

    def _prompt_until_finished(self, run: Run) -> Run:
        while run.state == "in_progress":
            node = engine.current_node(self.followed, run)
            if node is None:
                break
            view = view_node(self.followed.sop, node, self.audience, self.source.documents)
            self.show(run, view)
            frame = engine.parallel_frame(self.followed, run)
            parallel = parallel_view(self.followed.sop, frame) if frame else None
            if parallel:
                self.show_branches(parallel, at_split=isinstance(node, Parallel))
            if view.reference and view.reference.steps:
                self.walk_reference(view.reference.code)
            try:
                if isinstance(node, Parallel) and parallel:
                    run = self.take_branch(run, parallel)
                elif isinstance(node, Decision):
                    run = self.decide(run, node, parallel)
                else:
                    run = self.act(run, view, parallel)
            except UNDONE as error:
                self.say(f"  {error}")
                continue
            self.run = run
        return run


def _finish_message(run: Run, source: Source) -> str:
    outcome = source.followed.sop.flow.node(run.outcome or "")
    name = getattr(outcome, "name", run.outcome)
    return f"Finished: {name} (run {run.id}, {run.revision})"


def run(
    source: SourceArgument = None,
    *,
    answers: AnswersOption = None,
    as_json: JsonOption = False,
    level: LevelOption = "novice",
    who: AsOption = None,
    resume: ResumeOption = None,
    docs: DocsOption = None,
) -> None:
    """Follow an SOP step by step: each step with its role, each decision's question.

    Every transition is saved with who and when; the run names the revision it follows.
    """
    if level not in AUDIENCES:
        raise SopflowError(f"--audience must be one of {', '.join(AUDIENCES)}, not {level!r}")
    audience: Audience = "expert" if level == "expert" else "novice"
    if (source is None) == (resume is None):
        raise SopflowError("give an SOP (a YAML file or a code), or --resume RUN_ID (not both)")
    actor = local_actor(who or getpass.getuser())
    with ExitStack() as stack:
        saved: Run | None = None
        if resume is not None:
            saved, store = stack.enter_context(store_of_run(resume))
            opened = resumed_source(saved, store, docs)
        else:
            opened = stack.enter_context(open_source(str(source), actor, docs))
        labels = read_answers(answers, opened.followed.sop).labels if answers else None
        current = _started(opened, saved, actor)
        if answers is not None and labels is not None:
            current = _play_answers(opened, current, labels, answers, actor)
        else:
            view = err if as_json else out
            sop = opened.followed.sop
            view.print(
                f"{sop.code} {sop.title} · run {current.id} · {current.revision}", markup=False
            )
            current = Terminal(opened, actor, audience, view).play(current)
    if current.state == "finished":
        (err if as_json else out).print(_finish_message(current, opened), markup=False)
    if as_json:
        print_json(run_to_data(current))


def _started(opened: Source, saved: Run | None, actor: Actor) -> Run:
    """A new run of opened, or the saved one resumed when it was paused."""
    if saved is None:
        policy = load_settings().require_acknowledgement
        started = runs_service.start(
            actor=actor,
            source=opened,
            policy="block" if policy == "block" else "off" if policy == "off" else "warn",
        )
        warning = started.check.warning if started.check else None
        if warning and policy != "off":
            err.print(f"warning: {warning}", markup=False)
        return started.run
    if saved.state == "paused":
        return runs_service.act(actor=actor, source=opened, run=saved, action=Resume())
    return saved


def _play_answers(
    opened: Source, current: Run, labels: dict[str, str], answers: Path, actor: Actor
) -> Run:
    """Run without prompts; stop, paused, at a decision the answers file does not answer."""
    current = runs_service.play_answers(actor=actor, source=opened, run=current, labels=labels)
    if current.state == "finished":
        return current
    node = engine.current_node(opened.followed, current)
    current = runs_service.act(actor=actor, source=opened, run=current, action=Pause())
    question = f"{node.question} " if isinstance(node, Decision) else ""
    options = ", ".join(o.label for o in node.options) if isinstance(node, Decision) else ""
    raise SopflowError(
        f"{answers} has no answer for decision '{current.path[-1].node}' "
        f"({question}options: {options}); run {current.id} is paused there: "
        f"continue with `sopflow run --resume {current.id}`"
    )


RUN_STATES = ("in_progress", "paused", "finished")


def _where(run: Run) -> str:
    """The outcome a finished run reached, or the node an unfinished one waits at."""
    if run.state == "finished":
        return run.outcome or ""
    return run.current.node if run.current else ""


def _listed(run: Run) -> dict[str, object]:
    return {
        "id": run.id,
        "code": run.code,
        "revision": run.revision.number,
        "sha256": run.revision.sha256,
        "source": run.revision.source,
        "state": run.state,
        "started_by": run.started_by,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "node": run.current.node if run.current and run.state != "finished" else None,
        "outcome": run.outcome,
    }


def runs_command(
    code: Annotated[
        str | None, typer.Argument(help="Only the runs of this document code.", show_default=False)
    ] = None,
    *,
    state: Annotated[
        str | None, typer.Option("--state", help="in_progress, paused or finished.")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Only runs started by this person.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """List saved runs, oldest first: who follows which revision, and where each one stands.

    Runs of files and runs in the library are both listed; a paused run continues with
    `sopflow run --resume ID`.
    """
    if code is not None and not is_code(code):
        raise SopflowError(f"{code}: not a document code like SOP-FIN-003")
    if state is not None and state not in RUN_STATES:
        raise SopflowError(f"--state must be one of {', '.join(RUN_STATES)}, not {state!r}")
    with existing_library() as library:
        listed = list_runs(
            library=library,
            actor=local_actor(),
            code=code,
            state=state,
            person=by,
            files=folder_store(),
        )
    found = [item.run for item in listed.runs]
    if as_json:
        print_json({"runs": [_listed(run) for run in found]})
        return
    table = Table(title=f"{len(found)} run(s)", title_justify="left", box=None)
    for column in ("run", "document", "by", "started", "state"):
        table.add_column(column, no_wrap=True, min_width=len(column))
    table.add_column("at node or outcome")
    for run in found:
        revision = f"@{run.revision.number}" if run.revision.number else ""
        started = run.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        table.add_row(run.id, run.code + revision, run.started_by, started, run.state, _where(run))
    out.print(table)
    if any(run.state != "finished" for run in found):
        out.print("Continue an unfinished run with `sopflow run --resume RUN`.", markup=False)
