"""A document as headed sections of plain blocks, the shared content of every text view.

Markdown, HTML (and so PDF) and DOCX all lay out this outline, so the words, the numbering
and what each audience sees are decided once, here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from sopflow.formats.diagram import reading_order
from sopflow.formats.render.context import RenderContext
from sopflow.formats.render.provenance import origin, review
from sopflow.model import (
    AnyDocument,
    AnyNode,
    Audience,
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
from sopflow.model.base import Provenance
from sopflow.model.parallels import branch_of, branch_titles


@dataclass(frozen=True)
class Link:
    """A reference to another document, by code."""

    code: str
    text: str
    href: str


@dataclass(frozen=True)
class Item:
    """One numbered entry: a step, decision, parallel, handoff or outcome of a flow, or a WI
    action."""

    number: int
    kind: str
    text: str
    role: str | None = None
    link: Link | None = None
    warnings: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    """Lines shown under the entry: detail for novices, expected result, notes."""
    options: tuple[tuple[str, str], ...] = ()
    """Decision options as (label, "condition → go to step N"); a parallel's branches as
    (name, "go to step N")."""
    sub_steps: tuple[str, ...] = ()
    """The actions of a referenced work instruction, inlined for novices."""
    anchor: str = ""
    image: str | None = None
    """The screenshot of the step, a path relative to the document."""
    origin: str | None = None
    """Where a captured element was said in the recording (provenance.origin)."""
    review: tuple[str, ...] = ()
    """What a reviewer must check: an unsupported or low-confidence element or option."""


@dataclass(frozen=True)
class Section:
    """A headed part of the document."""

    title: str
    paragraphs: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    bullets: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    items: tuple[Item, ...] = ()
    diagram: bool = False
    """Where the flow diagram goes."""


@dataclass(frozen=True)
class Outline:
    """The whole document, ready to lay out."""

    code: str
    title: str
    kind: str
    summary: str | None
    sections: tuple[Section, ...] = field(default_factory=tuple)


def outline(document: AnyDocument, context: RenderContext) -> Outline:
    """The sections of a document for the context's audience."""
    sections = [_about(document)]
    if isinstance(document, Sop):
        sections += _sop_sections(document, context)
    elif isinstance(document, WorkInstruction):
        sections += _wi_sections(document, context)
    elif isinstance(document, Workflow):
        sections += _workflow_sections(document, context)
    elif isinstance(document, Policy):
        sections += _policy_sections(document, context)
    sections.append(_external(document, context))
    kind = {
        "sop": "Standard operating procedure",
        "wi": "Work instruction",
        "workflow": "Workflow",
        "policy": "Policy",
    }[document.kind]
    kept = tuple(
        s
        for s in sections
        if s.paragraphs or s.facts or s.bullets or s.links or s.items or s.diagram
    )
    return Outline(document.code, document.title, kind, document.summary, kept)


def _external(document: AnyDocument, context: RenderContext) -> Section:
    """The documents of external origin the document names (a standard, a customer
    specification), described as the register holds them."""
    facts = []
    for code in document.external:
        known = context.external.get(code)
        facts.append((code, known.describe() if known else "see the document register"))
    return Section("External documents", facts=tuple(facts))


def link(code: str, context: RenderContext) -> Link:
    """A link to a code, titled with the referenced document's title when it is known."""
    target = context.resolve(code)
    text = f"{code} {target.title}" if target else code
    return Link(code, text, context.link(code))


def _about(document: AnyDocument) -> Section:
    facts = [("Owner", document.owner), ("Department", document.department)]
    for name in ("purpose", "scope", "trigger"):
        facts.append((name.capitalize(), getattr(document, name, None)))
    if isinstance(document, WorkInstruction):
        facts += [("Role", document.role), ("System", document.system)]
    return Section("About", facts=tuple((k, v) for k, v in facts if v))


def _sop_sections(sop: Sop, context: RenderContext) -> list[Section]:
    roles = tuple(
        _traced(
            f"{role.name} ({role.kind})"
            + (": " + "; ".join(role.responsibilities) if role.responsibilities else ""),
            role.provenance,
        )
        for role in sop.roles
    )
    acting = [node for node in reading_order(sop) if not isinstance(node, Outcome)]
    numbers = {node.id: n for n, node in enumerate(acting, 1)}
    ends = _branch_ends(sop, numbers) | _finishes(sop)
    items = tuple(
        replace(item, details=(*item.details, ends[item.anchor])) if item.anchor in ends else item
        for item in (_flow_item(sop, node, numbers, context) for node in acting)
    )
    table = sop.flow.by_id()
    items = tuple(_with_provenance(item, table[item.anchor]) for item in items)
    return [
        Section("Policies", links=tuple(link(code, context) for code in sop.policies)),
        Section("Roles and responsibilities", bullets=roles),
        Section("Definitions", facts=tuple((d.term, d.meaning) for d in sop.definitions)),
        Section("Flow", diagram=True, paragraphs=("The swimlane diagram of the procedure.",)),
        Section("Procedure", items=items),
        Section(
            "Outcomes",
            bullets=tuple(
                _traced(o.name + (f": {o.description}" if o.description else ""), o.provenance)
                for o in sop.outcomes
            ),
        ),
        Section(
            "Records", bullets=tuple(_record(r.name, r.location, r.retention) for r in sop.records)
        ),
    ]


