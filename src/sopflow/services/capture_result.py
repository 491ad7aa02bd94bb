"""A capture job's result as plain data: the drafts, their elements with provenance, the
transcript with its segment times, and the reviewer's edits checked against the model.

What the job writes once (`result.json`) and what the reviewer changes (`review.json`) are
kept apart, so the original draft is never lost and the page can show both.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from sopflow.capture.transcript import Transcript
from sopflow.errors import InvalidInputError
from sopflow.model import KIND_TYPES, AnyDocument, Document, Sop, WorkInstruction
from sopflow.model.base import REVIEW_BELOW, Provenance
from sopflow.model.flow import AnyNode, Decision, Handoff, Parallel, Step
from sopflow.model.problems import dotted
from sopflow.model.rules import check_document

_ADAPTER: TypeAdapter[AnyDocument] = TypeAdapter(Document)


def transcript_data(transcript: Transcript | None) -> dict[str, Any] | None:
    """The cleaned, redacted text the drafts' spans point into, and where each utterance of
    the recording sits in it, with its time."""
    if transcript is None:
        return None
    origin = transcript.mapped.origin
    segments = []
    for segment in transcript.segments:
        start = bisect.bisect_left(origin, segment.start)
        end = bisect.bisect_left(origin, segment.end)
        if end <= start:
            continue
        said = segment.utterance
        time = None
        if said.start is not None:
            time = [said.start, said.end if said.end is not None else said.start]
        segments.append({"start": start, "end": end, "time": time, "speaker": said.speaker})
    return {"text": transcript.text, "segments": segments}


def _provenance(provenance: Provenance | None) -> dict[str, Any]:
    found = provenance or Provenance()
    return {
        "span": list(found.span) if found.span else None,
        "time": list(found.time) if found.time else None,
        "quote": found.quote,
        "confidence": found.confidence,
        "supported": found.supported,
        "screenshot": found.screenshot,
    }


@dataclass(frozen=True)
class _Said:
    type: str
    text: str
    role: str | None = None


def _node_text(node: AnyNode, sop: Sop) -> _Said:
    def name(role_id: str | None) -> str | None:
        role = sop.role(role_id) if role_id else None
        return role.name if role else role_id

    if isinstance(node, Step):
        return _Said("step", node.instruction, node.role)
    if isinstance(node, Decision):
        return _Said("decision", node.question, node.role)
    if isinstance(node, Handoff):
        what = f": {', '.join(node.transfers)}" if node.transfers else ""
        return _Said("handoff", f"{name(node.from_role)} hands over to {name(node.to_role)}{what}")
    if isinstance(node, Parallel):
        return _Said("parallel", f"In parallel, then on to '{node.join}'", node.role)
    return _Said("outcome", node.name)


def elements(document: AnyDocument, shots: Mapping[str, str]) -> list[dict[str, Any]]:
    """The reviewable elements of a draft in order: an SOP's nodes (by id), a WI's steps
    (step-1, step-2, ...), each with its provenance and the flags a reviewer needs.

    `shots` maps a screenshot's path in the document to its name in the job.
    """
    found: list[dict[str, Any]] = []
    if isinstance(document, Sop):
        roles = {role.id: role.name for role in document.roles}
        for node in document.flow.nodes:
            said = _node_text(node, document)
            item = _element(node.id, said, node.provenance, shots)
            item["role_name"] = roles.get(said.role or "", said.role)
            if isinstance(node, Decision):
                item["options"] = [{"label": o.label, "next": o.next} for o in node.options]
            if isinstance(node, Parallel):
                item["options"] = [
                    {"label": branch.label or f"Branch {number}", "next": branch.next}
                    for number, branch in enumerate(node.branches, 1)
                ]
            if isinstance(node, Step):
                item["reference"] = node.reference
            found.append(item)
    elif isinstance(document, WorkInstruction):
        for number, step in enumerate(document.steps, start=1):
            said = _Said("wi-step", step.action, None)
            item = _element(f"step-{number}", said, step.provenance, shots)
            item["role_name"] = document.role
            found.append(item)
    return found


def _element(
    key: str, said: _Said, provenance: Provenance | None, shots: Mapping[str, str]
) -> dict[str, Any]:
    data = _provenance(provenance)
    confidence = data["confidence"]
    return {
        "key": key,
        "type": said.type,
        "text": said.text,
        "role": said.role,
        "provenance": data,
        "screenshot": shots.get(data["screenshot"] or ""),
        "low_confidence": confidence is not None and confidence < REVIEW_BELOW,
        "supported": bool(data["supported"]),
    }


def element_keys(document: AnyDocument) -> list[str]:
    """The keys `elements` gives the document's elements."""
    return [item["key"] for item in elements(document, {})]


