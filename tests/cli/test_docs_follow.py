"""docs/follow.md keeps up with the commands it documents and the lint rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.analysis.lint import RULES
from sopflow.cli.app import load_command

DOC = (Path(__file__).resolve().parents[2] / "docs" / "follow.md").read_text(encoding="utf-8")
COMMANDS = ("run", "stats", "lint", "diff")


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_of_the_command_is_documented(name: str) -> None:
    command = load_command(name)
    assert f"sopflow {name} " in DOC
    for parameter in command.params:
        for option in parameter.opts:
            if option.startswith("--") and option != "--help":
                assert option in DOC, f"{name} {option} is not in docs/follow.md"


@pytest.mark.parametrize("rule", [rule.id for rule in RULES])
def test_every_lint_rule_is_in_the_table(rule: str) -> None:
    assert f"| `{rule}` |" in DOC
