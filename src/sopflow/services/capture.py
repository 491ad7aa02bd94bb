"""Capturing a walkthrough: read its inputs, structure them into drafts (quick test, split,
codes), take the screenshots from the video, and save the drafts to the library.

`sopflow capture` and the web app's capture jobs both run these stages, in this order:
`read_inputs`, `structure_walkthrough`, `add_screenshots`, then either write files (the
command line) or `save_captured`. They are separate functions so that each face can show
progress between them. None of them needs the library except the save, so capturing into
files never creates one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sopflow.analysis.drafting import Drafts, KindChoice, NextCode, finish
from sopflow.analysis.quicktest import Classification, classify
from sopflow.analysis.split import SplitResult, split
from sopflow.capture.draft import Captured, SopMaker, draft, rule_based
from sopflow.capture.limits import check_lines, check_words
from sopflow.capture.media.attach import attach_screenshots
from sopflow.capture.media.reader import options_from, read_recording
from sopflow.capture.progress import Progress, ProgressReport, no_progress
from sopflow.capture.readers import choose_reader, merge
from sopflow.capture.readers.events import EVENT_LOG
from sopflow.capture.readers.media import MEDIA
from sopflow.capture.timeline import Walkthrough
from sopflow.errors import SopflowError
from sopflow.formats.yaml_fast import quick_parse
from sopflow.formats.yaml_source import parse_document
from sopflow.formats.yaml_write import dump_document
from sopflow.library.audit import NewEntry, append_entries
from sopflow.library.documents import list_documents
from sopflow.library.drafts import save_drafts
from sopflow.library.store import Library
from sopflow.model import AnyDocument, Sop, WorkInstruction, parse_code
from sopflow.model.codes import KIND_PREFIX
from sopflow.model.revisions import RevisionInfo
from sopflow.services.access import Actor, Permission, require
from sopflow.services.revisions import revision_entry
from sopflow.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

SAVED_SUMMARY = "Captured from a walkthrough"
"""The change summary of a captured draft's first revision."""


@dataclass(frozen=True)
class CaptureOptions:
    """How to draft a walkthrough: which kind, under what title, redacted or not."""

    kind: KindChoice = "auto"
    title: str | None = None
    redact: bool = True
    keep_names: bool = False
    """Keep people's names (redaction of secrets and numbers still applies)."""
    use_llm: bool = False
    """Structure with the configured LLM endpoint, with the rules as fallback."""
    documents: tuple[tuple[str, str], ...] = ()
    """(code, title) of the library's documents, so a step that follows one refers to it."""


@dataclass(frozen=True)
class Structured:
    """A walkthrough's drafts after the quick test, and what capture found on the way."""

    drafts: Drafts
    captured: Captured


@cache
def pipeline(name: str) -> Language:
    """The spaCy pipeline, loaded once per process (loading takes a second or two)."""
    from sopflow.capture.structure.pipeline import load_pipeline

    return load_pipeline(name)


@cache
def name_recogniser(name: str) -> Language:
    """The pipeline's named-entity recogniser alone, loaded once per process, to find the
    people's names redaction hides (the structuring pipeline leaves it out)."""
    from sopflow.capture.clean.names import load_name_recogniser

    return load_name_recogniser(name)


def structurer(settings: Settings, *, use_llm: bool, warn: Callable[[str], None]) -> SopMaker:
    """The rule-based structurer, or the LLM one with the rules as its fallback."""
    rules = rule_based(pipeline(settings.spacy_model))
    if not use_llm:
        return rules
    from sopflow.capture.llm import LlmConfig, llm_structurer

    return llm_structurer(LlmConfig.from_settings(settings), fallback=rules, warn=warn)


def read_inputs(
    *,
    actor: Actor | None,
    inputs: Sequence[Path],
    settings: Settings,
    events_offset: float = 0.0,
    report: ProgressReport = no_progress,
) -> Walkthrough:
    """Every input of one walkthrough read (recordings transcribed) and merged on one
    timeline; `events_offset` is where the event log's time 0 falls in the recording."""
    require(actor, Permission.CAPTURE)
    if not inputs:
        raise SopflowError("no input given")
    parts: list[Walkthrough] = []
    for path in inputs:
        reader = choose_reader(path)
        if reader is MEDIA:
            parts.append(read_recording(path, options_from(settings), report))
            continue
        if reader is not EVENT_LOG:  # an event log is JSON, often on one line
            check_lines(path, settings.capture_max_line)
        parts.append(reader.read(path))
    walkthrough = merge(parts, events_offset=events_offset)
    check_words(walkthrough, settings.capture_max_words)
    return walkthrough


def _quiet(_: str) -> None:
    """A phase or warning callback for callers that show none."""


