"""`sopflow audit verify|export|show`: check, export and read the audit trail."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sopflow.cli.console import out
from sopflow.cli.library import open_from_settings
from sopflow.errors import SopflowError
from sopflow.formats.files import write_atomically
from sopflow.services import audit
from sopflow.services.access import Actor

app = typer.Typer(
    help="The audit trail: check its hash chain, export it, read it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)


@app.command("verify")
def verify(
    head: Annotated[
        str | None,
        typer.Option(help="A head hash exported earlier, which the chain must still hold."),
    ] = None,
) -> None:
    """Check every entry and link; name the first entry edited, deleted, inserted or moved."""
    with open_from_settings(create=False) as library:
        result = audit.verify(library=library, actor=Actor.local(), expect_head=head)
    if result.problem is not None:
        raise SopflowError(f"audit trail broken: {result.problem.message}")
    out.print(
        f"audit trail intact: {result.entries} entries, head {result.head_hash}", markup=False
    )


@app.command("export")
def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; standard output if none.")
    ] = None,
) -> None:
    """Write the chain as JSON Lines, the last line its head hash (for time-stamping)."""
    with open_from_settings(create=False) as library:
        lines = list(audit.export_lines(library=library, actor=Actor.local()))
    text = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(text)
        return
    if output.is_dir():
        raise SopflowError(f"--output: {output} is a folder")
    write_atomically(output, text)
    print(f"wrote {len(lines) - 1} entries to {output}; {lines[-1]}", file=sys.stderr)


@app.command("show")
def show(
    limit: Annotated[int, typer.Option(min=1, help="How many entries, newest first.")] = 50,
    actor: Annotated[str | None, typer.Option(help="Only entries by this login name.")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action, e.g. login.failed.")] = None,
) -> None:
    """List the newest entries: number, UTC time, actor, action, subject, details."""
    with open_from_settings(create=False) as library:
        entries = audit.show_entries(
            library=library, actor=Actor.local(), limit=limit, by=actor, action=action
        )
    for entry in entries:
        details = ", ".join(f"{key}={value}" for key, value in sorted(entry.details.items()))
        typer.echo(
            "\t".join([str(entry.seq), entry.at, entry.actor, entry.action, entry.subject, details])
        )
