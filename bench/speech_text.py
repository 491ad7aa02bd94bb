"""Word error rate and the text normalisation it needs, shared by the speech benchmarks."""

from __future__ import annotations

import re

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(number: int) -> str:
    """0-999 in words, as a voice reads them ("thirty", "one hundred five")."""
    if number < 20:
        return _UNITS[number]
    if number < 100:
        tens, unit = divmod(number, 10)
        return _TENS[tens] + (f" {_UNITS[unit]}" if unit else "")
    hundreds, rest = divmod(number, 100)
    return f"{_UNITS[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")


def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation, small numbers spelt out."""
    text = text.lower().replace("-", " ")
    text = re.sub(r"\b\d{1,3}\b", lambda m: number_words(int(m.group())), text)
    return re.findall(r"[a-z0-9']+", text)


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Word-level Levenshtein distance: substitutions, deletions and insertions."""
    previous = list(range(len(hypothesis) + 1))
    for i, word in enumerate(reference, start=1):
        current = [i]
        for j, heard in enumerate(hypothesis, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != heard))
            )
        previous = current
    return previous[-1]


def word_error_rate(reference: str, hypothesis: str) -> tuple[int, int]:
    """Errors and reference words, to sum over a corpus before dividing."""
    said, heard = normalise(reference), normalise(hypothesis)
    return edit_distance(said, heard), len(said)
