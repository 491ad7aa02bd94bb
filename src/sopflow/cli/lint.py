"""`sopflow lint`: quality findings on documents, each with rule id, severity, location, hint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sopflow.analysis.lint import RULES, Finding, known_documents, lint_files
from sopflow.cli.console import err, out, print_json
from sopflow.cli.following import existing_library, library_spec
from sopflow.errors import SopflowError
from sopflow.runner.sources import documents_by_code
from sopflow.services import checks
from sopflow.services.access import Actor

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="YAML files, or folders searched for *.yaml and *.yml.", show_default=False
    ),
]
DocsOption = Annotated[
    list[Path] | None,
    typer.Option("--docs", help="More documents references may point at (files or folders)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
RulesOption = Annotated[bool, typer.Option("--rules", help="List the rules and exit.")]


def _lint_stored(code: str, number: int | None) -> list[Finding]:
    """Lint a library revision; locations are lines of its canonical YAML (`sopflow show`)."""
    with existing_library() as library:
        if library is None:
            raise SopflowError(f"{code}: no such file, and there is no library to look it up in")
        linted = checks.lint_revision(
            library=library, actor=Actor.local(), code=code, number=number
        )
    return list(linted.findings)


def lint(
    paths: PathsArgument = None,
    docs: DocsOption = None,
    as_json: JsonOption = False,
    list_rules: RulesOption = False,
) -> None:
    """Check documents for completeness, graph problems, mixed levels, roles and references.

    Give YAML files, folders, or CODE / CODE@REV of library documents (checked against the
    whole library, including whether their review is overdue). References of files are
    checked against the documents given, those in the folders of the files given, and
    --docs. Prints FILE:LINE:COLUMN: severity [rule] message (hint); exits 1 on an error.
    """
    if list_rules:
        for rule in RULES:
            out.print(f"{rule.id:28} {rule.severity:8} {rule.summary}", markup=False)
        return
    if not paths:
        raise SopflowError("give the YAML files or folders to lint, or document codes")
    specs = {str(path): library_spec(str(path)) for path in paths if not path.exists()}
    files = [path for path in paths if specs.get(str(path)) is None]
    around = [*(docs or []), *(path.parent for path in files if path.is_file())]
    results = (
        lint_files(files, known_documents(documents_by_code(around).values())) if files else {}
    )
    for name, spec in specs.items():
        if spec is not None:
            results[name] = _lint_stored(*spec)
    findings = [finding for found in results.values() for finding in found]
    errors = sum(1 for finding in findings if finding.severity == "error")
    if as_json:
        print_json(
            {
                "files": len(results),
                "errors": errors,
                "warnings": len(findings) - errors,
                "findings": [finding.as_json() for finding in findings],
            }
        )
    else:
        for finding in findings:
            out.print(str(finding), markup=False)
        err.print(
            f"{errors} error(s), {len(findings) - errors} warning(s) in {len(results)} file(s)",
            markup=False,
        )
    if errors or not results:
        raise typer.Exit(1)
