"""The quick test of DESIGN.md: is a procedure an SOP, a work instruction, or both (split)?

- decisions or branching: SOP
- several roles or handoffs: SOP
- always done the same way, a single technical task: work instruction
- both the process flow and the technical steps: split into an SOP that references WIs.

`classify` returns the verdict with every signal it weighed, so a reviewer sees why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from sopflow.analysis.technical import is_technical, step_system
from sopflow.model import AnyDocument, Sop, WorkInstruction
from sopflow.model.flow import Step, successors
from sopflow.model.graph import topological_order

Verdict = Literal["sop", "wi", "split"]

MIN_STRETCH = 3
"""How many consecutive click-level steps by one role make a work instruction of their own."""


@dataclass(frozen=True)
class Signal:
    """One observation the quick test weighed, and which kind it points to."""

    name: str
    value: int
    points_to: Literal["sop", "wi"]
    detail: str


@dataclass(frozen=True)
class Stretch:
    """Consecutive technical steps by one role (and in one system when named): a WI candidate."""

    step_ids: tuple[str, ...]
    role: str | None
    system: str | None


@dataclass(frozen=True)
class Classification:
    """The verdict, the signals behind it, and the technical stretches a split would move."""

    kind: Verdict
    signals: tuple[Signal, ...]
    reason: str
    stretches: tuple[Stretch, ...] = ()

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["stretches"] = [
            {"steps": list(s.step_ids), "role": s.role, "system": s.system} for s in self.stretches
        ]
        data["signals"] = [asdict(signal) for signal in self.signals]
        return data


def reading_order(sop: Sop) -> list[str]:
    """Node ids in the order a reader meets them from the start."""
    table = sop.flow.by_id()
    return topological_order(
        sop.flow.start, lambda node_id: successors(table[node_id]) if node_id in table else ()
    )


def _system(step: Step) -> str | None:
    return step_system(step.instruction, step.provenance.quote if step.provenance else None)


def technical_stretches(sop: Sop, minimum: int = MIN_STRETCH) -> list[Stretch]:
    """Runs of at least `minimum` linked technical steps by one role in one system."""
    table = sop.flow.by_id()
    stretches: list[Stretch] = []
    run: list[Step] = []

    def close() -> None:
        if len(run) >= minimum:
            systems = [_system(step) for step in run]
            named = next((name for name in systems if name), None)
            stretches.append(Stretch(tuple(step.id for step in run), run[0].role, named))
        run.clear()

    for node_id in reading_order(sop):
        node = table[node_id]
        technical = isinstance(node, Step) and not node.reference and is_technical(node.instruction)
        if not (technical and isinstance(node, Step)):
            close()
            continue
        if run:
            previous = run[-1]
            system = _system(node)
            known = next((s for s in (_system(st) for st in run) if s), None)
            linked = previous.next == node.id
            if not linked or previous.role != node.role or (system and known and system != known):
                close()
        run.append(node)
    close()
    return stretches


def classify(document: AnyDocument) -> Classification:
    """The quick test of one document."""
    if isinstance(document, WorkInstruction):
        wi_signals = (
            Signal("steps", len(document.steps), "wi", "numbered actions without branching"),
            Signal("roles", 1, "wi", f"one role: {document.role or 'unnamed'}"),
        )
        return Classification("wi", wi_signals, "a linear single-role task: work instruction")
    if not isinstance(document, Sop):
        return Classification(
            "sop",
            (Signal("kind", 0, "sop", f"a {document.kind} is above SOPs in the hierarchy"),),
            f"a {document.kind} is neither an SOP nor a work instruction; it stays one",
        )
    decisions = sum(1 for _ in document.flow.decisions())
    parallels = sum(1 for _ in document.flow.parallels())
    handoffs = sum(1 for _ in document.flow.handoffs())
    used = {
        role
        for node in document.flow.nodes
        for role in (
            (getattr(node, "role", None),)
            if node.type != "handoff"
            else (getattr(node, "from_role", None), getattr(node, "to_role", None))
        )
        if role
    }
    steps = list(document.flow.steps())
    technical = [step for step in steps if is_technical(step.instruction)]
    stretches = technical_stretches(document)
    signals = [
        Signal(
            "decisions",
            decisions + parallels,
            "sop" if decisions + parallels else "wi",
            "decision points and parallel splits branch" if parallels else "decision points branch",
        ),
        Signal("handoffs", handoffs, "sop" if handoffs else "wi", "work passes between roles"),
        Signal(
            "roles",
            len(used),
            "sop" if len(used) > 1 else "wi",
            ", ".join(sorted(used)) or "no role named",
        ),
        Signal(
            "technical steps",
            len(technical),
            "wi" if steps and len(technical) * 2 >= len(steps) else "sop",
            f"{len(technical)} of {len(steps)} steps operate a screen",
        ),
        Signal(
            "technical stretches",
            len(stretches),
            "wi" if stretches else "sop",
            f"runs of {MIN_STRETCH}+ click-level steps by one role in one system",
        ),
    ]
    flow_signals = [s.name for s in signals[:3] if s.points_to == "sop"]
    if flow_signals and stretches:
        kind: Verdict = "split"
        reason = (
            f"process flow ({', '.join(flow_signals)}) and technical steps "
            f"({len(stretches)} stretch(es)): split into an SOP and work instruction(s)"
        )
    elif flow_signals:
        kind = "sop"
        reason = f"process flow: {', '.join(flow_signals)}"
    else:
        kind = "wi"
        reason = "linear, one role, no decisions: a work instruction"
    return Classification(kind, tuple(signals), reason, tuple(stretches))
