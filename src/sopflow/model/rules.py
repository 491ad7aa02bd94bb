"""The rules a valid document obeys beyond its types: a flow graph that holds together.

Each check is a small function yielding Problems; `check_document` runs those that apply.
Messages name the element ("decision 'eligible' option 'Yes' leads to 'refund', which does
not exist") so they read well on their own in an editor's problem list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from sopflow.model.codes import KIND_PREFIX, Kind, parse_code
from sopflow.model.documents import AnyDocument, Policy, Sop, Workflow, WorkInstruction
from sopflow.model.file_refs import check_file_references
from sopflow.model.flow import AnyNode, Decision, Flow, Handoff, Outcome, Parallel, Step, successors
from sopflow.model.graph import can_reach, reachable
from sopflow.model.parallels import branch_name, check_parallels
from sopflow.model.problems import Path, Problem

NODES: Path = ("flow", "nodes")


def describe(node: AnyNode) -> str:
    """How messages name a node: "step 'check-date'"."""
    return f"{node.type} '{node.id}'"


def check_document(document: AnyDocument) -> list[Problem]:
    """Every rule problem of a document, in source order of the checks."""
    problems = list(check_code(document))
    problems.extend(check_file_references(document))
    if isinstance(document, Sop):
        problems.extend(check_roles(document))
        problems.extend(check_flow(document.flow))
        problems.extend(check_role_use(document))
        problems.extend(check_reference_kinds(document))
    elif isinstance(document, Workflow):
        problems.extend(check_stages(document))
    elif isinstance(document, Policy):
        problems.extend(check_policy(document))
    elif isinstance(document, WorkInstruction):
        problems.extend(check_work_instruction(document))
    return problems


def check_code(document: AnyDocument) -> Iterator[Problem]:
    """The code's prefix says the document's kind."""
    parsed = parse_code(document.code)
    if parsed.kind != document.kind:
        expected = KIND_PREFIX[document.kind]
        yield Problem(
            ("code",),
            f"code {document.code} starts with {KIND_PREFIX[parsed.kind]} but the document is "
            f"a {document.kind}; use {expected}-{parsed.area}-{parsed.number:03d}",
            "code-kind",
        )


def _duplicates(values: Sequence[str]) -> set[str]:
    return {value for value, count in Counter(values).items() if count > 1}


def check_roles(sop: Sop) -> Iterator[Problem]:
    """Role ids are unique."""
    seen: set[str] = set()
    for index, role in enumerate(sop.roles):
        if role.id in seen:
            yield Problem(("roles", index, "id"), f"role id '{role.id}' is used twice", "unique-id")
        seen.add(role.id)


def check_flow(flow: Flow) -> Iterator[Problem]:
    """Unique ids, a start, existing targets, reachability, a way forward and a way out."""
    ids = [node.id for node in flow.nodes]
    repeated = _duplicates(ids)
    first_seen: set[str] = set()
    for index, node in enumerate(flow.nodes):
        if node.id in repeated and node.id in first_seen:
            yield Problem(
                (*NODES, index, "id"),
                f"node id '{node.id}' is used by more than one node",
                "unique-id",
            )
        first_seen.add(node.id)
    known = set(ids)
    if flow.start not in known:
        yield Problem(("flow", "start"), f"start node '{flow.start}' does not exist", "start")
    yield from _check_targets(flow, known)
    yield from _check_decisions(flow)
    yield from check_parallels(flow)
    yield from _check_way_forward(flow)
    if flow.start in known:
        yield from _check_reachability(flow)


def _check_targets(flow: Flow, known: set[str]) -> Iterator[Problem]:
    for index, node in enumerate(flow.nodes):
        if isinstance(node, Decision):
            for number, option in enumerate(node.options):
                if option.next not in known:
                    yield Problem(
                        (*NODES, index, "options", number, "next"),
                        f"{describe(node)} option '{option.label}' leads to '{option.next}', "
                        "which does not exist",
                        "target-exists",
                    )
        elif isinstance(node, Parallel):
            yield from _check_parallel_targets(node, index, known)
        elif isinstance(node, Step | Handoff) and node.next and node.next not in known:
            yield Problem(
                (*NODES, index, "next"),
                f"{describe(node)} leads to '{node.next}', which does not exist",
                "target-exists",
            )


def _check_parallel_targets(node: Parallel, index: int, known: set[str]) -> Iterator[Problem]:
    for number, branch in enumerate(node.branches):
        if branch.next not in known:
            yield Problem(
                (*NODES, index, "branches", number, "next"),
                f"{describe(node)} {branch_name(node, number)} leads to '{branch.next}', "
                "which does not exist",
                "target-exists",
            )
    if node.join not in known:
        yield Problem(
            (*NODES, index, "join"),
            f"{describe(node)} joins at '{node.join}', which does not exist",
            "target-exists",
        )


def _check_decisions(flow: Flow) -> Iterator[Problem]:
    for index, node in enumerate(flow.nodes):
        if not isinstance(node, Decision):
            continue
        if len(node.options) < 2:
            yield Problem(
                (*NODES, index, "options"),
                f"{describe(node)} has {len(node.options)} option(s); a decision needs at least 2",
                "decision-options",
            )
        labels = [option.label.strip().casefold() for option in node.options]
        for number, label in enumerate(labels):
            if label in labels[:number]:
                yield Problem(
                    (*NODES, index, "options", number, "label"),
                    f"{describe(node)} has two options labelled '{node.options[number].label}'",
                    "decision-labels",
                )


def _check_way_forward(flow: Flow) -> Iterator[Problem]:
    for index, node in enumerate(flow.nodes):
        if isinstance(node, Step | Handoff) and not node.next:
            yield Problem(
                (*NODES, index),
                f"{describe(node)} has no way forward: give it a `next` node "
                "(end the flow with an outcome node)",
                "way-forward",
            )


def _check_reachability(flow: Flow) -> Iterator[Problem]:
    table = flow.by_id()

    def edges(node_id: str) -> tuple[str, ...]:
        node = table.get(node_id)
        return successors(node) if node else ()

    seen = reachable(flow.start, edges)
    ends = {node.id for node in flow.nodes if isinstance(node, Outcome)}
    leaving = can_reach(ends, list(table), edges)
    reported_loops: list[set[str]] = []
    for index, node in enumerate(flow.nodes):
        if node.id not in seen:
            yield Problem(
                (*NODES, index, "id"),
                f"{describe(node)} cannot be reached from the start node '{flow.start}'",
                "reachable",
            )
            continue
        if node.id in leaving or any(node.id in loop for loop in reported_loops):
            continue
        loop = reachable(node.id, edges) & can_reach({node.id}, list(table), edges)
        if len(loop) > 1 or node.id in edges(node.id):
            reported_loops.append(loop)
            members = ", ".join(f"'{member}'" for member in sorted(loop))
            yield Problem(
                (*NODES, index, "id"),
                f"{describe(node)} is in a loop with no way out ({members}): "
                "no outcome can be reached from it",
                "cycle-exit",
            )


def check_role_use(sop: Sop) -> Iterator[Problem]:
    """Steps, decisions, parallels and handoffs name roles the SOP declares."""
    declared = {role.id for role in sop.roles}
    for index, node in enumerate(sop.flow.nodes):
        fields: list[tuple[str, str | None]] = []
        if isinstance(node, Step | Decision | Parallel):
            fields.append(("role", node.role))
        elif isinstance(node, Handoff):
            fields.extend([("from_role", node.from_role), ("to_role", node.to_role)])
        for field, role in fields:
            if role is not None and role not in declared:
                yield Problem(
                    (*NODES, index, field),
                    f"{describe(node)} names role '{role}', which is not among the SOP's roles"
                    + (f" ({', '.join(sorted(declared))})" if declared else ""),
                    "role-declared",
                )


def _reference_problem(path: Path, code: str, allowed: tuple[Kind, ...], what: str) -> Problem:
    names = " or ".join(KIND_PREFIX[kind] for kind in allowed)
    return Problem(path, f"{what} {code} must be a {names} code", "reference-kind")


def check_reference_kinds(sop: Sop) -> Iterator[Problem]:
    """Steps reference WIs or SOPs; an SOP implements policies."""
    for index, node in enumerate(sop.flow.nodes):
        if isinstance(node, Step) and node.reference:
            if parse_code(node.reference).kind not in ("wi", "sop"):
                yield _reference_problem(
                    (*NODES, index, "reference"),
                    node.reference,
                    ("wi", "sop"),
                    f"{describe(node)} references",
                )
            if node.reference == sop.code:
                yield Problem(
                    (*NODES, index, "reference"),
                    f"{describe(node)} references its own SOP",
                    "reference-self",
                )
    for index, code in enumerate(sop.policies):
        if parse_code(code).kind != "policy":
            yield _reference_problem(("policies", index), code, ("policy",), "policy")


def check_stages(workflow: Workflow) -> Iterator[Problem]:
    """Stage ids are unique, their successors exist, and every stage is reachable."""
    ids = [stage.id for stage in workflow.stages]
    seen: set[str] = set()
    for index, stage in enumerate(workflow.stages):
        if stage.id in seen:
            yield Problem(
                ("stages", index, "id"), f"stage id '{stage.id}' is used twice", "unique-id"
            )
        seen.add(stage.id)
    known = set(ids)
    if workflow.start not in known:
        yield Problem(("start",), f"start stage '{workflow.start}' does not exist", "start")
        return
    for index, stage in enumerate(workflow.stages):
        for number, target in enumerate(stage.next):
            if target not in known:
                yield Problem(
                    ("stages", index, "next", number),
                    f"stage '{stage.id}' leads to '{target}', which does not exist",
                    "target-exists",
                )
        if stage.sop and parse_code(stage.sop).kind not in ("sop", "wi"):
            yield _reference_problem(
                ("stages", index, "sop"),
                stage.sop,
                ("sop", "wi"),
                f"stage '{stage.id}' names",
            )
    table = {stage.id: stage.next for stage in workflow.stages}
    seen_from_start = reachable(workflow.start, lambda stage_id: table.get(stage_id, ()))
    for index, stage in enumerate(workflow.stages):
        if stage.id not in seen_from_start:
            yield Problem(
                ("stages", index, "id"),
                f"stage '{stage.id}' cannot be reached from the start stage '{workflow.start}'",
                "reachable",
            )


def check_policy(policy: Policy) -> Iterator[Problem]:
    """A policy is implemented by SOPs or workflows."""
    for index, code in enumerate(policy.implemented_by):
        if parse_code(code).kind not in ("sop", "workflow"):
            yield _reference_problem(
                ("implemented_by", index),
                code,
                ("sop", "workflow"),
                "implementing document",
            )


def check_work_instruction(wi: WorkInstruction) -> Iterator[Problem]:
    """A work instruction has at least one step."""
    if not wi.steps:
        yield Problem(("steps",), "a work instruction needs at least one step", "wi-steps")
