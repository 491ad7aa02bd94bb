"""bench/graph_quality.py --ceiling scores the models themselves, imported as SOPs: every
task is found, so whatever similarity is lost is what an SOP cannot say to the scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import EVAL, REPO


def test_the_ceiling_finds_every_task_and_stays_below_one(tmp_path: Path) -> None:
    if not (EVAL / "graph_score.py").is_file() or not (EVAL / "friedrich" / "Models").is_dir():
        pytest.skip(f"the evaluation data is not at {EVAL}")
    script = str(REPO / "bench" / "graph_quality.py")
    done = subprocess.run(
        [sys.executable, script, "--ceiling", "--eval", str(EVAL), "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    as_is, _as_and, exported = (json.loads(line) for line in done.stdout.splitlines())
    assert as_is["failed"] == 0
    assert as_is["act_f1"] == exported["act_f1"] == 1.0
    assert 0.75 < as_is["sim"] < exported["sim"] < 1.0
    assert len(list(tmp_path.glob("*.json"))) == len(list((tmp_path / "bpmn").glob("*.bpmn")))
