"""The PET read-aloud benchmark maps spans of what was heard onto the gold tokens read aloud."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def pet_align(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """bench/pet_align.py (the benchmarks are run from the repository, not installed)."""
    monkeypatch.syspath_prepend(str(REPO))
    import bench.pet_align

    return bench.pet_align


def gold_of(pet_align: ModuleType, gold_text: str, heard: str, words: str) -> list[str]:
    """The gold tokens (gold_text split at spaces, as PET writes it) that words in heard
    stand for."""
    gold = gold_text.split(" ")
    heard_tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", heard)]
    alignment = pet_align.Alignment(
        " ".join(gold), pet_align.token_ranges(gold), heard, heard_tokens
    )
    found = re.search(rf"(?<!\S){re.escape(words)}(?!\S)", heard)
    assert found is not None
    return [gold[i] for i in alignment.gold_tokens(*found.span())]


@pytest.mark.parametrize(
    ("gold", "heard", "words", "expected"),
    [
        # the same words, whatever the case and punctuation
        ("The clerk checks it .", "the clerk checks it", "clerk", ["clerk"]),
        # one gold token heard as two words, and two heard as one
        (
            "the front-desk clerk books it",
            "the front desk clerk books it",
            "the front desk clerk",
            ["the", "front-desk", "clerk"],
        ),
        (
            "the tenant ’ s flat",
            "the tenant's flat",
            "the tenant's flat",
            ["the", "tenant", "’", "s", "flat"],
        ),
        # a number said as words and written as digits
        ("Eighty percent of orders", "80% of orders", "80%", ["Eighty", "percent"]),
        # a misheard word of another length stands for the word said there
        (
            "gives it to the concierge to call a taxi",
            "gives it to the Konsierjay to call a taxi",
            "the Konsierjay",
            ["the", "concierge"],
        ),
        # a word heard that was never said stands for nothing
        ("they still found it", "they he still found it", "he", []),
    ],
)
def test_heard_spans_map_onto_the_gold_tokens(
    pet_align: ModuleType, gold: str, heard: str, words: str, expected: list[str]
) -> None:
    assert gold_of(pet_align, gold, heard, words) == expected


def test_words_heard_as_written_are_told_apart_from_misheard_ones(pet_align: ModuleType) -> None:
    gold = ["The", "QAMO", "reviews", "the", "refund", "."]
    heard = "The QAM reviews the refund."
    heard_tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", heard)]
    alignment = pet_align.Alignment(
        " ".join(gold), pet_align.token_ranges(gold), heard, heard_tokens
    )
    assert alignment.heard_right([2, 3, 4])
    assert not alignment.heard_right([0, 1])
