"""Each BPMN construct other tools write, in a small model of its own, and what the SOP
makes of it: nothing is dropped without a node, a note or a line of the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.formats.bpmn.import_ import Imported, import_bpmn
from sopflow.model import AnyNode, Decision, Handoff, Outcome, Parallel, Step, check_document

HEAD = '<definitions xmlns="{ns}" id="d">'
NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def model(tmp_path: Path, body: str, ns: str = NS) -> Imported:
    """Import a model whose definitions hold `body`; the SOP must be valid."""
    path = tmp_path / "model.bpmn"
    path.write_text(HEAD.format(ns=ns) + body + "</definitions>", encoding="utf-8")
    imported = import_bpmn(path)
    assert check_document(imported.sop) == []
    return imported


def flows(*pairs: str) -> str:
    """Sequence flows from "a>b" or "a>b:label" strings."""
    out = []
    for number, pair in enumerate(pairs):
        ends, _, label = pair.partition(":")
        source, target = ends.split(">")
        name = f' name="{label}"' if label else ""
        out.append(
            f'<sequenceFlow id="f{number}" sourceRef="{source}" targetRef="{target}"{name}/>'
        )
    return "".join(out)


def node(imported: Imported, element: str) -> AnyNode:
    """The SOP node that holds a source element."""
    found = imported.sop.flow.node(imported.placed[element])
    assert found is not None
    return found


def step(imported: Imported, element: str) -> Step:
    """The SOP step that a source element became."""
    found = node(imported, element)
    assert isinstance(found, Step), found
    return found


def test_a_gateway_without_outgoing_children_is_still_a_decision(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><startEvent id="s"/><task id="a" name="Check the claim"/>'
        '<exclusiveGateway id="g" name="Claim valid?"/><task id="pay" name="Pay the claim"/>'
        '<task id="no" name="Reject the claim"/><endEvent id="e1"/><endEvent id="e2"/>'
        + flows("s>a", "a>g", "g>pay:yes", "g>no:no", "pay>e1", "no>e2")
        + "</process>",
    )
    decision = node(imported, "g")
    assert isinstance(decision, Decision)
    assert [(o.label, o.next) for o in decision.options] == [
        ("yes", "pay-the-claim"),
        ("no", "reject-the-claim"),
    ]


def test_several_start_events_are_an_initial_decision(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><startEvent id="s1" name="Letter arrives"/>'
        '<startEvent id="s2" name="Call comes in"/><task id="a" name="Log the request"/>'
        '<task id="b" name="Note the caller"/><endEvent id="e"/>'
        + flows("s1>a", "s2>b", "b>a", "a>e")
        + "</process>",
    )
    start = imported.sop.flow.node(imported.sop.flow.start)
    assert isinstance(start, Decision)
    assert start.question == "How does it start?"
    assert [(o.label, o.next) for o in start.options] == [
        ("Letter arrives", "log-the-request"),
        ("Call comes in", "note-the-caller"),
    ]


def test_a_process_without_start_event_starts_where_nothing_leads_in(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><task id="a" name="Open the mail"/><task id="b" name="Sort it"/>'
        + flows("a>b")
        + "</process>",
    )
    assert imported.sop.flow.start == "open-the-mail"
    assert [s.instruction for s in imported.sop.flow.steps()] == ["Open the mail", "Sort it"]
    assert imported.losses == []


def test_a_sub_process_is_a_step_followed_by_its_inner_flow(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><startEvent id="s"/>'
        '<subProcess id="sub" name="Prepare the order"><startEvent id="is"/>'
        '<task id="pick" name="Pick the items"/><endEvent id="ie" name="Items ready"/>'
        + flows("is>pick", "pick>ie")
        + '</subProcess><task id="ship" name="Ship the order"/><endEvent id="e"/>'
        + flows("s>sub", "sub>ship", "ship>e").replace('id="f', 'id="g')
        + "</process>",
    )
    sub, pick, ship = step(imported, "sub"), step(imported, "pick"), step(imported, "ship")
    assert (sub.next, pick.next) == ("pick-the-items", "ship-the-order")
    assert "End of the sub-process 'Prepare the order': Items ready." in ship.notes
    assert imported.losses == []


def test_an_event_sub_process_runs_beside_the_flow_with_a_note(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><startEvent id="s"/><task id="a" name="Handle the case"/>'
        '<endEvent id="e" name="Case closed"/>'
        + flows("s>a", "a>e")
        + '<subProcess id="ev" name="Answer a complaint" triggeredByEvent="true">'
        '<startEvent id="es" name="Complaint received" isInterrupting="false"/>'
        '<task id="ans" name="Answer the complaint"/><endEvent id="ee"/>'
        + flows("es>ans", "ans>ee").replace('id="f', 'id="g')
        + "</subProcess></process>",
    )
    sub = node(imported, "ev")
    assert isinstance(sub, Step)
    assert sub.notes[0] == (
        "Event sub-process: runs when 'Complaint received' happens during the process, "
        "alongside it (non-interrupting)."
    )
    assert isinstance(node(imported, "ans"), Step)
    assert imported.losses == []


BOUNDARY = (
    '<process id="p"><startEvent id="s"/><task id="a" name="Wait for the payment"/>'
    '<boundaryEvent id="b" name="A week passes" attachedToRef="a" cancelActivity="{cancel}"/>'
    '<task id="r" name="Send a reminder"/><task id="c" name="Confirm the order"/>'
    '<endEvent id="e1"/><endEvent id="e2"/>'
    + flows("s>a", "a>c", "b>r", "c>e1", "r>e2")
    + "</process>"
)


def test_an_interrupting_boundary_event_is_a_decision_after_its_task(tmp_path: Path) -> None:
    imported = model(tmp_path, BOUNDARY.format(cancel="true"))
    wait = node(imported, "a")
    assert isinstance(wait, Step)
    asked = imported.sop.flow.node(wait.next or "")
    assert isinstance(asked, Decision)
    assert asked.question == "Did 'A week passes' happen during 'Wait for the payment'?"
    assert [(o.label, o.next) for o in asked.options] == [
        ("No", "confirm-the-order"),
        ("Yes", "send-a-reminder"),
    ]


def test_a_non_interrupting_boundary_event_is_a_parallel_path(tmp_path: Path) -> None:
    imported = model(tmp_path, BOUNDARY.format(cancel="false"))
    assert not list(imported.sop.flow.decisions())
    wait, confirm, remind = step(imported, "a"), step(imported, "c"), step(imported, "r")
    assert (wait.next, confirm.next) == ("confirm-the-order", "send-a-reminder")
    assert "Also, while 'Wait for the payment' is done: A week passes." in remind.notes


def test_a_message_started_pool_is_joined_through_a_handoff(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<collaboration id="c"><participant id="P1" name="Customer" processRef="p1"/>'
        '<participant id="P2" name="Shop" processRef="p2"/>'
        '<messageFlow id="m" name="Order" sourceRef="send" targetRef="got"/></collaboration>'
        '<process id="p1"><startEvent id="s"/><task id="send" name="Send the order"/>'
        '<endEvent id="e1" name="Order sent"/>'
        + flows("s>send", "send>e1")
        + '</process><process id="p2"><startEvent id="got" name="Order received">'
        '<messageEventDefinition/></startEvent><task id="pack" name="Pack the order"/>'
        '<endEvent id="e2" name="Order packed"/>'
        + flows("got>pack", "pack>e2").replace('id="f', 'id="g')
        + "</process>",
    )
    send = node(imported, "send")
    assert isinstance(send, Step)
    handoff = imported.sop.flow.node(send.next or "")
    assert isinstance(handoff, Handoff)
    assert (handoff.from_role, handoff.to_role, handoff.next) == (
        "customer",
        "shop",
        "pack-the-order",
    )
    assert imported.sop.flow.start == "send-the-order"
    assert {"e1", "e2"} <= set(imported.placed)
    assert imported.losses == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("inclusiveGateway", Decision),
        ("eventBasedGateway", Decision),
        ("parallelGateway", Parallel),
    ],
)
def test_inclusive_event_based_and_parallel_gateways_are_mapped(
    tmp_path: Path, kind: str, expected: type
) -> None:
    imported = model(
        tmp_path,
        f'<process id="p"><startEvent id="s"/><{kind} id="g"/>'
        '<intermediateCatchEvent id="x" name="Goods arrive"/>'
        '<task id="a" name="Store the goods"/>'
        '<intermediateCatchEvent id="y" name="Invoice arrives"/>'
        '<task id="b" name="Book the invoice"/>'
        '<parallelGateway id="j"/><endEvent id="e"/>'
        + flows("s>g", "g>x", "x>a", "g>y", "y>b", "a>j", "b>j", "j>e")
        + "</process>",
    )
    assert isinstance(node(imported, "g"), expected)
    assert imported.losses == []


def test_loop_and_multi_instance_markers_are_notes(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><startEvent id="s"/><task id="a" name="Call the customer">'
        '<standardLoopCharacteristics/></task><task id="b" name="Check each item">'
        '<multiInstanceLoopCharacteristics isSequential="true"/></task><endEvent id="e"/>'
        + flows("s>a", "a>b", "b>e")
        + "</process>",
    )
    call, check = step(imported, "a"), step(imported, "b")
    assert call.notes == ("Repeated until done (a loop in the source model).",)
    assert check.notes == ("Done once for each item, one after another (multi-instance).",)


def test_link_events_join_the_two_halves_of_a_flow(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><startEvent id="s"/><task id="a" name="Fill in the form"/>'
        '<intermediateThrowEvent id="lt" name="To page 2"><linkEventDefinition name="P2"/>'
        '</intermediateThrowEvent><intermediateCatchEvent id="lc" name="From page 1">'
        '<linkEventDefinition name="P2"/></intermediateCatchEvent>'
        '<task id="b" name="Sign the form"/><endEvent id="e"/>'
        + flows("s>a", "a>lt", "lc>b", "b>e")
        + "</process>",
    )
    fill = node(imported, "a")
    assert isinstance(fill, Step)
    assert fill.next == "sign-the-form"
    assert imported.losses == []


@pytest.mark.parametrize(
    "ns", [NS + "/", NS.upper(), f" {NS} ", "http://www.omg.org/spec/bpmn/20100524/model"]
)
def test_namespace_uris_are_compared_leniently(tmp_path: Path, ns: str) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><startEvent id="s"/><task id="a" name="Do it"/><endEvent id="e"/>'
        + flows("s>a", "a>e")
        + "</process>",
        ns=ns,
    )
    assert [s.instruction for s in imported.sop.flow.steps()] == ["Do it"]


def test_a_namespace_name_with_spaces_is_read(tmp_path: Path) -> None:
    path = tmp_path / "spaces.bpmn"
    path.write_text(
        f'<definitions xmlns="{NS}" xmlns:tool="http://tool/My Process" id="d">'
        '<process id="p"><task id="a" name="Do it"/></process></definitions>',
        encoding="utf-8",
    )
    assert [s.instruction for s in import_bpmn(path).sop.flow.steps()] == ["Do it"]


def test_names_in_the_declared_encoding_are_read(tmp_path: Path) -> None:
    path = tmp_path / "latin.bpmn"
    body = (
        f'<?xml version="1.0" encoding="ISO-8859-1"?><definitions xmlns="{NS}" id="d">'
        '<process id="p"><task id="a" name="Rechnung prüfen"/></process></definitions>'
    )
    path.write_bytes(body.encode("iso-8859-1"))
    assert [s.instruction for s in import_bpmn(path).sop.flow.steps()] == ["Rechnung prüfen"]


def test_the_report_has_one_line_per_kind_of_loss(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><startEvent id="s"/><task id="a" name="File it"/><endEvent id="e"/>'
        '<dataObject id="d1" name="Invoice"/><dataObject id="d2" name="Receipt"/>'
        '<dataObject id="d3"/><dataObject id="d4"/>' + flows("s>a", "a>e") + "</process>",
    )
    assert len(imported.losses) == 4
    assert imported.report == [
        "4 × dataObject ('Invoice', 'Receipt', d3 and 1 more): has no place in an SOP flow"
    ]


def test_an_end_reached_through_a_sub_process_is_an_outcome(tmp_path: Path) -> None:
    imported = model(
        tmp_path,
        '<process id="p"><startEvent id="s"/><subProcess id="sub" name="Close the file">'
        '<task id="a" name="Archive the file"/><endEvent id="ie" name="File archived"/>'
        + flows("a>ie")
        + "</subProcess>"
        + flows("s>sub").replace('id="f', 'id="g')
        + "</process>",
    )
    end = node(imported, "ie")
    assert isinstance(end, Outcome)
    assert end.name == "File archived"
