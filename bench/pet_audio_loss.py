"""Where the audio path loses PET mentions that the text path finds.

Usage: .venv/bin/python -m bench.pet_audio_loss [--eval ../shared/eval] [--cache DIR]
       [--baseline] [--examples TYPE]

For every gold mention the text path finds and the audio path does not, one cause:

- alignment: the structurer found it on the transcript (the same type on heard characters that
  the character-level alignment of `bench/pet_align.py` maps exactly onto the gold tokens),
  but the mapping the benchmark used lost it;
- misheard: a word of the mention (letters or digits) was not heard as written;
- structure, sentence: every word was heard right, the structurer did not find it, and the
  transcript's sentence around it is not the gold sentence (joined with the next by a comma,
  or cut);
- structure, other: every word heard right, the same sentence, still not found (casing,
  punctuation, spelt-out numbers, cleaning, a different parse).

It also counts the mentions the audio path finds and the text path does not, and the false
positives either path has. `--baseline` measures the benchmark as it was before the
character-level alignment: utterance texts joined by spaces, not cleaned, and spans mapped only
through equal words and same-length runs of substituted words.
"""

from __future__ import annotations

import argparse
import difflib
import json
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.pet_align import Alignment, token_ranges
from bench.pet_audio import REPO, audio_path, hear, spoken_text
from bench.pet_predict import overlapping, predict, to_pet
from bench.speech_text import normalise
from sopflow.capture.extraction import Extraction
from sopflow.capture.media.reader import phrases
from sopflow.capture.media.transcribe import TranscribeOptions
from sopflow.capture.structure.pipeline import load_pipeline, structure_doc
from sopflow.capture.timeline import Utterance
from sopflow.settings import load_settings

if TYPE_CHECKING:
    from spacy.language import Language

MentionKey = tuple[str, tuple[int, ...]]


def keys(prediction: dict[str, Any]) -> set[MentionKey]:
    return {(m["type"], tuple(sorted(m["tokenDocumentIndices"]))) for m in prediction["mentions"]}


@dataclass(frozen=True)
class AudioRun:
    """One document through one version of the audio path."""

    text: str
    extraction: Extraction
    oracle: Alignment
    mentions: set[MentionKey]
    """As the benchmark maps them."""
    oracle_mentions: set[MentionKey]
    """As the character-level alignment maps them."""


def _old_key(word: str) -> str:
    words = normalise(word)
    return " ".join(words) if words else word


def _old_align(gold: list[str], heard: list[str]) -> dict[int, int]:
    """The benchmark's first alignment: equal words and same-length substitutions only."""
    matcher = difflib.SequenceMatcher(
        None, [_old_key(w) for w in gold], [_old_key(w) for w in heard], autojunk=False
    )
    mapping: dict[int, int] = {}
    for tag, g1, g2, h1, h2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and g2 - g1 == h2 - h1):
            for offset in range(h2 - h1):
                mapping[h1 + offset] = g1 + offset
    return mapping


def baseline_path(
    utterances: tuple[Utterance, ...], gold_words: list[str], nlp: Language
) -> AudioRun:
    from spacy.tokens import Doc

    heard = " ".join(u.text for u in phrases(utterances))
    words = [token.text for token in nlp.tokenizer(heard)]
    extraction = structure_doc(nlp(Doc(nlp.vocab, words=words)))
    text = " ".join(words)
    mapping = _old_align(gold_words, words)
    on_heard = overlapping(words)

    def old(span: Any) -> tuple[int, ...]:
        return tuple(sorted({mapping[t] for t in on_heard(span) if t in mapping}))

    oracle = Alignment(" ".join(gold_words), token_ranges(gold_words), text, token_ranges(words))
    mentions = keys(to_pet(extraction, old))
    oracle_mentions = keys(to_pet(extraction, lambda s: oracle.gold_tokens(s.start, s.end)))
    return AudioRun(text, extraction, oracle, mentions, oracle_mentions)


def current_path(
    utterances: tuple[Utterance, ...], gold_words: list[str], nlp: Language
) -> AudioRun:
    heard = audio_path(utterances, gold_words, nlp)
    mentions = keys(heard.prediction)
    return AudioRun(heard.transcript.text, heard.extraction, heard.alignment, mentions, mentions)


