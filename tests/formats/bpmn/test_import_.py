from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from sopflow.errors import SopflowError
from sopflow.formats.bpmn.import_ import GATEWAYS, TASKS, Imported, import_bpmn
from sopflow.model import Decision, Handoff, Outcome, Parallel, Sop, Step, check_document


def _source_counts(path: Path) -> tuple[int, int, int]:
    tags = Counter(
        etree.QName(e).localname for e in etree.parse(str(path)).iter() if isinstance(e.tag, str)
    )
    return sum(tags[t] for t in TASKS), sum(tags[g] for g in GATEWAYS), tags["lane"]


def _result_counts(imported: Imported) -> tuple[int, int, int]:
    return imported.count(TASKS), imported.count(GATEWAYS), len(imported.lanes)


@pytest.fixture
def shop(bpmn_fixtures: Path) -> Imported:
    return import_bpmn(bpmn_fixtures / "two-pools.bpmn", "SOP-SHOP-001")


def _node(sop: Sop, node_id: str) -> object:
    node = sop.flow.node(node_id)
    assert node is not None, node_id
    return node


def test_lanes_and_pools_become_roles(shop: Imported) -> None:
    assert [role.name for role in shop.sop.roles] == ["Customer", "Sales", "Warehouse"]
    assert shop.lanes == {"L_sales": "sales", "L_store": "warehouse"}


def test_gateways_become_decisions_named_by_flow_names_or_conditions(shop: Imported) -> None:
    decision = _node(shop.sop, "is-the-book-in-stock")
    assert isinstance(decision, Decision)
    assert [o.label for o in decision.options] == ["Yes", "not in stock"]


def test_a_parallel_split_that_meets_again_becomes_a_parallel_node(shop: Imported) -> None:
    split = _node(shop.sop, "in-parallel")
    assert isinstance(split, Parallel)
    assert [branch.next for branch in split.branches] == ["pack-the-book", "write-the-invoice"]
    assert split.join == "ship-the-parcel"
    assert (split.role, shop.placed["split"], shop.placed["join"]) == (
        "warehouse",
        "in-parallel",
        "ship-the-parcel",
    )
    ship = _node(shop.sop, "ship-the-parcel")
    assert isinstance(ship, Step)
    assert not any("paths meet" in note for note in ship.notes)


UNJOINED = """\
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p" name="Close the month">
    <bpmn:startEvent id="s" />
    <bpmn:parallelGateway id="split" />
    <bpmn:task id="report" name="Send the report" />
    <bpmn:task id="archive" name="Archive the receipts" />
    <bpmn:endEvent id="sent" name="Report sent" />
    <bpmn:endEvent id="archived" name="Receipts archived" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="split" />
    <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="report" />
    <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="archive" />
    <bpmn:sequenceFlow id="f4" sourceRef="report" targetRef="sent" />
    <bpmn:sequenceFlow id="f5" sourceRef="archive" targetRef="archived" />
  </bpmn:process>
</bpmn:definitions>
"""


def test_parallel_paths_that_never_meet_meet_at_one_end_naming_theirs(tmp_path: Path) -> None:
    path = tmp_path / "unjoined.bpmn"
    path.write_text(UNJOINED, encoding="utf-8")
    imported = import_bpmn(path)
    sop = imported.sop
    assert check_document(sop) == []
    (split,) = sop.flow.parallels()
    assert [branch.next for branch in split.branches] == ["send-the-report", "archive-the-receipts"]
    end = _node(sop, split.join)
    assert isinstance(end, Outcome)
    assert end.name == "Report sent and Receipts archived"
    assert (
        end.description == "In the source model the paths end: 'Report sent'; 'Receipts archived'."
    )
    assert imported.placed["sent"] == imported.placed["archived"] == split.join
    assert imported.losses == []


def test_message_flows_between_pools_become_handoffs(shop: Imported) -> None:
    handoffs = [n for n in shop.sop.flow.nodes if isinstance(n, Handoff)]
    assert [(h.from_role, h.to_role, h.transfers) for h in handoffs] == [
        ("customer", "sales", ("Order",)),
        ("warehouse", "customer", ("Parcel",)),
    ]


def test_call_activities_are_references_and_annotations_notes(shop: Imported) -> None:
    call = _node(shop.sop, "order-from-the-publisher")
    assert isinstance(call, Step)
    assert call.reference == "SOP-BUY-002"
    place = _node(shop.sop, "place-the-order")
    assert isinstance(place, Step)
    assert "Use the gift voucher if there is one" in place.notes


def test_what_cannot_be_mapped_is_listed_not_dropped(shop: Imported) -> None:
    assert shop.unmapped == ["dataStoreReference stock_db 'Stock': has no place in an SOP flow"]
    assert shop.report == ["1 × dataStoreReference ('Stock'): has no place in an SOP flow"]


def test_the_end_of_a_parallel_path_is_a_note_where_the_next_path_starts(shop: Imported) -> None:
    read = _node(shop.sop, "read-the-book")
    assert isinstance(read, Step)
    assert "Source model: the parallel path before this one ends at 'Shipped'." in read.notes
    assert shop.placed["shipped"] == "read-the-book"


def test_the_import_is_a_valid_sop_with_every_task(shop: Imported, bpmn_fixtures: Path) -> None:
    assert check_document(shop.sop) == []
    assert _result_counts(shop) == _source_counts(bpmn_fixtures / "two-pools.bpmn")


def test_a_file_that_is_not_bpmn_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "note.bpmn"
    path.write_text("<note><to>Tove</to></note>")
    with pytest.raises(SopflowError, match=r"note\.bpmn: the root element is not BPMN 2\.0"):
        import_bpmn(path)


def test_every_real_model_imports_with_matching_counts(eval_dir: Path) -> None:
    models = sorted((eval_dir / "friedrich" / "Models").glob("*.bpmn"))
    assert len(models) >= 28
    for model in models:
        imported = import_bpmn(model)
        assert check_document(imported.sop) == [], model.name
        assert _result_counts(imported) == _source_counts(model), model.name
