"""Plain text and Markdown: paragraphs, list items and speaker turns become utterances."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.capture.readers import read_walkthrough
from sopflow.capture.readers.base import split_speaker
from sopflow.capture.readers.text import parse_text, split_title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "One line.\nSame paragraph.\n\nNext one.",
            [(None, "One line. Same paragraph."), (None, "Next one.")],
        ),
        (
            "- open the ticket\n- **check** the `date`",
            [(None, "open the ticket"), (None, "check the date")],
        ),
        ("Anna: I open it.\nBen: I check it.", [("Anna", "I open it."), ("Ben", "I check it.")]),
        ("Note: keep the receipt.", [(None, "Note: keep the receipt.")]),
        ("1. Log in\n2) Click Save", [(None, "Log in"), (None, "Click Save")]),
    ],
)
def test_parse_text(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert [(u.speaker, u.text) for u in parse_text(text)] == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Priya Shah: hello", ("Priya Shah", "hello")),
        ("Warning: hot", (None, "Warning: hot")),
        ("at 10:30 we start", (None, "at 10:30 we start")),
        ("the agent: opens", (None, "the agent: opens")),
    ],
)
def test_split_speaker(line: str, expected: tuple[str | None, str]) -> None:
    assert split_speaker(line) == expected


def test_markdown_title_becomes_the_walkthrough_title(tmp_path: Path) -> None:
    assert split_title("# Refunds\n\nThe agent checks.")[0] == "Refunds"
    path = tmp_path / "notes.md"
    path.write_text("# Refunds\n\nThe agent checks the order.\n")
    walkthrough = read_walkthrough([path])
    assert walkthrough.title == "Refunds"
    assert [u.text for u in walkthrough.utterances] == ["The agent checks the order."]
