"""SOP → BPMN → SOP (and the same for a WI, a workflow, a policy) gives back the same
document, every field."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from sopflow.formats.bpmn.export import export
from sopflow.formats.bpmn.import_ import import_bpmn
from sopflow.formats.bpmn.names import NAMESPACES
from sopflow.formats.yaml_source import read_documents
from sopflow.model import (
    AnyDocument,
    Policy,
    Provenance,
    Role,
    Sop,
    Step,
    Workflow,
    WorkInstruction,
    check_document,
)

TESTS = Path(__file__).resolve().parents[2]
SOURCES = [
    TESTS.parent / "examples",
    TESTS / "fixtures" / "captured",
    TESTS / "fixtures" / "parallel",
    TESTS / "fixtures" / "merges",
]
DOCUMENTS = {
    loaded.document.code: loaded.document
    for loaded in read_documents(SOURCES)
    if loaded.document is not None
}


def _again(document: AnyDocument, folder: Path) -> AnyDocument:
    path = folder / f"{document.code}.bpmn"
    path.write_bytes(export(document))
    return import_bpmn(path).result


@pytest.mark.parametrize("code", sorted(DOCUMENTS))
def test_every_example_and_captured_draft_comes_back_equal(code: str, tmp_path: Path) -> None:
    document = DOCUMENTS[code]
    assert _again(document, tmp_path) == document


def test_the_documents_round_tripped_use_the_fields_bpmn_has_no_place_for() -> None:
    sops = [d for d in DOCUMENTS.values() if isinstance(d, Sop)]
    steps = [s for sop in sops for s in sop.flow.steps()]
    assert any(not s.mandatory for s in steps)
    assert all(any(getattr(s, field) for s in steps) for field in ("detail", "warnings"))
    assert any(s.expected_result for s in steps)
    assert any(h.channel for sop in sops for h in sop.flow.handoffs())
    assert any(o.description for sop in sops for o in sop.flow.outcomes())
    assert any(s.owner and s.purpose and s.scope and s.records for s in sops)
    assert any(s.definitions and any(r.responsibilities for r in s.roles) for s in sops)
    assert any(s.flow.parallels() for s in sops)
    assert any(n.provenance and n.provenance.time for s in sops for n in s.flow.nodes)
    wis = [d for d in DOCUMENTS.values() if isinstance(d, WorkInstruction)]
    assert any(w.system and w.prerequisites and w.steps[0].target for w in wis)


def test_a_system_role_external_codes_and_no_provenance_survive(
    refund: Sop, tmp_path: Path
) -> None:
    system = Role(
        id="payments",
        name="Payment  service",
        kind="system",
        responsibilities=("Pays out",),
        provenance=Provenance(source="call.vtt", time=(1.5, 2.0), supported=False),
    )
    first = next(refund.flow.steps())
    moved = first.model_copy(update={"role": "payments", "notes": ("Side remark",)})
    nodes = tuple(moved if n.id == first.id else n for n in refund.flow.nodes)
    sop = refund.model_copy(
        update={
            "roles": (*refund.roles, system),
            "external": ("EXT-ISO-9001",),
            "audiences": ("expert",),
            "review_interval_months": 6,
            "flow": refund.flow.model_copy(update={"nodes": nodes}),
        }
    )
    assert check_document(sop) == []
    assert _again(sop, tmp_path) == sop


def test_task_types_follow_the_kind_of_who_does_the_step(refund: Sop) -> None:
    system = Role(id="billing", name="Billing", kind="system")
    roles = tuple(system if r.id == "billing" else r for r in refund.roles)
    tree = etree.fromstring(export(refund.model_copy(update={"roles": roles})))
    services = [e.get("name") for e in tree.iterfind(".//bpmn:serviceTask", NAMESPACES)]
    billing = [
        s.instruction for s in refund.flow.steps() if s.role == "billing" and not s.reference
    ]
    assert services == billing != []
    assert len(tree.findall(".//bpmn:userTask", NAMESPACES)) == 6 - len(billing)


def test_a_wi_is_a_linear_process_of_user_or_manual_tasks_and_comes_back_a_wi(
    library: dict[str, AnyDocument], tmp_path: Path
) -> None:
    wi = library["WI-PAY-003"]
    assert isinstance(wi, WorkInstruction)
    assert wi.system
    tree = etree.fromstring(export(wi))
    assert [t.get("name") for t in tree.iterfind(".//bpmn:userTask", NAMESPACES)] == [
        s.action for s in wi.steps
    ]
    by_hand = wi.model_copy(update={"system": None})
    tree = etree.fromstring(export(by_hand))
    assert len(tree.findall(".//bpmn:manualTask", NAMESPACES)) == len(wi.steps)
    back = _again(by_hand, tmp_path)
    assert isinstance(back, WorkInstruction)
    assert back.code == "WI-PAY-003"
    assert back == by_hand


def test_detail_and_descriptions_are_documentation_other_tools_show(refund: Sop) -> None:
    tree = etree.fromstring(export(refund))
    first = next(refund.flow.steps())
    element = tree.find(f".//*[@id='Node_{first.id}']")
    assert element is not None
    assert element.findtext("bpmn:documentation", namespaces=NAMESPACES) == first.detail["novice"]
    ends = {o.id: o for o in refund.flow.outcomes()}
    described = next(o for o in ends.values() if o.description)
    end = tree.find(f".//bpmn:endEvent[@id='Node_{described.id}']", NAMESPACES)
    assert end is not None
    assert end.findtext("bpmn:documentation", namespaces=NAMESPACES) == described.description


def test_what_a_modeller_changed_wins_and_the_rest_is_kept(refund: Sop, tmp_path: Path) -> None:
    tree = etree.fromstring(export(refund))
    first = next(refund.flow.steps())
    task = tree.find(f".//*[@id='Node_{first.id}']")
    assert task is not None
    task.set("name", "Log the request in the new helpdesk")
    refs = {ref.text: ref for ref in tree.iterfind(".//bpmn:flowNodeRef", NAMESPACES)}
    lane = tree.find(".//bpmn:lane[@id='Lane_team-lead']", NAMESPACES)
    assert lane is not None
    lane.append(refs[f"Node_{first.id}"])
    path = tmp_path / "edited.bpmn"
    path.write_bytes(etree.tostring(tree))
    back = import_bpmn(path).result
    assert isinstance(back, Sop)
    again = back.flow.node(first.id)
    assert isinstance(again, Step)
    assert again.instruction == "Log the request in the new helpdesk"
    assert (first.role, again.role) == ("support-agent", "team-lead")
    assert again.detail == first.detail
    assert again.expected_result == first.expected_result
    assert back.owner == refund.owner
    assert back.records == refund.records


def test_a_foreign_model_with_no_sopflow_fields_imports_as_before(bpmn_fixtures: Path) -> None:
    imported = import_bpmn(bpmn_fixtures / "two-pools.bpmn")
    assert imported.result is imported.sop
    first = imported.sop.flow.nodes[0]
    assert first.provenance is not None
    assert (first.provenance.source or "").startswith("two-pools.bpmn#")


def test_a_workflow_and_a_policy_come_back_as_themselves(
    library: dict[str, AnyDocument], tmp_path: Path
) -> None:
    workflow, policy = library["WF-FIN-001"], library["POL-FIN-001"]
    assert isinstance(workflow, Workflow)
    assert isinstance(policy, Policy)
    assert _again(workflow, tmp_path) == workflow
    assert _again(policy, tmp_path) == policy
    path = tmp_path / f"{workflow.code}.bpmn"
    assert import_bpmn(path, "WF-FIN-009").result == workflow.model_copy(
        update={"code": "WF-FIN-009"}
    )
    tree = etree.fromstring(export(workflow))
    system = [s.name for s in workflow.stages if s.performer.kind == "system"]
    assert [t.get("name") for t in tree.iterfind(".//bpmn:serviceTask", NAMESPACES)] == system


def test_mangled_sopflow_fields_fall_back_to_the_model_as_drawn(
    refund: Sop, tmp_path: Path
) -> None:
    path = tmp_path / "mangled.bpmn"
    for field, kind in (("owner", "map"), ("flow", None), ("mandatory", "list")):
        tree = etree.fromstring(export(refund))
        found = tree.find(f".//sopflow:{field}", NAMESPACES)
        if found is None:  # put it into the document's fields
            document = tree.find(".//sopflow:document", NAMESPACES)
            assert document is not None
            found = etree.SubElement(document, f"{{{NAMESPACES['sopflow']}}}{field}")
        found.text = "x"
        if kind:
            found.set("type", kind)
            etree.SubElement(found, f"{{{NAMESPACES['sopflow']}}}item").text = "1"
        path.write_bytes(etree.tostring(tree))
        imported = import_bpmn(path)
        assert imported.result is imported.sop, field
        assert imported.result.code == "SOP-FIN-003", field
        assert check_document(imported.result) == [], field
        assert any(
            "carried fields do not fit" in line and "the model is imported as drawn" in line
            for line in imported.report
        ), (field, imported.report)


def test_a_wi_rewired_out_of_line_comes_in_as_an_sop_and_says_so(
    library: dict[str, AnyDocument], tmp_path: Path
) -> None:
    tree = etree.fromstring(export(library["WI-PAY-003"]))
    flow = tree.find(".//bpmn:sequenceFlow[@sourceRef='Node_step-1']", NAMESPACES)
    process = tree.find("bpmn:process", NAMESPACES)
    assert flow is not None
    assert process is not None
    flow.set("targetRef", "Gateway_1")
    bpmn = NAMESPACES["bpmn"]
    etree.SubElement(process, f"{{{bpmn}}}exclusiveGateway", id="Gateway_1", name="Refundable?")
    for number, target in enumerate(("Node_step-2", "Node_done"), 1):
        etree.SubElement(
            process,
            f"{{{bpmn}}}sequenceFlow",
            id=f"Flow_g{number}",
            sourceRef="Gateway_1",
            targetRef=target,
        )
    path = tmp_path / "rewired.bpmn"
    path.write_bytes(etree.tostring(tree))
    imported = import_bpmn(path)
    assert isinstance(imported.result, Sop)
    assert "the wi is no longer linear; the model is imported as drawn" in "\n".join(
        imported.report
    )
