"""Read-and-acknowledge and tasks on the command line: `sopflow ack CODE --as NAME`
acknowledges the revision in force (asks NAME's password, a signature); `ack status CODE`,
`ack overdue` and `ack list CODE [ENTRY...]` show and set who must acknowledge; `sopflow
tasks --as NAME` lists what waits for NAME.
"""

from __future__ import annotations

from typing import Annotated

import typer
from typer import _click as click
from typer.core import TyperGroup

from sopflow.cli.console import err, print_json
from sopflow.cli.control import AsOption, PasswordStdin, _actor, _signer
from sopflow.cli.library import CodeArgument, JsonOption, open_from_settings
from sopflow.services import acknowledgements as acks
from sopflow.services import tasks as task_service
from sopflow.services.access import Actor
from sopflow.services.acknowledgements import AckStatus


class AckGroup(TyperGroup):
    """`ack CODE ...` means `ack sign CODE ...`: a code is never a subcommand's name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["sign", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=AckGroup,
    help="Read and acknowledge the revision in force: `ack CODE --as NAME` signs it; "
    "status, overdue and list show and set who must.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)


@app.command("sign")
def sign(
    code: CodeArgument, as_name: AsOption = None, password_stdin: PasswordStdin = False
) -> None:
    """Acknowledge CODE's revision in force as read (asks for your password: a signature)."""
    with open_from_settings(create=False) as library:
        actor, password = _actor(library, _signer(as_name), password_stdin)
        mine = acks.acknowledge(library=library, actor=actor, code=code, password=password)
        status = acks.acknowledgement_status(library=library, actor=Actor.local(), code=code)
    listed = "" if mine else " (not on its distribution list)"
    err.print(
        f"{code}: revision {status.number} acknowledged by {actor.name}{listed}", markup=False
    )


def _status_json(status: AckStatus) -> dict[str, object]:
    return {
        "code": status.code,
        "revision": status.number,
        "days": status.days,
        "entries": list(status.entries),
        "people": [
            {
                "name": p.name,
                "full_name": p.full_name,
                "state": p.state,
                "due": p.due.isoformat(),
                "acknowledged_at": p.acknowledged_at.isoformat() if p.acknowledged_at else None,
            }
            for p in status.people
        ],
    }


def _print_status(status: AckStatus) -> None:
    listed = ", ".join(status.entries) or "nobody (set it with `sopflow ack list CODE ENTRY...`)"
    typer.echo(f"{status.code}\trevision {status.number or '-'}\twithin {status.days} days")
    typer.echo(f"list\t{listed}")
    for p in status.people:
        when = (
            f"{p.acknowledged_at:%Y-%m-%d %H:%M} UTC"
            if p.acknowledged_at
            else f"due {p.due:%Y-%m-%d}"
        )
        typer.echo(f"{p.name}\t{p.state}\t{when}\t{p.full_name}")


@app.command("status")
def status(code: CodeArgument, as_json: JsonOption = False) -> None:
    """Who must acknowledge CODE's revision in force, and where each of them stands."""
    with open_from_settings(create=False) as library:
        found = acks.acknowledgement_status(library=library, actor=Actor.local(), code=code)
    if as_json:
        print_json(_status_json(found))
    else:
        _print_status(found)


@app.command("overdue")
def overdue(as_json: JsonOption = False) -> None:
    """Everyone late to acknowledge a revision in force, longest overdue first."""
    with open_from_settings(create=False) as library:
        found = acks.overdue_acknowledgements(library=library, actor=Actor.local())
    if as_json:
        print_json(
            [
                {
                    "code": item.code,
                    "revision": item.number,
                    "name": item.person.name,
                    "due": item.person.due.isoformat(),
                }
                for item in found
            ]
        )
        return
    for item in found:
        typer.echo(
            f"{item.code}\trevision {item.number}\t{item.person.name}\t"
            f"due {item.person.due:%Y-%m-%d}"
        )


@app.command("list")
def distribution(
    code: CodeArgument,
    entries: Annotated[
        list[str] | None, typer.Argument(help="User names or role:ROLE; replaces the list.")
    ] = None,
    *,
    days: Annotated[int | None, typer.Option(help="Days to acknowledge in (default 14).")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Empty the list.")] = False,
    as_name: AsOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Show CODE's distribution list, or set it (entries, --clear) and its --days."""
    with open_from_settings(create=False) as library:
        if entries or clear or days is not None:
            actor, _ = _actor(library, as_name, password_stdin)
            if not (entries or clear):
                current = acks.acknowledgement_status(library=library, actor=actor, code=code)
                entries = list(current.entries)
            found = acks.set_distribution(
                library=library, actor=actor, code=code, entries=entries or [], days=days
            )
        else:
            found = acks.acknowledgement_status(library=library, actor=Actor.local(), code=code)
    _print_status(found)


def tasks(
    as_name: AsOption = None, password_stdin: PasswordStdin = False, as_json: JsonOption = False
) -> None:
    """What waits for an account: approvals in its turn, acknowledgements, reviews due."""
    with open_from_settings(create=False) as library:
        actor, _ = _actor(library, _signer(as_name), password_stdin)
        found = task_service.my_tasks(library=library, actor=actor)
    if as_json:
        print_json(
            [
                {
                    "kind": t.kind,
                    "code": t.code,
                    "revision": t.number,
                    "text": t.text,
                    "due": t.due.isoformat() if t.due else None,
                    "overdue": t.overdue,
                }
                for t in found
            ]
        )
        return
    for t in found:
        flag = "overdue" if t.overdue else (f"due {t.due.isoformat()}" if t.due else "waiting")
        typer.echo(f"{t.kind}\t{t.code}\trevision {t.number}\t{flag}\t{t.text}")
