"""The code counter: per kind and area, no gaps, no duplicates, also across processes."""

from __future__ import annotations

import multiprocessing

from sopflow.library.codes import allocate_code, reserve_code
from sopflow.library.store import Library, open_library


def test_codes_count_up_per_kind_and_area(library: Library) -> None:
    with library.transaction() as connection:
        made = [allocate_code(connection, kind="sop", area="FIN") for _ in range(3)]
        made.append(allocate_code(connection, kind="wi", area="FIN"))
        made.append(allocate_code(connection, kind="sop", area="HR"))
    assert made == ["SOP-FIN-001", "SOP-FIN-002", "SOP-FIN-003", "WI-FIN-001", "SOP-HR-001"]


def test_a_reserved_code_is_never_handed_out(library: Library) -> None:
    with library.transaction() as connection:
        reserve_code(connection, code="SOP-FIN-007")
        reserve_code(connection, code="SOP-FIN-002")  # lower: the counter does not go back
        assert allocate_code(connection, kind="sop", area="FIN") == "SOP-FIN-008"


def test_a_rolled_back_allocation_leaves_no_gap(library: Library) -> None:
    try:
        with library.transaction() as connection:
            allocate_code(connection, kind="sop", area="FIN")
            raise RuntimeError("the save failed after the code was allocated")
    except RuntimeError:
        pass
    with library.transaction() as connection:
        assert allocate_code(connection, kind="sop", area="FIN") == "SOP-FIN-001"


def _allocate_many(url: str, count: int) -> list[str]:
    """In a separate process: one transaction per code, as concurrent users would."""
    codes = []
    with open_library(url, create=False) as library:
        for _ in range(count):
            with library.transaction() as connection:
                codes.append(allocate_code(connection, kind="wi", area="PAY"))
    return codes


def test_concurrent_processes_get_distinct_codes_without_gaps(library_url: str) -> None:
    open_library(library_url, create=True).close()
    processes, each = 4, 15
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.starmap(_allocate_many, [(library_url, each)] * processes)
    codes = [code for result in results for code in result]
    assert len(codes) == len(set(codes)) == processes * each
    assert sorted(codes) == [f"WI-PAY-{n:03d}" for n in range(1, processes * each + 1)]
