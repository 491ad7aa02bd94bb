"""`sopflow register` (the master list of documents) and `sopflow external add|list|remove`
(documents of external origin: standards, customer specifications)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sopflow.cli.console import err, out
from sopflow.cli.library import open_from_settings
from sopflow.errors import InvalidInputError
from sopflow.services import register as service
from sopflow.services.access import Actor
from sopflow.services.register import ExternalDocument, RegisterFilters, RegisterRow

external = typer.Typer(
    help="Documents of external origin (standards, customer specifications) in the register.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)

Text = Annotated[str | None, typer.Option(help="Filter value.")]


def _table(rows: list[RegisterRow]) -> None:
    table = Table(title=f"Document register: {len(rows)} document(s)", title_justify="left")
    for column in service.COLUMNS:
        table.add_column(column, no_wrap=column == "code")
    for cells, row in zip(service.register_sheet(rows).rows, rows, strict=True):
        marked = (*cells[:-1], f"{cells[-1]} (withdrawn)") if row.obsolete else cells
        table.add_row(*marked, style="strike dim" if row.obsolete else None)
    out.print(table)


def register(
    *,
    kind: Text = None,
    state: Text = None,
    owner: Text = None,
    department: Text = None,
    text: Annotated[str | None, typer.Option(help="Words in the code or title.")] = None,
    form: Annotated[
        str, typer.Option("--format", help="table (on screen), csv, xlsx or pdf.")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write; csv goes to stdout.")
    ] = None,
) -> None:
    """The document register (ISO 9001 clause 7.5 master list), with filters and exports."""
    filters = RegisterFilters(kind, state, owner, department, text)
    with open_from_settings(create=False) as library:
        if form == "table":
            _table(service.register(library=library, actor=Actor.local(), filters=filters))
            return
        if form in ("xlsx", "pdf") and output is None:
            raise InvalidInputError(f"--output: give a file to write the {form} to")
        data = service.export_register(
            library=library, actor=Actor.local(), form=form, filters=filters
        )
    if output is None:
        sys.stdout.buffer.write(data)
        return
    output.write_bytes(data)
    err.print(f"wrote {output} ({len(data)} bytes)", markup=False)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"--date: {text!r} is not a date (YYYY-MM-DD)") from None


@external.command("add")
def add(
    code: Annotated[str, typer.Argument(help="EXT- and a reference, e.g. EXT-ISO-9001.")],
    *,
    issuer: Annotated[str, typer.Option(help="Who publishes it: ISO, a customer.")],
    reference: Annotated[str, typer.Option(help="The issuer's identifier: ISO 9001.")],
    revision: Annotated[str, typer.Option(help="The edition in use: 2015, Rev C.")],
    title: Annotated[str | None, typer.Option(help="Its title.")] = None,
    url: Annotated[str | None, typer.Option(help="Where to read it (http or https).")] = None,
    issued: Annotated[
        str | None, typer.Option("--date", help="Date of that edition, YYYY-MM-DD.")
    ] = None,
) -> None:
    """Register a document of external origin."""
    document = ExternalDocument(code, issuer, reference, revision, title, url, _date(issued))
    with open_from_settings(create=True) as library:
        added = service.add_external(library=library, actor=Actor.local(), document=document)
    out.print(f"registered {added.code}: {added.reference}, revision {added.revision}")


@external.command("list")
def list_() -> None:
    """List the registered external documents."""
    with open_from_settings(create=False) as library:
        found = service.list_external(library=library, actor=Actor.local())
        referrers = service.external_referrers(library=library, actor=Actor.local())
    table = Table(title=f"{len(found)} external document(s)", title_justify="left")
    for column in (
        "code",
        "issuer",
        "reference",
        "revision",
        "title",
        "date",
        "url",
        "referenced by",
    ):
        table.add_column(column, no_wrap=column not in ("title", "url"))
    for item in found:
        table.add_row(
            item.code,
            item.issuer,
            item.reference,
            item.revision,
            item.title or "",
            item.issued.isoformat() if item.issued else "",
            item.url or "",
            ", ".join(referrers.get(item.code, ())),
        )
    out.print(table)


@external.command("remove")
def remove(code: Annotated[str, typer.Argument(help="The external document's code.")]) -> None:
    """Withdraw an external document from the register."""
    with open_from_settings(create=False) as library:
        service.remove_external(library=library, actor=Actor.local(), code=code)
    out.print(f"removed {code}")
