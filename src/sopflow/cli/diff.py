"""`sopflow diff`: what changed between two revisions of a document, step by step."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sopflow.analysis.diff import diff_documents
from sopflow.cli.console import err, out, print_json
from sopflow.cli.following import library_spec
from sopflow.cli.library_documents import stored_revision
from sopflow.errors import SopflowError
from sopflow.formats.yaml_source import read_document
from sopflow.model import AnyDocument

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def open_revision(name: str) -> AnyDocument:
    """The document a diff side names: a YAML file, or CODE / CODE@REV in the library."""
    path = Path(name)
    spec = None if path.exists() else library_spec(name)
    if spec is not None:
        return stored_revision(*spec).document
    loaded = read_document(path)
    if loaded.document is None:
        raise SopflowError("\n".join(str(problem) for problem in loaded.problems))
    return loaded.document


def diff(
    old: Annotated[str, typer.Argument(help="The earlier revision: a YAML file or CODE@REV.")],
    new: Annotated[str, typer.Argument(help="The later revision: a YAML file or CODE@REV.")],
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
