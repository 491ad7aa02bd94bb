"""`sopflow run`: every example SOP to each of its outcomes, in a pseudo-terminal and from an
answers file; pausing, resuming, going back, audience levels and the run record."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from sopflow.cli.app import app
from sopflow.formats.yaml_source import load_document
from sopflow.model import Sop
from sopflow.runner.routes import Route, routes
from sopflow.runner.sources import sha256_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REFUNDS = EXAMPLES / "refunds" / "SOP-FIN-003-customer-refund.yaml"
ONBOARDING = EXAMPLES / "onboarding" / "SOP-HR-001-employee-onboarding.yaml"
SHIPPING = EXAMPLES.parent / "tests" / "fixtures" / "parallel" / "SOP-LOG-009-ship-an-order.yaml"


def example_routes() -> list[tuple[Path, Route]]:
    """Every route of every example SOP, and of the parallel one among the test fixtures."""
    found = []
    for path in [*sorted(EXAMPLES.rglob("SOP-*.yaml")), SHIPPING]:
        sop = load_document(path)
        assert isinstance(sop, Sop)
        found.extend((path, route) for route in routes(sop))
    return found


ROUTES = example_routes()
ROUTE_IDS = [f"{path.stem[:10]}-{route.outcome}-{len(route.nodes)}" for path, route in ROUTES]

PROMPTS = [
    r"answer \[[^\n]*> ",
    r"back to the SOP > ",
    r"go back to which\?[^\n]*> ",
    r"note > ",
    r"not applicable\?[^\n]*> ",
    r"pause[^\n]*> ",
    r"branch \[([0-9, ]+)\][^\n]*> ",
    pexpect.EOF,
]


def spawn(sopflow_script: str, environ: dict[str, str], *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sopflow_script, list(args), env=environ, encoding="utf-8", timeout=30, dimensions=(50, 200)
    )


def decision_on_screen(sop: Sop, screen: str) -> str:
    """The id of the decision whose question was shown last."""
    shown = [(screen.rfind(d.question), d.id) for d in sop.flow.decisions() if d.question in screen]
    return max(shown)[1]


@pytest.mark.parametrize(("path", "route"), ROUTES, ids=ROUTE_IDS)
def test_every_example_runs_to_each_outcome_in_the_terminal(
    path: Path, route: Route, sopflow_script: str, environ: dict[str, str]
) -> None:
    sop = load_document(path)
    assert isinstance(sop, Sop)
    answers = dict(route.answers)
    child = spawn(sopflow_script, environ, "run", str(path), "--as", "ana")
    screen = ""
    while True:
        index = child.expect(PROMPTS)
        screen += child.before or ""
        if index == 0:
            child.sendline(answers[decision_on_screen(sop, screen)])
        elif index == 1:
            child.sendline("q")
        elif index == 5:
            child.sendline("")
        elif index == 6:
            child.sendline(child.match[1].split(",")[0])  # branches in their order, as routes
        elif index == 7:
            break
        else:
            pytest.fail(f"unexpected prompt {child.after!r}")
    outcome = sop.flow.node(route.outcome)
    assert outcome is not None
    assert outcome.type == "outcome"
    assert f"Finished: {outcome.name}" in screen
    child.close()
    assert child.exitstatus == 0


@pytest.mark.parametrize(("path", "route"), ROUTES, ids=ROUTE_IDS)
def test_every_example_runs_to_each_outcome_from_an_answers_file(
    path: Path, route: Route, home: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(dict(route.answers)), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["run", str(path), "--answers", str(answers), "--json", "--as", "ana"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["state"] == "finished"
    assert record["outcome"] == route.outcome
    assert record["answers"] == dict(route.answers)
    assert [entry["node"] for entry in record["path"]] == list(route.nodes)
    assert record["revision"]["code"] == load_document(path).code
    assert record["revision"]["sha256"] == sha256_text(path.read_text(encoding="utf-8"))
    assert all(entry["done_by"] == "ana" for entry in record["path"])
    saved = json.loads((home / "runs" / "runs" / f"{record['id']}.json").read_text())
    assert saved == record


def test_a_branch_left_in_the_terminal_is_taken_up_again(
    sopflow_script: str, environ: dict[str, str]
) -> None:
    child = spawn(sopflow_script, environ, "run", str(SHIPPING), "--as", "ana", "--json")
    for reply in ("", "1", "Yes"):  # take the order, pack the goods, something is fragile
        child.expect(r"> ")
        child.sendline(reply)
    child.expect(r"o other branch > ")
    assert "In parallel: 1. Pack the goods (working on it)" in (child.before or "")
    child.sendline("o")
    child.expect(r"switch to which branch\? \[2, Enter to stay\] > ")
    child.sendline("2")
    child.expect(r"branch \[1, 2\]")  # the invoice, printed and e-mailed in parallel
    for reply in ("1", "", "2", "", ""):  # print it, e-mail it, file it
        child.sendline(reply)
        child.expect(r"> ")
    assert "1. Pack the goods (started, next: Pad the box)" in (child.before or "")
    child.sendline("1")
    for reply in ("", "", "Yes"):  # pad the box, pack it, the carrier took it
        child.expect(r"> ")
        child.sendline(reply)
    child.expect(pexpect.EOF)
    record = json.loads((child.before or "")[(child.before or "").index("{") :])
    assert record["outcome"] == "shipped"
    walked = [entry["node"] for entry in record["path"]]
    assert walked[-5:] == ["split", "pad", "pack", "ship", "shipped"]
    assert [t["branch"] for t in record["history"] if t["kind"] == "branch"] == [1, 2, 1, 2, 1]


def test_an_answers_file_without_an_answer_stops_at_that_decision(
    sopflow_script: str, environ: dict[str, str], tmp_path: Path
) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text("check-eligibility: Eligible\n", encoding="utf-8")
    stopped = subprocess.run(
        [sopflow_script, "run", str(REFUNDS), "--answers", str(partial)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    assert stopped.returncode == 1
    assert "Traceback" not in stopped.stderr
    assert f"{partial} has no answer for decision 'payment-method'" in stopped.stderr
    assert "options: Card, Bank transfer" in stopped.stderr
    run_id = re.search(r"--resume (\w+)", stopped.stderr)
    assert run_id is not None
    rest = tmp_path / "rest.yaml"
    rest.write_text("payment-method: Bank transfer\n", encoding="utf-8")
    resumed = subprocess.run(
        [sopflow_script, "run", "--resume", run_id[1], "--answers", str(rest), "--json"],
        capture_output=True,
        text=True,
        env=environ,
        check=True,
    )
    record = json.loads(resumed.stdout)
    assert record["outcome"] == "refund-issued"
    assert record["answers"] == {"check-eligibility": "Eligible", "payment-method": "Bank transfer"}
    assert [t["kind"] for t in record["history"]].count("pause") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("eligible: Yes\n", "answers.yaml:1: SOP-FIN-003 has no decision 'eligible'"),
        (
            "payment-method: Card\ncheck-eligibility: Maybe\n",
            "answers.yaml:2: decision 'check-eligibility' has no option 'Maybe'",
        ),
        ("[Card]\n", "an answers file maps decision ids to option labels"),
        ("a: [b\n", "not YAML or JSON"),
    ],
)
def test_a_bad_answers_file_is_named_and_nothing_is_started(
    content: str, message: str, home: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(REFUNDS), "--answers", str(answers)])
    assert result.exit_code != 0
    assert message in str(result.exception)
    assert not (home / "runs" / "runs").exists()


def test_pause_in_the_terminal_and_resume_on_the_same_revision(
    sopflow_script: str, environ: dict[str, str], tmp_path: Path
) -> None:
    copy = tmp_path / "SOP-FIN-003.yaml"
    original = REFUNDS.read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    child = spawn(sopflow_script, environ, "run", str(copy))
    child.expect(r"pause > ")
    child.sendline("")
    child.expect(r"pause > ")
    child.sendline("p")
    child.expect(r"continue with `sopflow run --resume (\w+)`")
    run_id = child.match[1]
    child.expect(pexpect.EOF)
    edited = original.replace("Find the order in the shop admin", "Look the order up in the ERP")
    copy.write_text(edited, encoding="utf-8")
    child = spawn(sopflow_script, environ, "run", "--resume", run_id, "--json")
    child.expect(r"pause > ")
    assert "Find the order in the shop admin" in (child.before or "")
    child.sendeof()
    child.expect(pexpect.EOF)
    record = json.loads(
        (Path(environ["SOPFLOW_HOME"]) / "runs" / "runs" / f"{run_id}.json").read_text()
    )
    assert record["revision"]["sha256"] == sha256_text(original)
    assert record["state"] == "paused"
    assert [t["kind"] for t in record["history"]] == [
        "start",
        "complete",
        "pause",
        "resume",
        "pause",
    ]


def test_go_back_in_the_terminal_changes_an_answer(
    sopflow_script: str, environ: dict[str, str]
) -> None:
    child = spawn(sopflow_script, environ, "run", str(REFUNDS), "--json", "--level", "expert")
    for reply in ["", "", "Eligible", "b"]:
        child.expect([r"answer \[[^\n]*> ", r"pause[^\n]*> "])
        child.sendline(reply)
    child.expect(r"go back to which\?[^\n]*> ")
    assert "3. check-eligibility (answered Eligible)" in (child.before or "")
    child.sendline("3")
    child.expect(r"answer \[[^\n]*> ")
    child.sendline("2")
    child.expect(r"pause > ")
    child.sendline("n")
    child.expect("note > ")
    child.sendline("Bought 45 days ago")
    child.expect(pexpect.EOF)
    record = json.loads(child.before[child.before.index("{") :])
    assert record["outcome"] == "refund-declined"
    assert record["answers"] == {"check-eligibility": "Not eligible"}
    assert record["path"][-2]["note"] == "Bought 45 days ago"
    labels = [t["label"] for t in record["history"] if t["kind"] == "answer"]
    assert labels == ["Eligible", "Not eligible"]


def test_an_optional_step_is_marked_not_applicable_in_the_terminal(
    sopflow_script: str, environ: dict[str, str]
) -> None:
    child = spawn(sopflow_script, environ, "run", str(ONBOARDING), "--json", "--as", "hr-lead")
    replies = iter(["", "", "Yes", "", "", "No", ""])
    while True:
        patterns = [r"answer \[[^\n]*> ", r"back to the SOP > ", r"not applicable[^\n]*> "]
        index = child.expect([*patterns, r"pause[^\n]*> "])
        if index == 2:
            break
        child.sendline("q" if index == 1 else next(replies))
    child.sendline("s")
    child.expect(r"not applicable\?[^\n]*> ")
    child.sendline("Planned at the monthly intake")
    child.expect(r"pause > ")
    child.sendline("")
    child.expect(pexpect.EOF)
    record = json.loads(child.before[child.before.index("{") :])
    skipped = next(e for e in record["path"] if e["node"] == "plan-first-week")
    assert skipped["not_applicable"] == "Planned at the monthly intake"
    assert skipped["done_by"] == "hr-lead"
    assert record["outcome"] == "ready"


def test_novice_sees_detail_and_the_work_instruction_expert_sees_its_title(
    sopflow_script: str, environ: dict[str, str]
) -> None:
    screens = {}
    for level in ("novice", "expert"):
        child = spawn(sopflow_script, environ, "run", str(ONBOARDING), "--audience", level)
        child.expect(r"pause > ")
        first = child.before or ""
        for reply in ["", "", "Yes", ""]:
            child.sendline(reply)
            child.expect([r"answer \[[^\n]*> ", r"pause[^\n]*> ", r"back to the SOP > "])
        screens[level] = first + (child.before or "")
        child.terminate(force=True)
    assert "Copy the name, job title" in screens["novice"]
    assert "Copy the name, job title" not in screens["expert"]
    assert "1/7 Open the new user form" in screens["novice"]
    assert "See WI-IT-001: Create a new employee's accounts" in screens["expert"]
    assert "1/7" not in screens["expert"]


def test_running_a_work_instruction_is_refused(home: Path) -> None:
    wi = EXAMPLES / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"
    result = CliRunner().invoke(app, ["run", str(wi)])
    assert "WI-PAY-003 is a wi; only an SOP can be run" in str(result.exception)


def test_an_invalid_sop_is_not_run_and_its_problems_are_located(
    sopflow_script: str, environ: dict[str, str], tmp_path: Path
) -> None:
    broken = tmp_path / "SOP-FIN-003.yaml"
    broken.write_text(REFUNDS.read_text().replace("next: find-order", "next: find-the-order"))
    result = subprocess.run(
        [sopflow_script, "run", str(broken)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    assert result.returncode == 1
    assert f"{broken} cannot be followed until it is valid" in result.stderr
    assert f"{broken}:53:13: step 'log-request' leads to 'find-the-order'" in result.stderr
    assert "Traceback" not in result.stderr
