"""Redaction: each kind of secret found and replaced by its placeholder; look-alikes kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sopflow.capture.clean.mapped import Mapped
from sopflow.capture.clean.redaction import iban_valid, luhn_valid, redact, redact_value

CASES = [
    ("mail anna.berg@example.com today", "mail [EMAIL] today", ["email"]),
    ("write to anna dot berg at example dot com", "write to [EMAIL]", ["email"]),
    ("call +44 20 7946 0958 please", "call [PHONE] please", ["phone"]),
    ("call 030 1234 5678", "call [PHONE]", ["phone"]),
    ("card 4242 4242 4242 4242 expires", "card [CARD] expires", ["card"]),
    ("card 4242-4242-4242-4242", "card [CARD]", ["card"]),
    ("IBAN DE89 3704 0044 0532 0130 00 please", "IBAN [IBAN] please", ["iban"]),
    ("IBAN GB82WEST12345698765432", "IBAN [IBAN]", ["iban"]),
    ("key sk_live_51HaBcDeFgHiJkLmN0pQ in the form", "key [API_KEY] in the form", ["api_key"]),
    ("use ghp_abcdefghijklmnopqrstuvwxyz0123456789", "use [API_KEY]", ["api_key"]),
    ("token eyJhbGciOi.eyJzdWIiOiIx.SflKxwRJSMeKKF2Q", "token [TOKEN]", ["token"]),
    ("the password is hunter2.", "the password is [PASSWORD].", ["password"]),
    ("PIN: 4711 then Enter", "PIN: [PASSWORD] then Enter", ["password"]),
    ("my password is sunshine", "my password is [PASSWORD]", ["password"]),
    ("the password will be Welcome1!", "the password will be [PASSWORD]!", ["password"]),
    ('the passcode is "tiger"', 'the passcode is "[PASSWORD]"', ["password"]),
    ("Password: Tr0ub4dor&3", "Password: [PASSWORD]", ["password"]),
    ("token = abc123def", "token = [PASSWORD]", ["password"]),
    ("passphrase is correct-horse-battery", "passphrase is [PASSWORD]", ["password"]),
    ("the PIN is four seven one one, then OK", "the PIN is [PASSWORD], then OK", ["password"]),
    ("the pin is 4 7 1 1.", "the pin is [PASSWORD].", ["password"]),
    ("the API key is sk-abcdefghijklmnopqrstuvwx", "the API key is [API_KEY]", ["api_key"]),
    ("access key: AKIAIOSFODNN7EXAMPLE", "access key: [API_KEY]", ["api_key"]),
    ("the secret is 9fK2mQ7x", "the secret is [PASSWORD]", ["password"]),
]

NEAR_MISSES = [
    "The secretary checks the form.",
    "Check the password policy first.",
    "the token ring network is old",
    "Ask the account manager.",
    "the key point is the deadline",
    "go to the passport office",
    "pin the tab to the top",
    "a pinned tab and a secrets manager",
    "the password is required",
    "the password is wrong, try again",
    "Password: required",
    "the password is case-sensitive",
    "the password is changing every month",
    "The password was changed yesterday.",
    "the token is expired",
    "the token is 1 of 3",
    "the token is 30 days old",
    "the API key is in the vault",
    "the secret is to ask first",
    "the PIN is four digits long",
    "the password is 12 characters long",
    "the pin is the same as before",
    "the passcode is not shown",
    "the password is: see the vault",
    "passwords are stored hashed",
    "pass the token to the manager",
    "invoice INV-2024-000123",
    "SOP-FIN-001 follows WI-PAY-003",
    "ISO 9001:2015 applies",
    "call back at 10:30 in room 2.14",
    "ticket #48213",
]
"""Ordinary words and numbers near a secret's shape: each stays as said."""

KEPT = [
    *NEAR_MISSES,
    "order 12345678 from 2024-03-01",
    "card 4242 4242 4242 4241 fails Luhn",
    "IBAN DE89 3704 0044 0532 0130 01 has a bad checksum",
    "version 1.2.3 of the app",
    "we look at stripe dot com",
    "reset the password in the settings",
    "refund 49.90 EUR within 30 days",
]


@pytest.mark.parametrize(("said", "redacted", "kinds"), CASES)
def test_secret_is_replaced(said: str, redacted: str, kinds: list[str]) -> None:
    text, found = redact(Mapped.of(said))
    assert text.text == redacted
    assert [item.kind for item in found] == kinds
    for item in found:
        assert text.text[item.span[0] : item.span[1]] == item.placeholder


@pytest.mark.parametrize("said", KEPT)
def test_look_alikes_are_kept(said: str) -> None:
    text, found = redact(Mapped.of(said))
    assert (text.text, found) == (said, ())


@pytest.mark.parametrize(
    ("number", "valid"),
    [("4242424242424242", True), ("4242424242424241", False), ("79927398713", True)],
)
def test_luhn(number: str, valid: bool) -> None:
    assert luhn_valid(number) is valid


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("DE89370400440532013000", True),
        ("GB82 WEST 1234 5698 7654 32", True),
        ("DE89370400440532013001", False),
    ],
)
def test_iban(iban: str, valid: bool) -> None:
    assert iban_valid(iban) is valid


def test_names_come_from_the_finder_given_and_yield_to_secrets() -> None:
    said = "Anna mails anna@example.com"

    def finder(text: str) -> Iterator[tuple[int, int]]:
        yield (0, 4)
        yield (11, 15)  # inside the e-mail address, which was found first

    text, found = redact(Mapped.of(said), finder)
    assert text.text == "[PERSON] mails [EMAIL]"
    assert [item.kind for item in found] == ["person", "email"]
    assert redact(Mapped.of(said))[0].text == "Anna mails [EMAIL]"


def test_redaction_record_never_holds_the_value() -> None:
    _, found = redact(Mapped.of("mail anna@example.com"))
    assert "anna" not in repr(found)


def test_redact_value() -> None:
    assert redact_value("anna@example.com") == ("[EMAIL]", ("email",))


@given(st.lists(st.integers(0, 9), min_size=15, max_size=15), st.sampled_from([" ", "-", ""]))
def test_no_luhn_valid_card_survives(digits: list[int], separator: str) -> None:
    body = "".join(map(str, digits))
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    number = body + check
    spoken = separator.join(number[i : i + 4] for i in range(0, 16, 4))
    text, _ = redact(Mapped.of(f"the card is {spoken} thanks"))
    assert number not in text.text.replace(" ", "").replace("-", "")
