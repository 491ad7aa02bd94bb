"""`sopflow db upgrade`: make or migrate the library's database before the fleet starts."""

from __future__ import annotations

import typer

from sopflow.cli.console import out
from sopflow.library.store import upgrade_library
from sopflow.settings import load_settings

app = typer.Typer(
    help="The library's database: bring its schema up to date.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)


@app.command("upgrade")
def upgrade() -> None:
    """Make the library, or apply the migrations it lacks, once under a lock; every other
    command does the same on first use, so this is for deployments that migrate first."""
    where, before, after = upgrade_library(load_settings().library_url)
    if before is None:
        out.print(f"library {where}: made, schema at {after}", markup=False)
    elif before == after:
        out.print(f"library {where}: schema already at {after}", markup=False)
    else:
        out.print(f"library {where}: schema upgraded from {before} to {after}", markup=False)
