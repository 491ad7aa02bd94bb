"""Fixtures for command tests: a private SOPFLOW_HOME, and the installed `sopflow` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest


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
