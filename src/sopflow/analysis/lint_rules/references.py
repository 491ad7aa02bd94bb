"""References to other documents, and review dates: what lint can check only when it knows
the documents around (the files given, or the library) and the revision's dates."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from sopflow.analysis.lint_rules.base import Hit, LintContext, Rule
from sopflow.model import AnyDocument, Policy, Sop, Step, Workflow
from sopflow.model.problems import Path

RETIRED = ("obsolete", "superseded", "withdrawn")
"""Revision states that mean a document should no longer be followed."""


def references_with_paths(document: AnyDocument) -> Iterator[tuple[Path, str]]:
    """Every code the document refers to, with where."""
    if isinstance(document, Sop):
        for index, code in enumerate(document.policies):
            yield ("policies", index), code
        for index, node in enumerate(document.flow.nodes):
            if isinstance(node, Step) and node.reference:
                yield ("flow", "nodes", index, "reference"), node.reference
    elif isinstance(document, Workflow):
        for index, stage in enumerate(document.stages):
            if stage.sop:
                yield ("stages", index, "sop"), stage.sop
    elif isinstance(document, Policy):
        for index, code in enumerate(document.implemented_by):
            yield ("implemented_by", index), code


def missing(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """Referenced documents exist."""
    if context.known is None:
        return
    for path, code in references_with_paths(document):
        if code not in context.known:
            yield Hit(path, f"{code} is referenced but no such document is known")


def retired(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """Referenced documents are still in force."""
    if context.known is None:
        return
    for path, code in references_with_paths(document):
        known = context.known.get(code)
        if known is not None and known.status in RETIRED:
            yield Hit(path, f"{code} ({known.title}) is {known.status}")


def external_missing(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """The external documents named are in the register."""
    if context.external is None:
        return
    for index, code in enumerate(document.external):
        if code not in context.external:
            yield Hit(
                ("external", index),
                f"{code} is named under external but the register holds no such external document",
            )


def add_months(day: date, months: int) -> date:
    """The same day months later, on the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(document: AnyDocument, context: LintContext) -> Iterator[Hit]:
    """The document was reviewed within its review interval."""
    if context.reviewed_on is None or context.today is None:
        return
    due = add_months(context.reviewed_on, document.review_interval_months)
    if due < context.today:
        yield Hit(
            ("review_interval_months",),
            f"review was due on {due.isoformat()} ({document.review_interval_months} months "
            f"after {context.reviewed_on.isoformat()})",
        )


RULES = (
    Rule(
        "reference-missing",
        "error",
        "Referenced documents exist.",
        "fix the code, or add the referenced document",
        missing,
    ),
    Rule(
        "reference-obsolete",
        "warning",
        "Referenced documents are in force.",
        "point the reference at the document that replaced it",
        retired,
    ),
    Rule(
        "external-missing",
        "error",
        "External documents named are in the register.",
        "fix the code, or register it: sopflow register external add",
        external_missing,
    ),
    Rule(
        "review-overdue",
        "warning",
        "The document is reviewed within its review interval.",
        "review the document and approve a new revision (or confirm this one)",
        review_due,
    ),
)
