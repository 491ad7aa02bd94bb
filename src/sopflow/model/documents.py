"""The four document kinds: policy, workflow, SOP and work instruction.

The quick test that decides between them (DESIGN.md): decisions, branching, several roles or
handoffs make an SOP; a linear single-role technical task is a work instruction; a process
with both gets split into an SOP that references work instructions.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sopflow.model.base import AUDIENCES, Audience, Element, Identifier, Traced
from sopflow.model.codes import Code, ExternalCode, Kind
from sopflow.model.flow import Flow, Outcome


class Metadata(Element):
    """What every document carries, whatever its kind."""

    code: Code
    """The stable identifier, KIND-AREA-NNN; never reused."""
    title: str = Field(min_length=1)
    owner: str | None = None
    """The function accountable for the document: "Head of Customer Support"."""
    department: str | None = None
    tags: tuple[str, ...] = ()
    audiences: tuple[Audience, ...] = AUDIENCES
    """The audience levels the document is written for."""
    language: str = "en"
    """An IETF language tag."""
    review_interval_months: int = Field(default=12, ge=1, le=120)
    """How often the document is reviewed, in months."""
    summary: str | None = None
    """One or two sentences for lists and search results."""
    external: tuple[ExternalCode, ...] = ()
    """Codes of the documents of external origin this one relies on (a standard, a customer
    specification), as the document register holds them (format version 3)."""


class Role(Traced):
    """Who performs steps: a person's function, a team or a system. Drawn as a lane."""

    id: Identifier
    name: str = Field(min_length=1)
    kind: Literal["person", "team", "system"] = "person"
    responsibilities: tuple[str, ...] = ()


class Definition(Element):
    """A term the document uses in a specific sense."""

    term: str = Field(min_length=1)
    meaning: str = Field(min_length=1)


class Record(Element):
    """A record the process produces and keeps (ISO 9001 documented information)."""

    name: str = Field(min_length=1)
    location: str | None = None
    """Where it is kept: "the helpdesk ticket", "the finance drive"."""
    retention: str | None = None
    """How long it is kept: "7 years"."""


class Policy(Metadata):
    """A rule, and the SOPs and workflows that implement it."""

    kind: Literal["policy"] = "policy"
    statement: str = Field(min_length=1)
    scope: str | None = None
    implemented_by: tuple[Code, ...] = ()
    """Codes of the SOPs and workflows that put the policy into practice."""


class Performer(Element):
    """Who performs a workflow stage."""

    kind: Literal["person", "team", "system"] = "team"
    name: str = Field(min_length=1)


class Stage(Traced):
    """One stage of a workflow; usually performed by an SOP."""

    id: Identifier
    name: str = Field(min_length=1)
    performer: Performer
    sop: Code | None = None
    """The SOP (or work instruction) that performs this stage."""
    next: tuple[Identifier, ...] = ()
    """The stages that may follow; none at the end of the workflow."""
    handover: str | None = None
    """What is handed over to the next stage."""


class Workflow(Metadata):
    """The end-to-end sequence of stages of a process across people, teams and systems."""

    kind: Literal["workflow"] = "workflow"
    purpose: str | None = None
    trigger: str = Field(min_length=1)
    outcomes: tuple[str, ...] = ()
    start: Identifier
    """The id of the first stage."""
    stages: tuple[Stage, ...] = ()


class Sop(Metadata):
    """A process: trigger, roles, steps, decisions, handoffs and outcomes."""

    kind: Literal["sop"] = "sop"
    purpose: str | None = None
    scope: str | None = None
    trigger: str | None = None
    """What starts the process."""
    policies: tuple[Code, ...] = ()
    """Codes of the policies this SOP implements."""
    roles: tuple[Role, ...] = ()
    definitions: tuple[Definition, ...] = ()
    records: tuple[Record, ...] = ()
    flow: Flow

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """The named ends of the flow."""
        return tuple(self.flow.outcomes())

    def role(self, role_id: str) -> Role | None:
        """The role with that id, or None."""
        return next((role for role in self.roles if role.id == role_id), None)


class WiStep(Traced):
    """One numbered action of a work instruction."""

    action: str = Field(min_length=1)
    """The action, imperative: "Click Refund"."""
    target: str | None = None
    """Where: the screen, field or button."""
    value: str | None = None
    """What to type or choose."""
    expected_result: str | None = None
    warning: str | None = None
    detail: str | None = None
    """More explanation for novices."""
    image: str | None = None
    """A screenshot, relative to the document."""


class WorkInstruction(Metadata):
    """One precise, linear, single-role task: numbered actions, no branching."""

    kind: Literal["wi"] = "wi"
    purpose: str | None = None
    role: str | None = None
    """The role that performs the task: "Billing specialist"."""
    system: str | None = None
    """The system or tool it is done in: "Stripe Dashboard"."""
    prerequisites: tuple[str, ...] = ()
    steps: tuple[WiStep, ...] = ()


Document = Annotated[Policy | Workflow | Sop | WorkInstruction, Field(discriminator="kind")]
"""Any document, told apart by its `kind`."""

AnyDocument = Policy | Workflow | Sop | WorkInstruction

KIND_TYPES: dict[Kind, type[AnyDocument]] = {
    "policy": Policy,
    "workflow": Workflow,
    "sop": Sop,
    "wi": WorkInstruction,
}

KIND_NAMES: dict[Kind, str] = {
    "policy": "policy",
    "workflow": "workflow",
    "sop": "SOP",
    "wi": "work instruction",
}


def references(document: AnyDocument) -> tuple[str, ...]:
    """The codes a document refers to, in order of appearance, each once."""
    found: list[str] = []
    if isinstance(document, Policy):
        found.extend(document.implemented_by)
    elif isinstance(document, Workflow):
        found.extend(stage.sop for stage in document.stages if stage.sop)
    elif isinstance(document, Sop):
        found.extend(document.policies)
        found.extend(step.reference for step in document.flow.steps() if step.reference)
    return tuple(dict.fromkeys(found))


def external_references(document: AnyDocument) -> tuple[str, ...]:
    """The external documents a document names, each once."""
    return tuple(dict.fromkeys(document.external))


def step_count(document: AnyDocument) -> int:
    """How many steps (SOP steps, WI steps or workflow stages) a document has."""
    if isinstance(document, Sop):
        return sum(1 for _ in document.flow.steps())
    if isinstance(document, WorkInstruction):
        return len(document.steps)
    if isinstance(document, Workflow):
        return len(document.stages)
    return 0


__all__ = [
    "KIND_NAMES",
    "KIND_TYPES",
    "AnyDocument",
    "Definition",
    "Document",
    "Metadata",
    "Performer",
    "Policy",
    "Record",
    "Role",
    "Sop",
    "Stage",
    "WiStep",
    "WorkInstruction",
    "Workflow",
    "external_references",
    "references",
    "step_count",
]
