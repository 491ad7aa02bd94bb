"""docs/event-log.md and docs/capture.md stay true to the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from sopflow.capture.clean.redaction import RedactionKind, placeholder
from sopflow.capture.readers import READERS, read_walkthrough
from sopflow.capture.timeline import EventKind

DOCS = Path(__file__).parents[2] / "docs"


def test_the_event_log_example_in_the_docs_reads(tmp_path: Path) -> None:
    text = (DOCS / "event-log.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.DOTALL)
    assert example is not None
    path = tmp_path / "example.json"
    path.write_text(example.group(1))
    walkthrough = read_walkthrough([path])
    assert len(walkthrough.events) == 5


def test_every_event_kind_is_documented() -> None:
    text = (DOCS / "event-log.md").read_text(encoding="utf-8")
    assert [kind for kind in get_args(EventKind) if f"| {kind} |" not in text] == []


def test_every_redaction_kind_and_reader_is_documented() -> None:
    text = (DOCS / "capture.md").read_text(encoding="utf-8")
    kinds = get_args(RedactionKind)
    assert [kind for kind in kinds if f"`{placeholder(kind)}`" not in text] == []
    assert [r.name for r in READERS if not re.search(rf"^\| {r.name} \|", text, re.M | re.I)] == []
