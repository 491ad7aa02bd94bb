"""The runs API's request and response bodies, and how a service's views become them.

The bodies are generated into the OpenAPI document; each response model is built from the
frozen views of `sopflow.services` and never from a database row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from sopflow.model.runs import RevisionRef
from sopflow.runner.view import NodeView
from sopflow.services.run_records import Listed, RunList, SopStats
from sopflow.services.run_views import RunView

AudienceName = Literal["novice", "expert"]
StateName = Literal["in_progress", "paused", "finished"]


class RunCreate(BaseModel):
    """Start a run of a library SOP on its revision in force."""

    code: str = Field(max_length=64, examples=["SOP-FIN-003"])
    audience: AudienceName = "novice"
    revision: int | None = Field(
        default=None,
        ge=1,
        le=2**31 - 1,
        description="A revision to run instead of the one in force (a trial run of a draft); "
        "needs the read-drafts permission.",
    )


class AnswerCreate(BaseModel):
    """An answer to the node the run is at: option (a decision), branch (a parallel), done or
    skip (a step)."""

    node: str = Field(max_length=200, description="The node answered: the run's current node.")
    option: str | None = Field(default=None, max_length=1000, description="A decision's option.")
    branch: int | None = Field(
        default=None,
        ge=1,
        description="A branch (from 1) of the parallel the run is at, or of the one it is "
        "inside: work on that branch (leaving the current one where it is).",
    )
    done: bool = Field(default=False, description="Mark the step or handoff done.")
    skip: str | None = Field(
        default=None, max_length=2000, description="Why an optional step is not applicable."
    )
    note: str | None = Field(default=None, max_length=2000, description="A remark with done.")


class BackCreate(BaseModel):
    """Where to go back to: an earlier node of the path (by default the one before)."""

    node: str | None = Field(default=None, max_length=200)


class RevisionOut(BaseModel):
    """The revision a run follows."""

    code: str
    number: int | None
    sha256: str


class OptionOut(BaseModel):
    """One option of a decision."""

    label: str
    condition: str | None = None


class ReferenceOut(BaseModel):
    """A document a step references."""

    code: str
    title: str | None
    steps: list[str]
    system: str | None
    href: str


class NodeOut(BaseModel):
    """A node as the person running the SOP sees it at their audience level."""

    node: str
    type: str
    text: str
    role: str | None
    detail: str | None
    warnings: list[str]
    expected_result: str | None
    options: list[OptionOut]
    transfers: list[str]
    reference: ReferenceOut | None
    optional: bool


class WalkedOut(BaseModel):
    """One node of the path so far, and who finished it when."""

    node: str
    type: str
    text: str
    arrived_at: datetime
    done_by: str | None
    done_by_name: str | None
    done_at: datetime | None
    answer: str | None
    branch: int | None = Field(description="At a parallel node: the branch taken from there.")
    branch_title: str | None
    note: str | None
    not_applicable: str | None


class BranchOut(BaseModel):
    """One branch of the parallel a run is inside, and where it stands."""

    number: int
    title: str
    state: Literal["to_do", "started", "current", "done"]
    next_text: str | None = Field(
        description="For a branch begun and left for another: the node it goes on at."
    )


class ParallelOut(BaseModel):
    """The parallel a run is at or inside: its branches, each with where it stands."""

    node: str
    role: str | None
    branches: list[BranchOut]
    join: str = Field(description="The text of the node where the branches meet.")


class RunOut(BaseModel):
    """A run with its revision and the current view."""

    id: str
    code: str
    title: str
    revision: RevisionOut
    state: StateName
    audience: AudienceName
    started_by: str
    started_by_name: str
    started_at: datetime
    finished_at: datetime | None
    node: NodeOut | None = Field(description="The node the run waits at; null once finished.")
    outcome: NodeOut | None = Field(description="The outcome reached, once finished.")
    path: list[WalkedOut]
    answers: dict[str, str]
    can_act: bool = Field(description="Whether the caller may answer, go back, pause, resume.")
    back_to: str | None
    parallel: ParallelOut | None = Field(
        description="The innermost parallel the run is at or inside; null outside them."
    )
    acknowledgement: Literal["acknowledged", "unacknowledged"] | None = Field(
        default=None,
        description="Whether its starter had acknowledged the revision when they had to; "
        "null when it was not asked of them.",
    )
    warning: str | None = Field(
        default=None, description="Said when the run was started before acknowledging."
    )


class RunListed(BaseModel):
    """One run in a list."""

    id: str
    code: str
    title: str | None
    revision: RevisionOut
    state: StateName
    started_by: str
    started_by_name: str
    started_at: datetime
    finished_at: datetime | None
    node: str | None = Field(description="The node an unfinished run waits at.")
    outcome: str | None
    where: str | None = Field(description="The outcome's name, or the waiting node's text.")
    acknowledgement: Literal["acknowledged", "unacknowledged"] | None = Field(
        default=None,
        description="Whether its starter had acknowledged the revision when they had to; "
        "null when it was not asked of them.",
    )


class RunPage(BaseModel):
    """A page of runs."""

    runs: list[RunListed]
    total: int
    offset: int
    limit: int | None


class Share(BaseModel):
    """How often something happened, of how many."""

    count: int
    share: float


class OutcomeCount(Share):
    """How often finished runs reached an outcome."""

    outcome: str
    name: str


class PathAnswer(BaseModel):
    """One answer on a path."""

    decision: str
    question: str
    label: str


class PathOut(Share):
    """One way finished runs went through the SOP."""

    answers: list[PathAnswer]
    outcome: str
    outcome_name: str
    nodes: list[str]


class OptionCount(Share):
    """How often one option was chosen."""

    label: str


class DecisionOut(BaseModel):
    """The answers given at one decision."""

    decision: str
    question: str
    answered: int
    options: list[OptionCount]


class StepTimeOut(BaseModel):
    """The median time spent at one node (time paused not counted)."""

    node: str
    name: str
    median_seconds: float
    samples: int


class StoppedOut(BaseModel):
    """Where unfinished runs wait."""

    node: str
    name: str
    count: int


class StatsOut(BaseModel):
    """How an SOP is followed."""

    code: str
    title: str | None
    runs: int
    finished: int
    completion_rate: float
    outcomes: list[OutcomeCount]
    paths: list[PathOut]
    decisions: list[DecisionOut]
    step_times: list[StepTimeOut]
    stopped_at: list[StoppedOut]
    revisions: dict[str, int]


def revision_out(revision: RevisionRef) -> RevisionOut:
    """The revision as the API names it."""
    return RevisionOut(code=revision.code, number=revision.number, sha256=revision.sha256)


def node_out(view: NodeView | None) -> NodeOut | None:
    """A node view as the API gives it."""
    if view is None:
        return None
    reference = view.reference
    return NodeOut(
        node=view.node,
        type=view.type,
        text=view.text,
        role=view.role,
        detail=view.detail,
        warnings=list(view.warnings),
        expected_result=view.expected_result,
        options=[OptionOut(label=o.label, condition=o.condition) for o in view.choices],
        transfers=list(view.transfers),
        reference=ReferenceOut(
            code=reference.code,
            title=reference.title,
            steps=list(reference.steps),
            system=reference.system,
            href=f"/documents/{reference.code}",
        )
        if reference
        else None,
        optional=view.optional,
    )


def run_out(view: RunView) -> RunOut:
    """A run view as the API gives it."""
    run = view.run
    return RunOut(
        id=run.id,
        code=run.code,
        title=view.title,
        revision=revision_out(run.revision),
        state=run.state,
        audience=view.audience,
        started_by=run.started_by,
        started_by_name=view.started_by_name,
        started_at=run.started_at,
        finished_at=run.finished_at,
        node=node_out(view.current),
        outcome=node_out(view.outcome),
        path=[WalkedOut.model_validate(entry, from_attributes=True) for entry in view.path],
        answers=dict(run.answers),
        can_act=view.can_act,
        back_to=view.back_to,
        parallel=ParallelOut(
            node=view.parallel.node,
            role=view.parallel.role,
            branches=[
                BranchOut.model_validate(branch, from_attributes=True)
                for branch in view.parallel.branches
            ],
            join=view.parallel.join,
        )
        if view.parallel
        else None,
        acknowledgement=view.acknowledgement,
        warning=view.warning,
    )


def listed_out(item: Listed) -> RunListed:
    """A listed run as the API gives it."""
    run = item.run
    return RunListed(
        id=run.id,
        code=run.code,
        title=item.title,
        revision=revision_out(run.revision),
        state=run.state,
        started_by=run.started_by,
        started_by_name=item.started_by_name,
        started_at=run.started_at,
        finished_at=run.finished_at,
        node=run.path[-1].node if run.state != "finished" and run.path else None,
        outcome=run.outcome,
        where=item.where,
        acknowledgement=item.acknowledgement,
    )


def page_out(found: RunList) -> RunPage:
    """A page of runs as the API gives it."""
    return RunPage(
        runs=[listed_out(item) for item in found.runs],
        total=found.total,
        offset=found.offset,
        limit=found.limit,
    )


def stats_out(found: SopStats) -> StatsOut:
    """An SOP's statistics as the API gives them, every node named."""
    stats, name = found.stats, found.name_of
    return StatsOut(
        code=found.code,
        title=found.sop.title if found.sop else None,
        runs=stats.runs,
        finished=stats.finished,
        completion_rate=round(stats.completion_rate, 4),
        outcomes=[
            OutcomeCount(outcome=o, name=name(o), count=n, share=round(n / stats.finished, 4))
            for o, n in stats.outcomes.items()
        ],
        paths=[
            PathOut(
                answers=[PathAnswer(decision=d, question=name(d), label=a) for d, a in p.answers],
                outcome=p.outcome,
                outcome_name=name(p.outcome),
                nodes=list(p.nodes),
                count=p.count,
                share=round(p.share, 4),
            )
            for p in stats.paths
        ],
        decisions=[
            DecisionOut(
                decision=d.decision,
                question=d.question or name(d.decision),
                answered=d.answered,
                options=[
                    OptionCount(label=o.label, count=o.count, share=round(o.share, 4))
                    for o in d.options
                ],
            )
            for d in stats.decisions
        ],
        step_times=[
            StepTimeOut(
                node=t.node, name=name(t.node), median_seconds=t.median_seconds, samples=t.samples
            )
            for t in stats.step_times
        ],
        stopped_at=[StoppedOut(node=n, name=name(n), count=c) for n, c in stats.stopped_at.items()],
        revisions=stats.revisions,
    )
