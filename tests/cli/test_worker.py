"""`sopflow worker` and `sopflow serve --workers`: clear refusals of what cannot run."""

from __future__ import annotations

import pytest
from tests.cli.conftest import Run


def test_a_worker_without_a_broker_says_which_setting_to_set(
    sopflow: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOPFLOW_BROKER_URL", raising=False)
    done = sopflow("worker")
    assert done.returncode == 1
    assert "SOPFLOW_BROKER_URL: not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_broker_url_is_refused_naming_the_setting(
    sopflow: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOPFLOW_BROKER_URL", "mqtt://127.0.0.1")
    done = sopflow("worker")
    assert done.returncode == 1
    assert "SOPFLOW_BROKER_URL: 'mqtt://127.0.0.1' is not a redis:// or amqp:// URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_a_worker_count_below_one(sopflow: Run) -> None:
    done = sopflow("serve", "--workers", "0")
    assert done.returncode == 2
    assert "--workers" in done.stderr