def spans_of(documents: Iterable[AnyDocument]) -> list[tuple[int, int]]:
    """Every transcript span the documents' elements point at."""
    found: list[tuple[int, int]] = []
    for document in documents:
        for item in elements(document, {}):
            span = item["provenance"]["span"]
            if span:
                found.append((int(span[0]), int(span[1])))
    return found


def transcript_pieces(
    transcript: Mapping[str, Any], spans: Sequence[tuple[int, int]]
) -> list[dict[str, Any]]:
    """The transcript cut for display: one entry per utterance (its time, speaker and the
    text between them) whose text is cut wherever an element's span starts or ends, so a
    page can mark any element's words without parsing anything."""
    text: str = transcript["text"]
    cuts = sorted({0, len(text), *(p for span in spans for p in span if 0 <= p <= len(text))})
    segments = transcript["segments"] or [{"start": 0, "end": len(text), "time": None}]
    shown: list[dict[str, Any]] = []
    previous = 0
    for segment in segments:
        start, end = int(segment["start"]), int(segment["end"])
        start = max(start, previous)
        if end <= start:
            continue
        bounds = [start, *(c for c in cuts if start < c < end), end]
        pieces = [{"start": a, "end": b, "text": text[a:b]} for a, b in itertools.pairwise(bounds)]
        shown.append(
            {
                "start": start,
                "end": end,
                "time": segment.get("time"),
                "speaker": segment.get("speaker"),
                "pieces": pieces,
            }
        )
        previous = end
    return shown


def parse_draft(data: Any, original: AnyDocument, *, field: str = "document") -> AnyDocument:
    """A reviewer's edited draft from JSON, checked like a saved document: the schema, the
    rules (every `next` leads somewhere, roles exist), and the same kind and code as the
    original, since the library gives the code when the draft is saved."""
    if not isinstance(data, dict):
        raise InvalidInputError(f"{field}: a draft is a JSON object", field=field)
    body = {key: value for key, value in data.items() if key != "sopflow"}
    try:
        document = _ADAPTER.validate_python(body)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        if loc and loc[0] in KIND_TYPES:  # the union's tag, not a field of the document
            loc = loc[1:]
        where = f"{field}.{dotted(loc)}"
        raise InvalidInputError(f"{where}: {first['msg']}", field=where) from None
    if document.kind != original.kind:
        raise InvalidInputError(
            f"{field}.kind: the draft is a {original.kind}; it stays one", field=f"{field}.kind"
        )
    if document.code != original.code:
        raise InvalidInputError(
            f"{field}.code: keep {original.code}; the library gives the code when you save",
            field=f"{field}.code",
        )
    for problem in check_document(document):
        if problem.severity == "error":
            where = f"{field}.{dotted(problem.path)}"
            raise InvalidInputError(f"{where}: {problem.message}", field=where)
    return document


def with_accepted(document: AnyDocument, accepted: Iterable[str]) -> AnyDocument:
    """The draft with the elements a reviewer accepted marked as supported: a person has
    confirmed them against the recording."""
    keys = set(accepted)
    known = set(element_keys(document))
    unknown = sorted(keys - known)
    if unknown:
        raise InvalidInputError(
            f"accepted: {', '.join(unknown)} is not an element of the draft", field="accepted"
        )

    def confirmed(provenance: Provenance | None) -> Provenance:
        return (provenance or Provenance()).model_copy(update={"supported": True})

    if isinstance(document, Sop):
        nodes = tuple(
            node.model_copy(update={"provenance": confirmed(node.provenance)})
            if node.id in keys
            else node
            for node in document.flow.nodes
        )
        return document.model_copy(
            update={"flow": document.flow.model_copy(update={"nodes": nodes})}
        )
    if isinstance(document, WorkInstruction):
        steps = tuple(
            step.model_copy(update={"provenance": confirmed(step.provenance)})
            if f"step-{number}" in keys
            else step
            for number, step in enumerate(document.steps, start=1)
        )
        return document.model_copy(update={"steps": steps})
    return document
