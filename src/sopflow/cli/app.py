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
from typer._click.utils import make_default_short_help
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
    "worker": ("sopflow.cli.worker", "worker"),
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
    "db": ("sopflow.cli.db", "app"),
}
"""Every command, in the order `sopflow --help` lists them."""

SUMMARIES: dict[str, str] = {
    "validate": "Check documents: YAML syntax, fields, codes and the flow graph.",
    "summary": "Summarise a set of documents: kinds, steps, decisions, roles and references.",
    "schema": "Print the JSON Schema of the YAML source format (for editor completion).",
    "capture": (
        "Draft an SOP and/or work instructions from a walkthrough's recordings, "
        "transcripts and event logs. A recording is transcribed offline; a video gives "
        "every step a screenshot."
    ),
    "classify": "Run the quick test on a document: SOP, work instruction or split, and why.",
    "split": "Move an SOP's technical stretches into new work instructions the SOP references.",
    "import": "Add documents from YAML files to the library; unchanged documents add nothing.",
    "export": "Write the latest revision of every document as canonical YAML, one file each.",
    "search": "Full-text search over titles, steps, roles and tags, best match first.",
    "show": "Print a document (its latest revision unless --revision) as YAML.",
    "list": "List the documents in the library, by code.",
    "history": "List the revisions of a document, oldest first.",
    "where-used": (
        "List the documents that refer to CODE (with --all, everything that depends on it)."
    ),
    "check": "Report references to documents that are not in the library; exit 1 when any.",
    "render": (
        "Render documents as Markdown, HTML, PDF, DOCX, an SVG swimlane, Mermaid or BPMN 2.0."
    ),
    "formats": "List the installed view formats (built-in and plug-in renderers).",
    "bpmn": "BPMN 2.0 interchange with other process modelling tools.",
    "run": "Follow an SOP step by step: each step with its role, each decision's question.",
    "runs": "List saved runs, oldest first: who follows which revision, and where each one stands.",
    "stats": "Summarise the runs of an SOP: completion, answers, time per step, where runs stop.",
    "lint": "Check documents for completeness, graph problems, mixed levels, roles and references.",
    "diff": "Show steps added, removed, moved and reworded, options and roles changed.",
    "serve": "Serve the web app and its API on the library in force (SQLite or PostgreSQL).",
    "worker": "Run capture jobs from the queue at SOPFLOW_BROKER_URL (Redis or RabbitMQ).",
    "submit": "Submit the latest revision, a draft, for review and approval.",
    "approve": "Approve and sign the revision in review (asks for your password again).",
    "reject": "Reject the revision in review: it returns to draft with your comment.",
    "effective": "Move the date an approved revision, not yet in force, takes effect.",
    "obsolete": "Make a document obsolete: it stays readable, marked obsolete.",
    "review": "Periodic review and review requests: due, done, status, interval.",
    "signatures": (
        "List the signatures of a document's revisions, each verified against its content."
    ),
    "sign": "Sign a revision as its author or as having read it (asks for your password).",
    "notices": "List the notices for an account (by name and by its roles), newest first.",
    "ack": (
        "Read and acknowledge the revision in force: `ack CODE --as NAME` signs it; "
        "status, overdue and list show and set who must."
    ),
    "tasks": "What waits for an account: approvals in its turn, acknowledgements, reviews due.",
    "register": (
        "The document register (ISO 9001 clause 7.5 master list), with filters and exports."
    ),
    "external": (
        "Documents of external origin (standards, customer specifications) in the register."
    ),
    "mail": "Mail through SMTP (SOPFLOW_SMTP_* settings).",
    "user": "Accounts of the web app: add, list, change a password.",
    "token": "API tokens for scripts (Authorization: Bearer).",
    "audit": "The audit trail: check its hash chain, export it, read it.",
    "db": "The library's database: bring its schema up to date.",
}
"""The first paragraph of each command's help, so that `sopflow --help` lists the commands
without importing one (a test checks they match the commands' own help)."""


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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from SUMMARIES, as click would write it from each command."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, make_default_short_help(SUMMARIES[name], limit)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


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
