"""`sopflow capture` on recordings, run as the real command in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from sopflow.formats.yaml_source import load_document
from sopflow.model import Decision, Sop, WorkInstruction

pytestmark = pytest.mark.slow  # each test starts the real command: model loading included

SOPFLOW = [sys.executable, "-m", "sopflow"]


def sopflow(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SOPFLOW, *map(str, args)], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def drafted(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The refund walkthrough video and its event log captured once for the tests below."""
    media = Path(__file__).resolve().parents[1] / "fixtures" / "media"
    out = tmp_path_factory.mktemp("drafts")
    result = sopflow(
        "capture", media / "refund.mp4", media / "refund.events.json", "--out", out, "--json"
    )
    return out, result


def test_a_narrated_video_becomes_an_sop_with_timed_steps_and_screenshots(
    drafted: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, result = drafted
    assert result.returncode == 0, result.stderr
    sop = load_document(next(out.glob("SOP-*.yaml")))
    assert isinstance(sop, Sop)
    assert sop.title == "Refund an order"
    instructions = [step.instruction for step in sop.flow.steps()]
    for expected in (
        "Reject the refund.",
        "Click the refund button.",
        "Enter the refund amount.",
        "Click confirm.",
    ):
        assert expected in instructions
    decision = next(node for node in sop.flow.nodes if isinstance(node, Decision))
    assert decision.question == "Is the order older than 30 days?"
    for step in sop.flow.steps():
        assert step.provenance is not None
        if step.provenance.supported and step.provenance.time is not None:
            start, end = step.provenance.time
            assert 0.0 <= start <= end <= 32.0
            assert step.provenance.screenshot is not None
            assert (out / step.provenance.screenshot).is_file()


def test_the_json_output_lists_the_screenshots(
    drafted: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, result = drafted
    listed = json.loads(result.stdout)["screenshots"]
    assert sorted(listed) == sorted(str(path) for path in out.glob("*.media/*.png"))
    assert len(listed) >= 10


def test_the_event_log_and_the_video_share_one_timeline(
    drafted: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, _ = drafted
    wi = load_document(next(out.glob("WI-*.yaml")))
    assert isinstance(wi, WorkInstruction)
    assert [step.action for step in wi.steps][:2] == ["Click Orders", "Click Search"]
    for step in wi.steps:
        assert step.image is not None
        assert (out / step.image).read_bytes().startswith(b"\x89PNG")
    first = wi.steps[0]
    assert first.provenance is not None
    assert first.provenance.time is not None
    assert first.detail is not None
    assert "orders page" in first.detail  # narration said while the click happened


def test_progress_is_plain_lines_when_not_on_a_terminal(
    drafted: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, result = drafted
    lines = result.stderr.splitlines()
    assert "transcribe:   0% (0/31 s)" in lines
    assert "transcribe: 100% (31/31 s)" in lines
    assert any(line.startswith("screenshots: 100%") for line in lines)


def test_a_progress_bar_with_stage_and_eta_on_a_terminal(media: Path, tmp_path: Path) -> None:
    child = pexpect.spawn(
        SOPFLOW[0],
        [*SOPFLOW[1:], "capture", str(media / "short.mp4"), "--out", str(tmp_path)],
        encoding="utf-8",
        timeout=180,
        dimensions=(24, 120),
    )
    child.expect("transcribe")
    child.expect("eta")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "━" in (child.before or "") or "screenshots" in (child.before or "")
    assert list(tmp_path.glob("*.yaml"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("corrupt.mp4", "corrupt.mp4: not a readable audio or video file"),
        ("no_audio.mp4", "no_audio.mp4: the file has no audio track"),
        ("silence.wav", "silence.wav: no speech found in the recording"),
        ("unknown_codec.wav", "unknown_codec.wav: unsupported audio codec"),
    ],
)
def test_bad_recordings_fail_cleanly(media: Path, tmp_path: Path, name: str, message: str) -> None:
    result = sopflow("capture", media / name, "--out", tmp_path)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def interruptible() -> None:
    """Ctrl-C as on a terminal, even when the test runner was started with SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_cleanly_and_writes_nothing(media: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [*SOPFLOW, "capture", str(media / "refund.mp4"), "--out", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,  # noqa: PLW1509 (the test process runs no threads here)
    )
    assert process.stderr is not None
    started = time.monotonic()
    line = process.stderr.readline()
    while not line.startswith("transcribe:") and time.monotonic() - started < 120:
        line = process.stderr.readline()
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "sopflow: interrupted" in rest
    assert "Traceback" not in rest
    assert list(tmp_path.iterdir()) == []


def test_saved_drafts_keep_their_screenshots_in_the_library(media: Path, tmp_path: Path) -> None:
    """capture --save stores the screenshots; render CODE shows them; export writes them
    beside the documents, and an import of the export brings them into another library."""

    def run(*args: str | Path, library: str = "library") -> subprocess.CompletedProcess[str]:
        database = {"SOPFLOW_DATABASE_URL": f"sqlite:///{tmp_path}/{library}.db"}
        return subprocess.run(
            [*SOPFLOW, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**os.environ, **database},
            cwd=tmp_path,
        )

    saved = run("capture", media / "short.mp4", "--save", "--area", "FIN", "--kind", "sop")
    assert saved.returncode == 0, saved.stderr
    code = saved.stdout.split("\t")[0]
    page = run("render", code, "--to", "html")
    assert page.returncode == 0, page.stderr
    assert page.stdout.count('src="data:image/png;base64,') >= 1
    assert "not found" not in page.stderr
    assert run("export", "first").returncode == 0
    shots = sorted((tmp_path / "first" / "sops" / f"{code}.media").glob("*.png"))
    assert shots
    imported = run("import", "first", library="other")
    assert imported.returncode == 0, imported.stderr
    assert f"{len(shots)} screenshot(s) stored" in imported.stderr
    assert run("export", "second", library="other").returncode == 0

    def tree(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert tree(tmp_path / "second") == tree(tmp_path / "first")
