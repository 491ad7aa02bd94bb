"""Builds the process tree of an extraction, clause by clause, by the rules `capture.tree`
states."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sopflow.capture.extraction import Branch, Extraction
from sopflow.capture.tree import Act, Arm, Choice, Node, Parallel
from sopflow.capture.tree_after import anchored_arm
from sopflow.capture.tree_ahead import another_alternative, else_ahead, every_case_ahead
from sopflow.capture.tree_alone import another_case, case_said_alone
from sopflow.capture.tree_any_case import every_case
from sopflow.capture.tree_asked import offered_case, placed_apart
from sopflow.capture.tree_awaits import awaits_open_branch, refers_to_branch
from sopflow.capture.tree_cases import (
    else_fills,
    fills_again,
    former_or_latter,
    named_arm,
    outer_case,
    sent_back,
    subject_case,
    takes_case_in,
)
from sopflow.capture.tree_depending import depending_choice, depends_alone
from sopflow.capture.tree_else import else_if
from sopflow.capture.tree_events import with_awaited
from sopflow.capture.tree_loops import repeat_last_run, repeats_work, with_loops
from sopflow.capture.tree_nested import said_after_step
from sopflow.capture.tree_order import position_in_order
from sopflow.capture.tree_parallel import (
    beside_marked,
    beside_named,
    choice_goes_on,
    continues_split,
    named_while,
    said_besides,
    split_at_closing,
)
from sopflow.capture.tree_redo import redone_in_branch
from sopflow.capture.tree_repeats import with_repeats
from sopflow.capture.tree_unless import except_inside, that_case
from sopflow.capture.tree_words import (
    IN_THAT_CASE,
    Condition,
    alternatives_of,
    complements,
    negated,
    other_answer,
    same_case,
    share_words,
)


@dataclass
class _Unit:
    """One item of the text in order: a main-line activity, a branch, or a whole gateway."""

    position: int
    kind: str  # "act", "arm", "or", "and", "repeat"
    index: int
    branch: int = 0


class TreeBuilder:
    """Builds the process tree of one extraction (the rules are in `capture.tree`)."""

    def __init__(self, extraction: Extraction, skipped: set[int], ending: set[int]) -> None:
        self.ex = extraction
        self.skipped = skipped
        self.ending = ending
        """Sentences that say the process ends there ("the process stops")."""
        self.root: list[Node] = []
        self.stack: list[Choice] = []

    def build(self) -> list[Node]:
        """The top-level sequence of the process."""
        for unit in self._units():
            if unit.kind == "act":
                self._main_line(unit.index)
            elif unit.kind == "arm":
                self._arm(unit.index, unit.branch)
            elif unit.kind == "or":
                self._alternative(unit.index)
            elif unit.kind == "repeat":
                self.stack.clear()
                repeat_last_run(self.ex, self.root, unit.index)
            else:
                self._parallel(unit.index)
        return with_repeats(self.ex, with_loops(self.ex, with_awaited(self.ex, self.root)))

    # the text in order ---------------------------------------------------------------------
    def _units(self) -> list[_Unit]:
        claimed: dict[int, int] = {}
        for number, gateway in enumerate(self.ex.gateways):
            for branch in gateway.branches:
                for index in branch.activities:
                    claimed.setdefault(index, number)
        units = [
            _Unit(position_in_order(self.ex, i), "act", i)
            for i in range(len(self.ex.activities))
            if i not in claimed and i not in self.skipped
        ]
        for number, gateway in enumerate(self.ex.gateways):
            if gateway.kind == "and":
                units.append(_Unit(self._gateway_start(number), "and", number))
            elif any(
                b.marker is not None and b.condition is None and self._is_or(b)
                for b in gateway.branches[:1]
            ):
                units.append(_Unit(self._gateway_start(number), "or", number))
            else:
                for b in range(len(gateway.branches)):
                    units.append(_Unit(self._branch_start(number, b), "arm", number, b))
        for number, span in enumerate(self.ex.sentences):
            if repeats_work(self.ex.text, span):
                units.append(_Unit(span.start, "repeat", number))
        units.sort(key=lambda unit: (unit.position, unit.kind != "arm", unit.branch))
        return units

    def _is_or(self, branch: Branch) -> bool:
        return branch.marker is not None and branch.marker.text(self.ex.text).casefold() == "or"

    def _branch_start(self, number: int, b: int) -> int:
        branch = self.ex.gateways[number].branches[b]
        starts = [self.ex.activities[i].verb.start for i in branch.activities]
        if branch.marker is not None:
            starts.append(branch.marker.start)
        return min(starts, default=0)

    def _gateway_start(self, number: int) -> int:
        return min(
            self._branch_start(number, b) for b in range(len(self.ex.gateways[number].branches))
        )

    def _activities(self, branch: Branch) -> list[Node]:
        return [Act(i) for i in branch.activities if i not in self.skipped]

    # placing -------------------------------------------------------------------------------
    def _body(self) -> list[Node]:
        """Where the next item goes: the open branch of the innermost decision, or the root."""
        return self.stack[-1].current.body if self.stack else self.root

    def _main_line(self, index: int) -> None:
        activity = self.ex.activities[index]
        sentence = self.ex.sentences[activity.sentence].text(self.ex.text)
        if former_or_latter(self.ex, self.stack, self._last_choice(), index, sentence):
            return
        if another_alternative(self.ex, self.stack, index):
            return
        if every_case(self.ex, self.root, index):  # "In any case, …": after every branch
            self.stack.clear()
            self.root.append(Act(index))
            return
        if offered_case(self.ex, self.root, self.stack, index):
            return  # "The customer can return it. In that case, …": a decision on it
        if self.stack and that_case(self.ex, self.stack, index):
            return  # "… unless it is heavy. In that case …": the other branch
        if takes_case_in(self.ex, self.stack, index):
            return  # "Shortlisted entries …" after "whether the entry is shortlisted"
        if self.stack and (
            IN_THAT_CASE.match(sentence)
            or self._same_sentence(activity.sentence)
            or awaits_open_branch(self.ex, self.stack[-1], activity.sentence)
            or refers_to_branch(self.ex, self.stack[-1], index)
            or redone_in_branch(self.ex, self.root, self.stack, index)
            or case_said_alone(self.ex, self.stack, index)
            or else_ahead(self.ex, self.stack, activity.sentence)
            or every_case_ahead(self.ex, self.stack, activity.sentence)
        ):
            arm = self.stack[-1].current  # "In these cases, …": still the open branch
            arm.body.append(Act(index))
            arm.sentence = max(arm.sentence, activity.sentence)
            return
        self.stack.clear()  # a step outside every condition: the open branches join before it
        if not self._besides(index):
            self.root.append(Act(index))

    def _besides(self, index: int) -> bool:
        """ "She also informs the warehouse": beside the step before, by the same performer
        (`tree_parallel.said_besides`); the rest of the sentence goes on in that branch."""
        activity = self.ex.activities[index]
        last = self.root[-1] if self.root else None
        if isinstance(last, Parallel) and last.gateway < 0:
            branch = last.branches[-1]
            final = branch[-1]
            if (
                isinstance(final, Act)
                and self.ex.activities[final.index].sentence == activity.sentence
            ):
                branch.append(Act(index))
                return True
        marker = said_besides(self.ex, index, self.skipped)
        start = self._besides_from(index) if marker is not None else None
        if marker is None or start is None:
            return False
        beside = self.root[start:]
        del self.root[start:]
        self.root.append(Parallel(-1, [beside, [Act(index)]], marker=marker))
        return True

    def _besides_from(self, index: int) -> int | None:
        """Where the work an "also" step runs beside begins: the step before, when its
        performer is the same or unnamed; else the same performer's step earlier in the
        sentence before, with what it set going ("she submits the ticket to the kitchen to
        prepare the food. She also …")."""
        activity = self.ex.activities[index]
        for start in range(len(self.root) - 1, -1, -1):
            node = self.root[start]
            if not isinstance(node, Act):
                return None
            before = self.ex.activities[node.index]
            if before.sentence != activity.sentence - 1:
                return None
            last = start == len(self.root) - 1
            if before.actor == activity.actor or (last and None in (before.actor, activity.actor)):
                return start
        return None

    def _same_sentence(self, sentence: int) -> bool:
        """The step is in the sentence the open branch's condition was said in."""
        arm = self.stack[-1].current
        return not arm.ends and arm.sentence == sentence and bool(arm.body)

    def _taken_apart(self, number: int, branch: Branch) -> bool:
        """A branch that makes no arm of a decision here: a "whether", a "depending on", an
        exception inside the open branch, or a condition that asks nothing."""
        if self._asks_whether(branch):
            self._whether(number, branch)
            return True
        depending = depending_choice(self.ex, number, branch, self.skipped)
        if depending is not None:  # "depending on the score, A or B": one decision's options
            self.stack[:] = [depending]
            self.root.append(depending)
            return True
        if except_inside(self.ex, self.stack, number, branch):
            return True  # "…, except if the budget is huge": a decision inside the branch
        asks = not depends_alone(self.ex, branch, self.skipped)
        if not asks or self._no_question(number, self._condition(branch)):
            for index in branch.activities:
                if index not in self.skipped:
                    self._main_line(index)
            return True
        return False

    def _arm(self, number: int, b: int) -> None:
        gateway = self.ex.gateways[number]
        branch = gateway.branches[b]
        arm = Arm(branch, self._activities(branch), sentence=gateway.sentence)
        arm.sentence = max(
            [gateway.sentence, *(self.ex.activities[i].sentence for i in branch.activities)]
        )
        arm.ends = self._ends(arm)
        if subject_case(self.root, self.stack, number, arm) or self._taken_apart(number, branch):
            return
        condition = self._condition(branch)
        if placed_apart(self.ex, self.root, self._body(), self.stack, (number, arm)):
            return  # a duty's "otherwise", a case asked before, an "if so" after a "can"
        if self._fills_asked(condition, arm) or else_if(self.ex, self.stack, number, arm):
            return  # "Otherwise, if the parcel is heavy, …": a decision in the other branch
        target = self._complemented(condition, arm)
        if target is not None:
            del self.stack[target + 1 :]
            self.stack[-1].arms.append(arm)
            self.stack[-1].open = -1
            return
        top = outer_case(self.ex, self.stack, condition)
        if top is not None and top.alternative:
            named = named_arm(self.ex, top, condition)
            if named is not None:  # "reject or accept it. If accepted, ...": that branch goes on
                named.body.extend(arm.body)
                named.ends = named.ends or arm.ends
                named.sentence = arm.sentence
                top.open = top.arms.index(named)
                return
            if condition.is_else and top.open >= 0 and top.current.ends:
                self.stack.pop()  # "in case of a rejection … ends. Otherwise, …": the others
                self._body().extend(arm.body)
                return
        if (
            top
            and not top.alternative
            and (self._same_case(top, condition) or sent_back(self.ex, top, arm))
        ):
            top.arms.append(arm)
            top.open = -1
            return
        said = [condition, *(self._condition(arm.branch) for arm in top.arms)] if top else []
        if top is not None and another_case(self.ex, top, number, arm, said):
            top.arms.append(arm)  # "sometimes A, sometimes B": cases of one decision
            top.open = -1
            return
        choice = Choice(number, [arm])
        goes_on = self._goes_on(gateway.sentence)
        anchored = anchored_arm(self.ex, top or self._last_choice(), branch)
        if anchored is not None:  # "After the assessment, if …": in the branch it names
            self.stack[:], anchored[0].open = [anchored[0]], anchored[0].arms.index(anchored[1])
            anchored[1].body.append(choice)
        elif top is not None and (self._open_for(top) or goes_on) and self._follows(top, arm):
            top.current.body.append(choice)  # a decision inside the open branch
        else:
            self.stack.clear()
            self.root.append(choice)
        self.stack.append(choice)

    def _no_question(self, number: int, condition: Condition) -> bool:
        """A condition that asks nothing: the one that opens the text before any step, with no
        other case said ("if goods are to be shipped, …"), says what starts the process."""
        if condition.regardless:  # "whether or not …": done in either case
            return True
        if condition.is_else or negated(condition):
            return False
        later = self.ex.gateways[number + 1 : number + 2]  # "If A, …. Otherwise, …"
        if any(self._condition(b).is_else for gateway in later for b in gateway.branches):
            return False
        others = [self._condition(b) for b in self.ex.gateways[number].branches]
        others = [other for other in others if other != condition]
        if any(
            other.is_else or complements(condition, other) or share_words(condition, other)
            for other in others
        ):
            return False
        return not self.root and not self.stack and condition.marker.casefold() == "if"

    def _fills_asked(self, condition: Condition, arm: Arm) -> bool:
        """A condition that restates an empty branch of an open "whether" fills it."""
        for choice in reversed(self.stack):
            for number, asked in enumerate(choice.arms):
                before = self._condition(asked.branch)
                if not asked.body and (
                    fills_again(condition, before) or else_fills(condition, choice)
                ):
                    asked.body.extend(arm.body)
                    asked.ends = asked.ends or arm.ends
                    asked.sentence = arm.sentence
                    choice.open = number
                    del self.stack[self.stack.index(choice) + 1 :]
                    return True
        return False

    def _asks_whether(self, branch: Branch) -> bool:
        """ "… decides whether A or B": a question whose branches the text says next."""
        if branch.marker is None or branch.marker.text(self.ex.text).casefold() != "whether":
            return False
        verbs = [self.ex.activities[i].verb.start for i in branch.activities]
        return all(start < branch.marker.start for start in verbs)

    def _whether(self, number: int, branch: Branch) -> None:
        """The steps before "whether" come first; then a choice between the alternatives the
        condition names ("the tyre is sound or needs a patch"), left open for the text
        to fill ("in the former case …")."""
        for index in branch.activities:
            if index not in self.skipped:
                self._body().append(Act(index))
        sentence = self.ex.gateways[number].sentence
        arms = [
            Arm(replace(branch, condition=part, activities=()), sentence=sentence)
            for part in alternatives_of(self.ex.text, branch.condition)
        ]
        top = self.stack[-1] if self.stack else None
        if top is not None and top.gateway == number:  # "whether A or whether B"
            top.arms.extend(arms)
            return
        choice = Choice(number, arms)
        self._body().append(choice)
        self.stack.append(choice)
        choice.open = 0

    def _last_choice(self) -> Choice | None:
        if self.stack:
            return self.stack[-1]
        return self.root[-1] if self.root and isinstance(self.root[-1], Choice) else None

    def _alternative(self, number: int) -> None:
        """ "A or B": a choice between two steps; conditions after it may name its branches."""
        gateway = self.ex.gateways[number]
        arms = [
            Arm(branch, self._activities(branch), sentence=gateway.sentence)
            for branch in gateway.branches
        ]
        for arm in arms:
            arm.ends = self._ends(arm)
        first = gateway.branches[0].activities[:1]
        if self.stack and not (
            self._same_sentence(gateway.sentence)
            or self._goes_on(gateway.sentence)
            or any(refers_to_branch(self.ex, self.stack[-1], i) for i in first)
            or else_ahead(self.ex, self.stack, gateway.sentence)
        ):
            self.stack.clear()  # said after the open branch, like a step: the branches join
        choice = Choice(number, arms, alternative=True)
        self._body().append(choice)
        self.stack.append(choice)

    def _parallel(self, number: int) -> None:
        """ "While A, B" runs A beside B; "in the meantime, B" runs B beside the work done
        since B's performer last had a part in it (`tree_parallel.since_involved`).

        A "while" clause with no step in it ("while the welder and the painter do their work")
        names work said before: B runs beside the work since those performers were given it
        (`tree_parallel.beside_named`); when it names no one who had work, B stays in
        sequence.
        """
        gateway = self.ex.gateways[number]
        both = len(gateway.branches) > 1
        branches = [self._activities(branch) for branch in gateway.branches]
        branches = [branch for branch in branches if branch]
        top = self.stack[-1] if self.stack else None
        later = top is not None and gateway.sentence > top.current.sentence
        if not both and top is not None and later and not choice_goes_on(self.ex, top, number):
            self.stack.clear()  # "In the meantime, …" opening a sentence: the main line
        body = self._body()
        marker = gateway.branches[0].marker
        if not both:  # "A and B at the same time.": B beside A
            split_at_closing(self.ex, branches, marker)
        if len(branches) == 1 and not both and body:
            beside = beside_marked(self.ex, body, branches[0], marker)
            if beside and not continues_split(self.ex, body, beside, branches[0]):
                branches.insert(0, beside)
        elif len(branches) == 1 and body and not gateway.branches[0].activities:
            beside = beside_named(self.ex, body, branches[0], named_while(self.ex, gateway))
            if len(beside) == 1 and isinstance(beside[0], Parallel):
                branches[0:0] = beside[0].branches  # work at the same time: one split
            elif beside:
                branches.insert(0, beside)
        if len(branches) < 2:
            body.extend(node for branch in branches for node in branch)
            return
        body.append(Parallel(number, branches))

    # tests ---------------------------------------------------------------------------------
    def _condition(self, branch: Branch) -> Condition:
        text = self.ex.text
        words = branch.condition.text(text) if branch.condition else ""
        marker = branch.marker.text(text) if branch.marker else ""
        return Condition(words, marker)

    def _complemented(self, condition: Condition, arm: Arm) -> int | None:
        """The innermost open decision this condition is the opposite branch of.

        Besides a plain opposite, a negated condition right after a decision with one
        positive branch is its other branch ("if the stock suffices, … If there is not
        enough, …"): a new question would rarely open with a negation.
        """
        top = self.stack[-1] if self.stack else None
        if (
            top is not None
            and not top.alternative
            and len(top.arms) == 1
            and other_answer(condition, self._condition(top.arms[0].branch))
            and self._follows(top, arm)
            and not said_after_step(self.ex, top, arm)  # "… and, if she cannot find it, …"
        ):
            return len(self.stack) - 1
        for depth in range(len(self.stack) - 1, -1, -1):
            choice = self.stack[depth]
            if choice.alternative:
                continue
            if condition.is_else or any(
                complements(self._condition(arm.branch), condition) for arm in choice.arms
            ):
                return depth
        return None

    def _goes_on(self, sentence: int) -> bool:
        """The sentence goes on with the open branch ("In these cases …", "Therefore …"),
        unless that branch has ended."""
        said = self.ex.sentences[sentence].text(self.ex.text)
        return (
            bool(self.stack) and not self.stack[-1].current.ends and bool(IN_THAT_CASE.match(said))
        )

    def _same_case(self, choice: Choice, condition: Condition) -> bool:
        return any(same_case(self._condition(arm.branch), condition) for arm in choice.arms)

    def _open_for(self, choice: Choice) -> bool:
        """A new decision goes inside choice's last branch: the one branch said so far, the
        branch of an "A or B" the text went on with, a case of a "whether" before the next."""
        last = choice.current
        if last.ends:
            return False
        waiting = last.body and any(not arm.body for arm in choice.arms)
        return choice.alternative or len(choice.arms) == 1 or bool(waiting)

    def _follows(self, choice: Choice, arm: Arm) -> bool:
        """The arm's sentence comes right after the open branch of choice."""
        return arm.sentence - choice.current.sentence <= 1

    def _ends(self, arm: Arm) -> bool:
        sentences = {self.ex.activities[i].sentence for i in arm.branch.activities}
        if arm.branch.condition is not None or arm.branch.marker is not None:
            span = arm.branch.marker or arm.branch.condition
            assert span is not None
            sentences.add(self.ex.sentence_at(span.start))
        return bool(sentences & self.ending)
