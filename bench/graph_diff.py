"""Where a draft's process graph differs from the model's, text by text: the analysis behind
the Capture III sections of bench/README.md.

Usage: .venv/bin/python bench/graph_diff.py DIR {terms,oracle,steps,edges} [NAME ...]

DIR is a folder of predictions, as `bench/graph_quality.py --keep DIR` writes it (NAME.json,
or a BPMN model NAME.bpmn); NAME limits
the texts (their file stems). The eval data's own scorer (EVAL/graph_score.py) reads both
sides and pairs the activities, so every figure is the scorer's.

    terms   the three loss terms of the similarity (skipped nodes, skipped edges, label
            distance of the pairs) and the node kinds on each side
    oracle  what the similarity would be with the unpaired steps left out, with every paired
            step worded as the model's task, and with both: how much is wording, how much
            extra steps, how much the flow
    steps   per text, the pairs (label similarity, the model's task <- the step) and the steps
            and tasks left unpaired
    edges   per text, the flow alone (unpaired steps left out, model labels on the pairs):
            the model's edges the draft has ("   "), lacks ("-"), and the draft's extra ones
            ("+"), after the scorer's own mapping; X: a decision, A: a parallel gateway,
            E: an end event
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_EVAL = HERE.parent.parent / "shared" / "eval"


def load_scorer(eval_dir: Path) -> ModuleType:
    """The scorer, its greedy matcher also returning the mapping it found."""
    source = (eval_dir / "graph_score.py").read_text(encoding="utf-8")
    source = source.replace('"mapped": k,', '"mapped": k, "mapping": dict(m12),', 1)
    module = ModuleType("graph_score")
    sys.modules["graph_score"] = module
    exec(compile(source, str(eval_dir / "graph_score.py"), "exec"), module.__dict__)
    return module


class Pairs:
    """The model and the draft of one text, and the scorer's pairing of their activities."""

    def __init__(self, gs: ModuleType, gold: Path, pred: Path) -> None:
        self.gs = gs
        self.settings = gs.Settings()
        self.gold = gs.load_graph(gold)
        self.pred = gs.load_graph(pred if pred.is_file() else None)
        self.match: dict[str, str] = gs.activity_matching(self.gold, self.pred, self.settings)
        self.unpaired = {
            n for n, k in self.pred.kind.items() if k == gs.ACTIVITY and n not in self.match
        }

    def without(self, nodes: set[str], *, model_words: bool = False) -> Any:
        """The draft with nodes left out (edges go through them), labels optionally the
        model's on every pair."""
        gs = self.gs
        kind = {n: (gs.CONTRACTED if n in nodes else k) for n, k in self.pred.kind.items()}
        first = [n for n, before in self.pred.pred().items() if not before]
        graph = gs.make_graph(self.pred.name, kind, self.pred.label, set(self.pred.edges), first)
        if model_words:
            for step, task in self.match.items():
                graph.label[step] = self.gold.label[task]
        return graph

    def score(self, pred: Any) -> dict[str, Any]:
        row: dict[str, Any] = self.gs.score_pair(self.gold, pred, self.settings)
        return row

    def mapping(self, pred: Any) -> dict[str, str]:
        """The scorer's node mapping (model -> draft) of its better run."""
        seed = {
            task: step
            for step, task in self.gs.activity_matching(self.gold, pred, self.settings).items()
        }
        runs = [
            self.gs.ged_similarity(self.gold, pred, self.settings),
            self.gs.ged_similarity(self.gold, pred, self.settings, seed=seed),
        ]
        best: dict[str, str] = max(runs, key=lambda run: run["sim"])["mapping"]
        return best


def _kind(graph: Any, node: str) -> str:
    kind = str(graph.kind[node])
    if kind in {"xor", "and"}:
        out, into = len(graph.succ()[node]), len(graph.pred()[node])
        return kind + ("-split" if out >= 2 else "-join" if into >= 2 else "")
    return kind


def terms(texts: list[Pairs]) -> None:
    totals: Counter[str] = Counter()
    losses = {"fskipn": 0.0, "fskipe": 0.0, "fsubn": 0.0}
    for pair in texts:
        row = pair.score(pair.pred)
        for term in losses:
            losses[term] += row[term] or 0.0
        for side, graph in (("model", pair.gold), ("draft", pair.pred)):
            totals.update(f"{side} {_kind(graph, n)}" for n in graph.kind)
            totals[f"{side} edges"] += len(graph.edges)
    for term, loss in losses.items():
        print(f"{term}: {loss / len(texts):.3f}")
    for name, count in sorted(totals.items()):
        print(f"{name}: {count}")


