"""Is the drafted process the right process? Capture on the Friedrich text/model pairs, scored
with the evaluation data's own graph scorer.

Usage: .venv/bin/python bench/graph_quality.py [--eval ../shared/eval] [--keep DIR]

Each text of `EVAL/friedrich/Texts` is captured as `sopflow capture TEXT --json` captures it
(the same services, one process, so the spaCy pipeline loads once), the JSON is written to a
folder, and `EVAL/graph_score.py` scores the folder against `EVAL/friedrich/Models`. A capture
that fails is written as an empty file, which the scorer counts as a failed prediction.

The scorer predates sopflow's parallel node: it reads step, decision, handoff and outcome
nodes and drops any other, with the edges through it. The figures are printed as it gives
them, and a second time with each parallel node read as the AND gateway it is (a reading
adapter, here, around the unchanged scorer), so both are on record. A third time, the
scorer reads the drafts as sopflow's BPMN export writes them (`sopflow bpmn export`: the
parallel split and its join as parallel gateways, which the scorer reads natively).

`--ceiling` scores, instead of the drafts, each model imported as an SOP (`sopflow bpmn
import`): what a draft that is exactly the model would score, the most the target can ask.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path
from types import ModuleType
from typing import Any

from sopflow.formats.bpmn.export import export
from sopflow.formats.bpmn.import_ import import_bpmn
from sopflow.formats.yaml_write import document_data
from sopflow.model import Kind
from sopflow.services.access import Actor
from sopflow.services.capture import CaptureOptions, read_inputs, structure_walkthrough
from sopflow.settings import load_settings

HERE = Path(__file__).resolve().parent
DEFAULT_EVAL = HERE.parent.parent / "shared" / "eval"


def capture_json(text: Path, bpmn: Path | None = None) -> str:
    """What `sopflow capture TEXT --json` prints, without the file list; the SOP's BPMN
    export is written to bpmn when given."""
    actor = Actor.local()
    settings = load_settings()
    walkthrough = read_inputs(actor=actor, inputs=[text], settings=settings)
    numbers: dict[str, int] = {}

    def next_code(kind: Kind) -> str:
        numbers[kind] = numbers.get(kind, 0) + 1
        return f"{'SOP' if kind == 'sop' else 'WI'}-GEN-{numbers[kind]:03d}"

    structured = structure_walkthrough(
        actor=actor,
        walkthrough=walkthrough,
        options=CaptureOptions(kind="auto", title=None, redact=True, use_llm=False),
        next_code=next_code,
        settings=settings,
    )
    drafts = structured.drafts.documents
    documents = [document_data(document) for document in drafts]
    if bpmn is not None:
        sops = [document for document in drafts if document.kind == "sop"]
        bpmn.write_bytes(export(sops[0] if sops else drafts[0]))
    return json.dumps({"documents": documents}, ensure_ascii=False)


def predict(eval_dir: Path, out: Path) -> list[str]:
    """Capture every text into out/NAME.json; returns the names that failed."""
    failed: list[str] = []
    (out / "bpmn").mkdir(exist_ok=True)
    for text in sorted((eval_dir / "friedrich" / "Texts").glob("*.txt")):
        target = out / f"{text.stem}.json"
        try:
            target.write_text(
                capture_json(text, out / "bpmn" / f"{text.stem}.bpmn"), encoding="utf-8"
            )
        except Exception as error:
            failed.append(f"{text.stem}: {type(error).__name__}: {error}")
            target.write_text("", encoding="utf-8")
    return failed


def predict_ceiling(eval_dir: Path, out: Path) -> list[str]:
    """Write each model imported as an SOP into out/NAME.json (and its export into out/bpmn)."""
    (out / "bpmn").mkdir(exist_ok=True)
    for model in sorted((eval_dir / "friedrich" / "Models").glob("*.bpmn")):
        sop = import_bpmn(model).result
        data = json.dumps({"documents": [document_data(sop)]}, ensure_ascii=False)
        (out / f"{model.stem}.json").write_text(data, encoding="utf-8")
        (out / "bpmn" / model.name).write_bytes(export(sop))
    return []


def load_scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("graph_score", eval_dir / "graph_score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["graph_score"] = module
    spec.loader.exec_module(module)
    return module


def with_parallel_nodes(scorer: ModuleType) -> None:
    """Read sopflow's parallel node as an AND gateway with an edge to each branch."""
    original = scorer.graph_from_sop

    def graph_from_sop(docs: list[dict[str, Any]], name: str) -> Any:
        graph = original(docs, name)
        nodes, _start = scorer.flow_nodes(docs)
        parallels = [n for n in nodes if n.get("type") == "parallel"]
        if not parallels:
            return graph
        rebuilt = [dict(n) for n in nodes if n.get("type") != "parallel"]
        for node in parallels:  # a decision whose options are the branches: then retyped
            branches = node.get("branches") or []
            options = [{"label": str(k), "next": b["next"]} for k, b in enumerate(branches)]
            rebuilt.append({"type": "decision", "id": node["id"], "options": options})
        graph = original([{"kind": "sop", "flow": {"nodes": rebuilt, "start": _start}}], name)
        for node in parallels:
            graph.kind[node["id"]] = scorer.AND
        return graph

    scorer.graph_from_sop = graph_from_sop


def score(eval_dir: Path, out: Path, *, parallel: bool = False) -> dict[str, Any]:
    """The scorer's mean figures for the folder (its --json output's "mean")."""
    scorer = load_scorer(eval_dir)
    if parallel:
        with_parallel_nodes(scorer)
    buffer = StringIO()
    with redirect_stdout(buffer):
        scorer.main([str(eval_dir / "friedrich" / "Models"), str(out), "--json"])
    mean: dict[str, Any] = json.loads(buffer.getvalue())["mean"]
    return mean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--keep", type=Path, help="write the predictions here (else a temp dir)")
    parser.add_argument(
        "--ceiling", action="store_true", help="score the models imported as SOPs, not drafts"
    )
    args = parser.parse_args()
    if not (args.eval / "graph_score.py").is_file():
        raise SystemExit(f"no graph scorer in {args.eval}: give --eval the evaluation folder")
    out = args.keep or Path(tempfile.mkdtemp(prefix="sopflow-graph-"))
    out.mkdir(parents=True, exist_ok=True)
    failed = (predict_ceiling if args.ceiling else predict)(args.eval, out)
    for line in failed:
        print(f"failed: {line}", file=sys.stderr)
    for parallel in (False, True):
        mean = score(args.eval, out, parallel=parallel)
        print(json.dumps({"parallel_read_as_and": parallel, "failed": len(failed), **mean}))
    mean = score(args.eval, out / "bpmn")
    print(json.dumps({"read_from": "bpmn export", "failed": len(failed), **mean}))
    print(f"predictions in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
