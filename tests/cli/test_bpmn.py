from __future__ import annotations

from pathlib import Path

from sopflow.formats.yaml_source import load_document
from sopflow.model import Sop

from .conftest import Run  # noqa: TID252

MODELS = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn"


def test_import_writes_a_valid_sop_and_lists_what_it_could_not_map(
    sopflow: Run, tmp_path: Path
) -> None:
    result = sopflow(
        "bpmn", "import", MODELS / "two-pools.bpmn", "--out", "sops", "--code", "SOP-SHOP-001"
    )
    assert result.returncode == 0, result.stderr
    assert "not kept: 1 × dataStoreReference ('Stock'): has no place" in result.stderr
    written = tmp_path / "sops" / "SOP-SHOP-001-customer.yaml"
    sop = load_document(written)
    assert isinstance(sop, Sop)
    assert len(list(sop.flow.steps())) == 6
    assert sopflow("validate", written).returncode == 0


def test_without_out_the_yaml_goes_to_stdout(sopflow: Run) -> None:
    result = sopflow("bpmn", "import", MODELS / "two-pools.bpmn")
    assert result.stdout.startswith("sopflow: 3\nkind: sop\ncode: SOP-IMPORT-001\n")


def test_an_unsafe_or_missing_file_is_a_message_not_a_traceback(
    sopflow: Run, tmp_path: Path
) -> None:
    hostile = tmp_path / "x.bpmn"
    hostile.write_text('<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>')
    refused = sopflow("bpmn", "import", hostile, "--out", "sops")
    missing = sopflow("bpmn", "import", tmp_path / "absent.bpmn")
    bad_code = sopflow("bpmn", "import", MODELS / "two-pools.bpmn", "--code", "WI-X-1")
    for result in (refused, missing, bad_code):
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
    assert "x.bpmn: has a DOCTYPE" in refused.stderr
    assert "absent.bpmn: cannot read" in missing.stderr
    assert not (tmp_path / "sops").exists()


def test_strict_fails_on_any_loss_and_writes_nothing(sopflow: Run, tmp_path: Path) -> None:
    result = sopflow("bpmn", "import", MODELS / "two-pools.bpmn", "--strict", "--out", "sops")
    assert result.returncode == 1
    assert "1 element(s) not kept (--strict); nothing written" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "sops").exists()


def test_strict_passes_a_model_with_nothing_lost(sopflow: Run, tmp_path: Path) -> None:
    model = tmp_path / "plain.bpmn"
    model.write_text(
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
        '<process id="p"><startEvent id="s"/><task id="t" name="Do it"/><endEvent id="e"/>'
        '<sequenceFlow id="f1" sourceRef="s" targetRef="t"/>'
        '<sequenceFlow id="f2" sourceRef="t" targetRef="e"/></process></definitions>'
    )
    result = sopflow("bpmn", "import", model, "--strict")
    assert result.returncode == 0, result.stderr
    assert "instruction: Do it" in result.stdout


def test_strict_names_a_compensation_task_kept_only_as_a_note(sopflow: Run) -> None:
    untied = MODELS / "fidelity" / "compensation-untied.bpmn"
    result = sopflow("bpmn", "import", untied, "--strict")
    assert result.returncode == 1
    assert "'Cancel the flight'" in result.stderr
    assert "a compensation task tied to no activity" in result.stderr
    kept = sopflow("bpmn", "import", MODELS / "fidelity" / "parallel-message-ends.bpmn", "--strict")
    assert kept.returncode == 0, kept.stderr
    assert "type: parallel" in kept.stdout


def test_a_wi_exported_to_bpmn_imports_back_as_the_same_wi(
    sopflow: Run, tmp_path: Path, examples: Path
) -> None:
    source = examples / "refunds" / "WI-PAY-003-stripe-card-refund.yaml"
    rendered = sopflow("render", source, "--to", "bpmn", "-o", "wi.bpmn")
    assert rendered.returncode == 0, rendered.stderr
    result = sopflow("bpmn", "import", "wi.bpmn", "--out", "back")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "back" / "WI-PAY-003-refund-a-card-payment-in-stripe.yaml"
    assert load_document(written) == load_document(source)
    assert "action(s)" in result.stderr
    wrong = sopflow("bpmn", "import", "wi.bpmn", "--code", "SOP-PAY-001")
    assert wrong.returncode == 1
    assert "holds a work instruction; give a WI- code" in wrong.stderr