def oracle(texts: list[Pairs]) -> None:
    readings: dict[str, Callable[[Pairs], Any]] = {
        "as drafted": lambda p: p.pred,
        "unpaired steps left out": lambda p: p.without(p.unpaired),
        "model words on the pairs": lambda p: p.without(set(), model_words=True),
        "both": lambda p: p.without(p.unpaired, model_words=True),
    }
    for name, reading in readings.items():
        sims = [pair.score(reading(pair))["sim"] for pair in texts]
        print(f"{name}: mean similarity {sum(sims) / len(sims):.3f}")


def steps(texts: list[Pairs]) -> None:
    for pair in texts:
        gs = pair.gs
        print(f"## {pair.gold.name}")
        for step, task in pair.match.items():
            similarity = gs.label_similarity(pair.pred.label[step], pair.gold.label[task])
            print(f"  = {similarity:.2f} {pair.gold.label[task]!r} <- {pair.pred.label[step]!r}")
        for step in sorted(pair.unpaired):
            print(f"  + {pair.pred.label[step]!r}")
        paired = set(pair.match.values())
        for task, kind in pair.gold.kind.items():
            if kind == gs.ACTIVITY and task not in paired:
                print(f"  - {pair.gold.label[task]!r}")


def _named(pair: Pairs, flow: Any, to_model: dict[str, str], graph: Any, node: str) -> str:
    """A node as the edges view prints it: a task by its label, a gateway or end by its
    kind and the end of the model's id (the draft's mapped onto the model's)."""
    if graph is flow and node in to_model and graph.kind[node] != pair.gs.ACTIVITY:
        graph, node = pair.gold, to_model[node]
    prefix = {"xor": "X:", "and": "A:", "event": "E:"}.get(str(graph.kind[node]), "")
    return prefix + (str(graph.label[node])[:30] if not prefix else node[-6:])


def edges(texts: list[Pairs]) -> None:
    for pair in texts:
        flow = pair.without(pair.unpaired, model_words=True)
        to_model = {step: task for task, step in pair.mapping(flow).items()}
        row = pair.score(flow)
        print(f"## {pair.gold.name}: flow-only similarity {row['sim']:.3f}")
        model = {
            (_named(pair, flow, to_model, pair.gold, a), _named(pair, flow, to_model, pair.gold, b))
            for a, b in pair.gold.edges
        }
        drafted = {
            (_named(pair, flow, to_model, flow, a), _named(pair, flow, to_model, flow, b))
            for a, b in flow.edges
        }
        for a, b in sorted(model):
            print(f"   {'   ' if (a, b) in drafted else ' - '} {a} -> {b}")
        for a, b in sorted(drafted - model):
            print(f"    +  {a} -> {b}")


def _prediction(folder: Path, stem: str) -> Path:
    """A draft as `sopflow capture --json` prints it (NAME.json), or a BPMN model (NAME.bpmn)."""
    json_file = folder / f"{stem}.json"
    return json_file if json_file.is_file() else folder / f"{stem}.bpmn"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", type=Path)
    parser.add_argument("view", choices=["terms", "oracle", "steps", "edges"])
    parser.add_argument("names", nargs="*", help="text names (file stems); all when none")
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    args = parser.parse_args()
    models = args.eval / "friedrich" / "Models"
    if not (args.eval / "graph_score.py").is_file() or not models.is_dir():
        raise SystemExit(f"no graph scorer or models in {args.eval}: give --eval the folder")
    if not args.predictions.is_dir():
        raise SystemExit(f"{args.predictions}: no such folder (bench/graph_quality.py --keep)")
    scorer = load_scorer(args.eval)
    texts = [
        Pairs(scorer, gold, _prediction(args.predictions, gold.stem))
        for gold in sorted(models.glob("*.bpmn"))
        if not args.names or gold.stem in args.names
    ]
    if not texts:
        raise SystemExit(f"none of {', '.join(args.names)} is a text of {models}")
    {"terms": terms, "oracle": oracle, "steps": steps, "edges": edges}[args.view](texts)


if __name__ == "__main__":
    main()
