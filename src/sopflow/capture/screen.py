"""Screen events become work-instruction steps: one action with its target, value and screenshot.

Keystroke-level logs type a field one character at a time; consecutive `type` events into the
same field fold into one step with the final value. Typed values are redacted like speech.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sopflow.capture.clean.redaction import RedactionKind, redact_value
from sopflow.capture.timeline import ScreenEvent
from sopflow.model import Provenance, WiStep

_SECRET_FIELDS = ("password", "passcode", "pin", "secret", "token", "api key", "otp")


@dataclass(frozen=True)
class ScreenRedaction:
    """A value redacted from a screen event: its kind and the event's time, never the value."""

    kind: RedactionKind
    time: float


def fold_typing(events: Sequence[ScreenEvent]) -> list[ScreenEvent]:
    """Consecutive `type` events into the same target become one, keeping the last value."""
    folded: list[ScreenEvent] = []
    for event in events:
        last = folded[-1] if folded else None
        same_field = (
            last is not None
            and last.kind == event.kind == "type"
            and (last.label, last.selector) == (event.label, event.selector)
        )
        if same_field and last is not None:
            folded[-1] = ScreenEvent(
                time=last.time,
                kind="type",
                label=event.label,
                selector=event.selector,
                value=event.value,
                page=event.page or last.page,
                screenshot=event.screenshot or last.screenshot,
            )
        else:
            folded.append(event)
    return folded


def _target(event: ScreenEvent) -> str:
    return event.label or event.selector or "the page"


def _where(event: ScreenEvent) -> str:
    return (event.page or "") if event.kind == "navigate" else _target(event)


def action_text(event: ScreenEvent, value: str | None) -> str:
    """The imperative a reader follows: "Click Refund", "Type 25.00 in Amount"."""
    target = _target(event)
    if event.kind == "click":
        return f"Click {target}"
    if event.kind == "type":
        return f"Type {value} in {target}" if value else f"Clear {target}"
    if event.kind == "select":
        return f"Select {value} in {target}"
    if event.kind == "keypress":
        return f"Press {value}"
    return f"Open {event.page}"


def safe_value(event: ScreenEvent) -> tuple[str | None, tuple[RedactionKind, ...]]:
    """The event's value with secrets redacted; anything typed into a password field is one."""
    if event.value is None:
        return None, ()
    target = f"{event.label or ''} {event.selector or ''}".casefold()
    if event.kind == "type" and any(word in target for word in _SECRET_FIELDS):
        return "[PASSWORD]", ("password",)
    return redact_value(event.value)


def _redacted_context(event: ScreenEvent) -> ScreenEvent:
    """The event with secrets in its label and page (a URL with a token, say) redacted."""
    label = redact_value(event.label)[0] if event.label else None
    page = redact_value(event.page)[0] if event.page else None
    return replace(event, label=label, page=page)


def wi_steps(
    events: Sequence[ScreenEvent],
    source: str | None,
    *,
    redact_secrets: bool = True,
) -> tuple[tuple[WiStep, ...], tuple[ScreenRedaction, ...]]:
    """One step per (folded) event, with time, screenshot and full confidence: it was recorded."""
    steps: list[WiStep] = []
    redactions: list[ScreenRedaction] = []
    folded = fold_typing(events)
    shown = [_redacted_context(e) for e in folded] if redact_secrets else folded
    for position, (original, event) in enumerate(zip(folded, shown, strict=True)):
        value, kinds = safe_value(original) if redact_secrets else (original.value, ())
        if redact_secrets:
            for text in (original.label, original.page):
                kinds += redact_value(text)[1] if text else ()
        redactions.extend(ScreenRedaction(kind, event.time) for kind in kinds)
        following = shown[position + 1] if position + 1 < len(shown) else None
        expected = (
            f"The page {following.page} opens."
            if following
            and following.page
            and following.page != event.page
            and event.kind != "navigate"
            else None
        )
        steps.append(
            WiStep(
                action=action_text(event, value),
                target=event.label or event.selector or event.page,
                value=value,
                expected_result=expected,
                detail=f"On the page {event.page}."
                if event.page and event.kind != "navigate"
                else None,
                image=event.screenshot,
                provenance=Provenance(
                    source=source,
                    time=(event.time, following.time if following else event.time),
                    quote=f"{event.kind} {_where(event)}",
                    screenshot=event.screenshot,
                    confidence=1.0,
                ),
            )
        )
    return tuple(steps), tuple(redactions)
