"""The consoles commands write to: results on stdout, messages and progress on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.console import Console

from sopflow.errors import InvalidInputError

out = Console(highlight=False, soft_wrap=True)
"""Results: what a script would capture."""

err = Console(stderr=True, highlight=False, soft_wrap=True)
"""Messages, summaries and progress."""


def print_json(data: Any) -> None:
    """Machine-readable output: indented, keys in the order given, UTF-8 kept."""
    out.out(json.dumps(data, indent=2, ensure_ascii=False), highlight=False)


def read_password(from_stdin: bool, *, prompt: str, twice: bool = False) -> str:
    """A password: standard input's first line (--password-stdin), or asked at a terminal,
    twice when it is being chosen; an InvalidInputError naming what is wrong else."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InvalidInputError("--password-stdin: standard input held no password")
        return line
    if not sys.stdin.isatty():
        raise InvalidInputError("password: no terminal to ask at; pipe it in with --password-stdin")
    first = str(typer.prompt(prompt, hide_input=True))
    if twice and first != str(typer.prompt("Again", hide_input=True)):
        raise InvalidInputError("password: the two entries differ")
    return first
