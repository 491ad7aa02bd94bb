"""Edits of a Mapped text keep a pointer from every character to the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sopflow.capture.clean.mapped import Mapped


def test_replace_points_new_text_at_the_replaced_span() -> None:
    original = Mapped.of("call bob@example.com now")
    edited = original.replace([(5, 20, "[EMAIL]")])
    assert edited.text == "call [EMAIL] now"
    assert edited.original_span(5, 12) == (5, 6)
    assert edited.original_span(13, 16) == (21, 24)


def test_overlapping_edits_keep_the_first() -> None:
    edited = Mapped.of("abcdef").replace([(1, 4, "X"), (2, 5, "Y")])
    assert edited.text == "aXef"


@given(st.text(min_size=1, max_size=60), st.data())
def test_deletions_keep_characters_pointing_at_themselves(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    edited = Mapped.of(text).replace([(start, end, "")])
    assert edited.text == text[:start] + text[end:]
    assert all(
        text[origin] == char for origin, char in zip(edited.origin, edited.text, strict=True)
    )
