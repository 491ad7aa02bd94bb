"""The docs stay true to the code: every command and every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main
from typer import _click as click
from typer.core import TyperGroup

from sopflow.cli.app import app
from sopflow.settings import SETTINGS, load_settings

REPO = Path(__file__).resolve().parents[1]


def command_names() -> list[str]:
    """Every command path of the CLI, groups included: 'validate', 'bpmn import'."""
    group = typer.main.get_group(app)
    context = click.Context(group)
    names: list[str] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, TyperGroup):
            names.extend(f"{name} {inner}" for inner in command.list_commands(context))
        else:
            names.append(name)
    return names


def test_every_command_is_in_the_readme_cli_reference() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    reference = readme.split("## CLI reference", 1)[1]
    documented = set(re.findall(r"`sopflow ([a-z-]+(?: [a-z-]+)?)", reference))
    missing = [
        name
        for name in command_names()
        if name not in documented and name.split()[0] not in documented
    ]
    assert missing == []


def test_every_setting_is_documented() -> None:
    table = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    assert [s.name for s in SETTINGS if f"`{s.name}`" not in table] == []


def test_settings_are_read_from_the_environment_given() -> None:
    settings = load_settings({"SOPFLOW_HOME": "/srv/sopflow", "SOPFLOW_LANGUAGE": " de "})
    assert str(settings.home) == "/srv/sopflow"
    assert settings.language == "de"
    assert settings.library_url == "sqlite:////srv/sopflow/library.sqlite3"
    assert load_settings({"SOPFLOW_DATABASE_URL": "postgresql+psycopg://db/x"}).library_url == (
        "postgresql+psycopg://db/x"
    )


def test_every_docs_link_in_the_readme_exists() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:docs|bench|examples)/[^)#]*)", readme):
        assert (REPO / target).exists(), target


def test_every_test_the_security_page_names_exists() -> None:
    page = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", page)
    assert len(named) > 50
    missing = []
    for path, name in named:
        source = REPO / path
        text = source.read_text(encoding="utf-8") if source.exists() else ""
        if not re.search(rf"^def {name}\(", text, flags=re.MULTILINE):
            missing.append(f"{path}::{name}")
    assert missing == []


def test_every_row_of_the_security_page_names_a_test() -> None:
    page = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith("| ") and "---" not in line]
    body = [row for row in rows if not row.startswith("| asset |")]
    assert body
    assert [row for row in body if "::test_" not in row.rsplit("|", 2)[-2]] == []