def _branch_ends(sop: Sop, numbers: Mapping[str, int]) -> dict[str, str]:
    """Node id -> the line that says a parallel branch ends there, for the steps and handoffs
    whose next node is the join: in the numbered list the next entry is another branch."""
    table = sop.flow.by_id()
    ends: dict[str, str] = {}
    for node_id, (parallel_id, index) in branch_of(sop.flow).items():
        node, parallel = table[node_id], table[parallel_id]
        if not isinstance(parallel, Parallel) or not isinstance(node, Step | Handoff):
            continue
        if node.next == parallel.join and parallel.join in numbers:
            title = branch_titles(sop.flow, parallel, _role_namer(sop))[index]
            ends[node_id] = (
                f"This ends the branch “{title}” of {numbers[parallel_id]}; when every branch "
                f"is done, go to {numbers[parallel.join]}."
            )
    return ends


def _with_provenance(item: Item, node: AnyNode) -> Item:
    """The item with where its node was said and what a reviewer must check, its options'
    and branches' too (a captured draft; a hand-written node has no provenance)."""
    checks = list(review(node.provenance))
    if isinstance(node, Decision):
        checks += [c for o in node.options for c in review(o.provenance, f"option “{o.label}”")]
    if isinstance(node, Parallel):
        for number, branch in enumerate(node.branches, 1):
            checks += review(branch.provenance, f"branch {branch.label or number}")
    return replace(item, origin=origin(node.provenance), review=tuple(checks))


def _traced(text: str, provenance: Provenance | None) -> str:
    """A bullet with where it was said and what to check, for roles and outcomes."""
    said = origin(provenance)
    return " ".join((text, *((f"({said})",) if said else ()), *review(provenance)))


def _finishes(sop: Sop) -> dict[str, str]:
    """Node id -> "End: OUTCOME" for the steps and handoffs that end the procedure: outcomes
    are ends, not numbered entries, so the entry before one says where the flow stops."""
    table = sop.flow.by_id()
    found: dict[str, str] = {}
    for node in sop.flow.nodes:
        after = table.get(node.next) if isinstance(node, Step | Handoff) and node.next else None
        if isinstance(after, Outcome):
            found[node.id] = f"End: {after.name}"
    return found


def _role_namer(sop: Sop) -> Callable[[str], str]:
    def name(role_id: str) -> str:
        role = sop.role(role_id)
        return role.name if role else role_id

    return name


def _record(name: str, location: str | None, retention: str | None) -> str:
    where = f", kept in {location}" if location else ""
    how_long = f" for {retention}" if retention else ""
    return f"{name}{where}{how_long}"


def _detail(detail: Mapping[Audience, str], context: RenderContext) -> tuple[str, ...]:
    """The detail written for the reader's audience: novices see theirs, experts only theirs."""
    text = detail.get(context.audience)
    return (text,) if text else ()


@dataclass(frozen=True)
class _Flow:
    """What a flow entry says of other nodes: a role's name, where a path leads."""

    sop: Sop
    numbers: Mapping[str, int]

    def role(self, role_id: str | None) -> str | None:
        """The role's name (its id when the SOP does not define it; None for no role)."""
        found = self.sop.role(role_id) if role_id else None
        return found.name if found else role_id

    def goto(self, target: str) -> str:
        """ "go to N" for a numbered entry, "end: NAME" for an outcome."""
        if target in self.numbers:
            return f"go to {self.numbers[target]}"
        end = self.sop.flow.node(target)
        return f"end: {end.name}" if isinstance(end, Outcome) else f"go to {target}"


