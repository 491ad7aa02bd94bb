from __future__ import annotations

from sopflow.capture.progress import Progress, current_report, no_progress, reporting


def test_fraction_is_bounded_and_unknown_without_a_total() -> None:
    assert Progress("transcribe", 30, 120).fraction == 0.25
    assert Progress("transcribe", 130, 120).fraction == 1.0
    assert Progress("transcribe", 5).fraction is None


def test_reporting_sets_the_report_for_the_block_only() -> None:
    seen: list[Progress] = []
    assert current_report() is no_progress
    with reporting(seen.append):
        current_report()(Progress("decode", 1, 2))
    assert current_report() is no_progress
    assert seen == [Progress("decode", 1, 2)]
