"""Document control from the command line, as a user runs it: submit to two approvers,
approve as a named user with the password piped in, list and verify signatures, the review
due list, and refusals that name what was wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PASSWORD = "correct-horse-42"
CODE = "SOP-FIN-003"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(home: Path, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The `sopflow` command with the library under home and stdin given."""
    return subprocess.run(
        [sys.executable, "-m", "sopflow", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "SOPFLOW_HOME": str(home), "COLUMNS": "200"},
    )


def test_submit_approve_and_verify(home: Path) -> None:
    assert run(home, "import", str(EXAMPLES)).returncode == 0
    for name, role in (("vera", "reviewer"), ("quinn", "reviewer")):
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
    reasonless = run(home, "submit", CODE, "--approver", "vera", "--reason", " ")
    assert (reasonless.returncode, "reason:" in reasonless.stderr) == (1, True)
    submitted = run(
        home,
        "submit",
        CODE,
        "--approver",
        "vera",
        "--approver",
        "role:reviewer",
        "--reason",
        "Ticket numbers",
    )
    assert "in review by vera, role:reviewer (sequential)" in submitted.stderr
    unnamed = run(home, "approve", CODE)
    assert unnamed.returncode == 1
    assert "--as: signing needs a named account" in unnamed.stderr
    wrong = run(home, "approve", CODE, "--as", "vera", "--password-stdin", stdin="wrong\n")
    assert wrong.returncode == 1
    assert "Traceback" not in wrong.stderr
    for name in ("vera", "quinn"):
        approved = run(
            home, "approve", CODE, "--as", name, "--password-stdin", stdin=PASSWORD + "\n"
        )
        assert approved.returncode == 0, approved.stderr
    assert "revision 1 is effective" in approved.stderr
    signed = run(home, "signatures", CODE, "--verify")
    assert signed.returncode == 0
    assert [line.split("\t")[2] for line in signed.stdout.splitlines()] == [
        "Vera Example (vera)",
        "Quinn Example (quinn)",
    ]
    due = run(home, "review", "due", "--within", "400d")
    assert due.stdout.startswith(f"{CODE}\t")
    assert run(home, "review", "due").stdout == ""
    bad = run(home, "review", "due", "--within", "soon")
    assert (bad.returncode, "--within" in bad.stderr) == (1, True)
    status = run(home, "review", "status", CODE)
    assert "revision 1\teffective" in status.stdout
    assert run(home, "obsolete", CODE, "--reason", "Replaced").returncode == 0
    assert "revision 1\tobsolete" in run(home, "review", "status", CODE).stdout
