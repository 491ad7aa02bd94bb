"""`sopflow lint` on files: exit codes, text and JSON output."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def lint(sopflow_script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sopflow_script, "lint", *args], capture_output=True, text=True, check=False
    )


def test_the_examples_lint_clean(sopflow_script: str) -> None:
    result = lint(sopflow_script, str(EXAMPLES))
    assert result.returncode == 0
    assert result.stdout == ""
    assert "0 error(s), 0 warning(s) in 8 file(s)" in result.stderr


def test_a_single_file_finds_its_references_beside_it(sopflow_script: str) -> None:
    result = lint(sopflow_script, str(EXAMPLES / "refunds" / "SOP-FIN-003-customer-refund.yaml"))
    assert result.returncode == 0, result.stdout


def test_errors_exit_1_with_locations_and_json(sopflow_script: str, tmp_path: Path) -> None:
    source = (EXAMPLES / "refunds" / "SOP-FIN-003-customer-refund.yaml").read_text()
    draft = tmp_path / "SOP-FIN-003.yaml"
    draft.write_text(
        source.replace("reference: WI-PAY-004", "reference: WI-PAY-104").replace(
            "Open a refund ticket", "Click New and open a refund ticket"
        )
    )
    result = lint(sopflow_script, str(draft))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{draft}:12:12: error [reference-missing] POL-FIN-001")
    assert lines[1].startswith(f"{draft}:49:20: warning [sop-click-detail] step 'log-request'")
    assert lines[2].startswith(f"{draft}:111:18: error [reference-missing] WI-PAY-003")
    assert lines[3].startswith(f"{draft}:117:18: error [reference-missing] WI-PAY-104")
    assert "Traceback" not in result.stderr
    data = json.loads(lint(sopflow_script, str(draft), "--json", "--docs", str(EXAMPLES)).stdout)
    assert (data["errors"], data["warnings"]) == (1, 1)
    assert {f["rule"] for f in data["findings"]} == {"reference-missing", "sop-click-detail"}
    assert all(f["hint"] for f in data["findings"])


def test_a_missing_path_is_an_error(sopflow_script: str, tmp_path: Path) -> None:
    result = lint(sopflow_script, str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert "nope.yaml:1:1: error [io] no such file or folder" in result.stdout
