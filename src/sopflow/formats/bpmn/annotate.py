"""What an exported document carries beyond the BPMN structure, so that it imports back
equal: `<documentation>` for the text a modeller reads in another tool (a step's detail, an
outcome's description), sopflow extension elements for every field BPMN has no place for,
and the task type that says who does a step (a system's steps are service tasks).

The structure (names, lanes, flows, called elements) stays what a re-import reads first;
`sopflow.formats.bpmn.restore` puts the carried fields back on what it built.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from sopflow.formats.bpmn.carry import carry, data, document_
from sopflow.formats.bpmn.names import BPMN, tag
from sopflow.model import (
    AnyDocument,
    AnyNode,
    Decision,
    Handoff,
    Outcome,
    Parallel,
    Policy,
    Sop,
    Step,
    Workflow,
    WorkInstruction,
)

STRUCTURE: dict[str, set[str]] = {
    "step": {"type", "id", "next", "role", "reference"},
    "decision": {"type", "id", "role", "options"},
    "parallel": {"type", "id", "role", "branches", "join"},
    "handoff": {"type", "id", "next", "from_role", "to_role", "transfers"},
    "outcome": {"type", "id"},
}
"""The fields of each node type the BPMN structure holds: flows, lanes, called elements."""

DOCUMENT_STRUCTURE = {"roles", "flow", "steps", "stages", "implemented_by"}
"""Held by the structure: lanes, flow nodes and flows, the call activities of a policy."""

TASKS = {"person": "userTask", "team": "userTask", "system": "serviceTask"}
"""The task type of a step by the kind of its role: a person or a team does the work in the
runner's task list (a user task), a system does it by itself (a service task)."""


def annotate(root: etree._Element, document: AnyDocument) -> None:
    """Add what BPMN has no place for to the exported definitions of an SOP or a WI."""
    process = root.find(tag(BPMN, "process"))
    if process is None:
        return
    fields = data(document, DOCUMENT_STRUCTURE)
    fields["kind"] = document.kind
    if isinstance(document, Workflow | Policy):
        carry(process, "document", fields)
        if isinstance(document, Workflow):
            _workflow(process, document)
        return
    if isinstance(document, Sop):
        fields["order"] = [node.id for node in document.flow.nodes]
        if document.flow.provenance:
            fields["flow"] = data(document.flow, {"start", "nodes"})
        if not document.roles:
            fields["roles"] = []
    carry(process, "document", fields)
    if isinstance(document, Sop):
        _sop(process, document)
    else:
        _wi(process, document)


def _by_ref(process: etree._Element, prefix: str) -> dict[str, etree._Element]:
    return {
        (element.get("id") or "").removeprefix(prefix): element
        for element in process.iter()
        if (element.get("id") or "").startswith(prefix)
    }


def _sop(process: etree._Element, sop: Sop) -> None:
    lanes = _by_ref(process, "Lane_")
    for role in sop.roles:
        lane = lanes.get(role.id)
        if lane is not None:
            carry(lane, "role", data(role, {"id", "kind"}))
    kinds = {role.id: role.kind for role in sop.roles}
    elements = _by_ref(process, "Node_")
    for node in sop.flow.nodes:
        element = elements.get(node.id)
        if element is None:
            continue
        text = _documentation(node)
        if text:
            document_(element, text)
        carry(element, "node", _node_fields(node))
        if isinstance(node, Step) and not node.reference and node.role in kinds:
            element.tag = tag(BPMN, TASKS[kinds[node.role]])


def _node_fields(node: AnyNode) -> dict[str, Any]:
    fields = data(node, STRUCTURE[node.type])
    if isinstance(node, Step | Decision | Parallel):
        fields["role"] = node.role
    if isinstance(node, Decision):
        fields["options"] = [data(option, {"next"}) for option in node.options]
    if isinstance(node, Parallel):
        fields["branches"] = [data(branch, {"next"}) for branch in node.branches]
    return fields


def _documentation(node: AnyNode) -> str | None:
    """The text a modeller reads on the element in another tool."""
    if isinstance(node, Step | Decision) and node.detail:
        return "\n\n".join(node.detail.values())
    if isinstance(node, Outcome):
        return node.description
    if isinstance(node, Handoff):
        return node.channel
    return None


def _wi(process: etree._Element, wi: WorkInstruction) -> None:
    """A WI's actions are user tasks when it names the system they are done in, manual
    tasks (done by hand, in no software) when it does not."""
    elements = _by_ref(process, "Node_")
    for number, step in enumerate(wi.steps, 1):
        element = elements.get(f"step-{number}")
        if element is None:
            continue
        if step.detail:
            document_(element, step.detail)
        carry(element, "step", data(step))
        element.tag = tag(BPMN, "userTask" if wi.system else "manualTask")


def _workflow(process: etree._Element, workflow: Workflow) -> None:
    """A stage's performer, handover and provenance; a system's stages are service tasks."""
    elements = _by_ref(process, "Node_")
    for stage in workflow.stages:
        element = elements.get(stage.id)
        if element is None:
            continue
        if stage.handover:
            document_(element, stage.handover)
        carry(element, "stage", data(stage, {"id", "sop", "next"}))
        if not stage.sop:
            element.tag = tag(BPMN, TASKS[stage.performer.kind])


__all__ = ["annotate"]
