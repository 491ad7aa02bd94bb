"""Commands on source files: validate, schema, summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from sopflow.cli.console import err, out, print_json
from sopflow.formats.schema import document_schema
from sopflow.formats.yaml_source import Loaded, read_documents
from sopflow.model import Sop, references, step_count

PathsArgument = Annotated[
    list[Path], typer.Argument(help="YAML files, or folders searched for *.yaml and *.yml.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def validate(paths: PathsArgument, as_json: JsonOption = False) -> None:
    """Check documents: YAML syntax, fields, codes and the flow graph.

    Prints one FILE:LINE:COLUMN: message line per problem and exits 1 when there is any.
    """
    results = read_documents(paths)
    problems = [problem for loaded in results for problem in loaded.problems]
    errors = [problem for problem in problems if problem.severity == "error"]
    if as_json:
        print_json(
            {
                "valid": not errors,
                "files": len(results),
                "problems": [problem.as_json() for problem in problems],
            }
        )
    else:
        for problem in problems:
            out.print(str(problem), markup=False)
        if not results:
            err.print("no documents found", markup=False)
        elif errors:
            failing = len({problem.file for problem in errors})
            err.print(
                f"{len(errors)} problem(s) in {failing} of {len(results)} file(s)", markup=False
            )
        else:
            err.print(f"{len(results)} document(s) valid", markup=False)
    if errors or not results:
        raise typer.Exit(1)


def schema() -> None:
    """Print the JSON Schema of the YAML source format (for editor completion)."""
    print_json(document_schema())


def _summary_rows(results: list[Loaded]) -> list[dict[str, str | int]]:
    rows: list[dict[str, str | int]] = []
    for loaded in results:
        document = loaded.document
        if document is None:
            continue
        sop = document if isinstance(document, Sop) else None
        rows.append(
            {
                "code": document.code,
                "kind": document.kind,
                "title": document.title,
                "steps": step_count(document),
                "decisions": sum(1 for _ in sop.flow.decisions()) if sop else 0,
                "roles": len(sop.roles) if sop else 0,
                "outcomes": len(sop.outcomes) if sop else 0,
                "references": ", ".join(references(document)),
                "file": loaded.file,
            }
        )
    return sorted(rows, key=lambda row: str(row["code"]))


def summary(paths: PathsArgument, as_json: JsonOption = False) -> None:
    """Summarise a set of documents: kinds, steps, decisions, roles and references."""
    results = read_documents(paths)
    rows = _summary_rows(results)
    broken = [loaded for loaded in results if not loaded.ok]
    if as_json:
        print_json({"documents": rows, "invalid": [loaded.file for loaded in broken]})
    else:
        table = Table(title=f"{len(rows)} document(s)", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("code", no_wrap=True)
        table.add_column("title", ratio=1)
        for column in ("steps", "decisions", "roles", "outcomes"):
            table.add_column(column, justify="right")
        for row in rows:
            table.add_row(
                *(
                    str(row[key])
                    for key in ("code", "title", "steps", "decisions", "roles", "outcomes")
                )
            )
        out.print(table)
        for row in rows:
            if row["references"]:
                out.print(f"{row['code']} refers to {row['references']}", markup=False)
        for loaded in broken:
            err.print(f"{loaded.file}: invalid; run `sopflow validate` for details", markup=False)
    if broken:
        raise typer.Exit(1)
