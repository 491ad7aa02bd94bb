"""A library run through a parallel split: the branches with where each stands, taking and
switching them by number, refusals that name the field, and the stats of such runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.errors import InvalidInputError
from sopflow.library.store import Library
from sopflow.library.sync import import_documents, read_sources
from sopflow.services.access import Actor, Role
from sopflow.services.run_records import sop_stats
from sopflow.services.run_views import RunView
from sopflow.services.runs import answer_run, get_run, go_back, start_run

RITA = Actor("rita", "Rita Example", frozenset({Role.READER}))
ARTHUR = Actor("arthur", "Arthur Example", frozenset({Role.AUTHOR}))


@pytest.fixture
def shipping_library(library: Library, shipping_sop: Path) -> Library:
    """The library holding SOP-LOG-009."""
    with library.transaction() as connection:
        import_documents(
            connection, docs=read_sources([shipping_sop]), author="lead", summary="shipping"
        )
    return library


def branches(view: RunView) -> list[tuple[int, str, str]]:
    assert view.parallel is not None
    return [(b.number, b.title, b.state) for b in view.parallel.branches]


def test_a_run_takes_every_branch_by_number_and_sees_where_each_stands(
    shipping_library: Library,
) -> None:
    library = shipping_library
    run_id = start_run(library=library, actor=RITA, code="SOP-LOG-009").run.id

    def answer(node: str, **reply: object) -> RunView:
        return answer_run(library=library, actor=RITA, run_id=run_id, node=node, **reply)  # type: ignore[arg-type]

    at_split = answer("take-order", done=True)
    assert at_split.current is not None
    assert at_split.current.type == "parallel"
    assert at_split.current.options == ("Pack the goods", "Print the invoice and E-mail it")
    assert branches(at_split) == [
        (1, "Pack the goods", "to_do"),
        (2, "Print the invoice and E-mail it", "to_do"),
    ]
    packing = answer("split", branch=1)
    assert packing.current is not None
    assert packing.current.node == "fragile"
    assert branches(packing) == [
        (1, "Pack the goods", "current"),
        (2, "Print the invoice and E-mail it", "to_do"),
    ]
    assert {"print", "mail", "file", "pad", "pack", "ship"} <= {n.node for n in packing.ahead}
    padding = answer("fragile", option="Yes")
    switched = answer("pad", branch=2)  # leave packing at 'pad' for the invoice
    assert switched.current is not None
    assert switched.current.node == "invoice"
    assert switched.parallel is not None
    assert switched.parallel.node == "invoice"
    answer("invoice", branch=1)
    answer("print", done=True)
    answer("invoice", branch=2)
    answer("mail", done=True)
    back_at_split = answer("file", done=True)
    assert back_at_split.parallel is not None
    packing_left = back_at_split.parallel.branches[0]
    assert (packing_left.state, packing_left.next_text) == ("started", "Pad the box")
    assert [b.number for b in back_at_split.parallel.open] == [1]
    assert padding.back_to == "fragile"
    answer("split", branch=1)
    answer("pad", done=True)
    at_ship = answer("pack", done=True)
    assert at_ship.current is not None
    assert at_ship.current.node == "ship"
    assert at_ship.parallel is None
    finished = answer("ship", option="Yes")
    assert finished.run.outcome == "shipped"
    walked = [entry.node for entry in finished.path]
    assert walked.count("split") == 3  # the split, and back there after each branch left
    stats = sop_stats(library=library, actor=ARTHUR, code="SOP-LOG-009").stats
    assert (stats.runs, stats.finished) == (1, 1)
    assert stats.outcomes == {"shipped": 1}


def test_a_branch_that_cannot_be_taken_names_the_field(shipping_library: Library) -> None:
    library = shipping_library
    run_id = start_run(library=library, actor=RITA, code="SOP-LOG-009").run.id
    answer_run(library=library, actor=RITA, run_id=run_id, node="take-order", done=True)
    cases = [
        ({"node": "split", "done": True}, "branch", "take one of its branches: 1 (Pack the goods)"),
        ({"node": "split", "option": "Yes"}, "branch", "'split' is a parallel"),
        ({"node": "split", "branch": 3}, "branch", "has branches 1 to 2, not 3"),
        ({"node": "split", "branch": 1, "done": True}, "done", "not both"),
    ]
    for arguments, field, message in cases:
        with pytest.raises(
            InvalidInputError, match=message.replace("(", r"\(").replace(")", r"\)")
        ) as error:
            answer_run(library=library, actor=RITA, run_id=run_id, **arguments)  # type: ignore[arg-type]
        assert error.value.field == field, arguments
    answer_run(library=library, actor=RITA, run_id=run_id, node="split", branch=1)
    back = go_back(library=library, actor=RITA, run_id=run_id)
    assert back.current is not None
    assert back.current.node == "split"
    assert branches(back)[0][2] == "to_do"
    run = get_run(library=library, actor=RITA, run_id=run_id).run
    assert [t.kind for t in run.history][-2:] == ["branch", "back"]
