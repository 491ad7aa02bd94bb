"""Document control on the command line: submit, approve, reject, effective, obsolete,
signatures, sign, notices and `review due|done|status|interval`.

The command line otherwise acts as the machine's own user (`Actor.local()`), but a
signature needs an account whose password is asked again at that moment: `approve` and
`sign` take `--as NAME` and ask for NAME's password (`--password-stdin` reads it from
standard input for scripts). The other commands act as NAME when given `--as`, and as the
local user otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, TypeVar

import typer

from sopflow.cli.console import err, print_json, read_password
from sopflow.cli.library import CodeArgument, JsonOption, open_from_settings
from sopflow.errors import InvalidInputError
from sopflow.library.store import Library
from sopflow.services import control, control_dates, users
from sopflow.services.access import Actor
from sopflow.services.signing import Meaning

T = TypeVar("T")

review = typer.Typer(
    help="Periodic review and review requests: due, done, status, interval.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)

AsOption = Annotated[
    str | None, typer.Option("--as", help="Act as this account (its password is asked).")
]
PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input's first line."),
]


def _actor(library: Library, name: str | None, from_stdin: bool) -> tuple[Actor, str]:
    """The account named (password checked) and its password; the local user without one."""
    if name is None:
        return Actor.local(), ""
    password = read_password(from_stdin, prompt=f"Password of {name}")
    return users.authenticate(library=library, name=name, password=password), password


def _as(name: str | None, from_stdin: bool, use: Callable[..., T], **arguments: Any) -> T:
    """Call the use case as the account named (its password checked), or as the local user;
    the commands that need no signature are this and their message."""
    with open_from_settings(create=False) as library:
        actor, _ = _actor(library, name, from_stdin)
        return use(library=library, actor=actor, **arguments)


def _signer(name: str | None) -> str:
    if name is None:
        raise InvalidInputError("--as: signing needs a named account; give --as NAME")
    return name


def parse_moment(text: str, *, field: str) -> datetime:
    """A date (midnight UTC) or an ISO date and time (UTC when no offset is given)."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            f"{field}: {text!r} is not a date (YYYY-MM-DD) or ISO date and time", field=field
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_days(text: str, *, field: str = "--within") -> int:
    """A number of days, written 30 or 30d."""
    given = text.strip().casefold().removesuffix("d")
    if not given.isdigit():
        raise InvalidInputError(
            f"{field}: {text!r} is not a number of days (e.g. 30d)", field=field
        )
    return int(given)


