"""`sopflow runs`: the saved runs of files and of the library, where each stands, filtered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Run  # noqa: TID252

REFUND = Path("refunds") / "SOP-FIN-003-customer-refund.yaml"


@pytest.fixture
def two_runs(sopflow: Run, examples: Path, tmp_path: Path, home: Path) -> tuple[str, str]:
    """A finished run of the refund SOP's file and a paused run of its library revision."""
    (tmp_path / "card.yaml").write_text("check-eligibility: Eligible\npayment-method: Card\n")
    (tmp_path / "half.yaml").write_text("check-eligibility: Eligible\n")
    finished = sopflow("run", examples / REFUND, "--answers", "card.yaml", "--as", "ana", "--json")
    assert finished.returncode == 0, finished.stderr
    assert sopflow("import", examples).returncode == 0
    paused = sopflow("run", "SOP-FIN-003", "--answers", "half.yaml", "--as", "bo")
    assert paused.returncode == 1
    paused_id = paused.stderr.split("run ")[1].split()[0]
    return json.loads(finished.stdout)["id"], paused_id


def test_every_run_is_listed_oldest_first_with_where_it_stands(
    sopflow: Run, two_runs: tuple[str, str]
) -> None:
    finished, paused = two_runs
    listing = sopflow("runs")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0] == "2 run(s)"
    assert lines[2].split()[:3] == [finished, "SOP-FIN-003", "ana"]
    assert lines[2].split()[-2:] == ["finished", "refund-issued"]
    assert lines[3].split()[:3] == [paused, "SOP-FIN-003@1", "bo"]
    assert lines[3].split()[-2:] == ["paused", "payment-method"]
    assert "sopflow run --resume RUN" in lines[-1]


def test_runs_filter_by_state_and_person_and_print_json(
    sopflow: Run, two_runs: tuple[str, str]
) -> None:
    finished, paused = two_runs
    chosen = json.loads(sopflow("runs", "SOP-FIN-003", "--state", "paused", "--json").stdout)
    assert [run["id"] for run in chosen["runs"]] == [paused]
    assert chosen["runs"][0]["revision"] == 1
    assert chosen["runs"][0]["node"] == "payment-method"
    by_ana = json.loads(sopflow("runs", "--by", "ana", "--json").stdout)["runs"]
    assert [(run["id"], run["outcome"], run["revision"]) for run in by_ana] == [
        (finished, "refund-issued", None)
    ]
    assert json.loads(sopflow("runs", "SOP-HR-001", "--json").stdout) == {"runs": []}


def test_a_bad_code_or_state_is_one_line_and_exit_1(sopflow: Run, home: Path) -> None:
    for arguments, message in [
        (("SOP-FIN",), "SOP-FIN: not a document code"),
        (("--state", "done"), "--state must be one of in_progress, paused, finished"),
    ]:
        result = sopflow("runs", *arguments)
        assert result.returncode == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr
