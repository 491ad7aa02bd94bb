"""From captured drafts to the documents to write: quick test, split, links and codes.

Works on documents only, so it serves any capture (rules, an LLM, a later media pipeline).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sopflow.analysis.quicktest import Classification, Signal, classify
from sopflow.analysis.split import as_work_instruction, link_instruction, split
from sopflow.errors import SopflowError
from sopflow.model import AnyDocument, Kind, Sop, WorkInstruction

KindChoice = Literal["auto", "sop", "wi"]
NextCode = Callable[[Kind], str]
"""Gives the next free code of a kind each time it is called."""


@dataclass(frozen=True)
class Drafts:
    """The documents to write, main one first, and the quick test behind them."""

    documents: tuple[AnyDocument, ...]
    classification: Classification


def _with_code(document: AnyDocument, code: str) -> AnyDocument:
    return document.model_copy(update={"code": code})


def finish(
    sop: Sop | None,
    screen: WorkInstruction | None,
    *,
    kind: KindChoice,
    next_code: NextCode,
    window: tuple[float, float] | None = None,
) -> Drafts:
    """Classify the drafts and shape them into SOP, WI, or SOP plus the WIs it references."""
    if sop is None and screen is None:
        raise SopflowError("nothing captured: the inputs hold neither text nor screen events")
    if sop is None:
        assert screen is not None
        if kind == "sop":
            raise SopflowError(
                "an event log alone records one role's clicks, a work instruction; "
                "add a transcript of the process for an SOP, or use --kind wi"
            )
        return Drafts((_with_code(screen, next_code("wi")),), classify(screen))
    verdict = classify(sop)
    if screen is not None:
        verdict = _with_screen(verdict, screen)
    chosen = verdict.kind if kind == "auto" else kind
    if chosen == "wi":
        if screen is not None:
            return Drafts((_with_code(screen, next_code("wi")),), verdict)
        return Drafts((as_work_instruction(sop, next_code("wi")),), verdict)
    sop = sop.model_copy(update={"code": next_code("sop")})
    instructions: list[WorkInstruction] = []
    if screen is not None:
        recorded = screen.model_copy(update={"code": next_code("wi")})
        sop = link_instruction(sop, recorded, window)
        instructions.append(recorded)
    elif chosen == "split":
        result = split(sop, lambda: next_code("wi"), verdict.stretches)
        sop = result.sop
        instructions.extend(result.instructions)
    return Drafts((sop, *instructions), verdict)


def _with_screen(verdict: Classification, screen: WorkInstruction) -> Classification:
    """Recorded screen events are a technical task of their own: a flow with them is a split."""
    signal = Signal(
        "screen events", len(screen.steps), "wi", "recorded click-level actions in one system"
    )
    if verdict.kind == "sop":
        return Classification(
            "split",
            (*verdict.signals, signal),
            f"{verdict.reason}, and recorded screen steps: an SOP referencing their WI",
        )
    return Classification(verdict.kind, (*verdict.signals, signal), verdict.reason)
