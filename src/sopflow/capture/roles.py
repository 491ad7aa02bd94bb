"""Who does each step of a draft: roles from the actors found, and handoffs where they change.

The narrator ("I", "you", an imperative) becomes the speaker the transcript names, else the
narrator the options name, else "Performer" marked unsupported for the reviewer to name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sopflow.capture.extraction import Extraction
from sopflow.capture.extraction import Span as TextSpan
from sopflow.capture.transcript import Transcript
from sopflow.capture.wording import slug
from sopflow.model import Handoff, Provenance, Role, Step
from sopflow.model.flow import AnyNode

if TYPE_CHECKING:
    from sopflow.capture.builder import BuildOptions

ProvenanceOf = Callable[..., Provenance]
"""The builder's `provenance(span, confidence, supported=...)`."""

FlowNode = AnyNode


class RoleBook:
    """The roles of one draft and the role of each activity of its extraction."""

    def __init__(
        self,
        extraction: Extraction,
        transcript: Transcript,
        options: BuildOptions,
        provenance: ProvenanceOf,
    ) -> None:
        self.ex = extraction
        self.transcript = transcript
        self.options = options
        self.provenance = provenance
        self.roles: dict[str, Role] = {}
        self.of_activity: list[str | None] = []

    def role(self, name: str, kind: Any, span: TextSpan | None, *, supported: bool) -> str:
        """The id of the role called name, added on first use."""
        role_id = slug(name, "role")
        if role_id not in self.roles:
            self.roles[role_id] = Role(
                id=role_id,
                name=name[:1].upper() + name[1:],
                kind=kind,
                provenance=self.provenance(span, 0.8 if supported else 0.3, supported=supported),
            )
        return role_id

    def actor_role(self, index: int | None, at: int) -> str | None:
        """The role of actor number index (the narrator's role for the narrator)."""
        if index is None:
            return None
        actor = self.ex.actors[index]
        if actor.narrator:
            return self.narrator_role(at)
        first = actor.mentions[0] if actor.mentions else None
        return self.role(actor.name, actor.kind, first, supported=True)

    def narrator_role(self, at: int) -> str:
        """The role of whoever speaks at character at."""
        speaker = self.transcript.speaker_at(at) if self.transcript.text else None
        if speaker:
            return self.role(speaker, "person", None, supported=True)
        if self.options.narrator:
            return self.role(self.options.narrator, "person", None, supported=True)
        return self.role("Performer", "person", None, supported=False)

    def resolve(self) -> None:
        """Give every activity a role: its own, else the one before it, else the first known."""
        previous: str | None = None
        for activity in self.ex.activities:
            role = self.actor_role(activity.actor, activity.verb.start)
            if role is None and activity.narrator:
                role = self.narrator_role(activity.verb.start)
            role = role or previous
            self.of_activity.append(role)
            previous = role or previous
        if self.of_activity and self.of_activity[0] is None:
            first_known = next((role for role in self.of_activity if role), None)
            fallback = first_known or self.narrator_role(self.ex.activities[0].verb.start)
            self.of_activity = [role or fallback for role in self.of_activity]

    def handoff_provenance(self, following: Step) -> Provenance:
        """A handoff read from a change of performer points at where the new one starts.

        Nobody said "hand it over": the evidence is the next step, done by someone else,
        so the handoff takes that step's span and time at a lower confidence.
        """
        if following.provenance is None:
            return self.provenance(None, 0.5, supported=True)
        return following.provenance.model_copy(update={"confidence": 0.5, "screenshot": None})

    def with_role_changes(
        self, nodes: Sequence[FlowNode], new_id: Callable[[str], str]
    ) -> list[FlowNode]:
        """A handoff node where one step's performer differs from the next step's."""
        table = {node.id: node for node in nodes}
        result: list[FlowNode] = []
        for node in nodes:
            if isinstance(node, Step) and node.next and node.role:
                following = table.get(node.next)
                if isinstance(following, Step) and following.role and following.role != node.role:
                    handoff_id = new_id(f"handoff-to-{following.role}")
                    result.append(node.model_copy(update={"next": handoff_id}))
                    result.append(
                        Handoff(
                            id=handoff_id,
                            from_role=node.role,
                            to_role=following.role,
                            next=following.id,
                            provenance=self.handoff_provenance(following),
                        )
                    )
                    continue
            result.append(node)
        return result
