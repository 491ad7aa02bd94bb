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
from sopflow.formats.images import folder_images
from sopflow.formats.render.context import Control, HistoryEntry, RenderContext
from sopflow.formats.render.registry import Renderer, renderer, renderers
from sopflow.formats.yaml_source import read_documents
from sopflow.library import documents as store
from sopflow.library import sync
from sopflow.library.attachments import revision_files_data
from sopflow.model import AnyDocument, Audience, is_code

Images = Callable[[str], bytes | None]
Loaded = tuple[list[AnyDocument], dict[str, AnyDocument], Control, dict[str, Images]]
"""The documents to render, every document known beside them, the control block, and the
lookup of each rendered document's screenshots."""


def _from_library(code: str) -> Loaded:
    """The latest revision of a code, its history as the control block, and its neighbours."""
    with open_from_settings(create=False) as library, library.reading() as connection:
        stored = store.get_revision(connection, code=code)
        revisions = store.history(connection, code=code)
        known = {d.code: d for d in sync.latest_documents(connection)}
        files = revision_files_data(connection, code=code, number=stored.info.number)
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
    return [stored.document], known, control, {code: _stored_images(code, files)}


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
    images = {
        item.document.code: _folder_images(item.document.code, Path(item.file).parent)
        for item in loaded
        if item.document
    }
    return [item.document for item in loaded if item.document], known, Control(), images


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
    documents, known, control, images = _load(source)
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
        shown = replace(context, image=images.get(document.code, lambda path: None))
        result = view.render(document, shown)
        target = _target(output, document, view, many)
        if target is None:
            out.out(result if isinstance(result, str) else result.decode(), end="")
            continue
        write_atomically(target, result)
        err.print(f"wrote {target}", markup=False)


def _missing(code: str, where: str) -> Callable[[str], None]:
    def say(path: str) -> None:
        err.print(f"{code}: screenshot {path} not found {where}; shown without it", markup=False)

    return say


def _folder_images(code: str, folder: Path) -> Images:
    """The document's screenshots beside its file; a warning names each one not found."""
    return folder_images(folder, missing=_missing(code, "beside the document"))


def _stored_images(code: str, files: dict[str, bytes]) -> Images:
    """The screenshots stored with a library revision; a warning names each one not found."""
    missing = _missing(code, "in the library")

    def image(path: str) -> bytes | None:
        if path not in files:
            missing(path)
        return files.get(path)

    return image


def formats() -> None:
    """List the installed view formats (built-in and plug-in renderers)."""
    for name, view in renderers().items():
        out.print(f"{name:8} {view.suffix:6} {view.description}", markup=False)
