"""`sopflow capture`, `classify` and `split`: walkthroughs become drafts; drafts get the quick test.

The commands only parse options, call the capture and analysis layers and present results.
All output files are rendered and checked before the first one is written, and removed again
if writing fails half way, so an error never leaves half a set of drafts behind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from sopflow.analysis.drafting import Drafts
from sopflow.analysis.quicktest import Classification
from sopflow.capture.draft import Captured
from sopflow.capture.media.attach import write_files
from sopflow.capture.media.decode import is_recording
from sopflow.capture.progress import no_progress
from sopflow.cli.console import err, out, print_json
from sopflow.cli.following import existing_library, library_spec
from sopflow.cli.library import open_from_settings
from sopflow.cli.library_documents import stored_revision
from sopflow.cli.progress import show_progress, stop_cleanly
from sopflow.errors import SopflowError
from sopflow.formats.allocation import CodeAllocator
from sopflow.formats.files import write_atomically
from sopflow.formats.yaml_source import SourceError, load_document
from sopflow.formats.yaml_write import document_data, dump_document
from sopflow.model import AnyDocument, Sop, WorkInstruction, step_count
from sopflow.services.access import Actor
from sopflow.services.capture import (
    CaptureOptions,
    add_screenshots,
    checked_yaml,
    classify_document,
    file_name,
    library_codes,
    library_documents,
    read_inputs,
    save_captured,
    split_document,
    structure_walkthrough,
)
from sopflow.settings import Settings, load_settings

LONG_INPUT_WORDS = 2000
"""Above this many words capture reports its progress on stderr."""


class KindChoice(StrEnum):
    """What `--kind` accepts."""

    auto = "auto"
    sop = "sop"
    wi = "wi"


OutOption = Annotated[
    Path, typer.Option("--out", "-o", help="Folder the YAML drafts are written to.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
AreaOption = Annotated[
    str,
    typer.Option(
        "--area",
        help="Area part of new codes (SOP-AREA-NNN); numbers continue after those in --out.",
    ),
]


def render(documents: Sequence[AnyDocument], folder: Path) -> list[tuple[Path, str]]:
    """Each document's file and YAML text, checked by reading it back as `validate` would."""
    rendered: list[tuple[Path, str]] = []
    for document in documents:
        path = folder / file_name(document)
        rendered.append((path, checked_yaml(document, str(path))))
    return rendered


def write_all(rendered: Sequence[tuple[Path, str]], *, overwrite: bool = False) -> None:
    """Write every file, or none: files written before a failure are removed again."""
    for path, _ in rendered:
        if path.exists() and not overwrite:
            raise SopflowError(f"{path}: already exists; choose another --out folder or --area")
    written: list[Path] = []
    try:
        for path, text in rendered:
            write_atomically(path, text)
            written.append(path)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise SopflowError(
            f"{error.filename or 'output'}: cannot write: {error.strerror}"
        ) from error


def _allocator(folder: Path, area: str) -> CodeAllocator:
    if folder.exists() and not folder.is_dir():
        raise SopflowError(f"--out: {folder} is a file, not a folder")
    try:
        return CodeAllocator(folder, area.upper())
    except ValueError as error:
        raise SopflowError(f"--area: {error}") from error


def _roles(document: AnyDocument) -> list[str]:
    if isinstance(document, Sop):
        return [role.name for role in document.roles]
    if isinstance(document, WorkInstruction):
        return [name for name in (document.role,) if name]
    return []


def _counts(document: AnyDocument) -> dict[str, Any]:
    sop = document if isinstance(document, Sop) else None
    return {
        "code": document.code,
        "kind": document.kind,
        "title": document.title,
        "steps": step_count(document),
        "decisions": sum(1 for _ in sop.flow.decisions()) if sop else 0,
        "handoffs": sum(1 for _ in sop.flow.handoffs()) if sop else 0,
        "roles": _roles(document),
        "unsupported": _unsupported(document),
    }


def _unsupported(document: AnyDocument) -> int:
    """How many elements capture added without support in the input (to be confirmed)."""
    found = 0

    def walk(value: Any) -> None:
        nonlocal found
        if isinstance(value, dict):
            provenance = value.get("provenance")
            if isinstance(provenance, dict) and provenance.get("supported") is False:
                found += 1
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document_data(document))
    return found


def _print_summary(drafts: Drafts, captured: Captured, paths: Sequence[Path]) -> None:
    verdict = drafts.classification
    out.print(f"quick test: {verdict.kind} ({verdict.reason})", markup=False)
    for signal in verdict.signals:
        out.print(
            f"  {signal.name}: {signal.value} -> {signal.points_to} ({signal.detail})",
            markup=False,
        )
    for document, path in zip(drafts.documents, paths, strict=True):
        counts = _counts(document)
        roles = ", ".join(counts["roles"]) or "-"
        out.print(
            f"{path}: {counts['code']} ({counts['kind']}) {counts['title']!r}: "
            f"{counts['steps']} steps, {counts['decisions']} decisions, "
            f"{counts['handoffs']} handoffs, roles: {roles}; "
            f"{counts['unsupported']} element(s) to confirm",
            markup=False,
        )
    kinds: dict[str, int] = {}
    for record in captured.redactions:
        kinds[record.kind] = kinds.get(record.kind, 0) + 1
    listed = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    out.print(f"redactions: {listed or 'none'}", markup=False)


