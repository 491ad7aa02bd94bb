"""Completeness in the spirit of ISO 10013: purpose, scope, responsibilities, trigger,
outcomes and records are stated."""

from __future__ import annotations

from collections.abc import Iterator

from sopflow.analysis.lint_rules.base import Hit, LintContext, Rule
from sopflow.model import KIND_NAMES, AnyDocument, Policy, Sop, Workflow, WorkInstruction


def _missing(document: AnyDocument, field: str) -> Iterator[Hit]:
    value = getattr(document, field, None)
    if value is None or not str(value).strip():
        yield Hit((field,), f"the {KIND_NAMES[document.kind]} states no {field}")


def purpose(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """SOPs, work instructions and workflows say why they exist."""
    if isinstance(document, Sop | WorkInstruction | Workflow):
        yield from _missing(document, "purpose")


def scope(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """SOPs and policies say what they cover and what they do not."""
    if isinstance(document, Sop | Policy):
        yield from _missing(document, "scope")


def trigger(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """An SOP says what starts it."""
    if isinstance(document, Sop):
        yield from _missing(document, "trigger")


def responsibilities(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """An SOP names its roles, and each role's responsibilities."""
    if not isinstance(document, Sop):
        return
    if not document.roles:
        yield Hit(("roles",), "the SOP names no roles")
    for index, role in enumerate(document.roles):
        if not role.responsibilities:
            yield Hit(("roles", index), f"role '{role.id}' lists no responsibilities")


def outcomes(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """An SOP ends in at least one named outcome."""
    if isinstance(document, Sop) and not document.outcomes:
        yield Hit(("flow", "nodes"), "the flow has no outcome node")


def records(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """An SOP says which records it produces and keeps."""
    if isinstance(document, Sop) and not document.records:
        yield Hit(("records",), "the SOP lists no records it produces")


RULES = (
    Rule(
        "purpose-missing",
        "warning",
        "States why the document exists.",
        "add `purpose:` with one sentence on why the process exists",
        purpose,
    ),
    Rule(
        "scope-missing",
        "warning",
        "States what is covered and what is not.",
        "add `scope:` naming what the document covers and what it leaves out",
        scope,
    ),
    Rule(
        "trigger-missing",
        "warning",
        "States what starts the process.",
        "add `trigger:` with the event that starts the process",
        trigger,
    ),
    Rule(
        "responsibilities-missing",
        "warning",
        "Names each role's responsibilities.",
        "list what each role is accountable for under `responsibilities:`",
        responsibilities,
    ),
    Rule(
        "outcomes-missing",
        "error",
        "Ends in at least one named outcome.",
        "end the flow with an `outcome` node naming the result",
        outcomes,
    ),
    Rule(
        "records-missing",
        "warning",
        "Lists the records the process keeps.",
        "add `records:` with what is kept, where and for how long",
        records,
    ),
)
