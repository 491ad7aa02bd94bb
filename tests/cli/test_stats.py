"""`sopflow stats` summarises the runs stored by `sopflow run`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sopflow.cli.app import app

SOP = (
    Path(__file__).resolve().parents[2]
    / "examples"
    / "onboarding"
    / "SOP-HR-001-employee-onboarding.yaml"
)


def test_stats_after_runs_from_answers_files(home: Path, tmp_path: Path) -> None:
    cli = CliRunner()
    for number, answers in enumerate(
        [
            {"checks-cleared": "Yes", "needs-laptop": "Yes"},
            {"checks-cleared": "Yes", "needs-laptop": "No"},
            {"checks-cleared": "No"},
            {"checks-cleared": "Yes"},
        ]
    ):
        file = tmp_path / f"answers-{number}.json"
        file.write_text(json.dumps(answers))
        cli.invoke(app, ["run", str(SOP), "--answers", str(file)])
    result = cli.invoke(app, ["stats", str(SOP), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["runs"], data["finished"], data["completion_rate"]) == (4, 3, 0.75)
    assert data["outcomes"] == {"ready": 2, "on-hold": 1}
    laptop = next(d for d in data["decisions"] if d["decision"] == "needs-laptop")
    assert [(o["label"], o["count"]) for o in laptop["options"]] == [("Yes", 1), ("No", 1)]
    assert data["stopped_at"] == {"needs-laptop": 1}
    assert set(data["median_seconds_per_step"]) >= {"create-record", "welcome"}
    text = cli.invoke(app, ["stats", "SOP-HR-001"])
    assert (
        "SOP-HR-001 Employee onboarding: 4 run(s), 3 finished (75%), 1 not finished" in text.stdout
    )
    assert "Where unfinished runs stopped" in text.stdout


def test_stats_without_runs(home: Path) -> None:
    result = CliRunner().invoke(app, ["stats", str(SOP)])
    assert "0 run(s), 0 finished (0%)" in result.stdout
