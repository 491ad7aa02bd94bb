"""What a step acts on when its words do not say: the antecedent of "it", a missing object.

"The clerk receives the claim. She examines it." and "The clerk receives the claim and
checks." both check the claim: a reviewer keeps "Check the claim.", not "Check it." or
"Check.". The antecedent is the nearest earlier thing the text acted on (an object, or a
thing that did something: "the order arrives") whose number fits the pronoun, in the same
sentence or the two before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import actor_kind, guessed_actor, is_actor
from sopflow.capture.structure.asides import in_restating_bracket
from sopflow.capture.structure.inquiries import asks
from sopflow.capture.structure.lexicon import OBJECT_VERBS, TRANSFER_VERBS
from sopflow.capture.structure.misparses import misparsed_verb, relative_pronoun
from sopflow.capture.structure.passives import shared_passive
from sopflow.capture.structure.tokens import prefixed_participle

if TYPE_CHECKING:
    from spacy.tokens import Token

    from sopflow.capture.structure.activities import Found
from sopflow.capture.structure.tokens import Sentences

SINGULAR_PRONOUNS = frozenset({"it", "this", "that"})
PLURAL_PRONOUNS = frozenset({"them", "they", "these", "those"})

REACH = 2
"""How many sentences back an antecedent may be."""

COMPLETING = frozenset(
    {"dobj", "prep", "xcomp", "ccomp", "attr", "acomp", "dative", "prt", "oprd", "agent"} | {"nmod"}
)
"""Words after a verb that say what or where it acts on: it needs no object of its own (a
noun the parser hung on the verb as a modifier, "inspects | the returned part", is its
object misread: the step writes it, and no earlier object besides)."""


def _head(words: list[Token]) -> Token:
    """The head of a phrase: the token whose own head lies outside it."""
    inside = {t.i for t in words}
    return next((t for t in words if t.head.i not in inside or t.head.i == t.i), words[0])


def _pronoun(words: list[Token]) -> str | None:
    if len(words) == 1 and words[0].lower_ in SINGULAR_PRONOUNS | PLURAL_PRONOUNS:
        return words[0].lower_
    return None


def _relative_object(verb: Token, own: list[list[Token]]) -> list[Token]:
    """What the relative pronoun object of a relative clause with its own subject stands
    for: the noun the clause hangs on ("a fix, which the team installs"), else []."""
    word = relative_pronoun(verb) if verb.dep_ == "relcl" else None
    if word is None or any(words != [word] for words in own):
        return []
    if word.dep_ != "dobj" and misparsed_verb(verb) is None:
        return []
    noun = verb.head
    return [t for t in noun.subtree if t.dep_ not in {"relcl", "acl"} and t.i <= noun.i]


def _quantified_pronoun(words: list[Token]) -> str | None:
    """The plural pronoun of "one of them", "each of these": the step acts on some of what
    it stands for."""
    if len(words) == 3 and words[1].lower_ == "of" and words[0].pos_ in {"NUM", "PRON", "DET"}:
        return words[2].lower_ if words[2].lower_ in PLURAL_PRONOUNS else None
    return None  # "all of this" stands for everything said before, no one thing


def _plural(words: list[Token]) -> bool:
    head = _head(words)
    if head.lower_ in {"both", "all", "some", "many", "several", "each"}:
        return True  # "both of the drafts"
    return head.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in head.children)


def _fits(words: list[Token], pronoun: str | None) -> bool:
    """Whether a phrase can be what the pronoun stands for ("it": one thing, "them": several)."""
    head = _head(words)
    if _pronoun(words) is not None:
        return False
    person = is_actor(head) and actor_kind(head) == "person" and not guessed_actor(head)
    if person and pronoun not in PLURAL_PRONOUNS:
        return False  # "it" is no person; "them" may be people ("calls the customers")
    if pronoun in SINGULAR_PRONOUNS:
        return not _plural(words)
    if pronoun in PLURAL_PRONOUNS:
        return _plural(words)
    return True


def _things(activity: Found) -> list[list[Token]]:
    """What an activity said it acted on, last first; a thing doing something counts too."""
    found = [activity.referent] if activity.referent else []
    said = [words for words in activity.objects if _pronoun(words) is None]
    said += _inner_objects(activity)
    found += sorted(said, key=lambda words: -_head(words).i)
    found += [words for words in _prepositional_objects(activity) if _pronoun(words) is None]
    subject = next((c for c in activity.verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.pos_ in {"NOUN", "PROPN"} and not is_actor(subject):
        found.append([t for t in subject.subtree if t.dep_ not in {"relcl", "acl"}])
    return found


OBJECT_PLACES = frozenset({"against", "with", "on", "into", "onto", "in", "to"})
"""Prepositions of a thing a step works with, which a later "it" may stand for: "checks the
goods against the delivery note and signs it"."""


