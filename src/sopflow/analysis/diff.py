"""A readable diff of two revisions of a document: steps added, removed, moved and reworded
(with the words that changed), decisions whose options changed (parallels whose branches did),
roles changed, and the document's own fields; not a YAML line diff.

Steps are paired first by node id, then by identical text, then by similar text (a renamed
id or a reworded work-instruction step), so an edit reads as the edit it was. A paired step
whose place in the reading order changed relative to the others is reported as moved.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from sopflow.model import (
    AnyDocument,
    AnyNode,
    Decision,
    Handoff,
    Parallel,
    Policy,
    Sop,
    Step,
    Workflow,
    WorkInstruction,
)
from sopflow.model.graph import topological_order
from sopflow.model.parallels import block_successors

SegmentKind = Literal["same", "added", "removed"]
ChangeKind = Literal["added", "removed", "moved", "reworded", "role", "options", "changed"]

SIMILAR = 0.6
"""How alike two texts must be (difflib ratio) to count as one step reworded."""

METADATA_FIELDS = (
    "title",
    "summary",
    "owner",
    "department",
    "purpose",
    "scope",
    "trigger",
    "statement",
    "role",
    "system",
    "review_interval_months",
)


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both, or only in the old or the new version."""

    kind: SegmentKind
    text: str


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The word-level changes from old to new text."""
    tokenize = re.compile(r"\w+|[^\w\s]|\s+").findall
    before, after = tokenize(old), tokenize(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(before[a0:a1])))
            continue
        if a1 > a0:
            segments.append(Segment("removed", "".join(before[a0:a1])))
        if b1 > b0:
            segments.append(Segment("added", "".join(after[b0:b1])))
    return tuple(segments)


def render_words(segments: Iterable[Segment]) -> str:
    """Word changes inline, as [-removed-]{+added+}."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return "".join(marks[segment.kind].format(segment.text) for segment in segments)


@dataclass(frozen=True)
class Change:
    """One difference between two revisions, as a person would describe it."""

    kind: ChangeKind
    element: str
    """What changed: "step 'find-order'", "step 3", "purpose"."""
    summary: str
    """The change in a sentence, readable on its own."""
    words: tuple[Segment, ...] = ()
    """Word-level changes, for rewordings."""

    def as_json(self) -> dict[str, Any]:
        """The change as a JSON object for `--json` output."""
        data: dict[str, Any] = {"kind": self.kind, "element": self.element}
        data["summary"] = self.summary
        if self.words:
            data["words"] = [{"kind": s.kind, "text": s.text} for s in self.words]
        return data


@dataclass(frozen=True)
class Item:
    """A step (or decision, handoff, outcome, WI step) reduced to what the diff compares."""

    key: str | None
    """The node id; None for work-instruction steps, which have none."""
    label: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    options: tuple[tuple[str, str], ...] = ()
    """A decision's options, or a parallel's branches: (label, where it leads)."""
    choices: str = "options"
    """What the options are called in a change: "options", or "branches" of a parallel."""
    reachable: bool = True
    """False for a flow node the start does not lead to: it has no place to move from."""


def _role(sop: Sop, role_id: str | None) -> str:
    role = sop.role(role_id) if role_id else None
    return role.name if role else (role_id or "(no role)")


def _node_item(sop: Sop, node: AnyNode) -> Item:
    label = f"{node.type} '{node.id}'"
    if isinstance(node, Step):
        fields = {"role": _role(sop, node.role)}
        fields |= {f"detail ({level})": text for level, text in node.detail.items()}
        fields |= {
            "reference": node.reference or "",
            "expected result": node.expected_result or "",
            "warnings": "; ".join(node.warnings),
            "mandatory": "yes" if node.mandatory else "no",
        }
        return Item(node.id, label, node.instruction, fields)
    if isinstance(node, Decision):
        fields = {"role": _role(sop, node.role)}
        fields |= {f"detail ({level})": text for level, text in node.detail.items()}
        options = tuple((option.label, option.next) for option in node.options)
        return Item(node.id, label, node.question, fields, options)
    if isinstance(node, Parallel):
        fields = {"role": _role(sop, node.role), "join": node.join}
        branches = tuple((branch.label or branch.next, branch.next) for branch in node.branches)
        text = "in parallel: " + "; ".join(name for name, _ in branches)
        return Item(node.id, label, text, fields, branches, choices="branches")
    if isinstance(node, Handoff):
        fields = {
            "from role": _role(sop, node.from_role),
            "to role": _role(sop, node.to_role),
            "transfers": "; ".join(node.transfers),
        }
        text = node.channel or f"hand over to {fields['to role']}"
        return Item(node.id, label, text, fields)
    return Item(node.id, label, node.name, {"description": node.description or ""})


