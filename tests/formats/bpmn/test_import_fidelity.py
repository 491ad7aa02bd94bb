"""Small models of the shapes other tools' exports take that the import used to lose or
refuse (tests/fixtures/bpmn/fidelity): each keeps every task, gateway and end event as a
node or a note, and the SOP is valid."""

from __future__ import annotations

from pathlib import Path

from sopflow.formats.bpmn.import_ import Imported, import_bpmn
from sopflow.model import AnyNode, Decision, Handoff, Outcome, Parallel, Step, check_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bpmn" / "fidelity"
COUNTED = ("task", "serviceTask", "subProcess", "Gateway", "endEvent")


def load(name: str) -> Imported:
    """Import a fixture; its SOP must be valid and hold every counted element."""
    imported = import_bpmn(FIXTURES / name)
    assert check_document(imported.sop) == []
    nodes = {node.id for node in imported.sop.flow.nodes}
    counted = [e for e, kind in imported.kinds.items() if kind.endswith(COUNTED)]
    assert [e for e in counted if imported.placed.get(e) not in nodes] == []
    return imported


def node(imported: Imported, element: str) -> AnyNode:
    """The SOP node that holds a source element."""
    found = imported.sop.flow.node(imported.placed[element])
    assert found is not None
    return found


def said(imported: Imported) -> str:
    """Every note, detail and description of the SOP, on one string."""
    parts: list[str] = []
    for item in imported.sop.flow.nodes:
        if isinstance(item, Step):
            parts += item.notes
        elif isinstance(item, Decision):
            parts += item.detail.values()
        elif isinstance(item, Outcome) and item.description:
            parts.append(item.description)
    return "\n".join(parts)


def test_a_parallel_path_that_stops_at_a_task_leads_on_to_the_next() -> None:
    imported = load("dead-end-path.bpmn")
    filed = node(imported, "file")
    assert isinstance(filed, Step)
    assert filed.next == imported.placed["pack"]
    pack = node(imported, "pack")
    assert isinstance(pack, Step)
    assert "stops after 'File a copy of the order'" in " ".join(pack.notes)
    assert isinstance(node(imported, "shipped"), Outcome)


def test_end_names_survive_when_the_paths_that_end_are_put_in_order() -> None:
    imported = load("ends-after-a-stray-path.bpmn")
    text = said(imported)
    assert "The customer has been told in writing that the account is closed" in text
    assert "The bank has been told to stop all payments" in text
    assert isinstance(node(imported, "archive"), Step)


def test_event_definitions_named_by_reference_are_read() -> None:
    imported = load("shared-event-definitions.bpmn")
    charge = node(imported, "charge")
    assert isinstance(charge, Step)
    assert "To undo it when asked (compensation): Refund the charge." in charge.notes
    assert imported.placed["refund"] == charge.id
    assert imported.losses == []


def test_a_compensation_throw_runs_the_handler_it_names_as_a_step() -> None:
    imported = load("compensation-throw.bpmn")
    paid = node(imported, "paid")
    assert isinstance(paid, Decision)
    no = next(option for option in paid.options if option.label == "no")
    release = node(imported, "release")
    assert isinstance(release, Step)
    assert no.next == release.id
    assert release.instruction == "Release the room"
    cancelled = node(imported, "cancelled")
    assert release.next == cancelled.id


def test_a_compensation_task_tied_to_nothing_is_a_note_and_a_report_line() -> None:
    imported = load("compensation-untied.bpmn")
    book = node(imported, "book")
    assert isinstance(book, Step)
    assert any("'Cancel the flight'" in note for note in book.notes)
    assert [(loss.kind, loss.element) for loss in imported.losses] == [("task", "unbook")]
    assert "kept as a note on 'Book the trip'" in imported.report[0]


def test_a_message_end_event_hands_over_before_it_ends() -> None:
    imported = load("message-end-in-parallel.bpmn")
    split = node(imported, "split")
    assert isinstance(split, Parallel)
    (handoff,) = [n for n in imported.sop.flow.nodes if isinstance(n, Handoff)]
    assert (handoff.from_role, handoff.to_role) == ("shop", "buyer")
    assert handoff.transfers == ("Invoice",)
    approve = node(imported, "approve")
    assert isinstance(approve, Step)
    assert approve.next == handoff.id
    # the converging gateway crossed on the way to the handoff is named after it
    assert "'Invoice ready'" in said(imported)
    assert imported.placed["sent"] == split.join


def test_parallel_paths_that_are_only_message_ends_are_steps_that_send() -> None:
    imported = load("parallel-message-ends.bpmn")
    split = node(imported, "tell")
    assert isinstance(split, Parallel)
    sends = [node(imported, e) for e in ("customer", "billing")]
    assert [s.instruction for s in sends if isinstance(s, Step)] == [
        "Send the message: Customer informed",
        "Send the message: Billing informed",
    ]
    assert [b.next for b in split.branches] == [s.id for s in sends]
    end = imported.sop.flow.node(split.join)
    assert isinstance(end, Outcome)
    assert end.name == "Customer informed and Billing informed"


def test_a_boundary_event_that_flows_lead_into_is_a_wait_not_a_loop() -> None:
    imported = load("boundary-with-incoming.bpmn")
    inspect = node(imported, "inspect")
    assert isinstance(inspect, Step)
    assert "Wait for: Photos received" in inspect.notes
    assert inspect.next == imported.placed["settle"]


def test_a_parallel_path_that_can_end_early_goes_on_to_the_join() -> None:
    imported = load("parallel-path-ends-early.bpmn")
    split = node(imported, "split")
    assert isinstance(split, Parallel)
    assert split.join == imported.placed["sign"]
    report = node(imported, "report")
    assert isinstance(report, Step)
    assert report.next == split.join
    assert "ends here at 'Shortfall reported'" in " ".join(report.notes)


def test_a_flow_into_a_parallel_path_from_outside_gets_its_own_copy() -> None:
    imported = load("parallel-path-entered.bpmn")
    split = node(imported, "split")
    assert isinstance(split, Parallel)
    interview = node(imported, "interview")
    assert [b.next for b in split.branches] == [imported.placed["references"], interview.id]
    internal = node(imported, "internal")
    assert isinstance(internal, Decision)
    yes = next(option for option in internal.options if option.label == "yes")
    copy = imported.sop.flow.node(yes.next)
    assert isinstance(copy, Step)
    assert copy.id != interview.id
    assert copy.instruction == "Hold the interview"
    assert any("repeated here" in note for note in copy.notes)
    score = imported.sop.flow.node(copy.next or "")
    assert isinstance(score, Step)
    assert score.instruction == "Score the interview"
    assert score.next == split.join


def test_a_parallel_path_that_skips_the_join_to_an_end_meets_the_others() -> None:
    imported = load("parallel-path-skips-join.bpmn")
    split = node(imported, "split")
    assert isinstance(split, Parallel)
    assert len(split.branches) == 3
    assert split.join == imported.placed["moved"]
    post = node(imported, "post")
    assert isinstance(post, Step)
    assert post.next == split.join
    assert "ends here at 'Moved out'" in " ".join(post.notes)
