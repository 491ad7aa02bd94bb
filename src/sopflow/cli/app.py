"""The `sopflow` command: one Typer app; each command lives in a module named for its job."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from sopflow import __version__
from sopflow.cli import bpmn, capture, documents, library, render
from sopflow.cli.console import err
from sopflow.errors import SopflowError

app = typer.Typer(
    name="sopflow",
    help="Process documentation kept true to the work: capture, check, follow and control "
    "SOPs and work instructions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"sopflow {__version__}")
        raise typer.Exit


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Process documentation kept true to the work."""


app.command("validate")(documents.validate)
app.command("schema")(documents.schema)
app.command("summary")(documents.summary)
app.command("render")(render.render)
app.command("formats")(render.formats)
app.add_typer(bpmn.app, name="bpmn")
app.command("import")(library.import_)
app.command("export")(library.export)
app.command("search")(library.search_)
app.command("where-used")(library.where_used)
app.command("check")(library.check)
app.command("show")(library.show)
app.command("list")(library.list_)
app.command("history")(library.history)
app.command("capture")(capture.capture)
app.command("classify")(capture.classify_command)
app.command("split")(capture.split_command)


def main() -> None:
    """Run the CLI; a user's mistake becomes one message and exit 1, never a traceback."""
    try:
        app()
    except SopflowError as error:
        err.print(f"sopflow: {error}", markup=False)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        err.print("sopflow: interrupted", markup=False)
        sys.exit(130)
