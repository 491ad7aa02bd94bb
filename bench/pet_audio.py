"""PET read aloud: how far the audio path falls below the text path.

Usage: .venv/bin/python -m bench.pet_audio [--eval ../shared/eval] [--limit N]

Each PET development document is read aloud by flite (needs `flite`), transcribed with the
bundled Whisper tiny.en as `sopflow capture` does, and structured by the same structurer as
the text. The predicted spans are mapped back to the gold tokens by aligning the heard words
with the gold words (equal words, and same-length runs of substituted words, map one to one;
anything else is lost, as it would be to a reader). Both paths are scored with pet_score.py.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.pet_predict import predict, to_pet
from bench.speech_text import normalise, word_error_rate
from sopflow.capture.media.reader import read_recording
from sopflow.capture.media.transcribe import TranscribeOptions
from sopflow.capture.structure.pipeline import load_pipeline, structure_doc
from sopflow.settings import load_settings

REPO = Path(__file__).resolve().parents[1]


def spoken_text(tokens: list[str]) -> str:
    """The gold tokens as a reader would see them: no space before punctuation."""
    text = " ".join(tokens)
    return re.sub(r" ([.,;:!?)])", r"\1", text).replace("( ", "(")


def synthesize(text: str, out: Path) -> None:
    script = out.with_suffix(".txt")
    script.write_text(text)
    subprocess.run(["flite", "-voice", "slt", "-f", str(script), "-o", str(out)], check=True)


def key(word: str) -> str:
    words = normalise(word)
    return " ".join(words) if words else word


def align(gold: list[str], heard: list[str]) -> dict[int, int]:
    """Heard token index to gold token index, for the tokens that can be matched."""
    matcher = difflib.SequenceMatcher(
        None, [key(w) for w in gold], [key(w) for w in heard], autojunk=False
    )
    mapping: dict[int, int] = {}
    for tag, g1, g2, h1, h2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and g2 - g1 == h2 - h1):
            for offset in range(h2 - h1):
                mapping[h1 + offset] = g1 + offset
    return mapping


def remap(prediction: dict[str, Any], mapping: dict[int, int]) -> dict[str, Any]:
    """Mentions and relations moved from heard tokens onto gold tokens."""
    mentions: list[dict[str, Any]] = []
    index: dict[int, int] = {}
    seen: dict[tuple[str, tuple[int, ...]], int] = {}
    for old, mention in enumerate(prediction["mentions"]):
        tokens = tuple(
            sorted({mapping[t] for t in mention["tokenDocumentIndices"] if t in mapping})
        )
        if not tokens:
            continue
        name = (mention["type"], tokens)
        if name not in seen:
            seen[name] = len(mentions)
            mentions.append({"type": mention["type"], "tokenDocumentIndices": list(tokens)})
        index[old] = seen[name]
    relations = {
        (index[r["headMentionIndex"]], index[r["tailMentionIndex"]], r["type"])
        for r in prediction["relations"]
        if r["headMentionIndex"] in index and r["tailMentionIndex"] in index
    }
    return {
        "mentions": mentions,
        "relations": [
            {"headMentionIndex": h, "tailMentionIndex": t, "type": kind}
            for h, t, kind in sorted(relations)
            if h != t
        ],
    }


def score(pet_score: Path, gold: Path, predictions: list[dict[str, Any]], out: Path) -> Any:
    out.write_text("".join(json.dumps(p) + "\n" for p in predictions))
    result = subprocess.run(
        [sys.executable, str(pet_score), str(gold), str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    gold_path = args.eval / "pet" / "dev.jsonl"
    documents = [json.loads(line) for line in gold_path.read_text().splitlines() if line.strip()]
    if args.limit:
        documents = documents[: args.limit]
    nlp = load_pipeline(load_settings().spacy_model)
    from spacy.tokens import Doc

    audio_predictions: list[dict[str, Any]] = []
    errors = words = 0
    audio_seconds = transcribe_seconds = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for document in documents:
            gold_words = [str(token["text"]) for token in document["tokens"]]
            said = spoken_text(gold_words)
            wav = Path(folder) / f"{document['id']}.wav"
            synthesize(said, wav)
            began = time.perf_counter()
            walkthrough = read_recording(wav, TranscribeOptions())
            transcribe_seconds += time.perf_counter() - began
            audio_seconds += max(u.end or 0.0 for u in walkthrough.utterances)
            heard = " ".join(u.text for u in walkthrough.utterances)
            wrong, total = word_error_rate(said, heard)
            errors, words = errors + wrong, words + total
            heard_words = [token.text for token in nlp.tokenizer(heard)]
            doc = nlp(Doc(nlp.vocab, words=heard_words))
            prediction = to_pet(structure_doc(doc), heard_words)
            mapped = remap(prediction, align(gold_words, heard_words))
            audio_predictions.append({"id": document["id"], **mapped})
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
    print("| F1 | text path | audio path | difference |")
    print("|---|---|---|---|")
    rows = [("all mentions", "mentions", "overall"), ("relations", "relations", "overall")]
    rows += [
        (kind, "mentions", kind)
        for kind in ("Activity", "Actor", "XOR Gateway", "Condition Specification")
    ]
    for label, group, kind in rows:
        t, a = text[group][kind]["f1"], audio[group][kind]["f1"]
        print(f"| {label} | {t:.3f} | {a:.3f} | {a - t:+.3f} |")


if __name__ == "__main__":
    main()
