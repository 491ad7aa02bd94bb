"""Fixtures for command tests: the real `sopflow` command in a subprocess, as a user runs it,
a private SOPFLOW_HOME, and the installed script for pseudo-terminal tests."""

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


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SOPFLOW_HOME for this test, for in-process and spawned commands alike."""
    folder = tmp_path / "home"
    monkeypatch.setenv("SOPFLOW_HOME", str(folder))
    monkeypatch.setenv("COLUMNS", "200")
    return folder


@pytest.fixture
def sopflow_script() -> str:
    """The installed `sopflow` script, for tests that spawn it in a pseudo-terminal."""
    script = Path(sys.executable).parent / "sopflow"
    assert script.exists(), f"{script} is missing; install the package (uv sync)"
    return str(script)


@pytest.fixture
def environ(home: Path) -> dict[str, str]:
    """The environment for a spawned command: the test's home, a wide terminal."""
    return {**os.environ, "SOPFLOW_HOME": str(home), "COLUMNS": "200", "TERM": "dumb"}
