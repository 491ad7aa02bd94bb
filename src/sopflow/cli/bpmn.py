"""`sopflow bpmn import|export`: BPMN 2.0 models in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sopflow.cli.console import err, out
from sopflow.errors import SopflowError
from sopflow.formats.bpmn.import_ import import_bpmn
from sopflow.formats.bpmn.labels import slug
from sopflow.formats.yaml_source import dump_document, write_document
from sopflow.model import check_document, is_code
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
        str | None, typer.Option("--code", help="The SOP's code, e.g. SOP-OPS-004.")
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail (exit 1, nothing written) if anything is lost."),
    ] = False,
) -> None:
    """Build an SOP from a BPMN model; what it cannot keep is reported, one line per kind.

    Without --out the YAML goes to stdout.
    """
    if code is not None and not (is_code(code) and code.startswith("SOP-")):
        raise SopflowError(f"--code {code}: not an SOP code (SOP-AREA-NNN)")
    imported = import_bpmn(file, code)
    sop = imported.sop
    problems = [p for p in check_document(sop) if p.severity == "error"]
    if problems:
        details = "; ".join(f"{dotted(p.path)}: {p.message}" for p in problems)
        raise SopflowError(f"{file}: the imported SOP is not valid: {details}")
    for line in imported.report:
        err.print(f"{file}: not kept: {line}", markup=False)
    if strict and imported.losses:
        raise SopflowError(
            f"{file}: {len(imported.losses)} element(s) not kept (--strict); nothing written"
        )
    steps = sum(1 for _ in sop.flow.steps())
    decisions = sum(1 for _ in sop.flow.decisions())
    summary = f"{len(sop.roles)} role(s), {steps} step(s), {decisions} decision(s)"
    if out_dir is None:
        out.out(dump_document(sop), end="")
    else:
        target = out_dir / f"{sop.code}-{slug(sop.title, 'imported')}.yaml"
        write_document(sop, target)
        err.print(f"wrote {target}: {summary}", markup=False)
