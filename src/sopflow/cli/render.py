"""`sopflow render`: a document in one of the registered view formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sopflow.cli.console import err, out
from sopflow.errors import SopflowError
from sopflow.formats.files import write_atomically
from sopflow.formats.images import folder_images
from sopflow.formats.render.context import Control, RenderContext
from sopflow.formats.render.registry import Renderer, renderer, renderers
from sopflow.formats.yaml_source import read_documents
from sopflow.model import AnyDocument, Audience, is_code, references
from sopflow.settings import load_settings, paper_setting

if TYPE_CHECKING:
    from sopflow.library.store import Library

Images = Callable[[str], bytes | None]
Loaded = tuple[list[AnyDocument], dict[str, AnyDocument], Control, dict[str, Images]]
"""The documents to render, every document known beside them, the control block, and the
lookup of each rendered document's screenshots."""


def _from_library(code: str, view: Renderer, audience: str) -> str | bytes:
    """The latest revision of a code, rendered with its history as the control block.

    The library layer (SQLAlchemy, Alembic) is imported here, not with the module:
    rendering a file does not need it."""
    from sopflow.cli.library import open_from_settings

    with open_from_settings(create=False) as library:
        return _library_view(library, code, view, audience, paper=load_settings().paper)


def export_views(folder: Path, view: Renderer, audience: str) -> int:
    """Every document's latest revision in a view format, one CODE.suffix each in folder,
    links between them relative and each page linking back to the pages that use it (a
    reference to a code the library lacks leads nowhere: `sopflow check` lists those);
    how many were written."""
    from sopflow.cli.library import open_from_settings
    from sopflow.services import rendering
    from sopflow.services.access import Actor

    if folder.exists() and not folder.is_dir():
        raise SopflowError(f"{folder}: exists and is not a folder")
    paper = load_settings().paper
    with open_from_settings(create=False) as library:
        codes = rendering.library_codes(library=library, actor=Actor.local())
        for code in codes:
            rendered = _library_view(library, code, view, audience, paper=paper, back_links=True)
            _write(rendered, folder / f"{code}{view.suffix}")
    return len(codes)


def _library_view(
    library: Library,
    code: str,
    view: Renderer,
    audience: str,
    *,
    paper: str,
    back_links: bool = False,
) -> str | bytes:
    """A code's latest revision in a view, as the local user sees it, on the settings'
    paper: references link to CODE.suffix beside it, a screenshot the library lacks is
    named on stderr."""
    from sopflow.services import rendering
    from sopflow.services.access import Actor

    return rendering.render_revision(
        library=library,
        actor=Actor.local(),
        code=code,
        format=view.name,
        audience=audience,
        link=lambda target: f"{target}{view.suffix}",
        missing_image=_missing(code, "in the library"),
        back_links=back_links,
        paper=paper,
    ).content


def _load(source: str) -> Loaded:
    """The documents of a file or folder, and every document beside them (to resolve
    references)."""
    path = Path(source)
    if not path.exists():
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


def _target(output: Path | None, code: str, view: Renderer, many: bool) -> Path | None:
    if output is None:
        return Path(f"{code}{view.suffix}") if view.binary or many else None
    if many or output.is_dir():
        return output / f"{code}{view.suffix}"
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
    if not Path(source).exists() and is_code(source):
        _write(_from_library(source, view, audience), _target(output, source, view, False))
        return
    documents, known, control, images = _load(source)
    reader: Audience = "novice" if audience == "novice" else "expert"
    context = RenderContext(
        audience=reader,
        control=control,
        documents=known,
        link=lambda code: f"{code}{view.suffix}",
        paper=paper_setting(),  # alone: rendering a file needs no other setting to be valid
    )
    many = len(documents) > 1 or Path(source).is_dir()
    if many and output is None:
        raise SopflowError("rendering a folder needs -o FOLDER")
    back = _referrers(documents) if many else {}
    for document in documents:
        if many:
            _say_unrendered(document, {item.code for item in documents})
        shown = replace(
            context,
            image=images.get(document.code, lambda path: None),
            referrers=back.get(document.code, ()),
        )
        _write(view.render(document, shown), _target(output, document.code, view, many))


def _referrers(documents: list[AnyDocument]) -> dict[str, tuple[str, ...]]:
    """For each code, the rendered documents that refer to it: a folder's pages link back
    to them, so a reader who followed a diagram's box to a work instruction can return."""
    found: dict[str, list[str]] = {}
    for document in documents:
        for code in references(document):
            found.setdefault(code, []).append(document.code)
    return {code: tuple(dict.fromkeys(codes)) for code, codes in found.items()}


def _say_unrendered(document: AnyDocument, rendered: set[str]) -> None:
    """Name each reference to a document not rendered with this one: its link, relative to
    the output folder, leads to no file."""
    for code in references(document):
        if code not in rendered:
            err.print(
                f"{document.code}: refers to {code}, which is not in the folder rendered; "
                "its link leads to no file",
                markup=False,
            )


def _write(result: str | bytes, target: Path | None) -> None:
    """A rendered document to its file, or to stdout when there is none."""
    if target is None:
        out.out(result if isinstance(result, str) else result.decode(), end="")
        return
    write_atomically(target, result)
    err.print(f"wrote {target}", markup=False)


def _missing(code: str, where: str) -> Callable[[str], None]:
    def say(path: str) -> None:
        err.print(f"{code}: screenshot {path} not found {where}; shown without it", markup=False)

    return say


def _folder_images(code: str, folder: Path) -> Images:
    """The document's screenshots beside its file; a warning names each one not found."""
    return folder_images(folder, missing=_missing(code, "beside the document"))


def formats() -> None:
    """List the installed view formats (built-in and plug-in renderers)."""
    for name, view in renderers().items():
        out.print(f"{name:8} {view.suffix:6} {view.description}", markup=False)
