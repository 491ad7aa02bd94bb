"""Each cleaning function on its own, as a table of said -> kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.clean.fillers import (
    clean,
    remove_false_starts,
    remove_fillers,
    remove_openers,
    remove_repeated_words,
    tidy_spacing,
)
from sopflow.capture.clean.mapped import Mapped

CASES: list[tuple[Callable[[Mapped], Mapped], str, str]] = [
    (remove_fillers, "Um, I click Save.", "I click Save."),
    (remove_fillers, "then uh we send it", "then we send it"),
    (remove_fillers, "So basically the agent checks it", "the agent checks it"),
    (remove_fillers, "and, you know, it's done", "and, it's done"),
    (remove_fillers, "Hmm... erm the refund", "the refund"),
    (remove_fillers, "the umbrella and the number", "the umbrella and the number"),
    (remove_fillers, "I mean the total", "the total"),
    (remove_openers, "Okay, so this is how we do it.", "This is how we do it."),
    (remove_openers, "Done. So I click Save", "Done. I click Save"),
    (remove_openers, "Right, and then", "And then"),
    (remove_openers, "we do so now", "we do so now"),
    (remove_false_starts, "I cl- click Save", "I click Save"),
    (remove_false_starts, "the refu-- refund", "the refund"),
    (remove_false_starts, "an e-mail to the team", "an e-mail to the team"),
    (remove_repeated_words, "the the ticket", "the ticket"),
    (remove_repeated_words, "We we we send it", "We send it"),
    (remove_repeated_words, "I open, I open the form", "I open the form"),
    (remove_repeated_words, "Done. I open, I open the form", "Done. I open the form"),
    (
        remove_repeated_words,
        "send it to the clerk, the clerk checks it",
        "send it to the clerk, the clerk checks it",
    ),
    (remove_repeated_words, "code 1 1 2", "code 1 1 2"),
    (tidy_spacing, "the  ticket , now", "the ticket, now"),
    (tidy_spacing, "Done. , then", "Done. then"),
]


@pytest.mark.parametrize(("cleaner", "said", "kept"), CASES)
def test_cleaner(cleaner: Callable[[Mapped], Mapped], said: str, kept: str) -> None:
    cleaned = cleaner(Mapped.of(said))
    assert cleaned.text == kept
    assert all(
        said[o].casefold() == c.casefold()
        for o, c in zip(cleaned.origin, cleaned.text, strict=True)
    )


def test_all_stages_together_map_back_to_the_words_said() -> None:
    said = "Um, so basically I cl- click the the Refund button, uh, and then we we confirm."
    cleaned = clean(Mapped.of(said))
    assert cleaned.text == "I click the Refund button, and then we confirm."
    at = cleaned.text.index("Refund")
    start, end = cleaned.original_span(at, at + len("Refund"))
    assert said[start:end] == "Refund"
