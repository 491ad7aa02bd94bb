"""`sopflow diff` on two files: readable text, JSON, and a clear message for bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOP = EXAMPLES / "onboarding" / "SOP-HR-001-employee-onboarding.yaml"


def diff(sopflow_script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sopflow_script, "diff", *args], capture_output=True, text=True, check=False
    )


def test_text_and_json(sopflow_script: str, tmp_path: Path) -> None:
    newer = tmp_path / "SOP-HR-001.yaml"
    newer.write_text(
        SOP.read_text(encoding="utf-8").replace(
            "Plan the first week and name a buddy", "Plan the first two weeks and name a buddy"
        )
    )
    result = diff(sopflow_script, str(SOP), str(newer))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"SOP-HR-001: {SOP} -> {newer}",
        "  reworded  step 'plan-first-week' reworded: Plan the first [-week-]{+two weeks+} and "
        "name a buddy from the team.",
    ]
    data = json.loads(diff(sopflow_script, str(SOP), str(newer), "--json").stdout)
    assert data["code"] == "SOP-HR-001"
    [change] = data["changes"]
    assert change["kind"] == "reworded"
    assert {"kind": "added", "text": "two weeks"} in change["words"]


def test_a_broken_file_is_reported_with_its_location(sopflow_script: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("sopflow: 1\nkind: sop\ncode: [\n")
    result = diff(sopflow_script, str(SOP), str(broken))
    assert result.returncode == 1
    assert f"{broken}:4:1: YAML syntax" in result.stderr
    assert "Traceback" not in result.stderr
