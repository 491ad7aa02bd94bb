"""Run the real `sopflow` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def sopflow(tmp_path: Path) -> Run:
    """Call the CLI in a scratch folder, with a library of its own; returns the process."""

    def run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "SOPFLOW_DATABASE_URL": f"sqlite:///{tmp_path}/library.db"}
        return subprocess.run(
            [sys.executable, "-m", "sopflow", *map(str, arguments)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env=environment,
        )

    return run
