"""Answers files: decision id -> option label, so a run can go without prompts.

YAML or JSON (JSON is YAML). Every answer is checked against the SOP before the run starts,
and a mistake names the file, line and decision.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from sopflow.errors import SopflowError
from sopflow.model import Decision, Parallel, Sop
from sopflow.model.runs import Run
from sopflow.runner import engine
from sopflow.runner.engine import Followed, RunError, option_for
from sopflow.runner.sources import read_source


@dataclass(frozen=True)
class Answers:
    """Checked answers, with where they came from for messages."""

    file: str
    labels: dict[str, str]
    """Decision id -> the option label exactly as the SOP spells it."""


def read_answers(path: Path, sop: Sop) -> Answers:
    """The answers in path, each checked against the SOP's decisions and their options."""
    text = read_source(path)
    try:
        data = YAML(typ="rt").load(text)
    except YAMLError as error:
        raise SopflowError(f"{path}: not YAML or JSON ({error})") from None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise SopflowError(f"{path}: an answers file maps decision ids to option labels")
    decisions = {node.id: node for node in sop.flow.nodes if isinstance(node, Decision)}
    labels: dict[str, str] = {}
    for key, value in data.items():
        line = data.lc.key(key)[0] + 1
        where = f"{path}:{line}"
        decision = decisions.get(str(key))
        if decision is None:
            known = ", ".join(decisions) or "none"
            raise SopflowError(
                f"{where}: {sop.code} has no decision '{key}' (its decisions: {known})"
            )
        if not isinstance(value, str | int | float | bool):
            raise SopflowError(f"{where}: the answer to '{key}' must be an option label")
        label = value if isinstance(value, str) else str(value)
        try:
            labels[decision.id] = option_for(decision, label)
        except RunError as error:
            raise SopflowError(f"{where}: {error}") from None
    return Answers(str(path), labels)


def autoplay(
    followed: Followed,
    run: Run,
    labels: Mapping[str, str],
    *,
    who: str,
    now: Callable[[], datetime],
    saved: Callable[[Run], None] = lambda run: None,
) -> Run:
    """Complete steps and answer decisions from labels until the run finishes, or stops at a
    decision labels have no answer for (the run is returned there, in progress). At a
    parallel node the branches are taken in their order.

    saved is called after every transition, so a store keeps each step.
    """
    while run.state == "in_progress":
        node = engine.current_node(followed, run)
        if isinstance(node, Decision):
            if node.id not in labels:
                return run
            run = engine.answer(followed, run, labels[node.id], who=who, at=now())
        elif isinstance(node, Parallel):
            branch = engine.open_branch(followed, run)
            if branch is None:
                raise engine.RunError(f"parallel '{node.id}' has no branch left to take")
            run = engine.take_branch(followed, run, branch, who=who, at=now())
        else:
            run = engine.complete(followed, run, who=who, at=now())
        saved(run)
    return run
