"""`sopflow mail test`: check that the SMTP settings deliver."""

from __future__ import annotations

from typing import Annotated

import typer

from sopflow.cli.console import out
from sopflow.services import mail
from sopflow.settings import load_settings

app = typer.Typer(
    help="Mail through SMTP (SOPFLOW_SMTP_* settings).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)


@app.command("test")
def test(
    to: Annotated[str, typer.Option("--to", help="The address to send the test message to.")],
) -> None:
    """Send a test message with the SMTP settings in force."""
    mail.send_test(to=to, mail=load_settings().mail)
    out.print(f"sent a test message to {to}", markup=False)