def _silent(_: str) -> None:
    """Say nothing between the stages (short inputs, recordings with their progress bar)."""


def _narrate(words: int) -> Callable[[str], None]:
    """One line on stderr as each stage of a long text input begins."""

    def say(phase: str) -> None:
        if phase == "structure":
            err.print(f"capture: cleaning and structuring {words} words...", markup=False)
        else:
            err.print("capture: quick test and writing the drafts...", markup=False)

    return say


def capture(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Recordings (.mp4, .mov, .mkv, .webm, .mp3, .m4a, .wav, .ogg, .opus), "
            "transcripts (.txt, .md, .vtt, .srt) and event logs (.json) of one walkthrough."
        ),
    ],
    *,
    out_dir: OutOption = Path("."),
    as_json: JsonOption = False,
    kind: Annotated[
        KindChoice, typer.Option("--kind", help="Document kind; auto runs the quick test.")
    ] = KindChoice.auto,
    title: Annotated[str | None, typer.Option("--title", help="Title of the draft.")] = None,
    area: AreaOption = "GEN",
    no_redact: Annotated[
        bool,
        typer.Option("--no-redact", help="Keep e-mails, numbers, secrets and names as they are."),
    ] = False,
    keep_names: Annotated[
        bool,
        typer.Option(
            "--keep-names",
            help="Keep people's names (still redacting secrets); SOPFLOW_KEEP_NAMES=yes "
            "makes it the default.",
        ),
    ] = False,
    use_llm: Annotated[
        bool,
        typer.Option(
            "--llm", help="Structure with the configured LLM endpoint (rules as fallback)."
        ),
    ] = False,
    events_offset: Annotated[
        float,
        typer.Option(
            "--events-offset",
            help="Seconds into the recording at which the event log's time 0 falls "
            "(negative when the log started before the recording).",
        ),
    ] = 0.0,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Store the drafts in the library as draft revisions, under codes from the "
            "library's counter, and print the codes (no files are written).",
        ),
    ] = False,
) -> None:
    """Draft an SOP and/or work instructions from a walkthrough's recordings, transcripts and
    event logs. A recording is transcribed offline; a video gives every step a screenshot."""
    allocate = _allocator(out_dir, area)
    settings = load_settings()
    options = CaptureOptions(
        kind=kind.value,
        title=title,
        redact=not no_redact,
        keep_names=keep_names or settings.keep_names,
        use_llm=use_llm,
        documents=_known_documents() if save else (),
    )
    with stop_cleanly():
        drafts, screenshots, captured = _drafted(
            inputs, options, settings=settings, events_offset=events_offset, allocate=allocate
        )
        if save:
            _save(drafts, screenshots, as_json)
            return
        rendered = render(drafts.documents, out_dir)
        _write_with_screenshots(out_dir, rendered, screenshots)
    if as_json:
        print_json(
            {
                "documents": [document_data(document) for document in drafts.documents],
                "files": [str(path) for path, _ in rendered],
                "screenshots": [str(out_dir / name) for name in screenshots],
                "classification": drafts.classification.as_json(),
                "redactions": [record.as_json() for record in captured.redactions],
            }
        )
    else:
        _print_summary(drafts, captured, [path for path, _ in rendered])


def _drafted(
    inputs: Sequence[Path],
    options: CaptureOptions,
    *,
    settings: Settings,
    events_offset: float,
    allocate: CodeAllocator,
) -> tuple[Drafts, dict[str, bytes], Captured]:
    """Read, structure and illustrate the walkthrough, with progress shown for recordings
    and narrated phases for long texts."""
    actor = Actor.local()
    recording = any(is_recording(path) for path in inputs)
    shown = show_progress() if recording else nullcontext(no_progress)
    with shown as report:
        walkthrough = read_inputs(
            actor=actor,
            inputs=inputs,
            settings=settings,
            events_offset=events_offset,
            report=report,
        )
        words = sum(len(u.text.split()) for u in walkthrough.utterances)
        structured = structure_walkthrough(
            actor=actor,
            walkthrough=walkthrough,
            options=options,
            next_code=allocate,
            settings=settings,
            report=report,
            phase=_narrate(words) if words > LONG_INPUT_WORDS and not recording else _silent,
            warn=lambda text: err.print(text, markup=False),
        )
        drafts, screenshots = add_screenshots(
            actor=actor, drafts=structured.drafts, walkthrough=walkthrough, report=report
        )
    return drafts, screenshots, structured.captured


