"""The process a text describes, as a block-structured tree: sequences, choices, parallel
work and loops.

The structurer finds clauses and their markers ("if", "otherwise", "in the meantime", "or");
this module decides how they nest, and `capture.layout` draws the tree as the SOP graph. So a
join, an end or a nested decision follows from where a block closes, not from special cases
in the graph. The rules, all about the markers and the shape of the conditions:

- a condition that is the opposite of an open decision's branch ("the part is available" /
  "it is not available", "he is right" / "he is wrong", "otherwise") is another branch of
  that decision, closing any decision opened inside it;
- a condition on the same subject as the open decision's ("the request is approved" / "the
  request is rejected") is another case of it;
- any other condition right after a branch of a decision with a single branch so far is a
  decision inside that branch; after a decision whose cases are complete it is the next
  decision in sequence;
- a step outside any condition closes every open decision: the branches join before it;
- a step its performer "also" does, or does "in addition to" other work, runs beside the
  step before (`tree_parallel.said_besides`);
- a branch whose step closes the case, or which says the process ends, ends in an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sopflow.capture.extraction import Branch, Span


@dataclass
class Act:
    """One activity of the extraction, by index."""

    index: int


@dataclass
class Arm:
    """One branch of a choice: the condition it is taken on and what happens on it."""

    branch: Branch
    body: list[Node] = field(default_factory=list)
    ends: bool = False
    """True when the branch ends the process instead of joining the others."""
    sentence: int = 0
    """The last sentence this branch covers, to know whether the next condition follows it."""
    again: bool = False
    """True when the branch goes back to its own decision ("still no answer: another
    reminder"), `tree_repeats`."""
    joins: bool = False
    """True when a step said "in any case" follows the decision: the branch goes on to it
    even when its own step closes the case (`tree_any_case`)."""


@dataclass
class Choice:
    """An exclusive choice (a decision) between its arms."""

    gateway: int
    arms: list[Arm] = field(default_factory=list)
    alternative: bool = False
    """An "A or B" between two steps rather than conditions."""
    open: int = -1
    """The branch the text goes on with: the last one, or the one a later condition named."""

    @property
    def current(self) -> Arm:
        """The branch the text goes on with."""
        return self.arms[self.open]


@dataclass
class Parallel:
    """Work done at the same time: every branch, in any order, before the flow goes on."""

    gateway: int
    """The extraction's gateway, or -1 when a word of the step said it ("also")."""
    branches: list[list[Node]] = field(default_factory=list)
    marker: Span | None = None
    """The word that said it when no gateway did."""


@dataclass
class Loop:
    """Work repeated until a condition holds ("… and so on until payment arrives")."""

    body: list[Node]
    until: Span
    """The condition that ends the repetition, in the text."""
    each: bool = False
    """Repeated "for each" thing the condition names ("for each box on the shelf"): the
    question asks for another one, and "Yes" repeats."""
    holds: bool = False
    """Repeated as long as the condition holds ("as long as the goods have not arrived"):
    asked without its negation it ends the repetition, else "Yes" repeats."""


Node = Act | Choice | Parallel | Loop
