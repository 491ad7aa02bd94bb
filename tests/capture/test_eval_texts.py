"""Every process description of the evaluation data captures into a valid draft.

The data lives beside the checkout (`../shared/eval`: PET, Friedrich, ATDP) and is never
copied into the repository; without it these tests skip and say why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sopflow.capture.transcript import Transcript
from sopflow.formats.yaml_source import parse_document
from sopflow.formats.yaml_write import dump_document
from sopflow.model import Sop

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"


def _texts() -> list[tuple[str, str]]:
    """(name, text) of every description: PET's documents, Friedrich's and ATDP's texts."""
    found: list[tuple[str, str]] = []
    pet = EVAL / "pet" / "dev.jsonl"
    if pet.is_file():
        for line in pet.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found.append((f"pet/{record['id']}", record["text"]))
    for folder in (EVAL / "friedrich" / "Texts", EVAL / "atdp" / "texts"):
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            found.append((f"{folder.parent.name}/{path.stem}", path.read_text(encoding="utf-8")))
    return found


TEXTS = _texts()


@pytest.mark.skipif(not TEXTS, reason=f"no evaluation data in {EVAL} (it is not in the repo)")
def test_every_evaluation_text_gives_a_valid_draft(
    drafted: Callable[[str], tuple[Sop, Transcript]],
) -> None:
    failures: list[str] = []
    for name, text in TEXTS:
        sop, _ = drafted(text)
        loaded = parse_document(dump_document(sop), name)
        errors = [str(p) for p in loaded.problems if p.severity == "error"]
        if errors:
            failures.append(f"{name}: {errors[0]}")
    assert len(TEXTS) >= 50
    assert failures == []
