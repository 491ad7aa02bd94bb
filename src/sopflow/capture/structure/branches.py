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


def branch_activities(
    marker: Marker, steps: Steps, sentences: Sentences, until: int | None = None
) -> list[int]:
    """The activities a marker governs: the rest of its sentence, or what precedes it there.

    "If X, A and B." governs A and B; "A if X." governs A.
    """
    start, end = sentences.bounds[marker.sentence]
    if until is not None:
        end = min(end, until)  # the next marker in the sentence opens the next branch
    after = steps.between(marker.words[-1].i + 1, end)
    if after:
        return after
    last = sentences.bounds[marker.sentence][1]
    cut = marker.kind == "xor" and _ends_sentence(marker, last)
    if cut and marker.sentence + 1 < len(sentences.bounds):
        # "… and sometimes, | a friend brings some": the parser cut the sentence after the
        # marker, so the clause it opens is the next "sentence"
        return steps.between(*sentences.bounds[marker.sentence + 1])
    before = steps.between(start, marker.start)
    while len(before) > 1 and _time_clause(steps.found[before[0]]):
        before = before[1:]  # "after the report is received, create an account if ...": first
    return _from_governed(marker, before, steps)


def _ends_sentence(marker: Marker, end: int) -> bool:
    """Nothing but punctuation follows the marker in its sentence."""
    doc = marker.words[-1].doc
    return all(token.is_punct for token in doc[marker.words[-1].i + 1 : end])


def _from_governed(marker: Marker, before: list[int], steps: Steps) -> list[int]:
    """A condition said after its steps governs the verb it hangs on and what is coordinated
    after it: "the clerk writes the label and orders insurance if necessary" makes only the
    insurance optional; the label is written in every case."""
    head = marker.words[0].head
    governed = head.head if marker.words[0].dep_ == "mark" and head.dep_ == "advcl" else None
    if governed is None:
        return before
    for n, index in enumerate(before):
        if steps.found[index].verb.i == governed.i:
            return before[n:]
    return before


TIME_MARKS = frozenset({"after", "once", "when", "whenever"})
"""Conjunctions of a time clause: what it names is done before the clause it attaches to."""


def _time_clause(item: Found) -> bool:
    """Whether the activity's verb heads a time clause opening its sentence ("after the
    report is received, ...")."""
    verb = item.verb
    return (
        verb.dep_ == "advcl"
        and verb.head.i > verb.i
        and any(c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in verb.children)
    )


def group_markers(
    markers: list[Marker], found: list[Found], sentences: Sentences
) -> tuple[list[GatewayPlan], list[list[Marker]]]:
    """Group markers into gateways ("if … otherwise …") with the activities on each branch.

    A marker continues the previous decision when it is an "otherwise", or an "if" in the
    same or the next sentence with no step outside the decision in between. "A or B" and
    "while A, B" are gateways of one marker and two branches.
    """
    steps = Steps(found)
    groups: list[list[Marker]] = []
    branches: list[list[list[int]]] = []
    claimed: set[int] = set()
    starts = [m.start for m in markers if not m.alternative]
    for marker in markers:
        if marker.alternative:
            options = _alternatives(marker, steps)
            if options is not None and not claimed.intersection(options):
                groups.append([marker])
                branches.append([[option] for option in options])
                claimed.update(options)
            continue
        if marker.kind == "and" and marker.words[0].dep_ == "mark":
            parallel = [
                [a for a in branch if a not in claimed]
                for branch in _while_branches(marker, steps, sentences)
            ]
            groups.append([marker])
            branches.append(parallel)
            claimed.update(a for branch in parallel for a in branch)
            continue
        until = next((start for start in starts if start > marker.start), None)
        found_here = branch_activities(marker, steps, sentences, until)
        branch = [a for a in found_here if a not in claimed]
        target = _continued(groups, branches, marker, steps)
        if target is not None:
            groups[target].append(marker)
            branches[target].append(branch)
        else:
            groups.append([marker])
            branches.append([branch])
        claimed.update(branch)
    plans = [
        GatewayPlan(
            start=min([group[0].start] + [steps.positions[a] for b in group_branches for a in b]),
            branches=group_branches,
        )
        for group, group_branches in zip(groups, branches, strict=True)
    ]
    return plans, groups


def _while_branches(
    marker: Marker, steps: Steps, sentences: Sentences
) -> tuple[list[int], list[int]]:
    """ "While A, B" and "B while A": A (the subordinate clause) and B (the rest of the
    sentence, before or after it) in parallel."""
    start, end = sentences.bounds[marker.sentence]
    clause = {t.i for t in marker.words[0].head.subtree}
    in_sentence = steps.between(start, end)
    inside = [a for a in in_sentence if steps.positions[a] in clause]
    rest = [a for a in in_sentence if a not in inside]
    return inside, rest


def _alternatives(marker: Marker, steps: Steps) -> tuple[int, ...] | None:
    """The steps on either side of an "or" in its sentence: the one just before and the one
    just after, and those listed before them with commas ("either approves it, sends it on,
    or rejects it": three)."""
    sentence = marker.words[0].sent
    before = steps.between(sentence.start, marker.start)
    after = steps.between(marker.start + 1, sentence.end)
    if not before or not after:
        return None
    return (*_listed_before(steps, before), before[-1], after[0])


def _listed_before(steps: Steps, before: list[int]) -> list[int]:
    """The steps listed with commas before the last one ahead of an "or": verbs coordinated
    with it, with nothing but a comma (or "either") between each and the next."""
    doc = steps.found[before[-1]].verb.doc
    last = doc[steps.positions[before[-1]]]
    head = last
    while head.dep_ == "conj":
        head = head.head
    members = {head.i} | {t.i for t in head.subtree if t.dep_ == "conj" and t.head.i in {head.i}}
    listed: list[int] = []
    following = last
    for index in reversed(before[:-1]):
        verb = doc[steps.positions[index]]
        if verb.i not in members:
            break
        between = {t.lower_ for t in doc[verb.i + 1 : following.i] if t.dep_ in {"cc", "advmod"}}
        if between & {"and", "then"}:
            break
        listed.insert(0, index)
        following = verb
    return listed


def _continued(
    groups: list[list[Marker]], branches: list[list[list[int]]], marker: Marker, steps: Steps
) -> int | None:
    """The group marker goes on: the last one, or for the next case named by a subject the
    group of its first case, with a decision said inside that case between them."""
    if groups and _continues(groups[-1], branches[-1], marker, steps):
        return len(groups) - 1
    if marker.question and not marker.opens:
        said = [n for n, group in enumerate(groups) if group[0].question == marker.question]
        return said[-1] if said else None
    return None


def _continues(
    group: list[Marker], branches: list[list[int]], marker: Marker, steps: Steps
) -> bool:
    if marker.kind != "xor" or group[0].kind != "xor" or group[0].alternative:
        return False
    if marker.question or group[0].question:  # cases named by subjects: a run of their own
        return not marker.opens and bool(group[0].question)
    if not marker.opens:
        return marker.sentence - group[-1].sentence <= 1
    if marker.words[0].lower_ != group[0].words[0].lower_:
        return False  # "if … if …", "sometimes … sometimes …": the same kind of marker
    on_branch = {a for branch in branches for a in branch}
    last = max([m.words[-1].i for m in group] + [steps.positions[a] for a in on_branch])
    outside = [a for a in steps.between(last + 1, marker.start) if a not in on_branch]
    return not outside and marker.sentence - group[-1].sentence <= 1