def _flow_item(
    sop: Sop,
    node: AnyNode,
    numbers: dict[str, int],
    context: RenderContext,
) -> Item:
    """The numbered entry of a flow node, as every document view lays it out."""
    flow = _Flow(sop, numbers)
    number = numbers[node.id]
    if isinstance(node, Step):
        return _step_item(node, number, flow, context)
    if isinstance(node, Decision):
        options = tuple(
            (o.label, (f"{o.condition} → " if o.condition else "") + flow.goto(o.next))
            for o in node.options
        )
        return Item(
            number,
            "decision",
            node.question,
            flow.role(node.role),
            details=_detail(node.detail, context),
            options=options,
            anchor=node.id,
        )
    if isinstance(node, Parallel):
        return _parallel_item(node, number, flow)
    if isinstance(node, Handoff):
        details = [f"Hand over: {', '.join(node.transfers)}"] if node.transfers else []
        if node.channel:
            details.append(f"How: {node.channel}")
        text = f"Hand over to {flow.role(node.to_role)}"
        role = flow.role(node.from_role)
        return Item(number, "handoff", text, role, details=tuple(details), anchor=node.id)
    return Item(
        number,
        "outcome",
        f"End: {node.name}",
        details=(node.description,) if node.description else (),
        anchor=node.id,
    )


def _step_item(node: Step, number: int, flow: _Flow, context: RenderContext) -> Item:
    """A step's entry: its detail for the audience, and for novices the actions of the work
    instruction it references."""
    details = list(_detail(node.detail, context))
    if node.expected_result:
        details.append(f"Expected result: {node.expected_result}")
    details += [f"Note: {note}" for note in node.notes]
    sub_steps: tuple[str, ...] = ()
    if node.reference:
        referenced = context.resolve(node.reference)
        if context.audience == "novice" and isinstance(referenced, WorkInstruction):
            sub_steps = tuple(step.action for step in referenced.steps)
    return Item(
        number,
        "step",
        node.instruction,
        flow.role(node.role),
        link(node.reference, context) if node.reference else None,
        node.warnings,
        tuple(details),
        sub_steps=sub_steps,
        anchor=node.id,
        image=node.provenance.screenshot if node.provenance else None,
    )


def _parallel_item(node: Parallel, number: int, flow: _Flow) -> Item:
    """A parallel split's entry: each branch by its title and where it starts."""
    titles = branch_titles(flow.sop.flow, node, _role_namer(flow.sop))
    branches = tuple(
        (title, flow.goto(branch.next)) for title, branch in zip(titles, node.branches, strict=True)
    )
    return Item(
        number,
        "parallel",
        "Do these at the same time, in any order:",
        flow.role(node.role),
        details=(f"When every branch is done, {flow.goto(node.join)}.",),
        options=branches,
        anchor=node.id,
    )


def _wi_sections(wi: WorkInstruction, context: RenderContext) -> list[Section]:
    items = []
    for number, step in enumerate(wi.steps, 1):
        where = " ".join(
            part
            for part in (
                f"in {step.target}" if step.target else "",
                f"enter {step.value}" if step.value else "",
            )
            if part
        )
        details = []
        if step.detail and context.audience == "novice":
            details.append(step.detail)
        if step.expected_result:
            details.append(f"Expected result: {step.expected_result}")
        text = step.action + (f" ({where})" if where else "")
        warnings = (step.warning,) if step.warning else ()
        items.append(
            Item(
                number,
                "step",
                text,
                wi.role,
                warnings=warnings,
                details=tuple(details),
                anchor=f"step-{number}",
                image=step.image or (step.provenance.screenshot if step.provenance else None),
                origin=origin(step.provenance),
                review=review(step.provenance),
            )
        )
    return [
        Section("Prerequisites", bullets=wi.prerequisites),
        Section("Steps", items=tuple(items)),
    ]


def _workflow_sections(workflow: Workflow, context: RenderContext) -> list[Section]:
    names = {stage.id: stage.name for stage in workflow.stages}
    items = []
    for number, stage in enumerate(workflow.stages, 1):
        details = [f"Next: {', '.join(names.get(t, t) for t in stage.next)}"] if stage.next else []
        if stage.handover:
            details.append(f"Handed over: {stage.handover}")
        items.append(
            Item(
                number,
                "step",
                stage.name,
                stage.performer.name,
                link(stage.sop, context) if stage.sop else None,
                details=tuple(details),
                anchor=stage.id,
            )
        )
    return [
        Section("Flow", diagram=True, paragraphs=("The stages and who performs them.",)),
        Section("Stages", items=tuple(items)),
        Section("Outcomes", bullets=workflow.outcomes),
    ]


def _policy_sections(policy: Policy, context: RenderContext) -> list[Section]:
    return [
        Section(
            "Statement",
            paragraphs=(policy.statement,),
            facts=(("Scope", policy.scope),) if policy.scope else (),
        ),
        Section("Implemented by", links=tuple(link(c, context) for c in policy.implemented_by)),
    ]
