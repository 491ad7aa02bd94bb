"""The evaluation texts stay held out: no line of the code or the tests copies them.

sopflow is also scored on texts we do not have, so its rules must be general patterns, not
sentences of the dev data. This reads the evaluation texts beside the checkout (skipped when
they are absent) and fails on any line of src/ or tests/ sharing six words in a row with one,
and on any quote of one in the prose (README, docs/, bench/README.md, examples/), where a
sentence may wrap over lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import EVAL, REPO

RUN = 6
"""Words in a row that make a copy; five would also catch ordinary English phrases."""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _texts() -> Iterator[str]:
    yield from (file.read_text(errors="ignore") for file in (EVAL / "friedrich").rglob("*.txt"))
    yield from (file.read_text(errors="ignore") for file in (EVAL / "atdp").rglob("*.txt"))
    for line in (EVAL / "pet" / "dev.jsonl").read_text().splitlines():
        yield str(json.loads(line).get("text", ""))


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.fixture(scope="module")
def held() -> set[tuple[str, ...]]:
    """Every run of six words of the evaluation texts."""
    if not (EVAL / "friedrich").is_dir() or not (EVAL / "pet" / "dev.jsonl").is_file():
        pytest.skip(f"the evaluation data is not at {EVAL}")
    runs: set[tuple[str, ...]] = set()
    for text in _texts():
        runs |= _runs(_words(text))
    return runs


def _prose() -> Iterator[Path]:
    yield REPO / "README.md"
    yield REPO / "bench" / "README.md"
    yield from sorted((REPO / "docs").rglob("*.md"))
    yield from sorted(
        file
        for file in (REPO / "examples").rglob("*")
        if file.suffix in {".md", ".txt", ".vtt", ".srt", ".yaml"}
    )


def _quoted(text: str, held: set[tuple[str, ...]]) -> Iterator[int]:
    """The line of each place where six words in a row, over line breaks, are held out."""
    words = [(match.group().lower(), match.start()) for match in re.finditer(r"[A-Za-z]+", text)]
    for i in range(len(words) - RUN + 1):
        if tuple(word for word, _ in words[i : i + RUN]) in held:
            yield text.count("\n", 0, words[i][1]) + 1


def test_no_line_of_the_code_or_the_tests_copies_an_evaluation_text(
    held: set[tuple[str, ...]],
) -> None:
    copied = [
        f"{file.relative_to(REPO)}:{number}: {line.strip()[:100]}"
        for folder in ("src", "tests")
        for file in sorted((REPO / folder).rglob("*.py"))
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
        if _runs(_words(line)) & held
    ]
    assert copied == [], "lines that copy the held-out evaluation texts:\n" + "\n".join(copied)


def test_the_prose_quotes_no_evaluation_text(held: set[tuple[str, ...]]) -> None:
    quoted = sorted(
        {
            f"{file.relative_to(REPO)}:{line}"
            for file in _prose()
            for line in _quoted(file.read_text(encoding="utf-8"), held)
        }
    )
    assert quoted == [], "places in the prose that quote the held-out texts:\n" + "\n".join(quoted)