def submit(
    code: CodeArgument,
    *,
    approver: Annotated[
        list[str], typer.Option("--approver", help="A user name, or role:ROLE; repeat for more.")
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why the change is made.")],
    sequential: Annotated[
        bool,
        typer.Option(
            "--sequential/--parallel", help="Approve one after another (default), or in any order."
        ),
    ] = True,
    as_name: AsOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Submit the latest revision, a draft, for review and approval."""
    mode = "sequential" if sequential else "parallel"
    found = _as(
        as_name,
        password_stdin,
        control.submit_review,
        code=code,
        approvers=approver,
        mode=mode,
        reason=reason,
    )
    steps = ", ".join(step.approver for step in found.steps)
    err.print(
        f"{code}: revision {found.number} is in review by {steps} ({found.mode})", markup=False
    )


def approve(
    code: CodeArgument,
    as_name: AsOption = None,
    comment: Annotated[str, typer.Option(help="A comment kept with the approval.")] = "",
    effective_on: Annotated[
        str | None,
        typer.Option("--effective-on", help="When it takes effect (YYYY-MM-DD); default now."),
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Approve and sign the revision in review (asks for your password again)."""
    name = _signer(as_name)
    moment = parse_moment(effective_on, field="--effective-on") if effective_on else None
    with open_from_settings(create=False) as library:
        actor, password = _actor(library, name, password_stdin)
        decided = control.approve_revision(
            library=library,
            actor=actor,
            code=code,
            password=password,
            comment=comment,
            effective_on=moment,
        )
    when = (
        f", in force from {decided.effective_from:%Y-%m-%d %H:%M} UTC"
        if decided.effective_from
        else ""
    )
    err.print(f"{code}: revision {decided.number} is {decided.state.value}{when}", markup=False)


def reject(
    code: CodeArgument,
    comment: Annotated[str, typer.Option(help="What must change; required.")],
    as_name: AsOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Reject the revision in review: it returns to draft with your comment."""
    decided = _as(as_name, password_stdin, control.reject_revision, code=code, comment=comment)
    err.print(f"{code}: revision {decided.number} is back to draft", markup=False)


def effective(
    code: CodeArgument,
    on: Annotated[str, typer.Option("--on", help="When it takes effect (YYYY-MM-DD or ISO).")],
    as_name: AsOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Move the date an approved revision, not yet in force, takes effect."""
    moment = parse_moment(on, field="--on")
    moved = _as(as_name, password_stdin, control_dates.set_effective_date, code=code, on=moment)
    err.print(f"{code}: in force from {moved:%Y-%m-%d %H:%M} UTC", markup=False)


def obsolete(
    code: CodeArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why it is withdrawn; required.")],
    as_name: AsOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Make a document obsolete: it stays readable, marked obsolete."""
    _as(as_name, password_stdin, control_dates.make_obsolete, code=code, reason=reason)
    err.print(f"{code}: obsolete ({reason.strip()})", markup=False)


def signatures(
    code: CodeArgument,
    verify: Annotated[
        bool, typer.Option("--verify", help="Exit 1 when any signature does not verify.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List the signatures of a document's revisions, each verified against its content."""
    with open_from_settings(create=False) as library:
        found = control_dates.list_signatures(library=library, actor=Actor.local(), code=code)
    if as_json:
        print_json(
            [
                {
                    "number": s.number,
                    "signer": s.signer,
                    "full_name": s.full_name,
                    "meaning": s.meaning,
                    "signed_at": s.signed_at.isoformat(),
                    "sha256": s.sha256,
                    "valid": s.valid,
                    "problem": s.problem,
                }
                for s in found
            ]
        )
    else:
        for s in found:
            mark = "valid" if s.valid else f"INVALID: {s.problem}"
            typer.echo(
                f"{s.number}\t{s.meaning}\t{s.full_name} ({s.signer})\t"
                f"{s.signed_at:%Y-%m-%d %H:%M:%S} UTC\t{s.sha256[:12]}\t{mark}"
            )
    if verify and not all(s.valid for s in found):
        raise typer.Exit(1)


def sign(
    code: CodeArgument,
    number: Annotated[int, typer.Option("--revision", help="The revision signed.")],
    meaning: Annotated[str, typer.Option(help="authored or acknowledged.")],
    as_name: AsOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Sign a revision as its author or as having read it (asks for your password)."""
    chosen = {m.value: m for m in Meaning}.get(meaning.strip().casefold())
    if chosen is None:
        raise InvalidInputError("--meaning: choose authored or acknowledged", field="--meaning")
    with open_from_settings(create=False) as library:
        actor, password = _actor(library, _signer(as_name), password_stdin)
        control_dates.sign_revision(
            library=library,
            actor=actor,
            code=code,
            number=number,
            meaning=chosen,
            password=password,
        )
    err.print(f"{code}: revision {number} signed ({chosen.value})", markup=False)


def notices(as_name: AsOption = None, password_stdin: PasswordStdin = False) -> None:
    """List the notices for an account (by name and by its roles), newest first."""
    with open_from_settings(create=False) as library:
        actor, _ = _actor(library, _signer(as_name), password_stdin)
        found = control_dates.my_notices(library=library, actor=actor)
    for notice in found:
        typer.echo(f"{notice.created_at:%Y-%m-%d %H:%M} UTC\t{notice.code}\t{notice.text}")


@review.command("due")
def review_due(
    within: Annotated[str, typer.Option(help="Also list those due within this many days.")] = "0d",
    as_json: JsonOption = False,
) -> None:
    """List documents whose periodic review is due or overdue."""
    days = parse_days(within)
    with open_from_settings(create=False) as library:
        found = control_dates.review_due(library=library, actor=Actor.local(), within_days=days)
    if as_json:
        print_json(
            [
                {
                    "code": d.code,
                    "title": d.title,
                    "owner": d.owner,
                    "revision": d.in_force,
                    "next_review": d.next_review.isoformat(),
                    "overdue": d.overdue,
                }
                for d in found
            ]
        )
        return
    for d in found:
        status = "overdue" if d.overdue else "due"
        typer.echo(f"{d.code}\t{d.next_review.isoformat()}\t{status}\t{d.owner or '-'}\t{d.title}")


@review.command("done")
def review_done(
    code: CodeArgument, as_name: AsOption = None, password_stdin: PasswordStdin = False
) -> None:
    """Record a periodic review that needs no change; the next review date resets."""
    upcoming = _as(as_name, password_stdin, control_dates.record_periodic_review, code=code)
    err.print(f"{code}: reviewed; next review by {upcoming.isoformat()}", markup=False)


@review.command("interval")
def review_interval(
    code: CodeArgument,
    months: Annotated[int, typer.Argument(help="Months between periodic reviews (1-120).")],
    as_name: AsOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Set how many months pass between a document's periodic reviews (default 12)."""
    _as(as_name, password_stdin, control_dates.set_review_interval, code=code, months=months)
    err.print(f"{code}: reviewed every {months} months", markup=False)


@review.command("status")
def review_status(code: CodeArgument, as_json: JsonOption = False) -> None:
    """Show each revision's state and every review request with its decisions and comments."""
    with open_from_settings(create=False) as library:
        status = control.control_status(library=library, actor=Actor.local(), code=code)
    if as_json:
        print_json(control.status_json(status))
        return
    for number, state, since in status.states:
        when = f"\tfrom {since:%Y-%m-%d %H:%M} UTC" if since else ""
        typer.echo(f"revision {number}\t{state.value}{when}")
    for found in status.reviews:
        typer.echo(
            f"review of revision {found.number}\t{found.state}\t{found.mode}\t{found.reason}"
        )
        for step in found.steps:
            said = f"\t{step.comment}" if step.comment else ""
            typer.echo(f"  {step.position}. {step.approver}\t{step.decision or 'pending'}{said}")
