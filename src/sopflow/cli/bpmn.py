"""`sopflow bpmn import|export`: BPMN 2.0 models in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sopflow.cli.console import err, out
from sopflow.errors import SopflowError
from sopflow.formats.bpmn.import_ import import_bpmn
from sopflow.formats.bpmn.labels import slug
from sopflow.formats.yaml_write import dump_document, write_document
from sopflow.model import AnyDocument, Sop, WorkInstruction, check_document, is_code
from sopflow.model.codes import KIND_PREFIX
from sopflow.model.documents import KIND_NAMES
from sopflow.model.problems import dotted

app = typer.Typer(
    help="BPMN 2.0 interchange with other process modelling tools.", no_args_is_help=True
)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A .bpmn file drawn in another tool.")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Write the SOP's YAML into this folder.")
    ] = None,
    code: Annotated[
        str | None,
        typer.Option(
            "--code",
            help="The SOP's code, e.g. SOP-OPS-004 (for a document sopflow exported, of its kind).",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail (exit 1, nothing written) if anything is lost."),
    ] = False,
) -> None:
    """Build an SOP from a BPMN model; what it cannot keep is reported, one line per kind.

    A model sopflow exported comes back as the document it was, every field kept.
    Without --out the YAML goes to stdout.
    """
    if code is not None and not is_code(code):
        raise SopflowError(f"--code {code}: not a document code (SOP-AREA-NNN)")
    imported = import_bpmn(file, code)
    document = imported.result
    if code is not None and not code.startswith(f"{KIND_PREFIX[document.kind]}-"):
        raise SopflowError(
            f"--code {code}: the model holds a {KIND_NAMES[document.kind]}; "
            f"give a {KIND_PREFIX[document.kind]}- code"
        )
    problems = [p for p in check_document(document) if p.severity == "error"]
    if problems:
        details = "; ".join(f"{dotted(p.path)}: {p.message}" for p in problems)
        raise SopflowError(f"{file}: the imported {document.kind} is not valid: {details}")
    for line in imported.report:
        err.print(f"{file}: not kept: {line}", markup=False)
    if strict and imported.losses:
        raise SopflowError(
            f"{file}: {len(imported.losses)} element(s) not kept (--strict); nothing written"
        )
    if out_dir is None:
        out.out(dump_document(document), end="")
    else:
        target = out_dir / f"{document.code}-{slug(document.title, 'imported')}.yaml"
        write_document(document, target)
        err.print(f"wrote {target}: {_summary(document)}", markup=False)


def _summary(document: AnyDocument) -> str:
    if isinstance(document, WorkInstruction):
        return f"{len(document.steps)} action(s)"
    sop = document if isinstance(document, Sop) else None
    steps = sum(1 for _ in sop.flow.steps()) if sop else 0
    decisions = sum(1 for _ in sop.flow.decisions()) if sop else 0
    roles = len(sop.roles) if sop else 0
    return f"{roles} role(s), {steps} step(s), {decisions} decision(s)"
