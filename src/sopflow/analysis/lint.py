"""Lint: findings about a document's quality beyond validity, each with a rule id, severity,
location and a hint on how to fix it.

The rules live in `sopflow.analysis.lint_rules`, one module per family; RULES lists them all
in the order findings are reported. A document that does not load is reported with its load
problems (rule `syntax` or `schema`) so one command shows everything wrong with a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sopflow.analysis.lint_rules import completeness, graph, levels, references
from sopflow.analysis.lint_rules.base import KnownDocument, LintContext, Rule
from sopflow.formats.data_source import FromData
from sopflow.formats.yaml_source import (
    Loaded,
    SourceProblem,
    parse_document,
    read_documents,
    source_locator,
)
from sopflow.model import AnyDocument
from sopflow.model.problems import Path as ElementPath
from sopflow.model.problems import Severity, dotted

RULES: tuple[Rule, ...] = (
    *completeness.RULES,
    *graph.RULES,
    *levels.RULES,
    *references.RULES,
)
RULE_IDS = {rule.id: rule for rule in RULES}

_REPORTED_BY_LINT = {name for names in graph.MODEL_RULES.values() for name in names}
"""Model check names that lint's graph rules already report with their own ids."""


@dataclass(frozen=True)
class Finding:
    """One thing lint found, located in the document and, once known, in its source file."""

    rule: str
    severity: Severity
    path: ElementPath
    message: str
    hint: str
    file: str | None = None
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        where = (
            f"{self.file}:{self.line}:{self.column}: " if self.file else f"{dotted(self.path)}: "
        )
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.severity} [{self.rule}] {self.message}{hint}"

    def as_json(self) -> dict[str, Any]:
        """The finding as a JSON object for `--json` output."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": dotted(self.path),
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
        }


def from_problem(problem: SourceProblem) -> Finding:
    """A load or validation problem as a finding, so lint reports everything in one list."""
    return Finding(
        problem.rule,
        problem.severity,
        (),
        problem.message,
        "run `sopflow validate` for the document's format",
        problem.file,
        problem.line,
        problem.column,
    )


def lint_document(
    document: AnyDocument, context: LintContext | None = None, rules: Iterable[Rule] = RULES
) -> list[Finding]:
    """Every finding of the rules on a document, rule by rule."""
    given = context or LintContext()
    return [
        Finding(rule.id, rule.severity, hit.path, hit.message, rule.hint)
        for rule in rules
        for hit in rule.check(document, given)
    ]


def lint_text(text: str, file: str, context: LintContext | None = None) -> list[Finding]:
    """Lint one document's source text; findings carry FILE:LINE:COLUMN."""
    return lint_loaded(parse_document(text, file), text, context)


def lint_loaded(loaded: Loaded, text: str, context: LintContext | None = None) -> list[Finding]:
    """Lint a document already loaded from text: its load problems and the rules' findings.

    The text is parsed again for positions only when some rule found something.
    """
    findings = [
        from_problem(problem)
        for problem in loaded.problems
        if loaded.document is None or problem.rule not in _REPORTED_BY_LINT
    ]
    if loaded.document is None:
        return findings
    found = lint_document(loaded.document, context)
    if found:
        locate = source_locator(text)
        for finding in found:
            line, column = locate(finding.path)
            findings.append(replace(finding, file=loaded.file, line=line, column=column))
    return sorted(findings, key=lambda finding: (finding.line, finding.column))


DATA_HINT = "the source format: docs/source-format.md"
"""The hint on a validation problem of posted data (it has no file to run validate on)."""


def lint_data(
    loaded: FromData, context: LintContext | None = None
) -> tuple[AnyDocument | None, list[Finding]]:
    """Lint a document loaded from plain data (a JSON body, as an editor posts it): the
    document when it is valid enough to save, and every finding located by its path only.

    Validation problems come first (those lint's graph rules report under their own ids
    left out); a document that does not validate gets no lint findings.
    """
    usable = loaded.document if not loaded.errors else None
    findings = [
        Finding(problem.rule, problem.severity, problem.path, problem.message, DATA_HINT)
        for problem in loaded.problems
        if loaded.document is None or problem.rule not in _REPORTED_BY_LINT
    ]
    if loaded.document is not None:
        findings.extend(lint_document(loaded.document, context))
    return usable, findings


def known_documents(documents: Iterable[AnyDocument]) -> dict[str, KnownDocument]:
    """What references may point at, from loaded documents."""
    return {
        document.code: KnownDocument(document.code, document.kind, document.title)
        for document in documents
    }


def lint_files(
    paths: Iterable[Path], context: Mapping[str, KnownDocument] | None = None
) -> dict[str, list[Finding]]:
    """Lint the files under paths; references are checked against them and context.

    Returns file -> its findings, for every file found (an empty list when it is clean).
    """
    loaded = read_documents(paths)
    known = known_documents(item.document for item in loaded if item.document)
    known.update(context or {})
    results: dict[str, list[Finding]] = {}
    for item in loaded:
        path = Path(item.file)
        if item.document is None or not path.is_file():
            results[item.file] = [from_problem(p) for p in item.problems]
            continue
        text = path.read_text(encoding="utf-8")
        results[item.file] = lint_loaded(item, text, LintContext(known=known))
    return results
