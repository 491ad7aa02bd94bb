"""The transcript keeps time and speaker for every character of the cleaned text."""

from __future__ import annotations

from sopflow.capture.timeline import Utterance, Walkthrough, Word
from sopflow.capture.transcript import build_transcript, join_utterances

TIMED = Walkthrough(
    ("call.vtt",),
    (
        Utterance("Um, so I open the the ticket.", 1.0, 4.0, "Anna"),
        Utterance("Mail it to bob@example.com.", 4.0, 6.0, "Anna"),
        Utterance("Then I check the order.", 6.5, 8.0, "Ben"),
    ),
)


def test_join_separates_speakers_by_a_blank_line() -> None:
    raw, segments = join_utterances(TIMED.utterances)
    assert raw.count("\n\n") == 1
    assert [s.utterance.speaker for s in segments] == ["Anna", "Anna", "Ben"]


def test_cleaned_text_times_and_speakers() -> None:
    transcript = build_transcript(TIMED)
    assert transcript.text.startswith("I open the ticket. Mail it to [EMAIL].")
    at = transcript.text.index("check")
    start, end = transcript.time_of((at, at + 5))
    assert 6.5 <= start < end <= 8.0
    assert transcript.speaker_at(at) == "Ben"
    assert transcript.speaker_at(0) == "Anna"
    assert [r.kind for r in transcript.redactions] == ["email"]


def test_redaction_can_be_turned_off() -> None:
    transcript = build_transcript(TIMED, redact_secrets=False)
    assert "bob@example.com" in transcript.text
    assert transcript.redactions == ()


def test_word_timings_are_used_when_present() -> None:
    words = (Word("Click", 10.0, 10.4), Word("Save", 10.5, 11.0), Word("now", 12.0, 12.2))
    transcript = build_transcript(
        Walkthrough(("a.wav",), (Utterance("Click Save now", 10.0, 12.2, None, words),))
    )
    at = transcript.text.index("Save")
    assert transcript.time_of((at, at + 4)) == (10.5, 11.0)


def test_untimed_text_has_no_time() -> None:
    transcript = build_transcript(Walkthrough(("a.txt",), (Utterance("The agent checks it."),)))
    assert transcript.time_of((0, 5)) is None


def test_said_between() -> None:
    transcript = build_transcript(TIMED)
    assert transcript.said_between(7.0, 7.5, margin=0) == "Then I check the order."
