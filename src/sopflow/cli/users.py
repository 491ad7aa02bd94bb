"""`sopflow user add|list|passwd` and `sopflow token create`: accounts for the web app."""

from __future__ import annotations

from typing import Annotated

import typer

from sopflow.cli.console import out, print_json, read_password
from sopflow.cli.library import open_from_settings
from sopflow.services import users
from sopflow.services.access import Actor, parse_role

app = typer.Typer(
    help="Accounts of the web app: add, list, change a password.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)
tokens = typer.Typer(
    help="API tokens for scripts (Authorization: Bearer).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)

PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input."
    ),
]


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Login name: lower-case letters, digits, . - _")],
    role: Annotated[
        list[str],
        typer.Option("--role", help="reader, author, reviewer or admin; repeat for several."),
    ],
    full_name: Annotated[str | None, typer.Option(help="The name shown and signed with.")] = None,
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account with one or more roles."""
    roles = [parse_role(text, field="--role") for text in role]
    users.check_name(name)
    password = read_password(password_stdin, prompt="Password", twice=True)
    with open_from_settings(create=True) as library:
        created = users.add_user(
            library=library,
            actor=Actor.local(),
            name=name,
            password=password,
            roles=roles,
            full_name=full_name,
            email=email,
        )
    out.print(f"added {created.name} ({', '.join(created.roles)})", markup=False)


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The accounts with their roles."""
    with open_from_settings(create=True) as library:
        found = users.list_users(library=library, actor=Actor.local())
    if as_json:
        print_json(
            [
                {
                    "name": user.name,
                    "full_name": user.full_name,
                    "email": user.email,
                    "roles": list(user.roles),
                    "created_at": user.created_at.isoformat(),
                }
                for user in found
            ]
        )
        return
    if not found:
        out.print("no accounts; add one with `sopflow user add NAME --role admin`", markup=False)
    for user in found:
        typer.echo(f"{user.name}\t{user.full_name}\t{','.join(user.roles)}")


@app.command("passwd")
def passwd(
    name: Annotated[str, typer.Argument(help="Whose password to set.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set an account's password; its browser sessions end."""
    password = read_password(password_stdin, prompt="New password", twice=True)
    with open_from_settings(create=False) as library:
        users.change_password(
            library=library, actor=Actor.local(), name=name, new_password=password
        )
    out.print(f"password of {name} changed; its sessions have ended", markup=False)


@tokens.command("create")
def create(
    user: Annotated[str, typer.Option("--user", help="The account the token acts as.")],
    name: Annotated[
        str, typer.Option("--name", help="What uses the token, e.g. 'nightly export'.")
    ],
) -> None:
    """Create an API token and print it once; it is stored only as a hash."""
    with open_from_settings(create=False) as library:
        created = users.create_token(library=library, actor=Actor.local(), user=user, name=name)
    typer.echo(created.secret)
