"""Which steps each branch marker governs, and which markers belong to one gateway."""

from __future__ import annotations

from bisect import bisect_left

from sopflow.capture.structure.activities import Found
from sopflow.capture.structure.flow import GatewayPlan
from sopflow.capture.structure.gateways import Marker
from sopflow.capture.structure.tokens import Sentences


class Steps:
    """The activities' verb positions, for finding the ones in a token range quickly."""

    def __init__(self, found: list[Found]) -> None:
        self.found = found
        self.positions = [item.verb.i for item in found]

    def between(self, start: int, end: int) -> list[int]:
        """Indices of activities whose verb lies in [start, end)."""
        first = bisect_left(self.positions, start)
        last = bisect_left(self.positions, end)
        return list(range(first, last))


def branch_activities(marker: Marker, steps: Steps, sentences: Sentences) -> list[int]:
    """The activities a marker governs: the rest of its sentence, or what precedes it there.

    "If X, A and B." governs A and B; "A if X." governs A; "While A, B." governs A only (the
    main clause is the other, implicit branch).
    """
    start, end = sentences.bounds[marker.sentence]
    after = steps.between(marker.words[-1].i + 1, end)
    if marker.kind == "and" and marker.words[0].dep_ == "mark":
        clause = {t.i for t in marker.words[0].head.subtree}
        inside = [a for a in after if steps.positions[a] in clause]
        if inside:
            return inside
    return after or steps.between(start, marker.start)


def group_markers(
    markers: list[Marker], found: list[Found], sentences: Sentences
) -> tuple[list[GatewayPlan], list[list[Marker]]]:
    """Group markers into gateways ("if … otherwise …") with the activities on each branch.

    A marker continues the previous decision when it is an "otherwise", or an "if" in the
    same or the next sentence with no step outside the decision in between.
    """
    steps = Steps(found)
    groups: list[list[Marker]] = []
    branches: list[list[list[int]]] = []
    claimed: set[int] = set()
    for marker in markers:
        branch = [a for a in branch_activities(marker, steps, sentences) if a not in claimed]
        if groups and _continues(groups[-1], branches[-1], marker, steps):
            groups[-1].append(marker)
            branches[-1].append(branch)
        else:
            groups.append([marker])
            branches.append([branch])
        claimed.update(branch)
    plans = [
        GatewayPlan(start=group[0].start, branches=group_branches)
        for group, group_branches in zip(groups, branches, strict=True)
    ]
    return plans, groups


def _continues(
    group: list[Marker], branches: list[list[int]], marker: Marker, steps: Steps
) -> bool:
    if marker.kind != "xor" or group[0].kind != "xor":
        return False
    if not marker.opens:
        return True
    on_branch = {a for branch in branches for a in branch}
    last = max([m.words[-1].i for m in group] + [steps.positions[a] for a in on_branch])
    outside = [a for a in steps.between(last + 1, marker.start) if a not in on_branch]
    return not outside and marker.sentence - group[-1].sentence <= 1
