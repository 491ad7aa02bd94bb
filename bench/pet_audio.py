"""PET read aloud: how far the audio path falls below the text path.

Usage: .venv/bin/python -m bench.pet_audio [--eval ../shared/eval] [--limit N] [--cache DIR]

Each PET development document is read aloud by flite (needs `flite`), transcribed with the
bundled Whisper tiny.en as `sopflow capture` does, and then goes through capture's own text
path: the transcript is joined, cleaned and redacted (`build_transcript`) and structured by
the same structurer as the text. The predicted spans are mapped back to the gold tokens by
aligning the heard text with the gold text (`bench/pet_align.py`), and both paths are scored
with pet_score.py. `--cache DIR` keeps each document's transcription (keyed by its spoken
text and the transcription options) so that structurer changes can be measured again
without transcribing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.pet_align import Alignment, token_ranges
from bench.pet_predict import predict, to_pet
from bench.speech_text import word_error_rate
from sopflow.capture.extraction import Extraction
from sopflow.capture.media.reader import phrases
from sopflow.capture.media.transcribe import TranscribeOptions, transcribe
from sopflow.capture.structure.pipeline import load_pipeline, structure
from sopflow.capture.timeline import Utterance, Walkthrough, Word
from sopflow.capture.transcript import Transcript, build_transcript
from sopflow.settings import load_settings

if TYPE_CHECKING:
    from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]


def spoken_text(tokens: list[str]) -> str:
    """The gold tokens as a reader would see them: no space before punctuation."""
    text = " ".join(tokens)
    return re.sub(r" ([.,;:!?)])", r"\1", text).replace("( ", "(")


def synthesize(text: str, out: Path) -> None:
    script = out.with_suffix(".txt")
    script.write_text(text)
    subprocess.run(["flite", "-voice", "slt", "-f", str(script), "-o", str(out)], check=True)


def _load_utterances(path: Path) -> tuple[Utterance, ...]:
    items = json.loads(path.read_text())
    return tuple(
        Utterance(
            text=u["text"],
            start=u["start"],
            end=u["end"],
            speaker=u["speaker"],
            words=tuple(Word(**w) for w in u["words"]),
        )
        for u in items
    )


def hear(
    said: str, folder: Path, options: TranscribeOptions, cache: Path | None
) -> tuple[tuple[Utterance, ...], float]:
    """The recogniser's utterances for text read aloud, and the seconds transcribing took."""
    name = hashlib.sha256(f"{said}\n{options!r}".encode()).hexdigest()[:20]
    cached = cache / f"{name}.json" if cache else None
    if cached is not None and cached.is_file():
        return _load_utterances(cached), 0.0
    wav = folder / f"{name}.wav"
    synthesize(said, wav)
    began = time.perf_counter()
    utterances = transcribe(wav, options)
    seconds = time.perf_counter() - began
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps([asdict(u) for u in utterances]))
    return utterances, seconds


@dataclass(frozen=True)
class Heard:
    """One document through the audio path: transcript, structure and the gold alignment."""

    transcript: Transcript
    extraction: Extraction
    alignment: Alignment
    prediction: dict[str, Any]


def heard_tokens(text: str) -> list[tuple[int, int]]:
    """Character ranges of the words and marks of a transcript (whitespace-separated)."""
    return [m.span() for m in re.finditer(r"\S+", text)]


def audio_path(utterances: tuple[Utterance, ...], gold_words: list[str], nlp: Language) -> Heard:
    """Capture's text path on the recogniser's output, mapped onto the gold tokens."""
    walkthrough = Walkthrough(sources=("read-aloud",), utterances=phrases(utterances))
    transcript = build_transcript(walkthrough)
    extraction = structure(transcript.text, nlp)
    alignment = Alignment(
        " ".join(gold_words),
        token_ranges(gold_words),
        transcript.text,
        heard_tokens(transcript.text),
    )
    prediction = to_pet(extraction, lambda span: alignment.gold_tokens(span.start, span.end))
    return Heard(transcript, extraction, alignment, prediction)


def score(pet_score: Path, gold: Path, predictions: list[dict[str, Any]], out: Path) -> Any:
    out.write_text("".join(json.dumps(p) + "\n" for p in predictions))
    result = subprocess.run(
        [sys.executable, str(pet_score), str(gold), str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


ROWS = [
    ("all mentions", "mentions", "overall"),
    ("relations, end to end", "relations", "overall"),
    *(
        (kind, "mentions", kind)
        for kind in (
            "Activity",
            "Activity Data",
            "Actor",
            "XOR Gateway",
            "AND Gateway",
            "Condition Specification",
            "Further Specification",
        )
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=None, help="keep transcriptions here")
    args = parser.parse_args()
    gold_path = args.eval / "pet" / "dev.jsonl"
    documents = [json.loads(line) for line in gold_path.read_text().splitlines() if line.strip()]
    if args.limit:
        documents = documents[: args.limit]
    nlp = load_pipeline(load_settings().spacy_model)
    options = TranscribeOptions()

    audio_predictions: list[dict[str, Any]] = []
    errors = words = 0
    audio_seconds = transcribe_seconds = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for document in documents:
            gold_words = [str(token["text"]) for token in document["tokens"]]
            said = spoken_text(gold_words)
            utterances, seconds = hear(said, Path(folder), options, args.cache)
            transcribe_seconds += seconds
            audio_seconds += max(u.end or 0.0 for u in utterances)
            wrong, total = word_error_rate(said, " ".join(u.text for u in utterances))
            errors, words = errors + wrong, words + total
            heard = audio_path(utterances, gold_words, nlp)
            audio_predictions.append({"id": document["id"], **heard.prediction})
            print(f"{document['id']}: WER {wrong / total:.3f}", file=sys.stderr)
        pet_score = args.eval / "pet_score.py"
        gold_subset = Path(folder) / "gold.jsonl"
        gold_subset.write_text("".join(json.dumps(d) + "\n" for d in documents))
        text = score(pet_score, gold_subset, predict(documents, nlp), Path(folder) / "text.jsonl")
        audio = score(pet_score, gold_subset, audio_predictions, Path(folder) / "audio.jsonl")
    print(
        f"documents: {len(documents)}; audio {audio_seconds / 60:.1f} min, "
        f"transcribed in {transcribe_seconds:.0f} s; WER {errors / words:.3f}"
    )
    print("| F1 (strict) | text path | audio path | difference |")
    print("|---|---|---|---|")
    for label, group, kind in ROWS:
        t, a = text[group][kind]["f1"], audio[group][kind]["f1"]
        print(f"| {label} | {t:.3f} | {a:.3f} | {a - t:+.3f} |")


if __name__ == "__main__":
    main()
