from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import Run  # noqa: TID252


def test_a_folder_renders_into_an_output_folder(
    sopflow: Run, examples: Path, tmp_path: Path
) -> None:
    result = sopflow("render", examples, "--to", "md", "-o", tmp_path / "md")
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "md").glob("*.md"))) == 8
    text = (tmp_path / "md" / "SOP-FIN-003.md").read_text()
    assert "(WI-PAY-003.md)" in text


def test_text_goes_to_stdout_and_expert_hides_detail(sopflow: Run, examples: Path) -> None:
    source = examples / "refunds" / "SOP-FIN-003-customer-refund.yaml"
    novice = sopflow("render", source, "--to", "md")
    expert = sopflow("render", source, "--to", "md", "--audience", "expert")
    assert novice.stdout.startswith("# SOP-FIN-003 Customer refund")
    assert "ticket form" in novice.stdout
    assert "ticket form" not in expert.stdout


def test_a_pdf_is_written_beside_by_default(sopflow: Run, examples: Path, tmp_path: Path) -> None:
    result = sopflow(
        "render", examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml", "--to", "pdf"
    )
    assert result.returncode == 0, result.stderr
    data = (tmp_path / "WI-PAY-003.pdf").read_bytes()
    assert "WI-PAY-003" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_mistakes_are_one_line_and_exit_1(sopflow: Run, examples: Path, tmp_path: Path) -> None:
    unknown = sopflow("render", examples, "--to", "odt", "-o", tmp_path)
    assert unknown.returncode == 1
    assert "unknown format 'odt'" in unknown.stderr
    by_code = sopflow("render", "SOP-FIN-999", "--to", "md")
    assert by_code.returncode == 1
    broken = tmp_path / "broken.yaml"
    broken.write_text("sopflow: 1\nkind: sop\ncode: SOP-FIN-009\ntitle: x\nflow: {start: a}\n")
    invalid = sopflow("render", broken, "--to", "html", "-o", tmp_path / "out.html")
    assert invalid.returncode == 1
    assert "broken.yaml:" in invalid.stderr
    assert "Traceback" not in invalid.stderr + unknown.stderr + by_code.stderr
    assert not (tmp_path / "out.html").exists()


def test_formats_lists_the_registered_renderers(sopflow: Run) -> None:
    listing = sopflow("formats").stdout.split("\n")
    assert {line.split()[0] for line in listing if line} >= {"md", "pdf", "bpmn", "svg"}


def test_a_code_renders_its_latest_revision_from_the_library(sopflow: Run, examples: Path) -> None:
    assert sopflow("import", examples).returncode == 0
    result = sopflow("render", "SOP-FIN-003", "--to", "html")
    assert result.returncode == 0, result.stderr
    control_row = (
        "<th>Code</th><td>SOP-FIN-003</td><th>Revision</th><td>1</td><th>State</th><td>draft</td>"
    )
    assert control_row in result.stdout
    assert "<th>Title</th><td>Customer refund</td>" in result.stdout
    assert "Revision history" in result.stdout
    assert "Imported from YAML" in result.stdout


def test_screenshots_beside_a_file_go_into_the_page_and_a_missing_one_is_named(
    sopflow: Run, examples: Path, tmp_path: Path
) -> None:
    from PIL import Image

    text = (examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml").read_text()
    folder = tmp_path / "captured"
    (folder / "WI-PAY-003.media").mkdir(parents=True)
    Image.new("RGB", (32, 20), (200, 40, 40)).save(folder / "WI-PAY-003.media" / "one.png")
    first_action = "  - action: "
    shown = text.replace(first_action, "  - image: WI-PAY-003.media/one.png\n    action: ", 1)
    shown = shown.replace(first_action, "  - image: WI-PAY-003.media/gone.png\n    action: ", 1)
    (folder / "WI-PAY-003.yaml").write_text(shown)
    result = sopflow("render", folder / "WI-PAY-003.yaml", "--to", "html")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('src="data:image/png;base64,') == 1
    assert result.stderr.strip() == (
        "WI-PAY-003: screenshot WI-PAY-003.media/gone.png not found beside the document; "
        "shown without it"
    )


def test_the_paper_setting_lays_out_files_and_library_revisions(
    sopflow: Run, examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wi = examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"
    assert sopflow("import", examples).returncode == 0
    monkeypatch.setenv("SOPFLOW_PAPER", "letter")
    from_file = sopflow("render", wi, "--to", "pdf", "-o", tmp_path / "file.pdf")
    from_library = sopflow("render", "WI-PAY-003", "--to", "pdf", "-o", tmp_path / "lib.pdf")
    assert from_file.returncode == from_library.returncode == 0, from_file.stderr
    for name in ("file.pdf", "lib.pdf"):
        sheet = PdfReader(io.BytesIO((tmp_path / name).read_bytes())).pages[0]
        assert (round(sheet.mediabox.width), round(sheet.mediabox.height)) == (612, 792)
    monkeypatch.setenv("SOPFLOW_PAPER", "a5")
    wrong = sopflow("render", "WI-PAY-003", "--to", "pdf", "-o", tmp_path / "a5.pdf")
    assert wrong.returncode == 1
    assert "SOPFLOW_PAPER: 'a5' is not one of a4, letter" in wrong.stderr
    assert not (tmp_path / "a5.pdf").exists()
