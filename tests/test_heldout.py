"""The evaluation texts stay held out: no line of the code or the tests copies them.

sopflow is also scored on texts we do not have, so its rules must be general patterns, not
sentences of the dev data. This reads the evaluation texts beside the checkout (skipped when
they are absent) and fails on any line of src/ or tests/ sharing six words in a row with one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

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


def test_no_line_of_the_code_or_the_tests_copies_an_evaluation_text() -> None:
    if not (EVAL / "friedrich").is_dir() or not (EVAL / "pet" / "dev.jsonl").is_file():
        pytest.skip(f"the evaluation data is not at {EVAL}")
    held: set[tuple[str, ...]] = set()
    for text in _texts():
        held |= _runs(_words(text))
    copied = [
        f"{file.relative_to(REPO)}:{number}: {line.strip()[:100]}"
        for folder in ("src", "tests")
        for file in sorted((REPO / folder).rglob("*.py"))
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
        if _runs(_words(line)) & held
    ]
    assert copied == [], "lines that copy the held-out evaluation texts:\n" + "\n".join(copied)
