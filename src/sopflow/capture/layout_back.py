"""Where a branch that sends the work back leads: the earlier step it is sent back to.

"Send it back to the clerk" goes back to where the clerk's last stretch of work began,
"check it again" or "repeat the check" to that check, "returned to the tenant, who corrects
the form" to the tenant's hand-in, "a new print is needed" to the step that made the print.
A mixin of `capture.layout.Layout`, which has the builder, the extraction and the main line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sopflow.capture.tree import Arm
from sopflow.capture.tree_order import position_in_order

if TYPE_CHECKING:
    from sopflow.capture.builder import SopBuilder
    from sopflow.capture.extraction import Extraction

LIGHT_VERBS = frozenset({"start", "begin", "do", "perform", "run", "conduct", "carry", "make"})
"""Verbs whose object names the work: "start the diagnosis", "do the test"."""

_NEW_ONE = re.compile(r"\s*(?:a\s+new|another|a\s+fresh|new)\b", re.IGNORECASE)
"""An object that is the thing made anew: "a new batch", "another sample"."""

REPEATING_VERBS = frozenset({"repeat", "redo"})
"""Verbs that do an earlier step again: "repeat the check" goes back to "check ..."."""

REWORKING_VERBS = frozenset(
    {"review", "read", "check", "correct", "revise", "amend", "change", "edit", "update"}
    | {"complete", "fix", "rework", "adjust", "modify", "redo", "improve", "rewrite", "fill"}
)
"""Verbs of reworking what came back: "returned to the tenant, who corrects the form"."""

_BACK = re.compile(r"\bback\b", re.IGNORECASE)
_TO_DO = re.compile(r"\bto\s+([a-z]+)\b")
"""A verb of what something is sent back for: "back to the desk to check it"."""
_AGAIN = re.compile(r"\b(?:again|once more|anew)\b", re.IGNORECASE)
_TO_START = re.compile(
    r"\b(?:back to|from) the (?:very )?(?:beginning|start)\b|\bstarts? (?:over|afresh)\b",
    re.IGNORECASE,
)
"""Sending the work back to where the process began: "the ticket goes back to the start"."""


_ANEW = re.compile(
    r"\b(?:a new|another|a fresh)\s+(\w+)\s+(?:is|are|will be|must be|has to be)\s+"
    r"(?:required|needed|necessary|requested)\b",
    re.IGNORECASE,
)
"""A thing asked for anew: "a new print is needed", "another quote is needed"."""


class SentBack:
    """Where work sent back goes, for `capture.layout.Layout`."""

    b: SopBuilder
    ex: Extraction
    main: list[int]

    def back_target(self, index: int) -> int | None:
        """The earlier main-line activity a branch's last one sends the work back to.

        "Send it back to the employee" goes back to where the employee's last stretch of work
        began; "repeat the check" or "check it again" to the last activity before it with that
        verb or object.
        """
        activity = self.ex.activities[index]
        text = self.ex.text
        at = position_in_order(self.ex, index)
        earlier = [i for i in self.main if i < index and position_in_order(self.ex, i) < at]
        if self._to_start(index):
            return earlier[0] if earlier else None  # "the ticket goes back to the start"
        redone = self._back_to_redo(index, earlier)
        if redone is not None:  # "sent back to the first desk to check it": the check
            return redone
        lemma = self.b.lemma(index)
        sends_back = activity.recipient is not None and (
            lemma == "return" or _BACK.search(activity.clause.text(text)) is not None
        )
        if sends_back:
            role = self.b.book.actor_role(activity.recipient, activity.clause.start)
            roles = self.b.book.of_activity
            by_role = [n for n, i in enumerate(earlier) if roles[i] == role]
            if not by_role:
                return None
            start = by_role[-1]
            while start > 0 and roles[earlier[start - 1]] == role:
                start -= 1
            return earlier[start]
        if lemma in REPEATING_VERBS and activity.objects:
            head = activity.objects[0].text(text).split()[-1].casefold()
            alike = [i for i in earlier if head in self.b.words_of(i)]
            doing = [i for i in alike if self.b.lemma(i) == head]  # "repeat the check"
            return doing[-1] if doing else alike[0] if alike else None  # where it was made
        if self._again(index):
            alike = [i for i in earlier if self.b.lemma(i) == lemma]
            alike = alike or self._named_work(index, earlier)
            if alike:
                return alike[-1]
            return earlier[-1] if earlier else None  # "submit it again": to the check before
        return None

    def _back_to_redo(self, index: int, earlier: list[int]) -> int | None:
        """The earlier step whose verb a sending back names as what it is sent back for:
        "the form is handed back to the front desk to check it and plan anew" goes to the
        last "check" before, wherever that desk is."""
        activity = self.ex.activities[index]
        back = _BACK.search(activity.clause.text(self.ex.text))
        if back is None:
            return None
        end = self.ex.sentences[activity.sentence].end
        for word in _TO_DO.findall(self.ex.text[activity.clause.start + back.end() : end]):
            alike = [i for i in earlier if self.b.lemma(i) == word.casefold()]
            if alike:
                return alike[-1]
        return None

    def _returned_to(self, acts: list[int]) -> int | None:
        """Where work returned to someone who then does something with it goes on: "the
        request is returned to the tenant, who reads the comments" goes back to the tenant's
        last step before (handing the request in), which the tenant does anew once the
        request is reworked (`REWORKING_VERBS`)."""
        roles = self.b.book.of_activity
        for n in range(len(acts) - 2, -1, -1):
            sending = acts[n]
            if not self._sends_back(sending):
                continue
            activity = self.ex.activities[sending]
            role = self.b.book.actor_role(activity.recipient, activity.clause.start)
            after = acts[n + 1 :]
            if role is None or any(roles[i] != role for i in after):
                return None
            if not any(self.b.lemma(i) in REWORKING_VERBS for i in after):
                return None  # "returned to the supplier, who refunds it": it leaves there
            theirs = [i for i in self.main if i < sending and roles[i] == role]
            return theirs[-1] if theirs else None
        return None

    def _went_back_to(self, arm: Arm, acts: list[int]) -> int | None:
        """As `_returned_to`, when the going back is said by no step of its own: "if it is
        incomplete, it goes back to the clerk, who corrects it" goes back to the clerk's last
        step before, done anew once the form is corrected."""
        said = arm.branch.condition or arm.branch.marker
        if said is None or not acts:
            return None
        first = self.ex.activities[acts[0]]
        if _BACK.search(self.ex.text, said.end, first.verb.start) is None:
            return None
        roles = self.b.book.of_activity
        role = roles[acts[0]]
        if any(roles[i] != role for i in acts) or not any(
            self.b.lemma(i) in REWORKING_VERBS for i in acts
        ):
            return None
        theirs = [i for i in self.main if i < acts[0] and roles[i] == role]
        return theirs[-1] if theirs else None

    def _redo(self, arm: Arm) -> int | None:
        """The earlier main-line step that first named the thing a branch with no step of its
        own asks for anew ("a new print is needed", "another quote is needed")."""
        said = arm.branch.condition
        found = _ANEW.search(said.text(self.ex.text)) if said is not None else None
        if said is None or found is None:
            return None
        thing = found.group(1).casefold()
        earlier = [
            i
            for i in self.main
            if self.ex.activities[i].verb.start < said.start and thing in self.b.words_of(i)
        ]
        return earlier[0] if earlier else None

    def _done_again(self, index: int) -> int | None:
        """The earlier step this one does again ("check it again", "repeat the check", "start
        over"), None when it is work of its own."""
        back = self.back_target(index)
        if back is not None and (
            (
                self._again(index)
                and (self._same_verb(index, back) or back in self._named_work(index, [back]))
            )
            or self.b.lemma(index) in REPEATING_VERBS
            or self._to_start(index)
        ):
            return back
        return None

    def _named_work(self, index: int, earlier: list[int]) -> list[int]:
        """The earlier steps a light verb's object names ("start the diagnosis again" after
        "run a diagnosis", "do the test again" after "test the part"): the same work."""
        activity = self.ex.activities[index]
        if self.b.lemma(index) not in LIGHT_VERBS or not activity.objects:
            return []
        words = activity.objects[0].text(self.ex.text).casefold().split()
        head = words[-1].removesuffix("s") if words else ""
        return [i for i in earlier if head in {self.b.lemma(i), *(self._object_heads(i))} and head]

    def _object_heads(self, index: int) -> set[str]:
        text = self.ex.text
        return {
            o.text(text).casefold().split()[-1].removesuffix("s")
            for o in self.ex.activities[index].objects
            if o.text(text).split()
        }

    def _sends_back(self, index: int) -> bool:
        """The activity sends the work back to someone ("returns it to the clerk")."""
        activity = self.ex.activities[index]
        clause = activity.clause.text(self.ex.text)
        return activity.recipient is not None and (
            self.b.lemma(index) == "return" or _BACK.search(clause) is not None
        )

    def _to_start(self, index: int) -> bool:
        clause = self.ex.activities[index].clause.text(self.ex.text)
        return _TO_START.search(clause) is not None

    def _same_verb(self, index: int, other: int) -> bool:
        return self.b.lemma(index) == self.b.lemma(other)

    def _again(self, index: int) -> bool:
        clause = self.ex.activities[index].clause.text(self.ex.text)
        said = _AGAIN.search(clause) is not None or self._anew(index)
        return said and self.b.lemma(index) not in REPEATING_VERBS

    def _anew(self, index: int) -> bool:
        """ "(throws it away and) bakes a new batch": a step of the main line done again on a
        new thing, when a step before has the same verb."""
        activity = self.ex.activities[index]
        said = activity.objects[0].text(self.ex.text) if activity.objects else ""
        if _NEW_ONE.match(said) is None:
            return False
        lemma = self.b.lemma(index)
        return any(i < index and self.b.lemma(i) == lemma for i in self.main)
