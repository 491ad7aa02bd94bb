"""Read-and-acknowledge from the command line: list who must acknowledge, see their standing,
run the SOP unacknowledged (warned; refused when the setting blocks), acknowledge with the
password piped in, and the tasks each person has."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.test_control import CODE, EXAMPLES, PASSWORD, run


def add_user(home: Path, name: str, role: str) -> None:
    added = run(
        home,
        "user",
        "add",
        name,
        "--role",
        role,
        "--full-name",
        f"{name.title()} Example",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr


def test_acknowledge_and_run(home: Path) -> None:
    assert run(home, "import", str(EXAMPLES)).returncode == 0
    for name, role in (("vera", "reviewer"), ("rita", "reader"), ("sam", "reader")):
        add_user(home, name, role)
    run(home, "submit", CODE, "--approver", "vera", "--reason", "Ticket numbers")
    assert run(home, "tasks", "--as", "vera", "--password-stdin", stdin=PASSWORD + "\n").stdout
    run(home, "approve", CODE, "--as", "vera", "--password-stdin", stdin=PASSWORD + "\n")
    bad = run(home, "ack", "list", CODE, "nobody-at-all")
    assert bad.returncode == 1
    assert "entries: 'nobody-at-all' is neither a user nor role:ROLE" in bad.stderr
    listed = run(home, "ack", "list", CODE, "role:reader", "--days", "7")
    assert listed.returncode == 0, listed.stderr
    assert "list\trole:reader" in listed.stdout
    status = json.loads(run(home, "ack", "status", CODE, "--json").stdout)
    assert (status["revision"], status["days"]) == (1, 7)
    assert {p["name"]: p["state"] for p in status["people"]} == {
        "rita": "pending",
        "sam": "pending",
    }
    tasks = run(home, "tasks", "--as", "rita", "--password-stdin", stdin=PASSWORD + "\n")
    assert tasks.stdout.startswith(f"acknowledgement\t{CODE}\trevision 1\tdue ")

    answers = home.parent / "answers.json"
    answers.write_text("{}", encoding="utf-8")
    warned = run(home, "run", CODE, "--as", "rita", "--answers", str(answers))
    assert f"warning: You have not acknowledged {CODE} revision 1" in warned.stderr
    audited = run(home, "audit", "show", "--action", "run.started_unacknowledged").stdout
    assert "\trita\trun.started_unacknowledged\tSOP-FIN-003\t" in audited
    blocked = run_blocked(home, answers)
    assert blocked.returncode == 1
    assert f"{CODE}: rita must acknowledge revision 1 before running it" in blocked.stderr
    assert "Traceback" not in blocked.stderr

    wrong = run(home, "ack", CODE, "--as", "rita", "--password-stdin", stdin="wrong\n")
    assert wrong.returncode == 1
    acked = run(home, "ack", CODE, "--as", "rita", "--password-stdin", stdin=PASSWORD + "\n")
    assert acked.returncode == 0, acked.stderr
    assert f"{CODE}: revision 1 acknowledged by rita" in acked.stderr
    lines = run(home, "ack", "status", CODE).stdout.splitlines()
    assert [line.split("\t")[:2] for line in lines[2:]] == [
        ["rita", "acknowledged"],
        ["sam", "pending"],
    ]
    again = run_blocked(home, answers)
    assert "must acknowledge" not in again.stderr
    assert "warning" not in again.stderr


def run_blocked(home: Path, answers: Path) -> subprocess.CompletedProcess[str]:
    """`sopflow run CODE --as rita` with SOPFLOW_REQUIRE_ACKNOWLEDGEMENT=block."""
    return subprocess.run(
        [sys.executable, "-m", "sopflow", "run", CODE, "--as", "rita", "--answers", str(answers)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={
            **os.environ,
            "SOPFLOW_HOME": str(home),
            "SOPFLOW_REQUIRE_ACKNOWLEDGEMENT": "block",
        },
    )