def structure_walkthrough(
    *,
    actor: Actor | None,
    walkthrough: Walkthrough,
    options: CaptureOptions,
    next_code: NextCode,
    settings: Settings,
    report: ProgressReport = no_progress,
    phase: Callable[[str], None] = _quiet,
    warn: Callable[[str], None] = _quiet,
) -> Structured:
    """Clean, redact and structure the walkthrough, run the quick test and shape the drafts
    (SOP, WI, or SOP plus its WIs) under codes from `next_code`.

    `phase` hears "structure" before the structuring and "quick test" before the drafts
    are shaped, for a face that narrates long inputs.
    """
    require(actor, Permission.CAPTURE)
    maker = (
        structurer(settings, use_llm=options.use_llm, warn=warn) if walkthrough.utterances else None
    )
    hide_names = options.redact and not options.keep_names and bool(walkthrough.utterances)
    names = name_recogniser(settings.spacy_model) if hide_names else None
    report(Progress("structure", 0, 1, unit="drafts"))
    phase("structure")
    captured = draft(
        walkthrough,
        maker,
        title=options.title,
        redact_secrets=options.redact,
        names=names,
        documents=options.documents,
    )
    phase("quick test")
    drafts = finish(
        captured.sop,
        captured.screen,
        kind=options.kind,
        next_code=next_code,
        window=captured.event_window,
    )
    report(Progress("structure", 1, 1, unit="drafts"))
    return Structured(drafts, captured)


NAME_LENGTH = 60
"""How long the title words in a draft's file name may be, in characters."""


def file_name(document: AnyDocument) -> str:
    """CODE-title-words.yaml, as in the example library: accents dropped ("Ünïcode" gives
    "unicode"), a long title cut at a word."""
    plain = unicodedata.normalize("NFKD", document.title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.casefold())
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > NAME_LENGTH:
            break
        kept.append(word)
    name = "-".join(kept) or "-".join(words)[:NAME_LENGTH]
    return f"{document.code}-{name}.yaml" if name else f"{document.code}.yaml"


def add_screenshots(
    *,
    actor: Actor | None,
    drafts: Drafts,
    walkthrough: Walkthrough,
    report: ProgressReport = no_progress,
) -> tuple[Drafts, dict[str, bytes]]:
    """Drafts whose timed steps show a screenshot from the video, and the PNGs by the paths
    the drafts refer to ("SOP-GEN-001-title.media/step.png"); nothing without a video."""
    require(actor, Permission.CAPTURE)
    if walkthrough.media is None:
        return drafts, {}
    documents: list[AnyDocument] = []
    files: dict[str, bytes] = {}
    for document in drafts.documents:
        if not isinstance(document, Sop | WorkInstruction):
            documents.append(document)
            continue
        folder = f"{Path(file_name(document)).stem}.media"
        shown, shots = attach_screenshots(
            document, walkthrough.media, walkthrough.events, folder=folder, report=report
        )
        documents.append(shown)
        files.update(shots)
    return Drafts(tuple(documents), drafts.classification), files


def checked_yaml(document: AnyDocument, where: str = "draft") -> str:
    """The document's YAML source, checked by reading it back as `validate` would.

    A draft that fails is a builder bug, not the user's mistake, so it keeps its traceback.
    """
    text = dump_document(document)
    if quick_parse(text) == document:
        return text  # the C parser reads it back whole; only a failure needs positions
    loaded = parse_document(text, where)
    errors = [problem for problem in loaded.problems if problem.severity == "error"]
    if errors:
        raise RuntimeError("draft failed validation:\n" + "\n".join(map(str, errors)))
    return text


def save_captured(
    *,
    library: Library,
    actor: Actor | None,
    documents: Sequence[AnyDocument],
    files: Mapping[str, bytes],
    summary: str = SAVED_SUMMARY,
) -> list[RevisionInfo]:
    """Store captured drafts with their screenshots as draft revisions under codes from the
    library's counter, all or none; their first revisions, in the order given."""
    signed = require(actor, Permission.CAPTURE)
    for document in documents:
        checked_yaml(document)
    with library.transaction() as connection:
        saved = save_drafts(
            connection, drafts=documents, author=signed.name, summary=summary, files=files
        )
        append_entries(
            connection, [NewEntry(**revision_entry("capture.saved", signed, i)) for i in saved]
        )
        return saved


def classify_document(*, actor: Actor | None, document: AnyDocument) -> Classification:
    """The quick test on a document: SOP, work instruction or split, and the signals why."""
    require(actor, Permission.READ)
    return classify(document)


def split_document(
    *, actor: Actor | None, document: AnyDocument, next_code: Callable[[], str], name: str
) -> SplitResult:
    """Move an SOP's technical stretches into new work instructions it references; `name`
    is how messages call the document (its file or code)."""
    require(actor, Permission.CAPTURE)
    if not isinstance(document, Sop):
        raise SopflowError(f"{name}: a {document.kind} cannot be split; only an SOP can")
    result = split(document, next_code)
    if not result.instructions:
        raise SopflowError(
            f"{name}: no technical stretch to split (3 or more click-level steps by one role)"
        )
    return result


def library_documents(*, library: Library, actor: Actor | None) -> tuple[tuple[str, str], ...]:
    """(code, title) of every document the library holds, for capture's references."""
    require(actor, Permission.READ_DRAFTS)
    with library.reading() as connection:
        return tuple((item.code, item.title) for item in list_documents(connection))


def library_codes(*, library: Library, actor: Actor | None) -> set[tuple[str, str, int]]:
    """(prefix, area, number) of every code the library holds, so new codes avoid them."""
    require(actor, Permission.READ_DRAFTS)
    with library.reading() as connection:
        codes = [parse_code(item.code) for item in list_documents(connection)]
    return {(KIND_PREFIX[code.kind], code.area, code.number) for code in codes}