def _prepositional_objects(activity: Found) -> list[list[Token]]:
    """Things said after a preposition of the step, last first, after its own objects."""
    found: list[list[Token]] = []
    for prep in activity.verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in OBJECT_PLACES:
            continue
        for noun in prep.children:
            if noun.dep_ == "pobj" and noun.pos_ in {"NOUN", "PROPN"}:
                found.append([t for t in noun.subtree if t.dep_ not in {"relcl", "acl"}])
    return sorted(found, key=lambda words: -_head(words).i)


def _inner_objects(activity: Found) -> list[list[Token]]:
    """Objects of an infinitive inside the step's clause, no step of their own: "(enters into
    a commitment) to buy the shares (and then offers them)" acted on the shares last."""
    inner: list[list[Token]] = []
    for token in activity.clause:
        verb = token.head
        if token.dep_ == "dobj" and verb.i != activity.verb.i and _infinitive(verb):
            inner.append([t for t in token.subtree if t.dep_ not in {"relcl", "acl"}])
    return [words for words in inner if _pronoun(words) is None]


INFINITIVES = frozenset({"xcomp", "acl", "advcl", "relcl"})
"""Dependency roles of an infinitive that hangs on a step's words."""


def _infinitive(verb: Token) -> bool:
    return verb.dep_ in INFINITIVES and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children
    )


def _antecedent(
    found: list[Found], index: int, pronoun: str | None, sentences: Sentences
) -> list[Token]:
    sentence = sentences.of(found[index].verb)
    for earlier in reversed(found[:index]):
        if sentence - sentences.of(earlier.verb) > REACH:
            break
        if in_restating_bracket(earlier.verb):
            continue  # "(i.e., … makes the bed)" says again what the step before did
        for words in _things(earlier):
            if earlier.verb.i == found[index].verb.i and words is found[index].referent:
                continue
            if _fits(words, pronoun):
                return words
    return []


def _condition_subject(pronoun: Token, said: str) -> list[Token]:
    """The thing a condition right before the pronoun is about, its subject or else its
    object: "if the part is in stock, it is reserved" reserves the part, not what the step
    before acted on."""
    clause = pronoun.head
    while clause.dep_ not in {"ROOT", "conj"} and clause.head is not clause:
        clause = clause.head
    for condition in clause.children:
        if condition.dep_ != "advcl" or condition.i > pronoun.i:
            continue
        if not any(  # "when" is read as a mark or as an adverb of the condition
            c.dep_ in {"mark", "advmod"} and c.lower_ in {"if", "when", "once"}
            for c in condition.children
        ):
            continue
        for role in ("nsubj", "nsubjpass", "dobj"):
            for subject in condition.children:
                words = [t for t in subject.subtree if t.dep_ not in {"relcl", "acl"}]
                is_thing = subject.pos_ in {"NOUN", "PROPN"} and not is_actor(subject)
                if subject.dep_ == role and is_thing and _fits(words, said):
                    return words
    return []


def _own_objects(activity: Found) -> list[list[Token]]:
    """The objects said with the verb itself, not shared from a verb coordinated with it."""
    verb = activity.verb
    own: list[list[Token]] = []
    for words in activity.objects:
        above = _head(words).head
        copula = prefixed_participle(verb) and above.i == verb.head.i  # "it is back-ordered"
        if (
            above.i == verb.i
            or copula
            or (above.dep_ in {"prep", "prt"} and above.head.i == verb.i)
        ):
            own.append(words)
    return own


