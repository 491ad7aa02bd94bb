"""BPMN import fidelity on the OMG BPMN MIWG test suite (831 models from about 30 tools).

Run: .venv/bin/python bench/miwg_import.py [--models DIR] [--lost] [--refused] [--misses]

Imports every .bpmn file under the suite's `models/` folder and checks each imported SOP
against its source with a count of its own, independent of the importer's bookkeeping:
every task, gateway and end event of the XML (by type, inner sub-process elements
included) must be a node of the SOP (its provenance names the element) or be named in a
note (its name or id appears in a note, a decision's detail or an outcome's description);
an unnamed one, which no note can name, counts when the import places it on a node, and
a converging gateway counts when it is the join of a parallel node.

Prints: files imported; refused, split into right refusals (not well-formed XML, no process)
and wrong ones; files where every task, gateway and end is kept; elements lost by type;
and the same for the 21 reference models, where each task must be a step and each
diverging gateway a decision or a parallel split.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sopflow.errors import SopflowError
from sopflow.formats.bpmn.import_ import import_bpmn
from sopflow.model import Decision, Outcome, Parallel, Sop, Step, check_document

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO.parent / "shared" / "eval" / "miwg" / "models"

TASKS = {
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "sendTask",
    "receiveTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "transaction",
    "adHocSubProcess",
}
GATEWAYS = {
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "complexGateway",
}
ENDS = {"endEvent"}
COUNTED = TASKS | GATEWAYS | ENDS
RIGHT_REFUSALS = ("not well-formed XML", "has no <process>", "root element is not BPMN")


@dataclass(frozen=True)
class Element:
    """One counted source element."""

    id: str
    type: str
    name: str
    diverging: bool


@dataclass
class FileResult:
    """What became of one file."""

    path: Path
    refused: str | None = None
    elements: list[Element] = field(default_factory=list)
    lost: list[Element] = field(default_factory=list)
    strict_misses: list[Element] = field(default_factory=list)
    """Reference check: tasks not a step, diverging gateways not a decision or parallel."""
    seconds: float = 0.0


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _is_model(element: etree._Element) -> bool:
    namespace = (
        (etree.QName(element).namespace or "").lower() if isinstance(element.tag, str) else ""
    )
    return "bpmn" in namespace and "model" in namespace


def source_elements(path: Path) -> list[Element]:
    """The tasks, gateways and end events of the file's processes, each id once."""
    root = etree.parse(
        str(path), etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    )
    found: dict[str, Element] = {}
    outgoing: Counter[str] = Counter()
    for flow in root.iter():
        if _is_model(flow) and _local(flow) == "sequenceFlow":
            outgoing[flow.get("sourceRef") or ""] += 1
    for process in root.iter():
        if not (_is_model(process) and _local(process) == "process"):
            continue
        for element in process.iter():
            kind = _local(element)
            if _is_model(element) and kind in COUNTED and element.get("id"):
                name = " ".join((element.get("name") or "").split())
                diverging = outgoing[element.get("id") or ""] > 1
                found.setdefault(
                    element.get("id") or "", Element(element.get("id") or "", kind, name, diverging)
                )
    return list(found.values())


def _texts(sop: Sop) -> str:
    """Everything an SOP says besides its node names: notes, details, descriptions."""
    parts: list[str] = []
    for node in sop.flow.nodes:
        if isinstance(node, Step):
            parts += [*node.notes, *node.warnings, *node.detail.values()]
        elif isinstance(node, Decision):
            parts += [*node.detail.values()]
        elif isinstance(node, Outcome) and node.description:
            parts.append(node.description)
    return "\n".join(parts)


def _sources(sop: Sop) -> dict[str, object]:
    """Source element id -> the node whose provenance names it."""
    table: dict[str, object] = {}
    for node in sop.flow.nodes:
        source = node.provenance.source if node.provenance else None
        if source and "#" in source:
            table.setdefault(source.rsplit("#", 1)[1], node)
    return table