def items(document: AnyDocument) -> list[Item]:
    """The document's steps in reading order (a flow from its start, depth first)."""
    if isinstance(document, Sop):
        table = document.flow.by_id()
        order = topological_order(document.flow.start, block_successors(document.flow))
        walked = [_node_item(document, table[node_id]) for node_id in order if node_id in table]
        stranded = [
            replace(_node_item(document, node), reachable=False)
            for node in document.flow.nodes
            if node.id not in order
        ]
        return walked + stranded
    if isinstance(document, WorkInstruction):
        return [
            Item(
                None,
                f"step {number}",
                step.action,
                {
                    "target": step.target or "",
                    "value": step.value or "",
                    "expected result": step.expected_result or "",
                    "warning": step.warning or "",
                    "detail": step.detail or "",
                },
            )
            for number, step in enumerate(document.steps, start=1)
        ]
    if isinstance(document, Workflow):
        return [
            Item(
                stage.id,
                f"stage '{stage.id}'",
                stage.name,
                {
                    "performer": stage.performer.name,
                    "SOP": stage.sop or "",
                    "next": ", ".join(stage.next),
                    "handover": stage.handover or "",
                },
            )
            for stage in document.stages
        ]
    return []


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=a.casefold(), b=b.casefold(), autojunk=False).ratio()


def pair(old: Sequence[Item], new: Sequence[Item]) -> list[tuple[int, int]]:
    """Index pairs of the same step in old and new: by id, then same text, then similar."""
    pairs: list[tuple[int, int]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))

    def take(i: int, j: int) -> None:
        pairs.append((i, j))
        free_old.discard(i)
        free_new.discard(j)

    new_keys = {item.key: j for j, item in enumerate(new) if item.key is not None}
    for i, item in enumerate(old):
        if item.key is not None and item.key in new_keys:
            take(i, new_keys[item.key])
    for i in sorted(free_old):
        same = [j for j in sorted(free_new) if new[j].text == old[i].text]
        if same:
            take(i, same[0])
    scored = sorted(
        ((_similarity(old[i].text, new[j].text), i, j) for i in free_old for j in free_new),
        key=lambda entry: (-entry[0], entry[1], entry[2]),
    )
    for score, i, j in scored:
        if score >= SIMILAR and i in free_old and j in free_new:
            take(i, j)
    return sorted(pairs)


def _moved(pairs: list[tuple[int, int]]) -> set[int]:
    """Old indices of paired items outside the longest run kept in the same order.

    The kept run is the longest increasing subsequence of old indices taken in new order.
    """
    by_new = sorted(pairs, key=lambda p: p[1])
    sequence = [i for i, _ in by_new]
    best: list[list[int]] = []
    for value in sequence:
        candidates = [chain for chain in best if chain[-1] < value]
        longest = max(candidates, key=len) if candidates else []
        best.append([*longest, value])
    kept = max(best, key=len) if best else []
    keep = set(kept)
    return {i for i, _ in pairs if i not in keep}


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _before(sequence: Sequence[Item], index: int) -> str:
    """How a diff names the item before index: the node id, or a WI step and its words."""
    if not index:
        return "the start"
    item = sequence[index - 1]
    return f"'{item.key}'" if item.key else f"{item.label} ({_short(item.text)})"


def _element(old: Item, new: Item) -> str:
    return new.label if old.label == new.label else f"{old.label} (now {new.label})"


def _compare(old: Item, new: Item) -> Iterator[Change]:
    element = _element(old, new)
    if old.text != new.text:
        words = word_diff(old.text, new.text)
        yield Change("reworded", element, f"{element} reworded: {render_words(words)}", words)
    for name in dict.fromkeys([*old.fields, *new.fields]):
        before, after = old.fields.get(name, ""), new.fields.get(name, "")
        if before == after:
            continue
        if "role" in name:
            yield Change("role", element, f"{element} {name}: {before} -> {after}")
        elif before and after and name.startswith(("detail", "expected", "warning")):
            words = word_diff(before, after)
            yield Change("changed", element, f"{element} {name}: {render_words(words)}", words)
        else:
            yield Change(
                "changed",
                element,
                f"{element} {name}: {before or '(none)'} -> {after or '(none)'}",
            )
    if old.options != new.options:
        yield Change("options", element, f"{element} {new.choices}: {_options(old, new)}")