def sentence_differs(path: AudioRun, document: dict[str, Any], tokens: tuple[int, ...]) -> bool:
    """Whether the transcript's sentence around the mention is not the gold sentence."""
    span = path.oracle.heard_span(tokens)
    if span is None:
        return True
    gold_tokens = document["tokens"]
    number = gold_tokens[tokens[0]]["sentenceIndex"]
    wanted = [
        i
        for i, t in enumerate(gold_tokens)
        if t["sentenceIndex"] == number and any(c.isalnum() for c in t["text"])
    ]
    for sentence in path.extraction.sentences:
        if sentence.start <= span[0] < sentence.end:
            got = path.oracle.gold_tokens(sentence.start, sentence.end)
            words = [i for i in got if any(c.isalnum() for c in gold_tokens[i]["text"])]
            return words != wanted
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--cache", type=Path, default=None, help="keep transcriptions here")
    parser.add_argument("--baseline", action="store_true", help="the benchmark's first method")
    parser.add_argument("--examples", default="", help="print the lost mentions of this type")
    args = parser.parse_args()
    documents = [
        json.loads(line)
        for line in (args.eval / "pet" / "dev.jsonl").read_text().splitlines()
        if line.strip()
    ]
    nlp = load_pipeline(load_settings().spacy_model)
    text_predictions = {p["id"]: keys(p) for p in predict(documents, nlp)}
    causes: Counter[tuple[str, str]] = Counter()
    gained: Counter[str] = Counter()
    false_positives: Counter[tuple[str, str]] = Counter()
    run = baseline_path if args.baseline else current_path
    with tempfile.TemporaryDirectory() as folder:
        for document in documents:
            gold_words = [str(token["text"]) for token in document["tokens"]]
            utterances, _ = hear(
                spoken_text(gold_words), Path(folder), TranscribeOptions(), args.cache
            )
            path = run(utterances, gold_words, nlp)
            gold = {
                (m["type"], tuple(sorted(m["tokenDocumentIndices"]))) for m in document["mentions"]
            }
            text = text_predictions[document["id"]]
            for kind, tokens in sorted((text & gold) - path.mentions):
                if (kind, tokens) in path.oracle_mentions:
                    cause = "alignment"
                elif not path.oracle.heard_right(tokens):
                    cause = "misheard"
                elif sentence_differs(path, document, tokens):
                    cause = "structure, sentence"
                else:
                    cause = "structure, other"
                causes[(kind, cause)] += 1
                if args.examples and kind.startswith(args.examples):
                    said = " ".join(gold_words[i] for i in tokens)
                    span = path.oracle.heard_span(tokens)
                    around = (
                        path.text[max(span[0] - 60, 0) : span[1] + 60] if span else "(not heard)"
                    )
                    print(f"{document['id']} {kind} [{cause}] {said!r}\n    heard: …{around}…")
            for kind, _ in (path.mentions & gold) - text:
                gained[kind] += 1
            for kind, _ in path.mentions - gold:
                false_positives[(kind, "audio")] += 1
            for kind, _ in text - gold:
                false_positives[(kind, "text")] += 1
    kinds = sorted({k for k, _ in causes} | set(gained) | {k for k, _ in false_positives})
    names = ["alignment", "misheard", "structure, sentence", "structure, other"]
    print("| type | lost | " + " | ".join(names) + " | gained | FP text | FP audio |")
    print("|---" * (len(names) + 5) + "|")
    for kind in [*kinds, "all"]:
        row = [
            sum(v for (k, c), v in causes.items() if c == name and kind in (k, "all"))
            for name in names
        ]
        extra = [
            sum(v for k, v in gained.items() if kind in (k, "all")),
            sum(v for (k, p), v in false_positives.items() if p == "text" and kind in (k, "all")),
            sum(v for (k, p), v in false_positives.items() if p == "audio" and kind in (k, "all")),
        ]
        print(f"| {kind} | {sum(row)} | " + " | ".join(map(str, row + extra)) + " |")


if __name__ == "__main__":
    main()
