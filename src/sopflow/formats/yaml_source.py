"""The YAML source format: one document per file, loaded with positions, written canonically.

Loading reports every problem as FILE:LINE:COLUMN: message, with positions taken from the
YAML nodes, whether the problem is YAML syntax, a type error or a broken flow graph. Writing
produces a stable layout (fixed key order, no line wrapping, block scalars for multi-line
text) so that a git diff of two revisions shows only what changed.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from sopflow.formats.migrations import FORMAT_KEY, FormatVersionError, migrate
from sopflow.formats.yaml_depth import too_deep
from sopflow.model import AnyDocument, Document, check_document
from sopflow.model.problems import Path as ElementPath
from sopflow.model.problems import Severity, dotted
from sopflow.settings import source_max_depth

SUFFIXES = (".yaml", ".yml")
_ADAPTER: TypeAdapter[AnyDocument] = TypeAdapter(Document)
_TAG_KEYS = ("type", "kind")
_LINEAR_HINT_KEYS = {"next", "options", "if", "goto", "decision", "branches"}


@dataclass(frozen=True)
class SourceProblem:
    """A problem located in a source file."""

    file: str
    line: int
    column: int
    message: str
    rule: str = "syntax"
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"

    def as_json(self) -> dict[str, str | int]:
        """The problem as a JSON object for `--json` output."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
        }


