from __future__ import annotations

import io
from pathlib import Path

import docx

from sopflow.formats.images import data_uri, folder_images, media_type
from sopflow.formats.render import docx as word_view
from sopflow.formats.render import html, markdown
from sopflow.formats.render.context import RenderContext
from sopflow.model import WorkInstruction


def test_images_are_known_by_their_signature_not_their_name(png: bytes) -> None:
    assert media_type(png) == "image/png"
    assert media_type(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert media_type(b"sopflow: 1\n") is None
    assert data_uri(b"<svg>") is None
    assert (data_uri(png) or "").startswith("data:image/png;base64,iVBOR")


def test_a_folder_lookup_reads_only_images_inside_the_folder(tmp_path: Path, png: bytes) -> None:
    document_folder = tmp_path / "sops"
    (document_folder / "SOP-FIN-003.media").mkdir(parents=True)
    (document_folder / "SOP-FIN-003.media" / "s1.png").write_bytes(png)
    (document_folder / "notes.txt").write_text("not a picture")
    (tmp_path / "outside.png").write_bytes(png)
    missed: list[str] = []
    image = folder_images(document_folder, missing=missed.append)
    assert image("SOP-FIN-003.media/s1.png") == png
    assert image("notes.txt") is None
    assert image("../outside.png") is None
    assert image("SOP-FIN-003.media/none.png") is None
    assert missed == ["notes.txt", "../outside.png", "SOP-FIN-003.media/none.png"]


def _context(png: bytes) -> RenderContext:
    return RenderContext(image=lambda path: png if path == "WI-PAY-003.media/step-01.png" else None)


def test_html_embeds_the_screenshot_of_a_step(shown_wi: WorkInstruction, png: bytes) -> None:
    page = html.render(shown_wi, _context(png))
    assert page.count('<figure class="screenshot">') == 1
    assert '<img alt="Screenshot of step 1" src="data:image/png;base64,' in page


def test_html_leaves_out_a_screenshot_that_cannot_be_found(shown_wi: WorkInstruction) -> None:
    assert "screenshot" not in html.render(shown_wi, RenderContext()).split("</style>")[1]


def test_markdown_links_the_screenshot_relative_to_the_document(
    shown_wi: WorkInstruction,
) -> None:
    text = markdown.render(shown_wi, RenderContext())
    assert "   ![Screenshot of step 1](<WI-PAY-003.media/step-01.png>)" in text.splitlines()


def test_word_shows_the_screenshot_as_a_picture(shown_wi: WorkInstruction, png: bytes) -> None:
    word = docx.Document(io.BytesIO(word_view.render(shown_wi, _context(png))))
    assert len(word.inline_shapes) == 1
    assert (
        len(docx.Document(io.BytesIO(word_view.render(shown_wi, RenderContext()))).inline_shapes)
        == 0
    )
