"""Run-on sentences, as speech recognition writes them, are cut where a new clause starts."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sopflow.capture.structure.pipeline import parse


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # two sentences joined by a comma: the second clause has a subject of its own
        (
            "The clerk sends the claim to the manager, the manager reviews the claim.",
            ["The clerk sends the claim to the manager,", "the manager reviews the claim."],
        ),
        # a subordinate clause between them belongs to the clause that follows it
        (
            "The porter is responsible for luggage, once the room is ready, the porter carries it.",
            [
                "The porter is responsible for luggage,",
                "once the room is ready, the porter carries it.",
            ],
        ),
        # after a condition, whether the next clause still depends on it is left open
        (
            "If the clerk approves it, the manager signs it, the secretary files it.",
            ["If the clerk approves it, the manager signs it, the secretary files it."],
        ),
        # so does a condition opened by a phrase the parser does not mark: "in case"
        (
            "In case the tenant is away, the caretaker leaves a note.",
            ["In case the tenant is away, the caretaker leaves a note."],
        ),
        (
            "As long as the line is busy, the agent waits, the caller gets music.",
            ["As long as the line is busy, the agent waits, the caller gets music."],
        ),
        # a note said in the middle is a sentence of its own
        (
            "The agent opens the ticket, make sure the customer is verified, "
            "the agent refunds the payment.",
            [
                "The agent opens the ticket, make sure the customer is verified,",
                "the agent refunds the payment.",
            ],
        ),
        # written sentences keep their shape
        (
            "When a tenant calls, the caretaker takes down the details.",
            ["When a tenant calls, the caretaker takes down the details."],
        ),
        (
            "Sometimes, we buy leads, sometimes, our staff attends exhibitions.",
            ["Sometimes, we buy leads, sometimes, our staff attends exhibitions."],
        ),
        (
            "First they test the bike, then they repair the frame, and finally they return it.",
            ["First they test the bike, then they repair the frame, and finally they return it."],
        ),
        (
            "The storehouse checks the parts, which are then reserved.",
            ["The storehouse checks the parts, which are then reserved."],
        ),
    ],
)
def test_run_on_sentences_are_cut_at_clauses(
    nlp: Language, text: str, sentences: list[str]
) -> None:
    doc = parse(text, nlp)
    assert doc.text == text
    assert [s.text.strip() for s in doc.sents] == sentences


def test_the_new_sentences_are_parsed_on_their_own(nlp: Language) -> None:
    doc = parse("The clerk sends the claim to the manager, the manager reviews the claim.", nlp)
    reviews = next(t for t in doc if t.text == "reviews")
    assert reviews.dep_ == "ROOT"
    assert [t.text for t in reviews.children if t.dep_ == "nsubj"] == ["manager"]


def test_speech_without_sentence_ends_is_cut_into_parts_of_bounded_length(
    nlp: Language,
) -> None:
    # a 58 KB run-on of this kind took about 250 s: every clause was read against the rest of
    # one sentence of 10,000 tokens; now its parts are at most MAX_SENTENCE_TOKENS long
    from sopflow.capture.structure.pipeline import structure
    from sopflow.capture.structure.sentences import MAX_SENTENCE_TOKENS

    phrase = "the agent checks the order in the shop admin and sends the ticket to billing "
    text = phrase * 60
    doc = parse(text, nlp)
    lengths = [len(sentence) for sentence in doc.sents]
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    assert sum(lengths) == len(nlp.make_doc(text))
    assert doc.text == text
    lemmas = [activity.lemma for activity in structure(text, nlp).activities]
    assert lemmas.count("send") == 60  # no repetition is lost at a cut


def test_a_long_sentence_is_cut_after_a_comma_or_before_and() -> None:
    from spacy.lang.en import English

    from sopflow.capture.structure.sentences import length_starts

    words = English()("one two three, four five six and seven eight nine ten")
    cuts = length_starts(words[:], limit=6)
    assert [words[cut].text for cut in cuts] == ["four", "and"]
