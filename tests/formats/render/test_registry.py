from __future__ import annotations

import io
from importlib.metadata import entry_points
from pathlib import Path

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from sopflow.errors import SopflowError
from sopflow.formats.bpmn.import_ import import_bpmn
from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.registry import GROUP, Renderer, render, renderer, renderers
from sopflow.formats.render.swimlane import graphviz_available
from sopflow.model import AnyDocument, Sop, check_document

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


def test_every_example_renders_to_every_format(
    library: dict[str, AnyDocument], bpmn_schema: etree.XMLSchema, tmp_path: Path
) -> None:
    """The definition of done: PDF and DOCX open, BPMN validates and re-imports, SVG parses."""
    names = sorted(BUILT_IN - ({"svg"} if not graphviz_available() else set()))
    context = RenderContext(documents=library)
    for document in library.values():
        results = {name: renderer(name).render(document, context) for name in names}
        pdf, word = results["pdf"], results["docx"]
        assert isinstance(pdf, bytes)
        assert isinstance(word, bytes)
        assert document.code in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert docx.Document(io.BytesIO(word)).core_properties.identifier == document.code
        bpmn = str(results["bpmn"]).encode()
        assert bpmn_schema.validate(etree.fromstring(bpmn)), bpmn_schema.error_log.last_error
        (tmp_path / "model.bpmn").write_bytes(bpmn)
        assert check_document(import_bpmn(tmp_path / "model.bpmn").sop) == []
        assert str(results["md"]).startswith(f"# {document.code} ")
        assert str(results["mermaid"]).startswith("flowchart LR")
        assert "<!DOCTYPE html>" in str(results["html"])
        if "svg" in results:
            assert etree.fromstring(str(results["svg"]).encode()).tag.endswith("svg")