class SourceError(Exception):
    """A source file that could not be loaded; carries every problem found in it."""

    def __init__(self, problems: Sequence[SourceProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = list(problems)


@dataclass
class Loaded:
    """The result of loading one file: the document when it is valid, and the problems."""

    file: str
    document: AnyDocument | None = None
    problems: list[SourceProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the document loaded and obeys every rule."""
        return self.document is not None and not any(
            problem.severity == "error" for problem in self.problems
        )


def _yaml_reader() -> YAML:
    reader = YAML(typ="rt")
    reader.allow_duplicate_keys = False
    return reader


def _plain(node: Any) -> Any:
    """ruamel's commented containers and scalar subclasses as plain Python values."""
    if isinstance(node, Mapping):
        return {str(key): _plain(item) for key, item in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    for kind in (str, int, float):
        if isinstance(node, kind):
            return kind(node)
    return node


def _position(node: Any, path: ElementPath, *, at_key: bool = False) -> tuple[int, int]:
    """1-based line and column of the element at path, or of its nearest existing parent.

    A scalar is pointed at by its value, a mapping or list by its key; at_key points at the
    key in every case (for an unknown field).
    """
    line, column = (node.lc.line, node.lc.col) if hasattr(node, "lc") else (0, 0)
    for depth, part in enumerate(path):
        if isinstance(node, CommentedMap):
            if part in node:
                value = node[part]
                by_key = isinstance(value, CommentedMap | CommentedSeq) or (
                    at_key and depth == len(path) - 1
                )
                line, column = node.lc.key(part) if by_key else node.lc.value(part)
                node = value
                continue
            if any(node.get(key) == part for key in _TAG_KEYS):
                continue  # pydantic names the union member it tried; the data has no such key
            break
        if isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.lc.item(part)
            node = node[part]
            continue
        break
    return line + 1, column + 1


def _data_path(data: Any, loc: Sequence[str | int]) -> ElementPath:
    """The error location of pydantic with union tags and key markers taken out."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (
            isinstance(node, Mapping)
            and part not in node
            and any(node.get(key) == part for key in _TAG_KEYS)
        ):
            continue
        if part == "[key]":
            break
        path.append(part)
        if isinstance(node, Mapping):
            node = node.get(str(part))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(path)


def _allowed_fields(data: Any, path: ElementPath) -> list[str]:
    """The field names the model accepts at the mapping holding path's last part."""
    schema = TypeAdapter(Document).json_schema()
    definitions = schema["$defs"]
    kind = data.get("kind") if isinstance(data, Mapping) else None
    names = {"policy": "Policy", "workflow": "Workflow", "sop": "Sop", "wi": "WorkInstruction"}
    current = definitions.get(names.get(str(kind), ""), {})
    node = data
    for part in path[:-1]:
        if isinstance(node, Mapping):
            node = node.get(str(part))
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part] if part < len(node) else None
        prop = current.get("properties", {}).get(part) if isinstance(part, str) else None
        if isinstance(part, int):
            prop = current.get("items") or next(
                (s for s in current.get("prefixItems", []) if s), None
            )
        current = _resolve(prop or {}, definitions, node)
    return sorted(current.get("properties", {}))


def _resolve(schema: dict[str, Any], definitions: dict[str, Any], node: Any) -> dict[str, Any]:
    """Follow $ref, optional-wrapping anyOf and the node union to a concrete object schema."""
    if "$ref" in schema:
        return _resolve(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions, node)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            choices = [c for c in schema[key] if c.get("type") != "null"]
            tag = node.get("type") if isinstance(node, Mapping) else None
            for choice in choices:
                resolved = _resolve(choice, definitions, node)
                const = resolved.get("properties", {}).get("type", {}).get("const")
                if tag is None or const is None or const == tag:
                    return resolved
    return schema


def _message(error: ErrorDetails, data: Any, path: ElementPath) -> tuple[ElementPath, str]:
    """A reader's message for one pydantic error, and the path to point at."""
    kind = error["type"]
    where = dotted(path)
    last = path[-1] if path else ""
    if kind == "missing":
        parent = path[:-1]
        return parent, f"{dotted(parent)}: missing required field `{last}`"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(data, path)
        text = f"{where}: unknown field `{last}`"
        close = difflib.get_close_matches(str(last), allowed, n=1)
        if close:
            text += f"; did you mean `{close[0]}`?"
        if "steps" in path and data.get("kind") == "wi" and last in _LINEAR_HINT_KEYS:
            text = (
                f"{where}: work instruction steps are linear and cannot branch (`{last}`); "
                "put the decision in an SOP that references this work instruction"
            )
        return path, text
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if pattern.startswith("^(POL"):
            return path, (
                f"{where}: {error['input']!r} is not a document code: use KIND-AREA-NNN, "
                "for example SOP-FIN-003 or WI-PAY-003"
            )
        return path, (
            f"{where}: {error['input']!r} is not a valid id: use lowercase letters, digits, "
            "- and _ (for example check-eligibility)"
        )
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        key = "kind" if len(path) == 0 else "type"
        expected = error.get("ctx", {}).get("expected_tags", "")
        field_path = (*path, key)
        found = error.get("ctx", {}).get("tag")
        if kind == "union_tag_not_found":
            return path, f"{where}: missing `{key}` (one of {expected})"
        return (
            field_path,
            f"{dotted(field_path)}: unknown {key} {found!r}; expected one of {expected}",
        )
    return path, f"{where}: {error['msg'][0].lower()}{error['msg'][1:]}"


def _too_deep(text: str, file: str, limit: int) -> SourceProblem | None:
    """The problem of a text nested past limit, found before the parser is given it."""
    line = too_deep(text, limit)
    if line is None:
        return None
    return SourceProblem(
        file,
        line,
        1,
        f"YAML nested more than {limit} levels deep (the limit SOPFLOW_SOURCE_MAX_DEPTH sets); "
        "a document is a few levels",
    )


def parse_document(text: str, file: str, *, max_depth: int | None = None) -> Loaded:
    """Parse and validate one document's source text; never raises for bad input.

    Nesting past max_depth (SOPFLOW_SOURCE_MAX_DEPTH by default) is refused before parsing."""
    result = Loaded(file)
    deep = _too_deep(text, file, source_max_depth() if max_depth is None else max_depth)
    if deep is not None:
        result.problems.append(deep)
        return result
    try:
        root = _yaml_reader().load(io.StringIO(text))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(part for part in (error.context, error.problem) if part)
        result.problems.append(SourceProblem(file, line, column, f"YAML syntax: {problem}"))
        return result
    except YAMLError as error:
        result.problems.append(SourceProblem(file, 1, 1, f"YAML syntax: {error}"))
        return result
    except RecursionError:
        result.problems.append(
            SourceProblem(file, 1, 1, "YAML nested too deeply to read; a document is a few levels")
        )
        return result
    if not isinstance(root, CommentedMap):
        what = "empty" if root is None else "a list" if isinstance(root, list) else "a single value"
        result.problems.append(
            SourceProblem(file, 1, 1, f"the file is {what}; a document is a YAML mapping", "shape")
        )
        return result
    data = _plain(root)
    try:
        data = migrate(data)
    except FormatVersionError as error:
        line, column = _position(root, (FORMAT_KEY,))
        result.problems.append(SourceProblem(file, line, column, str(error), "format-version"))
        return result
    body = {key: value for key, value in data.items() if key != FORMAT_KEY}
    try:
        document = _ADAPTER.validate_python(body)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            where, text = _message(detail, body, _data_path(body, detail["loc"]))
            line, column = _position(root, where, at_key=detail["type"] == "extra_forbidden")
            result.problems.append(SourceProblem(file, line, column, text, "schema"))
        result.problems.sort(key=lambda problem: (problem.line, problem.column))
        return result
    result.document = document
    for found in check_document(document):
        line, column = _position(root, found.path)
        result.problems.append(
            SourceProblem(file, line, column, found.message, found.rule, found.severity)
        )
    result.problems.sort(key=lambda problem: (problem.line, problem.column))
    return result


def read_document(path: Path) -> Loaded:
    """Load one file; a missing or unreadable file is a problem, not an exception."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Loaded(file, problems=[SourceProblem(file, 1, 1, "no such file", "io")])
    except IsADirectoryError:
        return Loaded(file, problems=[SourceProblem(file, 1, 1, "is a folder, not a file", "io")])
    except UnicodeDecodeError as error:
        return Loaded(
            file,
            problems=[SourceProblem(file, 1, error.start + 1, "not UTF-8 text", "io")],
        )
    except OSError as error:
        return Loaded(
            file, problems=[SourceProblem(file, 1, 1, error.strerror or str(error), "io")]
        )
    return parse_document(text, file)


def load_document(path: Path) -> AnyDocument:
    """Load one valid document or raise SourceError with every problem."""
    loaded = read_document(path)
    if not loaded.ok or loaded.document is None:
        raise SourceError(loaded.problems)
    return loaded.document


def find_sources(paths: Iterable[Path]) -> tuple[list[Path], list[SourceProblem]]:
    """The YAML files named or inside the folders named, and problems for missing paths."""
    found: list[Path] = []
    problems: list[SourceProblem] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                candidate
                for candidate in path.rglob("*")
                if candidate.suffix in SUFFIXES
                and candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            problems.append(SourceProblem(str(path), 1, 1, "no such file or folder", "io"))
    return found, problems


def read_documents(paths: Iterable[Path]) -> list[Loaded]:
    """Load every document under paths and check that codes are unique across them."""
    files, missing = find_sources(paths)
    results = [Loaded(problem.file, problems=[problem]) for problem in missing]
    owners: dict[str, str] = {}
    for file in files:
        loaded = read_document(file)
        if loaded.document is not None:
            code = loaded.document.code
            if code in owners:
                loaded.problems.append(
                    SourceProblem(
                        loaded.file,
                        *_code_position(file),
                        f"code {code} is also used by {owners[code]}; codes are unique",
                        "unique-code",
                    )
                )
            owners.setdefault(code, loaded.file)
        results.append(loaded)
    return results


def _code_position(file: Path) -> tuple[int, int]:
    root = _yaml_reader().load(file.read_text(encoding="utf-8"))
    return _position(root, ("code",))


def source_locator(text: str) -> Callable[[ElementPath], tuple[int, int]]:
    """A function giving the 1-based line and column of an element path in source text.

    For tools that check a loaded document (lint, diff) and report FILE:LINE:COLUMN; a path
    that does not exist points at its nearest existing parent. Text that is not a YAML
    mapping points everything at 1:1.
    """
    try:
        root = _yaml_reader().load(io.StringIO(text))
    except YAMLError:
        root = None
    if not isinstance(root, CommentedMap):
        return lambda path: (1, 1)
    return lambda path: _position(root, path)
