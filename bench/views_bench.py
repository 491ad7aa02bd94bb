"""Views and interchange benchmark: render times per format, BPMN import and round trip.

Run: .venv/bin/python bench/views_bench.py [--repeat N]
Prints Markdown tables of medians for bench/README.md. Timings are wall-clock on whatever
else the machine is doing; read them as orders of magnitude.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sopflow.formats.bpmn.export import export
from sopflow.formats.bpmn.import_ import import_bpmn
from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.registry import renderers
from sopflow.formats.yaml_source import read_documents
from sopflow.model import check_document

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO.parent / "shared" / "eval" / "friedrich" / "Models"


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `action` in milliseconds, after one warm-up call."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    library = {
        loaded.document.code: loaded.document
        for loaded in read_documents([REPO / "examples"])
        if loaded.document is not None
    }
    context = RenderContext(documents=library)
    print(f"## Render, median of {repeat} (ms)\n")
    print("| document | " + " | ".join(renderers()) + " |")
    print("|---|" + "---:|" * len(renderers()))
    for code in ("SOP-FIN-003", "SOP-HR-001", "WI-PAY-003"):
        document = library[code]
        cells = [
            f"{median_ms(lambda v=view, d=document: v.render(d, context), repeat):.0f}"
            for view in renderers().values()
        ]
        print(f"| {code} | " + " | ".join(cells) + " |")
    if not MODELS.is_dir():
        print("\n(evaluation models not found; BPMN import not measured)")
        return
    models = sorted(MODELS.glob("*.bpmn"))
    times = [median_ms(lambda m=m: import_bpmn(m), repeat) for m in models]
    valid = sum(1 for m in models if not check_document(import_bpmn(m).sop))
    print(f"\n## BPMN import of {len(models)} real models, median of {repeat} each (ms)\n")
    print("| models | valid SOPs | median | slowest |")
    print("|---:|---:|---:|---:|")
    print(f"| {len(models)} | {valid} | {statistics.median(times):.1f} | {max(times):.1f} |")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round.bpmn"
        sop = library["SOP-FIN-003"]

        def round_trip() -> None:
            path.write_bytes(export(sop))
            import_bpmn(path)

        print(f"\nSOP-FIN-003 -> BPMN -> SOP round trip: {median_ms(round_trip, repeat):.1f} ms")


if __name__ == "__main__":
    main()