def _options(old: Item, new: Item) -> str:
    before = {label.casefold(): (label, target) for label, target in old.options}
    after = {label.casefold(): (label, target) for label, target in new.options}
    added = [after[key] for key in after if key not in before]
    removed = [before[key] for key in before if key not in after]
    parts: list[str] = []
    for label, target in list(removed):
        renamed = next((option for option in added if option[1] == target), None)
        if renamed is not None:
            parts.append(f'"{label}" relabelled "{renamed[0]}"')
            added.remove(renamed)
            removed.remove((label, target))
    parts += [f"added \"{label}\" -> '{target}'" for label, target in added]
    parts += [f'removed "{label}"' for label, _ in removed]
    for key, (label, target) in after.items():
        if key in before and before[key][1] != target:
            parts.append(f"\"{label}\" now leads to '{target}' (was '{before[key][1]}')")
        elif key in before and before[key][0] != label:
            parts.append(f'"{before[key][0]}" relabelled "{label}"')
    if not parts:
        parts.append("reordered: " + ", ".join(f'"{label}"' for label, _ in new.options))
    return "; ".join(parts)


def _metadata(old: AnyDocument, new: AnyDocument) -> Iterator[Change]:
    for name in METADATA_FIELDS:
        if name not in type(old).model_fields and name not in type(new).model_fields:
            continue
        before, after = getattr(old, name, None), getattr(new, name, None)
        if before == after:
            continue
        if isinstance(before, str) and isinstance(after, str):
            words = word_diff(before, after)
            yield Change("changed", name, f"{name}: {render_words(words)}", words)
        else:
            shown = ["(none)" if value in (None, "") else value for value in (before, after)]
            yield Change("changed", name, f"{name}: {shown[0]} -> {shown[1]}")
    if isinstance(old, Sop) and isinstance(new, Sop):
        yield from _listed("role", [r.name for r in old.roles], [r.name for r in new.roles])
        yield from _listed("record", [r.name for r in old.records], [r.name for r in new.records])
        yield from _listed("policy", list(old.policies), list(new.policies))
    if isinstance(old, Policy) and isinstance(new, Policy):
        yield from _listed(
            "implementing document", list(old.implemented_by), list(new.implemented_by)
        )


def _listed(what: str, before: list[str], after: list[str]) -> Iterator[Change]:
    for name in after:
        if name not in before:
            yield Change("added", what, f"{what} added: {name}")
    for name in before:
        if name not in after:
            yield Change("removed", what, f"{what} removed: {name}")


@dataclass(frozen=True)
class DocumentDiff:
    """Every change from one revision of a document to another."""

    old: str
    new: str
    """How the two sides are named: files or CODE@REV."""
    code: str
    changes: tuple[Change, ...]

    def as_json(self) -> dict[str, Any]:
        """The diff as a JSON object for `--json` output."""
        return {
            "code": self.code,
            "old": self.old,
            "new": self.new,
            "changes": [change.as_json() for change in self.changes],
        }


def diff_documents(
    old: AnyDocument, new: AnyDocument, old_name: str = "old", new_name: str = "new"
) -> DocumentDiff:
    """The readable diff from old to new."""
    changes = list(_metadata(old, new))
    if old.kind != new.kind:
        changes.insert(0, Change("changed", "kind", f"kind: {old.kind} -> {new.kind}"))
    before, after = items(old), items(new)
    pairs = pair(before, after)
    moved = _moved([(i, j) for i, j in pairs if before[i].reachable and after[j].reachable])
    paired_new = {j: i for i, j in pairs}
    paired_old = {i for i, _ in pairs}
    for j, item in enumerate(after):
        if j not in paired_new:
            changes.append(
                Change(
                    "added",
                    item.label,
                    f"{item.label} added after {_before(after, j)}: {item.text}",
                )
            )
            continue
        i = paired_new[j]
        if i in moved:
            changes.append(
                Change(
                    "moved",
                    _element(before[i], item),
                    f"{_element(before[i], item)} moved: now after {_before(after, j)} "
                    f"(was after {_before(before, i)})",
                )
            )
        changes.extend(_compare(before[i], item))
    for i, item in enumerate(before):
        if i not in paired_old:
            changes.append(Change("removed", item.label, f"{item.label} removed: {item.text}"))
    return DocumentDiff(old_name, new_name, new.code, tuple(changes))
