from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from sopflow.errors import SopflowError
from sopflow.formats.render.registry import GROUP, Renderer, render, renderer, renderers
from sopflow.model import Sop

BUILT_IN = {"md", "html", "pdf", "docx", "svg", "mermaid", "bpmn"}


def test_built_in_renderers_are_entry_points_like_any_plug_in() -> None:
    declared = {point.name for point in entry_points(group=GROUP)}
    assert declared >= BUILT_IN
    assert set(renderers()) == declared
    assert all(isinstance(view, Renderer) for view in renderers().values())


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(SopflowError, match=r"unknown format 'odt'.*bpmn, docx"):
        renderer("odt")


def test_render_uses_a_draft_context_by_default(refund: Sop) -> None:
    text = render(refund, "md")
    assert isinstance(text, str)
    assert "Uncontrolled copy" in text
