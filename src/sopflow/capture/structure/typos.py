"""A slip of one letter that no English sentence makes: "It the stock is low, …" for "If".

A sentence that opens with "It" directly followed by a determiner ("It the", "It a",
"It our") is not English: "it" takes no noun phrase after it without a comma. When a
finite verb follows in the same clause and a comma then leads into a main clause, the
writer meant "If"; read as written, the condition becomes a garbled step. The word has
the same length, so every character span of the text stays where it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

DETERMINERS = frozenset(
    {"the", "a", "an", "these", "those", "my", "our", "your", "his", "their", "its", "every"}
)
"""Words that open a noun phrase and never follow "it" in a sentence ("all", "no", "each"
and "both" may: "it all depends", "it no longer applies")."""

FINITE_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})


def _slip(token: Token) -> bool:
    """Whether token is the "It" of "It the stock is low, the clerk orders more"."""
    doc = token.doc
    if token.text != "It" or not token.is_sent_start or token.i + 2 >= len(doc):
        return False
    if doc[token.i + 1].lower_ not in DETERMINERS:
        return False
    for following in doc[token.i + 2 : token.sent.end]:
        if following.text in {".", ";", "!", "?"}:
            return False
        if following.text == ",":
            return False  # no verb of its own before the comma: "It the box, …" is unclear
        if following.tag_ in FINITE_TAGS:
            return "," in {t.text for t in doc[following.i : token.sent.end]}
    return False


def repair_slips(doc: Doc, nlp: Language) -> Doc:
    """The doc parsed again with each such "It" read as "If", or doc when it has none."""
    from spacy.tokens import Doc

    slips = {token.i for token in doc if _slip(token)}
    if not slips:
        return doc
    words = ["If" if token.i in slips else token.text for token in doc]
    spaces = [bool(token.whitespace_) for token in doc]
    return nlp(Doc(nlp.vocab, words=words, spaces=spaces))