def check(path: Path) -> FileResult:
    """Import one file and compare the SOP with its source elements."""
    result = FileResult(path)
    started = time.perf_counter()
    try:
        imported = import_bpmn(path)
        errors = [p for p in check_document(imported.sop) if p.severity == "error"]
        if errors:
            raise SopflowError(f"the imported SOP is not valid: {errors[0].message}")
    except SopflowError as error:
        result.refused = str(error)
        return result
    finally:
        result.seconds = time.perf_counter() - started
    result.elements = source_elements(path)
    nodes, texts = _sources(imported.sop), _texts(imported.sop)
    ids = {node.id for node in imported.sop.flow.nodes}
    joins = {parallel.join for parallel in imported.sop.flow.parallels()}
    for element in result.elements:
        node = nodes.get(element.id)
        noted = element.id in texts or (element.name and element.name in texts)
        # an unnamed element cannot be named in a note: it counts when the importer says
        # which node holds it (a gateway or end the flow passes through)
        noted = noted or (not element.name and imported.placed.get(element.id) in ids)
        # a converging gateway is the join of a parallel node
        noted = noted or (element.type in GATEWAYS and imported.placed.get(element.id) in joins)
        if node is None and not noted:
            result.lost.append(element)
        wanted: tuple[type, ...] = ()
        if element.type in TASKS:
            wanted = (Step,)
        elif element.type in GATEWAYS and element.diverging:
            wanted = (Decision, Parallel)
        if wanted and not isinstance(node, wanted):
            result.strict_misses.append(element)
    return result


def right_refusal(message: str) -> bool:
    """A refusal the suite expects: the file is not well-formed or holds no process."""
    return any(reason in message for reason in RIGHT_REFUSALS)


def summary(results: list[FileResult], label: str) -> list[str]:
    """The lines of one report: imported, refused, kept, lost."""
    imported = [r for r in results if r.refused is None]
    refused = [r for r in results if r.refused is not None]
    rightly = [r for r in refused if right_refusal(r.refused or "")]
    kept = [r for r in imported if not r.lost]
    lost = Counter(e.type for r in imported for e in r.lost)
    total = Counter(e.type for r in imported for e in r.elements)
    strict = [r for r in imported if not r.strict_misses]
    share = 100 * len(imported) / max(len(results), 1)
    lines = [
        f"{label}: {len(results)} files",
        f"  imported: {len(imported)} ({share:.1f} %)",
        f"  refused: {len(refused)} (rightly {len(rightly)}, "
        f"wrongly {len(refused) - len(rightly)})",
        f"  every task, gateway and end kept: {len(kept)} of {len(imported)} imported",
        f"  every task a step, every diverging gateway a decision or parallel: "
        f"{len(strict)} of {len(imported)}",
    ]
    for group, types in (("tasks", TASKS), ("gateways", GATEWAYS), ("end events", ENDS)):
        had = sum(total[t] for t in types)
        gone = sum(lost[t] for t in types)
        lines.append(f"  {group} lost: {gone} of {had}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", type=Path, default=MODELS)
    parser.add_argument("--lost", action="store_true", help="list each file with lost elements")
    parser.add_argument("--refused", action="store_true", help="list each refusal")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list each task not a step and diverging gateway not a decision or parallel",
    )
    args = parser.parse_args()
    if not args.models.is_dir():
        raise SystemExit(f"MIWG models not found at {args.models}")
    files = sorted(args.models.rglob("*.bpmn"))
    started = time.perf_counter()
    results = [check(path) for path in files]
    elapsed = time.perf_counter() - started
    reference = [r for r in results if r.path.parent.name == "Reference"]
    for line in summary(results, "all") + summary(reference, "Reference"):
        print(line)
    times = sorted(r.seconds for r in results)
    print(f"time: {elapsed:.1f} s in all; median {1000 * times[len(times) // 2]:.1f} ms a file")
    for result in results:
        name = result.path.relative_to(args.models)
        if args.refused and result.refused is not None:
            print(f"REFUSED {name}: {result.refused.replace(str(result.path), '')}")
        if args.lost and result.lost:
            what = ", ".join(f"{e.type} {e.id} '{e.name}'" for e in result.lost)
            print(f"LOST {name}: {what}")
        if args.misses and result.strict_misses:
            what = ", ".join(f"{e.type} {e.id} '{e.name}'" for e in result.strict_misses)
            print(f"MISSED {name}: {what}")


if __name__ == "__main__":
    main()
