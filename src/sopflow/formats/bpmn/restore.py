"""A sopflow export read back: the fields `sopflow.formats.bpmn.annotate` carried, put back on
the SOP the import built from the BPMN structure, or the WI the linear process was (a
workflow's stages and a policy's implementing documents are read from the elements and flows
that carry them).

The structure wins where a modeller changed it in another tool: a renamed task keeps its
new name, a task moved to another lane its new role, rewired flows their new targets. A
carried value is used where the structure still says what the export wrote from it (a name
equal once spaces are collapsed, the first lane for a step with no role). Elements a
modeller added carry nothing and come in as any imported element does.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pydantic import ValidationError

from sopflow.formats.bpmn.carry import carried
from sopflow.formats.bpmn.names import BPMN, SOPFLOW, tag
from sopflow.formats.bpmn.report import Loss
from sopflow.formats.bpmn.wiring import name_of
from sopflow.model import (
    AnyDocument,
    AnyNode,
    Decision,
    Flow,
    Outcome,
    Parallel,
    Policy,
    Role,
    Sop,
    Stage,
    Step,
    WiStep,
    Workflow,
    WorkInstruction,
)

NAMES = {"step": "instruction", "decision": "question", "outcome": "name"}
"""The field of each node type that the element's name holds."""


def _same(built: Any, kept: Any) -> Any:
    """The carried text when the built one is it with spaces collapsed, else the built one."""
    if isinstance(kept, str) and isinstance(built, str) and " ".join(kept.split()) == built:
        return kept
    return built


def restore(root: etree._Element, sop: Sop, code: str | None) -> AnyDocument | Loss | None:
    """The document a sopflow export holds (with code, when given, as its code); None for a
    model with no sopflow document (a foreign file); a `Loss` when its carried fields no
    longer fit what a modeller or a tool made of the model, which is then taken as drawn."""
    process = root.find(tag(BPMN, "process"))
    fields = carried(process, "document") if process is not None else None
    if process is None or fields is None:
        return None
    kind = fields.pop("kind", None)
    fields["code"] = code or fields.get("code")
    where = process.get("id") or ""
    try:
        found = _document(process, sop, kind, fields)
    except ValidationError as error:
        first = error.errors()[0]
        at = ".".join(str(part) for part in first["loc"])
        reason = f"{first['msg']} at {at}" if at else first["msg"]
        return Loss("sopflow:document", where, f"carried fields do not fit ({reason}); {TAKEN}")
    except (TypeError, ValueError) as error:
        return Loss("sopflow:document", where, f"carried fields do not fit ({error}); {TAKEN}")
    if found is None:
        return Loss("sopflow:document", where, f"the {kind} is no longer linear; {TAKEN}")
    return found


TAKEN = "the model is imported as drawn"


def _document(
    process: etree._Element, sop: Sop, kind: Any, fields: dict[str, Any]
) -> AnyDocument | None:
    if kind == "sop":
        return _sop(process, sop, fields)
    if kind == "wi":
        return _wi(process, sop, fields)
    if kind == "workflow":
        return _workflow(process, fields)
    if kind == "policy":
        return _policy(process, fields)
    raise ValueError(f"unknown kind {kind!r}")


def _elements(process: etree._Element, name: str) -> dict[str, dict[str, Any]]:
    """sopflow id -> the fields its `<sopflow:NAME>` extension carries."""
    found: dict[str, dict[str, Any]] = {}
    for element in process.iter():
        wanted = element.get(tag(SOPFLOW, "id"))
        fields = carried(element, name) if wanted else None
        if wanted and fields is not None:
            found.setdefault(wanted, fields)
    return found


def _sop(process: etree._Element, sop: Sop, fields: dict[str, Any]) -> Sop:
    lanes = _elements(process, "role")
    roles = [_role(role, lanes.get(role.id)) for role in sop.roles]
    if fields.pop("roles", None) == [] and not lanes:
        roles = []
    first = roles[0].id if roles else None
    nodes = _elements(process, "node")
    rebuilt = [_node(node, nodes.get(node.id), first) for node in sop.flow.nodes]
    rank = {node_id: number for number, node_id in enumerate(fields.pop("order", []))}
    rebuilt.sort(key=lambda node: rank.get(node.id, len(rank)))
    flow = Flow.model_validate({**dict(fields.pop("flow", {})), "start": sop.flow.start})
    flow = flow.model_copy(update={"nodes": tuple(rebuilt)})
    if not roles:
        flow = _unassigned(flow)
    return Sop.model_validate({**fields, "roles": roles, "flow": flow})


def _unassigned(flow: Flow) -> Flow:
    """An SOP with no roles is drawn in one "Performer" lane: its nodes have no role."""
    nodes = [
        node.model_copy(update={"role": None})
        if isinstance(node, Step | Decision | Parallel)
        else node
        for node in flow.nodes
    ]
    return flow.model_copy(update={"nodes": tuple(nodes)})