def _known_documents() -> tuple[tuple[str, str], ...]:
    """The library's documents, for the references of a draft that will be saved there."""
    with open_from_settings(create=True) as library:
        return library_documents(library=library, actor=Actor.local())


def _save(drafts: Drafts, screenshots: dict[str, bytes], as_json: bool) -> None:
    """Store the drafts with their screenshots in the library and print the codes it gave."""
    with open_from_settings(create=True) as library:
        saved = save_captured(
            library=library, actor=Actor.local(), documents=drafts.documents, files=screenshots
        )
    if as_json:
        print_json(
            {
                "saved": [
                    {"code": info.code, "kind": info.kind, "revision": info.number}
                    for info in saved
                ],
                "classification": drafts.classification.as_json(),
            }
        )
        return
    for info, document in zip(saved, drafts.documents, strict=True):
        typer.echo(f"{info.code}\t{info.kind}\tdraft revision {info.number}\t{document.title}")


def _write_with_screenshots(
    folder: Path, rendered: Sequence[tuple[Path, str]], screenshots: dict[str, bytes]
) -> None:
    """Screenshots first, then the documents that refer to them; all or nothing."""
    for name in screenshots:
        if (folder / name).exists():
            raise SopflowError(f"{folder / name}: already exists; choose another --out folder")
    write_files(folder, screenshots)
    try:
        write_all(rendered)
    except BaseException:
        # write_all refused existing files, so every document here is one this run wrote.
        for path in [*(folder / name for name in screenshots), *(p for p, _ in rendered)]:
            path.unlink(missing_ok=True)
        raise


def _load(path: Path) -> AnyDocument:
    """A document from a YAML file or, when no such file exists, CODE / CODE@REV from the
    library."""
    spec = None if path.exists() else library_spec(str(path))
    if spec is not None:
        return stored_revision(*spec).document
    try:
        return load_document(path)
    except SourceError as error:
        raise SopflowError(str(error)) from error


def _library_codes() -> set[tuple[str, str, int]]:
    """(prefix, area, number) of every code the library holds, so new codes avoid them."""
    with existing_library() as library:
        if library is None:
            return set()
        return library_codes(library=library, actor=Actor.local())


def _print_classification(path: Path, verdict: Classification) -> None:
    out.print(f"{path}: {verdict.kind} ({verdict.reason})", markup=False)
    for signal in verdict.signals:
        out.print(
            f"  {signal.name}: {signal.value} -> {signal.points_to} ({signal.detail})",
            markup=False,
        )
    for stretch in verdict.stretches:
        out.print(
            f"  technical stretch: {', '.join(stretch.step_ids)}"
            + (f" in {stretch.system}" if stretch.system else ""),
            markup=False,
        )


def classify_command(
    file: Annotated[Path, typer.Argument(help="A YAML document, or CODE[@REV] in the library.")],
    as_json: JsonOption = False,
) -> None:
    """Run the quick test on a document: SOP, work instruction or split, and why."""
    verdict = classify_document(actor=Actor.local(), document=_load(file))
    if as_json:
        print_json({"file": str(file), **verdict.as_json()})
    else:
        _print_classification(file, verdict)


def split_command(
    file: Annotated[Path, typer.Argument(help="A YAML SOP, or CODE[@REV] in the library.")],
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder for the new files (default: the SOP's folder, or the current folder "
            "for a library SOP).",
        ),
    ] = None,
    area: Annotated[
        str | None, typer.Option("--area", help="Area of the new WI codes (default: the SOP's).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Move an SOP's technical stretches into new work instructions the SOP references.

    The SOP is rewritten in place (or into --out) and the WIs are written beside it. A library
    SOP is written as files into --out, ready for `sopflow import`; new codes avoid every code
    the library holds.
    """
    from_library = not file.exists() and library_spec(str(file)) is not None
    document = _load(file)
    if not isinstance(document, Sop):
        raise SopflowError(f"{file}: a {document.kind} cannot be split; only an SOP can")
    folder = out_dir or (Path(".") if from_library else file.parent)
    allocate = _allocator(folder, area or document.code.split("-")[1])
    allocate.used |= {("WI", allocate.area, 0)}
    if from_library:
        allocate.used |= _library_codes()
    result = split_document(
        actor=Actor.local(), document=document, next_code=lambda: allocate("wi"), name=str(file)
    )
    if from_library:
        sop_path = render([result.sop], folder)[0][0]
    else:
        sop_path = folder / file.name if out_dir else file
    rendered = [(sop_path, dump_document(result.sop))]
    rendered += render(result.instructions, folder)
    render([result.sop], folder)
    write_all(rendered[1:])
    write_all(rendered[:1], overwrite=True)
    if as_json:
        print_json(
            {
                "sop": str(sop_path),
                "instructions": [str(path) for path, _ in rendered[1:]],
                "documents": [document_data(result.sop)]
                + [document_data(wi) for wi in result.instructions],
            }
        )
    else:
        for path, _ in rendered:
            out.print(str(path), markup=False)