def _lacks_object(activity: Found) -> bool:
    """A verb said without what it acts on: "… and checks.", "approve or reject the request"."""
    verb = activity.verb
    if _own_objects(activity) or activity.particle is not None or len(activity.words) > 1:
        return False
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return False
    return not any(
        (c.dep_ in COMPLETING and not _recipient_only(verb, c)) or (c.dep_ == "advcl" and asks(c))
        for c in verb.children
        if c.i > verb.i
    )  # "checks again if the parts are in stock": what it checks is said


def _recipient_only(verb: Token, child: Token) -> bool:
    """ "(produce the list and) send to the office": "to" names who gets the thing sent,
    not the thing; the verb still lacks what it hands over."""
    return verb.lemma_.lower() in TRANSFER_VERBS and child.dep_ == "prep" and child.lower_ == "to"


def _passive_partner(activity: Found, found: list[Found]) -> list[Token]:
    """What the passive a participle is coordinated with acts on: "(the vendor) is selected
    and confirmed", also when the first passive is a condition's, no step."""
    verb = activity.verb
    if not shared_passive(verb):
        return []
    for other in found:
        if other.verb.i == verb.head.i and any(c.dep_ == "auxpass" for c in other.verb.children):
            subject = next((words for words in other.objects if words[0].i < other.verb.i), [])
            return other.referent if subject and _pronoun(subject) else subject
    said = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
    if said is None or said.pos_ not in {"NOUN", "PROPN"}:
        return []  # "(whether any tools are broken) and must be replaced": in a condition
    return [t for t in said.subtree if t.dep_ not in {"relcl", "acl"}]


def _passive_without_subject(
    activity: Found, found: list[Found], sentences: Sentences
) -> list[Token]:
    """What a passive said after a verb it depends on, or joined to a clause of another
    voice, acts on: that verb's subject ("it has to be filed": what "it" stands for; "any
    seats are free and must be booked": the seats)."""
    verb = activity.verb
    joined = verb.dep_ == "conj" and not any(c.dep_ == "auxpass" for c in verb.head.children)
    if verb.dep_ != "xcomp" and not joined:
        return []  # "whether any seats are free and must be booked": the seats
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return []
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return []
    subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None or is_actor(subject):
        return []
    if subject.lower_ in SINGULAR_PRONOUNS | PLURAL_PRONOUNS:
        return _antecedent(found, found.index(activity), subject.lower_, sentences) or [subject]
    return [t for t in subject.subtree if t.dep_ not in {"relcl", "acl"}]


def _raised(activity: Found, found: list[Found]) -> list[Token]:
    """The object of a later verb of the same coordination: "approve or reject the request"."""
    verb = activity.verb
    chain = [c for c in verb.subtree if c.dep_ == "conj" and c.i > verb.i and c.pos_ == "VERB"]
    for other in found:
        subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in other.verb.children)
        if other.verb not in chain or subject:
            continue
        for words in other.objects:
            if _head(words).dep_ == "dobj" and _pronoun(words) is None:
                return words
    return []


def resolve_referents(found: list[Found], sentences: Sentences) -> None:
    """Give each activity with a pronoun object or a missing one what it stands for."""
    for index, activity in enumerate(found):
        own = _own_objects(activity)
        relative = _relative_object(activity.verb, own)
        if relative:
            activity.referent = relative  # "a fix, which the team installs": the fix
            continue
        pronoun = (_pronoun(own[0]) or _quantified_pronoun(own[0])) if len(own) == 1 else None
        if pronoun is not None:
            activity.referent = _condition_subject(own[0][0], pronoun) or _antecedent(
                found, index, pronoun, sentences
            )
            continue
        if own or activity.particle is not None:
            continue
        activity.referent = _passive_partner(activity, found) or _passive_without_subject(
            activity, found, sentences
        )
        if not activity.referent and _lacks_object(activity):
            activity.referent = _raised(activity, found)
            if not activity.referent and activity.verb.lemma_.lower() in OBJECT_VERBS:
                activity.referent = _antecedent(found, index, None, sentences)
