"""`sopflow render`: a document in one of the registered view formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from sopflow.cli.console import err, out
from sopflow.cli.library import open_from_settings
from sopflow.errors import SopflowError
from sopflow.formats.files import write_atomically
from sopflow.formats.render.context import Control, HistoryEntry, RenderContext
from sopflow.formats.render.images import folder_images
from sopflow.formats.render.registry import Renderer, renderer, renderers
from sopflow.formats.yaml_source import read_documents
from sopflow.library import documents as store
from sopflow.library import sync
from sopflow.model import AnyDocument, Audience, is_code

Loaded = tuple[list[AnyDocument], dict[str, AnyDocument], Control, dict[str, Path]]
"""The documents to render, every document known beside them, the control block, and the
folder each rendered document's file is in (for its screenshots)."""


def _from_library(code: str) -> Loaded:
    """The latest revision of a code, its history as the control block, and its neighbours."""
    with open_from_settings(create=False) as library, library.reading() as connection:
        stored = store.get_revision(connection, code=code)
        revisions = store.history(connection, code=code)
        known = {d.code: d for d in sync.latest_documents(connection)}
    info = stored.info
    control = Control(
        revision=str(info.number),
        state=info.state.value,
        owner=stored.document.owner,
        history=tuple(
            HistoryEntry(str(r.number), r.created_at.date(), r.author, r.summary, r.state.value)
            for r in revisions
        ),
    )
    return [stored.document], known, control, {}


def _load(source: str) -> Loaded:
    """The documents to render and every document beside them (to resolve references)."""
    path = Path(source)
    if not path.exists():
        if is_code(source):
            return _from_library(source)
        raise SopflowError(f"{source}: no such file or folder")
    folder = path if path.is_dir() else path.parent
    known = {
        loaded.document.code: loaded.document
        for loaded in read_documents([folder])
        if loaded.document is not None
    }
    chosen = read_documents([path])
    broken = [
        problem for loaded in chosen for problem in loaded.problems if problem.severity == "error"
    ]
    if broken:
        raise SopflowError("\n".join(str(problem) for problem in broken))
    loaded = [item for item in chosen if item.document is not None]
    folders = {item.document.code: Path(item.file).parent for item in loaded if item.document}
    return [item.document for item in loaded if item.document], known, Control(), folders


def _target(output: Path | None, document: AnyDocument, view: Renderer, many: bool) -> Path | None:
    if output is None:
        return Path(f"{document.code}{view.suffix}") if view.binary or many else None
    if many or output.is_dir():
        return output / f"{document.code}{view.suffix}"
    return output


def render(
    source: Annotated[
        str, typer.Argument(help="A YAML document, a folder of them, or a code in the library.")
    ],
    to: Annotated[str, typer.Option("--to", help="md, html, pdf, docx, svg, mermaid or bpmn.")],
    audience: Annotated[
        str, typer.Option("--audience", help="novice shows detail blocks; expert hides them.")
    ] = "novice",
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The file (or, for a folder, the folder) to write."),
    ] = None,
) -> None:
    """Render documents as Markdown, HTML, PDF, DOCX, an SVG swimlane, Mermaid or BPMN 2.0.

    Text formats go to stdout unless -o is given; PDF and DOCX are written to CODE.pdf or
    CODE.docx in the current folder by default.
    """
    if audience not in ("novice", "expert"):
        raise SopflowError(f"--audience must be novice or expert, not '{audience}'")
    view = renderer(to)
    documents, known, control, folders = _load(source)
    reader: Audience = "novice" if audience == "novice" else "expert"
    context = RenderContext(
        audience=reader,
        control=control,
        documents=known,
        link=lambda code: f"{code}{view.suffix}",
    )
    many = len(documents) > 1 or Path(source).is_dir()
    if many and output is None:
        raise SopflowError("rendering a folder needs -o FOLDER")
    for document in documents:
        result = view.render(document, replace(context, image=_screenshots(document, folders)))
        target = _target(output, document, view, many)
        if target is None:
            out.out(result if isinstance(result, str) else result.decode(), end="")
            continue
        write_atomically(target, result)
        err.print(f"wrote {target}", markup=False)


def _screenshots(document: AnyDocument, folders: dict[str, Path]) -> Callable[[str], bytes | None]:
    """The document's screenshots beside its file; a warning names each one not found."""
    folder = folders.get(document.code)
    if folder is None:
        return lambda path: None

    def missing(path: str) -> None:
        err.print(
            f"{document.code}: screenshot {path} not found beside the document; shown without it",
            markup=False,
        )

    return folder_images(folder, missing=missing)


def formats() -> None:
    """List the installed view formats (built-in and plug-in renderers)."""
    for name, view in renderers().items():
        out.print(f"{name:8} {view.suffix:6} {view.description}", markup=False)
