"""Deeply nested YAML is refused in a one-pass scan before the parser sees it: 5,000 open
brackets once took seconds to end in a RecursionError (bench/README.md, parser fuzzing)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sopflow.formats.yaml_depth import too_deep
from sopflow.formats.yaml_fast import quick_load
from sopflow.formats.yaml_source import parse_document, read_document

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*/*.yaml"))


@pytest.mark.parametrize(
    "text",
    [
        "code: SOP-A-001\nsteps: " + "[" * 5000 + "]" * 5000 + "\n",
        "code: SOP-A-001\nsteps: " + "{a: " * 5000 + "}" * 5000 + "\n",
        "code: SOP-A-001\nsteps:\n" + "".join(" " * i + f"k{i}:\n" for i in range(3000)),
        "code: SOP-A-001\nsteps:\n" + "- " * 5000 + "x\n",
    ],
    ids=["flow sequences", "flow mappings", "indented mappings", "compact sequences"],
)
def test_deep_nesting_is_refused_at_once_naming_the_line_and_the_setting(text: str) -> None:
    started = time.perf_counter()
    loaded = parse_document(text, "deep.yaml")
    assert time.perf_counter() - started < 1.0
    assert not loaded.ok
    [problem] = loaded.problems
    assert str(problem).startswith("deep.yaml:")
    assert problem.line >= 2
    assert "nested more than 50 levels deep (the limit SOPFLOW_SOURCE_MAX_DEPTH sets)" in str(
        problem
    )


def test_a_ten_megabyte_line_of_brackets_is_scanned_only_as_far_as_the_limit() -> None:
    started = time.perf_counter()
    assert too_deep("a: " + "[" * 10_000_000, 50) == 1
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_every_example_is_well_inside_the_limit(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    assert too_deep(text, 12) is None
    assert read_document(example).ok


@pytest.mark.parametrize(
    "text",
    [
        'detail: "[[[[[[[[[[[[ {{{{{{{{{{ not a collection"\n',
        "detail: '[[[[[[[[[[[[ it''s text [[[[[['\n",
        "detail: |\n  [[[[[[[[[[[[[[\n  {{{{{{{{{{{{{{\nnext: x\n",
        "title: Refund [draft [old [older [oldest\n",
        "note: a [b] # [[[[[[[[[[[[[ a comment\n",
    ],
    ids=["double quoted", "single quoted", "literal block", "plain text", "comment"],
)
def test_brackets_in_text_are_not_nesting(text: str) -> None:
    assert too_deep(text * 20, 5) is None


def test_the_limit_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    example = REPO / "examples" / "refunds" / "SOP-FIN-003-customer-refund.yaml"
    monkeypatch.setenv("SOPFLOW_SOURCE_MAX_DEPTH", "3")
    loaded = read_document(example)
    assert [problem.rule for problem in loaded.problems] == ["syntax"]
    assert "more than 3 levels deep" in loaded.problems[0].message
    assert quick_load(example) is None
    monkeypatch.setenv("SOPFLOW_SOURCE_MAX_DEPTH", "none")
    with pytest.raises(Exception, match="SOPFLOW_SOURCE_MAX_DEPTH: 'none' is not a whole number"):
        read_document(example)
