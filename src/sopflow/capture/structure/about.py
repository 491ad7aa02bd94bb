"""Verbs said about the procedure or its work rather than as a step of it.

"This procedure is repeated", "let me show you how we …", "all of this must be done by noon"
are remarks; "a task is performed to sort the mail" names its work only in its purpose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.lexicon import (
    DOING_VERBS,
    GATHERING_VERBS,
    PROCESS_NOUNS,
    TEAM_NOUNS,
    WORK_NOUNS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def work_without_name(verb: Token) -> bool:
    """ "A task is performed (to sort the mail)": the verb says only that work is done; its
    infinitive of purpose names the work."""
    return verb.lemma_.lower() in DOING_VERBS and any(
        c.dep_ in {"nsubjpass", "dobj"} and c.lemma_.lower() in WORK_NOUNS for c in verb.children
    )


def purpose_child(verb: Token) -> bool:
    """verb has an infinitive of purpose: "(is performed) to sort the mail"."""
    return any(
        c.dep_ in {"advcl", "xcomp"} and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
        for c in verb.children
    )


PRESENTING_VERBS = frozenset({"show", "explain", "walk", "demonstrate", "describe", "tell"})
"""Verbs a narrator introduces the procedure with: "let me show you how we …"."""


def says_how(verb: Token) -> bool:
    """An embedded "how" clause: "(this is) how we handle a refund request"."""
    return verb.dep_ in {"ccomp", "pcomp"} and any(
        c.dep_ == "advmod" and c.lower_ == "how" and c.i < verb.i for c in verb.children
    )


def _names_the_process(verb: Token) -> bool:
    """The verb names the process itself: "the process of issuing a permit starts when …",
    "the procedure for replacing a window"."""
    prep = verb.head
    return (
        verb.dep_ == "pcomp"
        and prep.dep_ == "prep"
        and prep.lower_ in {"of", "for"}
        and prep.head.lemma_.lower() in PROCESS_NOUNS
    )


def about_the_process(verb: Token) -> bool:
    """The text talking about the process itself: "this procedure is repeated", "this is how
    we handle a refund", "let me show you how we onboard someone"."""
    if says_how(verb) or _names_the_process(verb):
        return True
    if verb.lemma_.lower() in PRESENTING_VERBS and any(
        says_how(token) for token in verb.subtree if token.i != verb.i
    ):
        return True
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and all_said(child):
            return True
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            lemma = child.lemma_.lower()
            demonstrative = (
                lemma in {"this", "that"} and child.tag_ != "WDT"
            )  # not "… that selects"
            if lemma in PROCESS_NOUNS and child.dep_ == "dobj" and _names_another(child):
                continue
            if lemma in PROCESS_NOUNS and child.dep_ == "dobj" and _told_apart(child):
                continue
            if lemma in PROCESS_NOUNS and _works_as_system(verb, child):
                continue
            if lemma in PROCESS_NOUNS or (child.dep_ != "dobj" and demonstrative):
                return True
    return False


PROCESS_TALK_VERBS = frozenset(
    {"start", "begin", "end", "finish", "stop", "continue", "repeat", "run", "take", "last"}
    | {"involve", "include", "consist", "contain", "cover", "require", "need", "have", "be"}
)
"""Verbs said of a process as a whole: "the process takes two days", "it involves …"."""


def _works_as_system(verb: Token, subject: Token) -> bool:
    """ "The process should then check the register": the process named as the one that does
    a step, as a text may say of an automated flow; not "this process includes two checks"."""
    return (
        subject.dep_ == "nsubj"
        and subject.lemma_.lower() == "process"
        and not any(d.lemma_.lower() in {"this", "that", "whole", "entire"} for d in subject.lefts)
        and verb.lemma_.lower() not in PROCESS_TALK_VERBS
        and any(c.dep_ == "dobj" for c in verb.children)
    )


REFERRING_VERBS = frozenset({"follow", "use", "apply", "consult", "run", "see"})
"""Verbs that send the reader to another document: "follows the vetting procedure"."""


def _names_another(document: Token) -> bool:
    """A procedure named by its own words after a verb that refers to it: "follows the
    supplier vetting procedure" is another document (a step with a reference); "follows the
    procedure" and "repeats the whole process" speak of the process at hand."""
    named = any(c.dep_ in {"compound", "amod", "nmod"} and c.pos_ != "ADJ" for c in document.lefts)
    return named and document.head.lemma_.lower() in REFERRING_VERBS


def _told_apart(document: Token) -> bool:
    """Processes said by which ones they are ("selects the processes to be audited", "the
    workflows that failed"): things the step acts on, not the process at hand."""
    return document.tag_ == "NNS" and any(c.dep_ in {"relcl", "acl"} for c in document.rights)


def all_said(subject: Token) -> bool:
    """ "All of this (is due by noon)": everything said before, a deadline or a
    remark on the steps already there, no work of its own ("all of them" may be a step)."""
    if subject.lower_ != "all" or asked_after(subject.head):
        return False
    words = [t.lower_ for t in subject.subtree if t.i > subject.i]
    return words in (["of", "this"], ["of", "that"], ["this"], ["that"])


def asked_after(verb: Token) -> bool:
    """ "All of this is due by noon, if it is not, …": a decision asks about it; it stays the
    step the decision follows."""
    return any(t.lower_ in {"if", "unless"} for t in verb.sent if t.i > verb.i)


def names_the_work(verb: Token) -> bool:
    """The infinitive of purpose a bare "a task is performed" says its work with."""
    return (
        verb.dep_ in {"advcl", "xcomp"}
        and any(a.dep_ == "aux" and a.tag_ == "TO" for a in verb.children)
        and work_without_name(verb.head)
    )


def comes_together(verb: Token) -> bool:
    """A group that meets ("the committee meets", "we gather"): it acts on nothing, and an
    object said for the verb joined to it is not its own ("meets and discusses the plans")."""
    if verb.lemma_.lower() not in GATHERING_VERBS or any(c.dep_ == "dobj" for c in verb.children):
        return False
    doer = verb
    while doer.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in doer.children):
        doer = doer.head
    subject = next((c for c in doer.children if c.dep_ == "nsubj"), None)
    return subject is not None and (
        subject.lemma_.lower() in TEAM_NOUNS
        or subject.tag_ in {"NNS", "NNPS"}
        or subject.lower_ in {"we", "they"}
    )


def sets_the_work(verb: Token) -> bool:
    """A meeting said before the work it is for ("the board meets and votes on the plan"):
    the meeting is where that work happens, no step of its own; "meets with the supplier"
    stays one."""
    if not comes_together(verb) or any(c.dep_ == "prep" for c in verb.children):
        return False
    return any(
        c.dep_ == "conj"
        and c.pos_ == "VERB"
        and c.i > verb.i
        and not any(s.dep_ == "nsubj" for s in c.children)
        for c in verb.children
    )
