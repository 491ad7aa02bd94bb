"""Word error rate of the bundled Whisper tiny.en on the synthesized media fixtures.

Usage: .venv/bin/python -m bench.media_wer

Transcribes every recording in tests/fixtures/media that has a reference text
(transcripts.json, written by scripts/make_walkthrough.py) and prints a Markdown table:
per file and pooled over all of them.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.speech_text import word_error_rate
from sopflow.capture.media.transcribe import transcribe

MEDIA = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "media"


def main() -> None:
    references: dict[str, list[str]] = json.loads((MEDIA / "transcripts.json").read_text())
    print("| recording | words | errors | WER |")
    print("|---|---|---|---|")
    total_errors = total_words = 0
    for name, sentences in references.items():
        heard = " ".join(u.text for u in transcribe(MEDIA / name))
        errors, words = word_error_rate(" ".join(sentences), heard)
        total_errors += errors
        total_words += words
        print(f"| {name} | {words} | {errors} | {errors / words:.3f} |")
    print(f"| **all** | {total_words} | {total_errors} | {total_errors / total_words:.3f} |")


if __name__ == "__main__":
    main()