def _role(role: Role, kept: dict[str, Any] | None) -> Role:
    if kept is None:
        return role
    built = role.model_dump(exclude={"provenance"})
    merged = {**built, **kept, "name": _same(role.name, kept.get("name"))}
    return Role.model_validate({**merged, "id": role.id, "kind": role.kind})


def _node(node: AnyNode, kept: dict[str, Any] | None, first: str | None) -> AnyNode:
    """The built node with the carried fields put back."""
    if kept is None:
        return node
    built = node.model_dump(exclude={"provenance"})
    merged = {**built, **kept}
    name = NAMES.get(node.type)
    if name:
        merged[name] = _same(built[name], kept.get(name))
    if "role" in kept:  # drawn in the first lane when it had none
        merged["role"] = kept["role"] if built["role"] == (kept["role"] or first) else built["role"]
    if isinstance(node, Step):
        notes = list(kept.get("notes", []))
        merged["notes"] = notes + [note for note in node.notes if note not in notes]
    if isinstance(node, Decision):
        merged["options"] = _paired(built["options"], kept.get("options"), "label")
    if isinstance(node, Parallel):
        merged["branches"] = _paired(built["branches"], kept.get("branches"), "label")
    if isinstance(node, Outcome) and "description" not in kept:
        merged["description"] = node.description
    result: AnyNode = type(node).model_validate(merged)
    return result


def _paired(built: list[dict[str, Any]], kept: Any, name: str) -> list[dict[str, Any]]:
    """Options (or branches) with their carried fields, when the flows still match them
    one for one; the built ones otherwise."""
    if not isinstance(kept, list) or len(kept) != len(built):
        return built
    paired = []
    for option, carried_fields in zip(built, kept, strict=True):
        made = {key: value for key, value in option.items() if key != "provenance"}
        merged = {**made, **carried_fields}
        merged[name] = _same(made.get(name), carried_fields.get(name))
        merged["next"] = made["next"]
        paired.append(merged)
    return paired


def _wi(process: etree._Element, sop: Sop, fields: dict[str, Any]) -> WorkInstruction | None:
    """The WI whose actions are the steps of the linear process, in order; None when the
    process is no longer linear."""
    table = sop.flow.by_id()
    kept = _elements(process, "step")
    steps: list[WiStep] = []
    current = table.get(sop.flow.start)
    seen: set[str] = set()
    while isinstance(current, Step) and current.id not in seen:
        seen.add(current.id)
        carried_fields = kept.get(current.id, {})
        action = _same(current.instruction, carried_fields.get("action"))
        steps.append(WiStep.model_validate({**carried_fields, "action": action}))
        current = table.get(current.next or "")
    if not isinstance(current, Outcome) or len(seen) != sum(1 for _ in sop.flow.steps()):
        return None
    return WorkInstruction.model_validate({**fields, "steps": steps})


def _flows(process: etree._Element) -> dict[str, list[str]]:
    """sopflow id of a flow node -> the sopflow ids its sequence flows lead to, in order."""
    ids = {
        element.get("id"): element.get(tag(SOPFLOW, "id"))
        for element in process.iter()
        if element.get(tag(SOPFLOW, "id"))
    }
    leads: dict[str, list[str]] = {}
    for flow in process.iter(tag(BPMN, "sequenceFlow")):
        source, target = ids.get(flow.get("sourceRef")), ids.get(flow.get("targetRef"))
        if source and target:
            leads.setdefault(source, []).append(target)
    return leads


def _workflow(process: etree._Element, fields: dict[str, Any]) -> Workflow:
    """The stages are the elements that carry one, named and linked as the model draws
    them; the workflow starts where the start event leads."""
    kept = _elements(process, "stage")
    leads = _flows(process)
    stages: list[Stage] = []
    for element in process:
        stage_id = element.get(tag(SOPFLOW, "id")) or ""
        if stage_id not in kept:
            continue
        stage = kept[stage_id]
        stages.append(
            Stage.model_validate(
                {
                    **stage,
                    "id": stage_id,
                    "name": _same(name_of(element), stage.get("name")),
                    "sop": element.get("calledElement"),
                    "next": [t for t in leads.get(stage_id, []) if t in kept],
                }
            )
        )
    first = [t for t in leads.get("start", []) if t in kept]
    return Workflow.model_validate(
        {**fields, "start": first[0] if first else fields.get("start"), "stages": stages}
    )


def _policy(process: etree._Element, fields: dict[str, Any]) -> Policy:
    """A policy implemented by the documents its call activities call, in their order."""
    called = [
        element.get("calledElement")
        for element in process
        if etree.QName(element).localname == "callActivity" and element.get("calledElement")
    ]
    return Policy.model_validate({**fields, "implemented_by": called})


__all__ = ["restore"]
