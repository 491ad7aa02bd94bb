"""Document codes: the stable identifiers such as SOP-FIN-003 and WI-PAY-003.

A code is KIND-AREA-NUMBER. KIND names the document kind (POL, WF, SOP, WI), AREA is a
short upper-case area chosen by the organisation (usually the department, FIN, or the system,
PAY), NUMBER has at least three digits. A code is unique and never reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

Kind = Literal["policy", "workflow", "sop", "wi"]
"""The four document kinds."""

KIND_PREFIX: dict[Kind, str] = {"policy": "POL", "workflow": "WF", "sop": "SOP", "wi": "WI"}
PREFIX_KIND: dict[str, Kind] = {prefix: kind for kind, prefix in KIND_PREFIX.items()}

CODE_PATTERN = r"^(POL|WF|SOP|WI)-[A-Z][A-Z0-9]{1,7}-[0-9]{3,6}$"
_CODE_RE = re.compile(CODE_PATTERN)

Code = Annotated[
    str,
    Field(
        pattern=CODE_PATTERN,
        description="KIND-AREA-NUMBER, for example SOP-FIN-003 or WI-PAY-003.",
        examples=["SOP-FIN-003", "WI-PAY-003"],
    ),
]


EXTERNAL_CODE_PATTERN = r"^EXT-[A-Z0-9][A-Z0-9.]*(-[A-Z0-9.]+)*$"
EXTERNAL_CODE_LONGEST = 48

ExternalCode = Annotated[
    str,
    Field(
        pattern=EXTERNAL_CODE_PATTERN,
        max_length=EXTERNAL_CODE_LONGEST,
        description="The register's code of a document of external origin, e.g. EXT-ISO-9001.",
        examples=["EXT-ISO-9001"],
    ),
]
"""A document of external origin (a standard, a customer specification) as the register
names it: EXT- and the issuer's reference."""


@dataclass(frozen=True)
class ParsedCode:
    """The three parts of a code."""

    kind: Kind
    area: str
    number: int

    def __str__(self) -> str:
        return format_code(self.kind, self.area, self.number)


def is_code(text: str) -> bool:
    """True when text is a well-formed document code."""
    return _CODE_RE.match(text) is not None


def parse_code(text: str) -> ParsedCode:
    """Split a code into kind, area and number; ValueError when it is not a code."""
    if not is_code(text):
        raise ValueError(f"{text!r} is not a document code (KIND-AREA-NNN, e.g. SOP-FIN-003)")
    prefix, area, number = text.split("-")
    return ParsedCode(PREFIX_KIND[prefix], area, int(number))


def format_code(kind: Kind, area: str, number: int) -> str:
    """The code for a kind, area and number, zero-padded to three digits."""
    return f"{KIND_PREFIX[kind]}-{area}-{number:03d}"
