"""Predict PET mentions and relations with sopflow's structurer.

Usage: .venv/bin/python bench/pet_predict.py IN.jsonl OUT.jsonl

Reads only `id`, `text` and `tokens[].text` of each input document, runs the structurer that
`sopflow capture` uses, and writes the PET layout (mentions with token indices, relations
between mention indices) for `pet_score.py`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sopflow.capture.extraction import Activity, Extraction, Node, Span
from sopflow.capture.structure.pipeline import load_pipeline, parse, structure_doc
from sopflow.settings import load_settings

if TYPE_CHECKING:
    from spacy.language import Language


RECEIVING_VERBS = frozenset({"receive", "get", "obtain"})
"""Verbs whose subject receives the work another actor performs; not "collect": the one who
collects the mail performs the collecting."""


def token_offsets(words: list[str]) -> list[tuple[int, int]]:
    """Character range of each token in the words joined by single spaces."""
    offsets: list[tuple[int, int]] = []
    position = 0
    for word in words:
        offsets.append((position, position + len(word)))
        position += len(word) + 1
    return offsets


TokensOf = Callable[[Span], tuple[int, ...]]
"""The gold token indices a character span of the structured text stands for."""


def overlapping(words: list[str]) -> TokensOf:
    """Tokens of the words joined by single spaces that a span overlaps."""
    offsets = token_offsets(words)

    def tokens(span: Span) -> tuple[int, ...]:
        return tuple(
            i for i, (start, end) in enumerate(offsets) if start < span.end and end > span.start
        )

    return tokens


class Mentions:
    """The predicted mentions of one document, deduplicated by type and tokens."""

    def __init__(self, tokens: TokensOf) -> None:
        self.tokens = tokens
        self.items: list[dict[str, object]] = []
        self.index: dict[tuple[str, tuple[int, ...]], int] = {}

    def add(self, kind: str, span: Span) -> int | None:
        tokens = self.tokens(span)
        if not tokens:
            return None
        key = (kind, tokens)
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append({"type": kind, "tokenDocumentIndices": list(tokens)})
        return self.index[key]


Relate = Callable[[int | None, int | None, str], None]


def _activity(activity: Activity, mentions: Mentions, relate: Relate) -> int | None:
    """An activity's mention, related to its actors, data and further specifications."""
    a = mentions.add("Activity", activity.verb)
    if activity.lemma in RECEIVING_VERBS:
        # PET's performer of "receive X from Y" is Y; the subject is the recipient
        if activity.sender_mention is not None:
            relate(a, mentions.add("Actor", activity.sender_mention), "actor performer")
        if activity.actor_mention is not None:
            relate(a, mentions.add("Actor", activity.actor_mention), "actor recipient")
    elif activity.actor_mention is not None:
        relate(a, mentions.add("Actor", activity.actor_mention), "actor performer")
    for recipient in (activity.recipient_mention, *activity.other_recipients):
        if recipient is not None:
            relate(a, mentions.add("Actor", recipient), "actor recipient")
    for span in activity.objects:
        relate(a, mentions.add("Activity Data", span), "uses")
    for span in activity.details:
        relate(a, mentions.add("Further Specification", span), "further specification")
    return a


def to_pet(extraction: Extraction, tokens: TokensOf) -> dict[str, object]:
    """The PET mentions and relations of one structured document."""
    mentions = Mentions(tokens)
    relations: set[tuple[int, int, str]] = set()

    def relate(head: int | None, tail: int | None, kind: str) -> None:
        if head is not None and tail is not None and head != tail:
            relations.add((head, tail, kind))

    activity_ids = [_activity(activity, mentions, relate) for activity in extraction.activities]
    markers: dict[tuple[int, int], int | None] = {}
    conditions: dict[tuple[int, int], int | None] = {}
    for g, gateway in enumerate(extraction.gateways):
        kind = "XOR Gateway" if gateway.kind == "xor" else "AND Gateway"
        previous: int | None = None
        for b, branch in enumerate(gateway.branches):
            marker = mentions.add(kind, branch.marker) if branch.marker else None
            markers[(g, b)] = marker
            if branch.condition is not None:
                conditions[(g, b)] = mentions.add("Condition Specification", branch.condition)
                relate(marker, conditions[(g, b)], "flow")
            if b > 0:
                relate(previous, marker, "same gateway")  # PET chains them in text order
            if marker is not None:
                previous = marker

    def node_id(node: Node, *, as_target: bool) -> int | None:
        if node.kind == "activity":
            return activity_ids[node.index]
        key = (node.index, node.branch)
        if not as_target and conditions.get(key) is not None:
            return conditions[key]
        return markers.get(key) if markers.get(key) is not None else markers.get((node.index, 0))

    for edge in extraction.flow:
        relate(node_id(edge.source, as_target=False), node_id(edge.target, as_target=True), "flow")
    return {
        "mentions": mentions.items,
        "relations": [
            {"headMentionIndex": h, "tailMentionIndex": t, "type": kind}
            for h, t, kind in sorted(relations)
        ],
    }


def predict(documents: list[dict[str, object]], nlp: Language) -> list[dict[str, object]]:
    """PET predictions for documents (only their id, text and token texts are read)."""
    from spacy.tokens import Doc

    out: list[dict[str, object]] = []
    for document in documents:
        tokens = document["tokens"]
        assert isinstance(tokens, list)
        words = [str(token["text"]) for token in tokens]
        doc = parse(Doc(nlp.vocab, words=words), nlp)
        prediction = to_pet(structure_doc(doc), overlapping(words))
        out.append({"id": document["id"], **prediction})
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = (Path(arg) for arg in argv)
    documents = [json.loads(line) for line in source.read_text().splitlines() if line.strip()]
    nlp = load_pipeline(load_settings().spacy_model)
    lines = [json.dumps(p) for p in predict(documents, nlp)]
    target.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
