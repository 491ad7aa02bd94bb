"""The `sopflow` command: one Typer app whose commands are loaded when they are used.

Each command lives in a module named for its job. The modules pull in heavy libraries
(SQLAlchemy, spaCy, WeasyPrint, PyAV), so the app imports a command's module only when that
command runs, or when help lists them all: `sopflow validate` does not pay for the library.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer
import typer.main
from typer import _click as click  # Typer carries its own click; its types are these
from typer.core import TyperGroup

from sopflow import __version__
from sopflow.cli.console import err
from sopflow.errors import SopflowError

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, function), or (module, "app") for a group of subcommands
    "validate": ("sopflow.cli.documents", "validate"),
    "summary": ("sopflow.cli.documents", "summary"),
    "schema": ("sopflow.cli.documents", "schema"),
    "capture": ("sopflow.cli.capture", "capture"),
    "classify": ("sopflow.cli.capture", "classify_command"),
    "split": ("sopflow.cli.capture", "split_command"),
    "import": ("sopflow.cli.library", "import_"),
    "export": ("sopflow.cli.library", "export"),
    "search": ("sopflow.cli.library", "search_"),
    "show": ("sopflow.cli.library", "show"),
    "list": ("sopflow.cli.library", "list_"),
    "history": ("sopflow.cli.library", "history"),
    "where-used": ("sopflow.cli.library", "where_used"),
    "check": ("sopflow.cli.library", "check"),
    "render": ("sopflow.cli.render", "render"),
    "formats": ("sopflow.cli.render", "formats"),
    "bpmn": ("sopflow.cli.bpmn", "app"),
    "run": ("sopflow.cli.run", "run"),
    "runs": ("sopflow.cli.run", "runs_command"),
    "stats": ("sopflow.cli.stats", "stats"),
    "lint": ("sopflow.cli.lint", "lint"),
    "diff": ("sopflow.cli.diff", "diff"),
    "serve": ("sopflow.cli.serve", "serve"),
    "submit": ("sopflow.cli.control", "submit"),
    "approve": ("sopflow.cli.control", "approve"),
    "reject": ("sopflow.cli.control", "reject"),
    "effective": ("sopflow.cli.control", "effective"),
    "obsolete": ("sopflow.cli.control", "obsolete"),
    "review": ("sopflow.cli.control", "review"),
    "signatures": ("sopflow.cli.control", "signatures"),
    "sign": ("sopflow.cli.control", "sign"),
    "notices": ("sopflow.cli.control", "notices"),
    "ack": ("sopflow.cli.ack", "app"),
    "tasks": ("sopflow.cli.ack", "tasks"),
    "register": ("sopflow.cli.register", "register"),
    "external": ("sopflow.cli.register", "external"),
    "mail": ("sopflow.cli.mail", "app"),
    "user": ("sopflow.cli.users", "app"),
    "token": ("sopflow.cli.users", "tokens"),
    "audit": ("sopflow.cli.audit", "app"),
}
"""Every command, in the order `sopflow --help` lists them."""


def load_command(name: str) -> click.Command:
    """Import a command's module and build its click command."""
    module_name, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(module_name), attribute)
    if isinstance(target, typer.Typer):
        group = typer.main.get_group(target)
        group.name = name
        return group
    single = typer.Typer(
        pretty_exceptions_enable=False, rich_markup_mode=None, add_completion=False
    )
    single.command(name)(target)
    return typer.main.get_command(single)


class LazyGroup(TyperGroup):
    """A group that knows its commands by name and imports each on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        return load_command(cmd_name)


app = typer.Typer(
    name="sopflow",
    cls=LazyGroup,
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
