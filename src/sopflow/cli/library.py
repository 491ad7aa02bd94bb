"""Commands on the library: import, export, search, where-used, check, show, list, history."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from sopflow.cli.console import err, out, print_json
from sopflow.errors import SopflowError
from sopflow.formats.yaml_write import dump_document
from sopflow.library.browse import DocumentFilters
from sopflow.library.search import SearchHit
from sopflow.library.store import Library, open_library
from sopflow.model.revisions import RevisionInfo
from sopflow.services import documents, revisions
from sopflow.services import search as searching
from sopflow.services.access import Actor
from sopflow.settings import load_settings

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
CodeArgument = Annotated[str, typer.Argument(help="A document code, e.g. SOP-FIN-003.")]
KindOption = Annotated[
    str | None,
    typer.Option("--kind", help="Only documents of this kind: policy, workflow, sop, wi."),
]


def open_from_settings(*, create: bool) -> Library:
    """The library the settings point at (SOPFLOW_DATABASE_URL or SOPFLOW_HOME)."""
    return open_library(load_settings().library_url, create=create)


def _author() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _row(*cells: str) -> None:
    """One tab-separated result line (rich would expand the tabs)."""
    typer.echo("\t".join(cells))


def import_(
    paths: Annotated[list[Path], typer.Argument(help="YAML files, or folders searched for them.")],
    author: Annotated[str | None, typer.Option(help="Who is adding these revisions.")] = None,
    message: Annotated[
        str, typer.Option("--message", "-m", help="The change summary of new revisions.")
    ] = "Imported from YAML",
) -> None:
    """Add documents from YAML files to the library; unchanged documents add nothing.

    All or nothing: when any file has a problem, nothing is imported.
    """
    sources = revisions.read_import(paths)
    with open_from_settings(create=True) as library:
        imported = revisions.import_documents(
            library=library, actor=Actor.local(), sources=sources, summary=message, author=author
        )
    report, media = imported.report, imported.media
    for code, path in media.missing:
        err.print(f"{code}: screenshot {path} not found beside its file; not stored", markup=False)
    for label, codes in (
        ("new", report.created),
        ("revised", report.revised),
        ("unchanged", report.unchanged),
    ):
        for code in codes:
            _row(code, label)
    stored = f", {media.stored} screenshot(s) stored" if media.stored else ""
    err.print(
        f"{len(report.created)} new, {len(report.revised)} revised, "
        f"{len(report.unchanged)} unchanged{stored}",
        markup=False,
    )


def export(
    folder: Annotated[Path, typer.Argument(help="Folder to write one YAML file per document.")],
    to: Annotated[
        str | None,
        typer.Option("--to", help="A view format (html, md, pdf, ...) instead of YAML."),
    ] = None,
    audience: Annotated[
        str, typer.Option("--audience", help="novice or expert, for a view format.")
    ] = "novice",
) -> None:
    """Write the latest revision of every document as canonical YAML, one file each.

    With --to, each is rendered in that view format instead, linked to one another."""
    if to is not None:
        _export_views(folder, to, audience)
        return
    with open_from_settings(create=False) as library:
        exported = revisions.export_documents(library=library, actor=Actor.local(), folder=folder)
    report = exported.report
    for path in report.written:
        out.print(str(path), markup=False)
    written, unchanged = exported.media_written, exported.media_unchanged
    shots = (
        f"; {len(written)} screenshot(s) written, {len(unchanged)} unchanged"
        if written or unchanged
        else ""
    )
    err.print(
        f"{len(report.written)} written, {len(report.unchanged)} unchanged{shots}", markup=False
    )


def _export_views(folder: Path, to: str, audience: str) -> None:
    from sopflow.cli.render import export_views
    from sopflow.formats.render.registry import renderer

    if audience not in ("novice", "expert"):
        raise SopflowError(f"--audience must be novice or expert, not '{audience}'")
    written = export_views(folder, renderer(to), audience)
    err.print(f"{written} written", markup=False)


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "code": hit.code,
        "kind": hit.kind,
        "title": hit.title,
        "state": hit.state,
        "owner": hit.owner,
        "department": hit.department,
        "rank": round(hit.rank, 6),
        "snippet": hit.snippet_text,
        "fragments": [{"text": f.text, "highlighted": f.highlighted} for f in hit.snippet],
    }


def search_(
    query: Annotated[str, typer.Argument(help="Words to look for; every word must occur.")],
    *,
    kind: KindOption = None,
    state: Annotated[str | None, typer.Option(help="Only revisions in this state.")] = None,
    owner: Annotated[str | None, typer.Option(help="Only documents with this owner.")] = None,
    department: Annotated[str | None, typer.Option(help="Only this department.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only documents with this tag.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles, steps, roles and tags, best match first."""
    filters = DocumentFilters(kind=kind, state=state, owner=owner, department=department, tag=tag)
    with open_from_settings(create=False) as library:
        hits = searching.search(
            library=library, actor=Actor.local(), query=query, filters=filters, limit=limit
        )
    if as_json:
        print_json({"query": query, "hits": [_hit_json(hit) for hit in hits]})
        return
    for hit in hits:
        out.print(Text.assemble((hit.code, "bold"), f"  {hit.kind}  {hit.title}"))
        if out.is_terminal:  # matched words in reverse video; [brackets] when piped
            snippet = Text("    ")
            for fragment in hit.snippet:
                snippet.append(fragment.text, style="bold reverse" if fragment.highlighted else "")
            out.print(snippet)
        else:
            out.print(f"    {hit.snippet_text}", markup=False)
    err.print(f"{len(hits)} match(es)", markup=False)


