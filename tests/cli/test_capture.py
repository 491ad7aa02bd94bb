"""`sopflow capture`, `classify` and `split` end to end through the CLI's entry point.

The three "done when" cases: a narrated multi-role VTT with decisions gives a valid SOP, a
click-by-click event log gives a WI, and a text mixing both gives an SOP plus the WI it
references. Bad input gives one clear message, exit code 1, no traceback and no file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sopflow.cli.app import main
from sopflow.formats.yaml_source import load_document
from sopflow.model import Outcome, Sop, Step

REPO = Path(__file__).resolve().parents[2]
WALKTHROUGHS = REPO / "examples" / "walkthroughs"
FIXTURES = REPO / "tests" / "capture" / "readers" / "fixtures"


@dataclass(frozen=True)
class Run:
    """What a user sees: exit code, stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


Sopflow = Callable[..., Run]


@pytest.fixture
def sopflow(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Sopflow:
    """Run the `sopflow` entry point in this process (the spaCy pipeline stays loaded)."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["sopflow", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def capture_json(sopflow: Sopflow) -> Callable[..., dict[str, Any]]:
    """Run `sopflow capture ... --json` and return the parsed output."""

    def run(*inputs: Path, out: Path, extra: tuple[str, ...] = ()) -> dict[str, Any]:
        result = sopflow("capture", *inputs, "--out", out, "--json", *extra)
        assert result.returncode == 0, result.stderr
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    return run


@pytest.fixture
def assert_valid(sopflow: Sopflow) -> Callable[[Path], None]:
    """Check a folder with `sopflow validate`."""

    def check(folder: Path) -> None:
        result = sopflow("validate", folder)
        assert result.returncode == 0, result.stdout + result.stderr

    return check


CaptureJson = Callable[..., dict[str, Any]]
AssertValid = Callable[[Path], None]


def test_narrated_vtt_of_a_multi_role_process_gives_an_sop(
    tmp_path: Path, capture_json: CaptureJson, assert_valid: AssertValid
) -> None:
    data = capture_json(WALKTHROUGHS / "refund-call-teams.vtt", out=tmp_path)
    assert [d["kind"] for d in data["documents"]] == ["sop"]
    sop = data["documents"][0]
    assert sop["code"] == "SOP-GEN-001"
    types = [node["type"] for node in sop["flow"]["nodes"]]
    assert types.count("decision") >= 1
    assert "handoff" in types
    assert types[-1] == "outcome"
    assert {"support-agent", "billing-team"} <= {role["id"] for role in sop["roles"]}
    decision = next(n for n in sop["flow"]["nodes"] if n["type"] == "decision")
    assert all("label" in option for option in decision["options"])
    step = next(n for n in sop["flow"]["nodes"] if n["type"] == "step")
    assert step["provenance"]["time"][0] >= 1.2
    assert data["classification"]["kind"] == "sop"
    assert_valid(tmp_path)


def test_click_by_click_event_log_gives_a_wi(
    tmp_path: Path, capture_json: CaptureJson, assert_valid: AssertValid
) -> None:
    data = capture_json(WALKTHROUGHS / "stripe-refund-events.json", out=tmp_path)
    (wi,) = data["documents"]
    assert wi["kind"] == "wi"
    assert wi["title"] == "Refund a card payment in Stripe"
    assert wi["system"] == "Stripe Dashboard"
    assert wi["steps"][1]["action"] == "Click Search"
    assert wi["steps"][0]["image"] == "shots/001.png"
    assert data["classification"]["kind"] == "wi"
    assert [path.name for path in tmp_path.iterdir()] == [
        "WI-GEN-001-refund-a-card-payment-in-stripe.yaml"
    ]
    assert_valid(tmp_path)


def test_mixed_text_gives_an_sop_and_the_wi_it_references(
    tmp_path: Path, capture_json: CaptureJson, assert_valid: AssertValid
) -> None:
    data = capture_json(WALKTHROUGHS / "refund-mixed.md", out=tmp_path, extra=("--area", "FIN"))
    kinds = [d["kind"] for d in data["documents"]]
    assert kinds == ["sop", "wi"]
    sop, wi = data["documents"]
    assert wi["code"] == "WI-FIN-001"
    references = [n.get("reference") for n in sop["flow"]["nodes"] if n["type"] == "step"]
    assert wi["code"] in references
    assert data["classification"]["kind"] == "split"
    assert any(a["action"].startswith("Click") for a in wi["steps"])
    assert_valid(tmp_path)


def test_transcript_and_event_log_of_one_session(
    tmp_path: Path, capture_json: CaptureJson, assert_valid: AssertValid
) -> None:
    data = capture_json(
        WALKTHROUGHS / "refund-call-teams.vtt",
        WALKTHROUGHS / "stripe-refund-events.json",
        out=tmp_path,
    )
    sop, wi = data["documents"]
    assert wi["kind"] == "wi"
    assert wi["code"] in [n.get("reference") for n in sop["flow"]["nodes"]]
    assert_valid(tmp_path)


def test_codes_continue_after_the_folder_and_summary_is_printed(
    tmp_path: Path, sopflow: Sopflow
) -> None:
    shutil.copytree(REPO / "examples" / "refunds", tmp_path, dirs_exist_ok=True)
    result = sopflow(
        "capture",
        WALKTHROUGHS / "refund-call-teams.vtt",
        "--out",
        tmp_path,
        "--area",
        "FIN",
        "--title",
        "Refund by phone",
    )
    assert result.returncode == 0, result.stderr
    assert "SOP-FIN-004" in result.stdout
    assert "quick test: sop" in result.stdout
    assert "redactions: 2 person" in result.stdout  # the two speakers' names
    assert (tmp_path / "SOP-FIN-004-refund-by-phone.yaml").is_file()


def test_redaction_is_listed_and_can_be_turned_off(
    tmp_path: Path, capture_json: CaptureJson
) -> None:
    source = tmp_path / "call.txt"
    source.write_text(
        "The agent writes to anna.berg@example.com and reads the card 4242 4242 4242 4242. "
        "Then the agent closes the ticket.\n"
    )
    data = capture_json(source, out=tmp_path / "a")
    assert [r["kind"] for r in data["redactions"]] == ["email", "card"]
    written = "".join(p.read_text() for p in (tmp_path / "a").iterdir())
    assert "anna.berg" not in written
    assert "4242" not in written
    assert "[EMAIL]" in written
    kept = capture_json(source, out=tmp_path / "b", extra=("--no-redact",))
    assert kept["redactions"] == []


PLACEHOLDER = re.compile(r"\[(?:EMAIL|PHONE|CARD|IBAN|API_KEY|TOKEN|PASSWORD|PERSON)\]")
NAMED_CALL = (
    "The secretary opens the account form and checks the password policy. "
    "Then the secretary tells Anna Berg that the password is Tr0ub4dor. "
    "Anna Berg logs in and mails the confirmation to anna.berg@example.com. "
    "Finally the secretary closes the ticket.\n"
)


def _steps_and_outcomes(folder: Path) -> list[str]:
    """The instruction of every step and the name of every outcome of the drafts in folder."""
    texts: list[str] = []
    for path in folder.glob("*.yaml"):
        document = load_document(path)
        assert isinstance(document, Sop)
        for node in document.flow.nodes:
            if isinstance(node, Step):
                texts.append(node.instruction)
            elif isinstance(node, Outcome):
                texts.append(node.name)
    return texts


def test_captured_steps_keep_placeholders_whole_and_names_can_be_kept(
    tmp_path: Path, capture_json: CaptureJson, sopflow: Sopflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "account.txt"
    source.write_text(NAMED_CALL)
    data = capture_json(source, out=tmp_path / "a")
    assert sorted({r["kind"] for r in data["redactions"]}) == ["email", "password", "person"]
    texts = _steps_and_outcomes(tmp_path / "a")
    placed = [PLACEHOLDER.sub("", text) for text in texts if "[" in text or "]" in text]
    assert placed, texts
    assert [text for text in placed if "[" in text or "]" in text] == []
    assert any("[EMAIL]" in text for text in texts)
    written = Path(data["files"][0]).read_text()
    assert "secretary" in written.casefold()
    assert "password policy" in written
    for value in ("Anna", "Berg", "Tr0ub4dor", "example.com"):
        assert value not in written

    kept = capture_json(source, out=tmp_path / "b", extra=("--keep-names",))
    assert sorted({r["kind"] for r in kept["redactions"]}) == ["email", "password"]
    assert "Anna Berg" in Path(kept["files"][0]).read_text()

    monkeypatch.setenv("SOPFLOW_KEEP_NAMES", "yes")
    assert "person" not in {
        r["kind"] for r in capture_json(source, out=tmp_path / "c")["redactions"]
    }
    monkeypatch.setenv("SOPFLOW_KEEP_NAMES", "perhaps")
    refused = sopflow("capture", source, "--out", tmp_path / "d")
    assert refused.returncode == 1
    assert "SOPFLOW_KEEP_NAMES: 'perhaps' is not yes or no" in refused.stderr
    assert not (tmp_path / "d").exists()


def test_kind_option_forces_a_wi(
    tmp_path: Path, capture_json: CaptureJson, assert_valid: AssertValid
) -> None:
    data = capture_json(
        WALKTHROUGHS / "refund-call-teams.vtt", out=tmp_path, extra=("--kind", "wi")
    )
    assert [d["kind"] for d in data["documents"]] == ["wi"]
    assert_valid(tmp_path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("junk.bin", bytes(range(256)) * 8, "junk.bin: not a walkthrough input"),
        (
            "broken.vtt",
            b"WEBVTT\n\n00:00:01.000 --> 00:00:0X.000\nhi\n",
            "broken.vtt:3: broken cue timing",
        ),
        (
            "log.json",
            b'{"format": "sopflow-events", "version": 1, "events": [{"time": 1, "kind": "type",\n'
            b' "label": "Amount"}]}',
            "log.json:1:",
        ),
        ("nothing.txt", b"Hello there.\n", "no steps found"),
    ],
)
def test_bad_input_exits_1_with_a_message_and_writes_nothing(
    tmp_path: Path, name: str, content: bytes, message: str, sopflow: Sopflow
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out"
    result = sopflow("capture", source, "--out", out)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_existing_files_are_not_overwritten(tmp_path: Path, capture_json: CaptureJson) -> None:
    (tmp_path / "WI-GEN-001-refund-a-card-payment-in-stripe.yaml").write_text("x")
    # The allocator skips the taken number, so a second capture gets the next code.
    data = capture_json(WALKTHROUGHS / "stripe-refund-events.json", out=tmp_path)
    assert data["documents"][0]["code"] == "WI-GEN-002"


def test_classify_and_split_on_yaml_files(
    tmp_path: Path, capture_json: CaptureJson, assert_valid: AssertValid, sopflow: Sopflow
) -> None:
    capture_json(WALKTHROUGHS / "refund-mixed.md", out=tmp_path, extra=("--kind", "sop"))
    (sop_file,) = tmp_path.glob("SOP-*.yaml")
    classified = sopflow("classify", sop_file, "--json")
    assert classified.returncode == 0, classified.stderr
    verdict = json.loads(classified.stdout)
    assert verdict["kind"] == "split"
    assert verdict["stretches"]
    split = sopflow("split", sop_file)
    assert split.returncode == 0, split.stderr
    assert len(list(tmp_path.glob("WI-GEN-*.yaml"))) == 1
    assert_valid(tmp_path)
    again = sopflow("split", sop_file)
    assert again.returncode == 1
    assert "no technical stretch" in again.stderr


def test_classify_reports_a_broken_file(tmp_path: Path, sopflow: Sopflow) -> None:
    broken = tmp_path / "SOP-X.yaml"
    broken.write_text("kind: sop\ncode: nope\n")
    result = sopflow("classify", broken)
    assert result.returncode == 1
    assert "SOP-X.yaml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_user_mistake_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.vtt"
    empty.write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "sopflow", "capture", str(empty), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"sopflow: {empty}: the file is empty"
    assert not (tmp_path / "out").exists()


def test_llm_needs_its_settings(
    tmp_path: Path, sopflow: Sopflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOPFLOW_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("SOPFLOW_LLM_MODEL", raising=False)
    result = sopflow("capture", WALKTHROUGHS / "refund-mixed.md", "--out", tmp_path, "--llm")
    assert result.returncode == 1
    assert "SOPFLOW_LLM_BASE_URL" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_long_inputs_report_progress_on_stderr(
    tmp_path: Path, sopflow: Sopflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sopflow.cli.capture.LONG_INPUT_WORDS", 10)
    result = sopflow("capture", WALKTHROUGHS / "refund-mixed.md", "--out", tmp_path, "--json")
    assert result.returncode == 0
    assert "capture: cleaning and structuring" in result.stderr
    assert json.loads(result.stdout)["documents"]


def test_split_into_another_folder(
    tmp_path: Path, sopflow: Sopflow, capture_json: CaptureJson, assert_valid: AssertValid
) -> None:
    capture_json(WALKTHROUGHS / "refund-mixed.md", out=tmp_path / "in", extra=("--kind", "sop"))
    (sop_file,) = (tmp_path / "in").glob("SOP-*.yaml")
    before = sop_file.read_text()
    result = sopflow("split", sop_file, "--out", tmp_path / "out", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [Path(p).parent.name for p in data["instructions"]] == ["out"]
    assert sop_file.read_text() == before
    assert_valid(tmp_path / "out")


def test_out_must_be_a_folder(tmp_path: Path, sopflow: Sopflow) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    result = sopflow("capture", WALKTHROUGHS / "refund-mixed.md", "--out", afile)
    assert result.returncode == 1
    assert "is a file, not a folder" in result.stderr


def test_classify_and_split_a_library_sop_by_code(
    sopflow: Sopflow, tmp_path: Path, library_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOPFLOW_DATABASE_URL", library_url)
    drafts = tmp_path / "drafts"
    made = sopflow("capture", WALKTHROUGHS / "refund-mixed.md", "--kind", "sop", "--out", drafts)
    assert made.returncode == 0, made.stderr
    assert sopflow("import", drafts, REPO / "examples").returncode == 0

    verdict = sopflow("classify", "SOP-GEN-001", "--json")
    assert verdict.returncode == 0, verdict.stderr
    assert json.loads(verdict.stdout)["kind"] == "split"

    out = tmp_path / "split"
    result = sopflow("split", "SOP-GEN-001", "--out", out)
    assert result.returncode == 0, result.stderr
    written = sorted(path.name[:10] for path in out.iterdir())
    assert written == ["SOP-GEN-00", "WI-GEN-001"]
    assert sopflow("import", out).returncode == 0
    used = sopflow("where-used", "WI-GEN-001", "--json")
    assert "SOP-GEN-001" in used.stdout

    missing = sopflow("classify", "SOP-NONE-001")
    assert missing.returncode == 1
    assert "SOP-NONE-001: no such document in the library" in missing.stderr


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Customer refund", "SOP-FIN-001-customer-refund.yaml"),
        (
            "Refund walkthrough: click the refund button, enter the refund amount and click "
            "confirm",
            "SOP-FIN-001-refund-walkthrough-click-the-refund-button-enter-the-refund.yaml",
        ),
        ("Ünïcode ©", "SOP-FIN-001-unicode.yaml"),
        ("x" * 80, f"SOP-FIN-001-{'x' * 60}.yaml"),
    ],
)
def test_a_draft_file_is_named_by_whole_title_words(title: str, name: str) -> None:
    from sopflow.cli.capture import file_name
    from sopflow.model import Sop

    sop = Sop.model_validate(
        {
            "code": "SOP-FIN-001",
            "title": title,
            "roles": [{"id": "a", "name": "A"}],
            "flow": {
                "start": "s",
                "nodes": [
                    {"type": "step", "id": "s", "role": "a", "instruction": "Do.", "next": "e"},
                    {"type": "outcome", "id": "e", "name": "Done"},
                ],
            },
        }
    )
    assert file_name(sop) == name
