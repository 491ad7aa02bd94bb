"""The capture pipeline as stages: read, clean and redact, structure, build the drafts.

`draft` returns the SOP drafted from what was said and the work instruction recorded by the
screen events, each still under a placeholder code; the quick test, the split and the code
allocation come after (they work on documents, whatever captured them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sopflow.capture.builder import BuildOptions, build_sop
from sopflow.capture.clean.placeholders import keep_placeholders_whole
from sopflow.capture.clean.redaction import RedactionKind
from sopflow.capture.screen import wi_steps
from sopflow.capture.timeline import Walkthrough
from sopflow.capture.transcript import Transcript, build_transcript
from sopflow.errors import SopflowError
from sopflow.model import Sop, WiStep, WorkInstruction

if TYPE_CHECKING:
    from spacy.language import Language

DRAFT_SOP_CODE = "SOP-DRAFT-000"
DRAFT_WI_CODE = "WI-DRAFT-000"
"""Placeholder codes until the drafts are given free codes in the output folder."""

SopMaker = Callable[[Transcript, BuildOptions], Sop]
"""A structurer: from a cleaned transcript to a draft SOP (rule-based or by an LLM)."""


@dataclass(frozen=True)
class RedactionRecord:
    """What was redacted and where: kind, the input, span in the cleaned text or time."""

    kind: RedactionKind
    source: str | None
    span: tuple[int, int] | None = None
    time: tuple[float, float] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source,
            "span": list(self.span) if self.span else None,
            "time": list(self.time) if self.time else None,
        }


@dataclass(frozen=True)
class Captured:
    """The drafts of one walkthrough, before classification."""

    title: str
    sop: Sop | None
    """Drafted from what was said or written; None when there is no text."""
    screen: WorkInstruction | None
    """Recorded click by click by an event log; None when there is none."""
    transcript: Transcript | None
    redactions: tuple[RedactionRecord, ...]
    event_window: tuple[float, float] | None = None
    """First and last screen event times, to place the WI in the SOP's timeline."""


def rule_based(nlp: Language) -> SopMaker:
    """The default structurer: spaCy rules, then the document builder; nlp is taught to
    read each redaction placeholder as one word, so no step cuts one."""
    from sopflow.capture.structure.pipeline import structure

    keep_placeholders_whole(nlp)

    def make(transcript: Transcript, options: BuildOptions) -> Sop:
        return build_sop(structure(transcript.text, nlp), transcript, options)

    return make


def title_for(walkthrough: Walkthrough, given: str | None) -> str:
    """The draft's title: given, else the input's own, else from the first file's name."""
    if given and given.strip():
        return given.strip()
    if walkthrough.title:
        return walkthrough.title
    stem = Path(walkthrough.sources[0]).stem if walkthrough.sources else "walkthrough"
    words = re.sub(r"[_\-.]+", " ", stem).strip() or "Captured procedure"
    return words[:1].upper() + words[1:]


def _text_sources(walkthrough: Walkthrough) -> str | None:
    return next(
        (s for s in walkthrough.sources if not s.lower().endswith(".json")),
        walkthrough.sources[0] if walkthrough.sources else None,
    )


def draft(
    walkthrough: Walkthrough,
    make_sop: SopMaker | None,
    *,
    title: str | None = None,
    redact_secrets: bool = True,
    documents: tuple[tuple[str, str], ...] = (),
    names: Language | None = None,
) -> Captured:
    """Clean, redact and structure a walkthrough into an SOP draft and/or a screen WI; with
    `names`, a named-entity recogniser, people's names are redacted too."""
    name = title_for(walkthrough, title)
    redactions: list[RedactionRecord] = []
    sop: Sop | None = None
    transcript: Transcript | None = None
    text_source = _text_sources(walkthrough)
    if walkthrough.utterances:
        transcript = build_transcript(walkthrough, redact_secrets=redact_secrets, names=names)
        if not any(char.isalnum() for char in transcript.text):
            raise SopflowError(f"{text_source}: nothing left to structure once cleaned")
        redactions.extend(_transcript_records(transcript, text_source))
        if make_sop is None:
            raise SopflowError("no structurer available for the transcript")
        options = BuildOptions(
            code=DRAFT_SOP_CODE,
            title=name,
            source=text_source,
            narrator=walkthrough.role,
            documents=documents,
        )
        sop = make_sop(transcript, options)
    screen: WorkInstruction | None = None
    window: tuple[float, float] | None = None
    if walkthrough.events:
        event_source = next((s for s in walkthrough.sources if s.lower().endswith(".json")), None)
        steps, screen_redactions = wi_steps(
            walkthrough.events, event_source, redact_secrets=redact_secrets
        )
        if transcript is not None:
            steps = tuple(_with_narration(step, transcript) for step in steps)
        redactions.extend(
            RedactionRecord(r.kind, event_source, None, (r.time, r.time)) for r in screen_redactions
        )
        window = (walkthrough.events[0].time, walkthrough.events[-1].time)
        screen = WorkInstruction(
            code=DRAFT_WI_CODE,
            title=name if sop is None else f"{name}: steps in {walkthrough.system or 'the system'}",
            role=walkthrough.role,
            system=walkthrough.system,
            steps=steps,
        )
    return Captured(name, sop, screen, transcript, tuple(redactions), window)


def _transcript_records(transcript: Transcript, source: str | None) -> list[RedactionRecord]:
    """The transcript's redactions, and one for each speaker whose name it hides (at the
    time of their first turn, when timed)."""
    records = [
        RedactionRecord(r.kind, source, r.span, transcript.time_of(r.span))
        for r in transcript.redactions
    ]
    for segment in transcript.hidden_speakers:
        said = segment.utterance
        time = None if said.start is None else (said.start, said.end or said.start)
        records.append(RedactionRecord("person", source, None, time))
    return records


def _with_narration(step: WiStep, transcript: Transcript) -> WiStep:
    """What was said while the action happened, as the step's detail for novices."""
    if step.provenance is None or step.provenance.time is None:
        return step
    said = transcript.said_between(*step.provenance.time)
    if not said:
        return step
    detail = f"{step.detail} {said}" if step.detail else said
    return step.model_copy(update={"detail": detail})