def where_used(
    code: CodeArgument,
    transitive: Annotated[
        bool, typer.Option("--all", help="Also the documents that depend on the dependants.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List the documents that refer to CODE (with --all, everything that depends on it)."""
    with open_from_settings(create=False) as library:
        used = documents.where_used(
            library=library, actor=Actor.local(), code=code, transitive=transitive
        )
    if as_json:
        print_json(
            {
                "code": code,
                "dependants": [
                    {
                        "code": d.code,
                        "kind": d.kind,
                        "title": d.title,
                        "depends_on": d.depends_on,
                        "depth": d.depth,
                    }
                    for d in used.dependants
                ],
            }
        )
        return
    for item in used.dependants:
        via = "" if item.depth == 1 else f"  (via {item.depends_on})"
        _row(item.code, item.kind, item.title + via)
    if not used.known:
        err.print(f"note: {code} is not in the library", markup=False)
    err.print(f"{len(used.dependants)} document(s) depend on {code}", markup=False)


def check(as_json: JsonOption = False) -> None:
    """Report references to documents that are not in the library; exit 1 when any."""
    with open_from_settings(create=False) as library:
        checked = documents.broken_links(library=library, actor=Actor.local())
    broken, total = checked.broken, checked.documents
    if as_json:
        print_json({"documents": total, "broken": [b.__dict__ for b in broken]})
    else:
        for item in broken:
            out.print(
                f"{item.source}: refers to {item.target}, which is not in the library", markup=False
            )
        err.print(f"{total} document(s), {len(broken)} broken reference(s)", markup=False)
    if broken:
        raise typer.Exit(1)


def show(
    code: CodeArgument,
    revision: Annotated[int | None, typer.Option(min=1, help="A revision number.")] = None,
) -> None:
    """Print a document (its latest revision unless --revision) as YAML."""
    with open_from_settings(create=False) as library:
        stored = documents.get_revision(
            library=library, actor=Actor.local(), code=code, number=revision
        )
    out.out(dump_document(stored.document), end="", highlight=False)


def list_(kind: KindOption = None, as_json: JsonOption = False) -> None:
    """List the documents in the library, by code."""
    with open_from_settings(create=False) as library:
        rows = all_documents(library, DocumentFilters(kind=kind))
    if as_json:
        print_json({"documents": [row.__dict__ for row in rows]})
        return
    table = Table(title=f"{len(rows)} document(s)", title_justify="left")
    for column in ("code", "kind", "title", "owner", "state", "revision"):
        table.add_column(column, no_wrap=column != "title")
    for row in rows:
        table.add_row(row.code, row.kind, row.title, row.owner or "", row.state, str(row.latest))
    out.print(table)


def all_documents(library: Library, filters: DocumentFilters) -> list[documents.Listed]:
    """Every document that passes filters, by code, read page by page."""
    found: list[documents.Listed] = []
    while True:
        page = documents.list_documents(
            library=library,
            actor=Actor.local(),
            filters=filters,
            limit=documents.MAX_PAGE,
            offset=len(found),
        )
        found.extend(page.documents)
        if len(found) >= page.total or not page.documents:
            return found


def _info_json(info: RevisionInfo) -> dict[str, object]:
    return {
        "number": info.number,
        "state": info.state.value,
        "author": info.author,
        "created_at": info.created_at.isoformat(),
        "summary": info.summary,
        "sha256": info.sha256,
    }


def history(code: CodeArgument, as_json: JsonOption = False) -> None:
    """List the revisions of a document, oldest first."""
    with open_from_settings(create=False) as library:
        infos = documents.history(library=library, actor=Actor.local(), code=code)
    if as_json:
        print_json({"code": code, "revisions": [_info_json(info) for info in infos]})
        return
    for info in infos:
        when = info.created_at.strftime("%Y-%m-%d %H:%M UTC")
        _row(str(info.number), info.state.value, when, info.author, info.summary)
