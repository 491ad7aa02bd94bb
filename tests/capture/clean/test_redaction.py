"""Redaction: each kind of secret found and replaced by its placeholder; look-alikes kept."""

from __future__ import annotations

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
]

KEPT = [
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
