"""A file a document refers to (a step's screenshot, a WI step's image) is named by a path inside
the document's folder; any other path is a problem named at its line, so that `validate`, an
import and a review refuse it before a reader could follow it out of the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.formats.yaml_source import parse_document
from sopflow.model.file_refs import unsafe_reason

REPO = Path(__file__).resolve().parents[2]
WI = REPO / "examples" / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"


def with_image(path: str) -> str:
    """The example work instruction with an image on its first step."""
    text = WI.read_text(encoding="utf-8")
    return text.replace("  - action: ", f"  - image: {path}\n    action: ", 1)


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("../secret.png", "leads outside the document's folder"),
        ("WI-PAY-003.media/../../../etc/passwd", "leads outside the document's folder"),
        ("..\\..\\boot.ini", "leads outside the document's folder"),
        ("/etc/passwd", "is an absolute path"),
        ("'\\\\server\\share\\x.png'", "is an absolute path"),
        ("'C:\\Users\\me\\x.png'", "is an address or a drive"),
        ("file:///etc/passwd", "is an address or a drive"),
        ("https://example.org/x.png", "is an address or a drive"),
    ],
)
def test_a_reference_out_of_the_folder_is_refused_at_its_line(reference: str, reason: str) -> None:
    loaded = parse_document(with_image(reference), "WI-PAY-003.yaml")
    [problem] = [found for found in loaded.problems if found.rule == "file-reference"]
    assert not loaded.ok
    assert (problem.line, problem.column) == (16, 12)
    assert reason in problem.message
    assert problem.message.endswith("as in WI-PAY-003.media/step-1.png")


@pytest.mark.parametrize(
    "reference", ["WI-PAY-003.media/one.png", "shots/step..2.png", "one.png", "a/./b.png"]
)
def test_a_reference_inside_the_folder_is_fine(reference: str) -> None:
    assert parse_document(with_image(reference), "WI-PAY-003.yaml").ok
    assert unsafe_reason(reference) is None


def test_a_control_character_is_refused() -> None:
    assert unsafe_reason("one\x00.png") == "has control characters"
