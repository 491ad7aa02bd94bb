"""Placeholders the parser reads as one word: `[EMAIL]` is a noun, `[PERSON]` a name.

spaCy splits "[EMAIL]" into "[", "EMAIL", "]" and attaches the closing bracket to the verb as
punctuation; every span the structurer cuts at a clause's or a phrase's punctuation then ends
inside the placeholder ("Mail the customer at [EMAIL."). Taught here, each placeholder is one
token whose features are those of a word of its kind ("Smith" for a person), so it is parsed
like that word, tagged as a noun and never split, and every span keeps it whole.
"""

from __future__ import annotations

from threading import Lock
from typing import TYPE_CHECKING, Any, get_args

from sopflow.capture.clean.redaction import RedactionKind, placeholder

if TYPE_CHECKING:
    from spacy.language import Language

STAND_INS: dict[RedactionKind, tuple[str, str, str]] = {
    "person": ("Smith", "PROPN", "NNP"),
    "email": ("name@example.com", "NOUN", "NN"),
    "phone": ("0301234567", "NUM", "CD"),
    "card": ("4242424242424242", "NUM", "CD"),
    "iban": ("DE89370400440532013000", "PROPN", "NNP"),
    "api_key": ("hunter2", "NOUN", "NN"),
    "token": ("hunter2", "NOUN", "NN"),
    "password": ("hunter2", "NOUN", "NN"),
}
"""For each kind: the word its placeholder is parsed like, and the part of speech it gets."""

_TEACHING = Lock()


def keep_placeholders_whole(nlp: Language) -> Language:
    """Teach nlp every placeholder as one token parsed like its stand-in word; idempotent.

    The tokenizer keeps the placeholder whole; its lexeme takes the stand-in's features
    (what the statistical components see) and keeps its own text in lower case; the
    attribute ruler, when the pipeline has one, gives it the stand-in's part of speech and
    the placeholder itself as its lemma, so no rule rewrites it.
    """
    from spacy.attrs import ORTH

    with _TEACHING:
        tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer; typed as any callable
        if all(placeholder(kind) in tokenizer.rules for kind in get_args(RedactionKind)):
            return nlp
        ruler: Any = (
            nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
        )
        for kind in get_args(RedactionKind):
            word, pos, tag = STAND_INS[kind]
            text = placeholder(kind)
            lexeme, model = nlp.vocab[text], nlp.vocab[word]
            lexeme.flags = model.flags
            for attr in ("norm_", "prefix_", "suffix_", "shape_"):
                setattr(lexeme, attr, getattr(model, attr))
            lexeme.lower_ = text
            if ruler is not None:
                ruler.add([[{"ORTH": text}]], {"POS": pos, "TAG": tag, "LEMMA": text})
            tokenizer.add_special_case(text, [{ORTH: text}])
        return nlp
