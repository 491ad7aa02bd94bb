"""`sopflow diff`: what changed between two revisions of a document, step by step."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sopflow.analysis.diff import diff_documents
from sopflow.cli.console import err, out, print_json
from sopflow.errors import SopflowError
from sopflow.formats.yaml_source import read_document
from sopflow.model import AnyDocument, is_code

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def open_revision(name: str) -> AnyDocument:
    """The document a diff side names: a YAML file (CODE@REV needs the library)."""
    path = Path(name)
    if not path.exists() and "@" in name and is_code(name.split("@", 1)[0]):
        raise SopflowError(f"{name}: revisions by CODE@REV need the library; give two YAML files")
    loaded = read_document(path)
    if loaded.document is None:
        raise SopflowError("\n".join(str(problem) for problem in loaded.problems))
    return loaded.document


def diff(
    old: Annotated[str, typer.Argument(help="The earlier revision: a YAML file.")],
    new: Annotated[str, typer.Argument(help="The later revision: a YAML file.")],
    as_json: JsonOption = False,
) -> None:
    """Show steps added, removed, moved and reworded, options and roles changed."""
    result = diff_documents(open_revision(old), open_revision(new), old, new)
    if as_json:
        print_json(result.as_json())
        return
    out.print(f"{result.code}: {old} -> {new}", markup=False)
    for change in result.changes:
        out.print(f"  {change.kind:9} {change.summary}", markup=False)
    err.print(f"{len(result.changes)} change(s)", markup=False)
