"""Every parser, fed seeded malformed copies of the examples and fixtures (bench/fuzz_parsers.py):
each case is a clean error naming the input or an accepted input, never a traceback, and
none runs past its time bound. A fixed budget of cases per parser keeps the run to about a
minute; `python -m bench.fuzz_parsers --cases N` runs more, with 100 KB repeats too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]

BUDGET = {
    "text": 25,
    "webvtt": 25,
    "srt": 25,
    "events": 25,
    "yaml": 60,
    "bpmn": 60,
    "upload": 40,
}
"""Cases per parser: the capture targets structure and draft each case, so they get fewer."""

BOUND = 20.0
"""Seconds one case may take on a loaded two-core machine; the slowest take about one."""

REPEATS = (2, 50)
"""Runs repeated at most 50 times here: 100 KB inputs are the limit tests' part
(tests/capture/test_limits.py, tests/capture/structure/test_sentences.py)."""


@pytest.fixture(scope="module")
def fuzzing() -> Iterator[ModuleType]:
    """bench/fuzz_parsers.py (the benchmarks are run from the repository, not installed)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(REPO))
        import bench.fuzz_parsers

        yield bench.fuzz_parsers
        bench.fuzz_parsers.stop_uploads()


def test_every_parser_has_a_budget(fuzzing: ModuleType) -> None:
    assert [target.name for target in fuzzing.TARGETS] == list(BUDGET)


@pytest.mark.parametrize("name", list(BUDGET))
def test_malformed_input_gives_a_clean_error_in_bounded_time(
    name: str, fuzzing: ModuleType
) -> None:
    target = next(target for target in fuzzing.TARGETS if target.name == name)
    tally = fuzzing.fuzz(target, BUDGET[name], seed=1, bound=BOUND, repeats=REPEATS)
    assert tally.cases == BUDGET[name]
    assert tally.tracebacks == {}
    assert [round(seconds, 1) for seconds, _ in tally.slow] == []
    assert tally.clean + tally.accepted == tally.cases
    assert tally.clean > 0  # the mutations do reach the parser's checks
