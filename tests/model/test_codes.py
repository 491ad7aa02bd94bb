"""Document codes: KIND-AREA-NNN."""

from __future__ import annotations

import pytest

from sopflow.model import format_code, is_code, parse_code


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("SOP-FIN-003", True),
        ("WI-PAY-003", True),
        ("POL-FIN-001", True),
        ("WF-CS2-120", True),
        ("SOP-FIN-1234", True),
        ("SOP-FIN-03", False),
        ("sop-fin-003", False),
        ("DOC-FIN-003", False),
        ("SOP-F-003", False),
        ("SOP-FIN-003 ", False),
    ],
)
def test_is_code(text: str, valid: bool) -> None:
    assert is_code(text) is valid


def test_parse_and_format_round_trip() -> None:
    parsed = parse_code("WI-PAY-003")
    assert (parsed.kind, parsed.area, parsed.number) == ("wi", "PAY", 3)
    assert str(parsed) == "WI-PAY-003"
    assert format_code("sop", "HR", 12) == "SOP-HR-012"


def test_parse_rejects_non_codes() -> None:
    with pytest.raises(ValueError, match="not a document code"):
        parse_code("SOP-1")
