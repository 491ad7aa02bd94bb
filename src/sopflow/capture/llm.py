"""Optional structuring by an LLM behind an OpenAI-compatible chat-completions endpoint.

The request constrains the answer with the SOP's JSON Schema; the answer is validated into
the same `Sop` model and the same graph rules as the rule-based drafts. Provenance is not
taken on trust: each element's quoted words are looked up in the cleaned transcript, and an
element whose quote is not there is marked unsupported. Any failure (network, HTTP status,
invalid JSON, a draft that breaks the rules) falls back to the rule-based structurer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import ValidationError

from sopflow.capture.builder import BuildOptions
from sopflow.capture.draft import SopMaker
from sopflow.capture.transcript import Transcript
from sopflow.errors import SopflowError
from sopflow.model import Provenance, Sop, check_document
from sopflow.settings import Settings

INSTRUCTIONS = (
    "You turn a transcript of someone explaining or performing a process into a draft SOP. "
    "Answer with one JSON object that follows the given JSON Schema. Use only what the "
    "transcript says: roles, steps (short imperative instructions), decisions with labelled "
    "options, handoffs between roles, and named outcomes ending every path. For every element "
    "set provenance.quote to the exact words of the transcript it comes from."
)


@dataclass(frozen=True)
class LlmConfig:
    """Where the endpoint is and which model to ask."""

    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 120.0

    @classmethod
    def from_settings(cls, settings: Settings) -> LlmConfig:
        """The configuration from SOPFLOW_LLM_*; a SopflowError naming what is missing."""
        if not settings.llm_base_url or not settings.llm_model:
            raise SopflowError(
                "--llm needs SOPFLOW_LLM_BASE_URL and SOPFLOW_LLM_MODEL (an OpenAI-compatible "
                "chat-completions endpoint and model name)"
            )
        return cls(settings.llm_base_url, settings.llm_model, settings.llm_api_key)


def draft_schema() -> dict[str, Any]:
    """The JSON Schema the answer must follow: an SOP without code and title (sopflow sets them)."""
    schema = Sop.model_json_schema()
    schema["required"] = [
        name for name in schema.get("required", []) if name not in ("code", "title")
    ]
    for name in ("code", "title", "kind"):
        schema.get("properties", {}).pop(name, None)
    return schema


def request_body(config: LlmConfig, text: str, title: str) -> dict[str, Any]:
    """A chat-completions request asking for an SOP draft constrained by its JSON Schema."""
    return {
        "model": config.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": f"Title: {title}\n\nTranscript:\n{text}"},
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "sop_draft", "schema": draft_schema(), "strict": False},
        },
    }


def ask(
    config: LlmConfig, text: str, title: str, client: httpx.Client | None = None
) -> dict[str, Any]:
    """The endpoint's answer as a JSON object; httpx.HTTPError or ValueError when it has none."""
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    url = config.base_url.rstrip("/") + "/chat/completions"
    with client or httpx.Client(timeout=config.timeout) as session:
        response = session.post(url, json=request_body(config, text, title), headers=headers)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    data = json.loads(content) if isinstance(content, str) else content
    if not isinstance(data, dict):
        raise ValueError("the answer is not a JSON object")
    return data


def _locate(transcript: Transcript, quote: str | None, source: str | None) -> Provenance:
    """Provenance checked against the text: found quotes get their span and time."""
    if quote:
        at = transcript.text.find(quote.strip())
        if at >= 0:
            span = (at, at + len(quote.strip()))
            return Provenance(
                source=source,
                span=span,
                time=transcript.time_of(span),
                quote=transcript.quote(span),
                confidence=0.6,
            )
    return Provenance(source=source, quote=quote, confidence=0.2, supported=False)


def with_checked_provenance(data: Any, transcript: Transcript, source: str | None) -> Any:
    """Every `provenance` in the answer replaced by one checked against the transcript."""
    if isinstance(data, list):
        return [with_checked_provenance(item, transcript, source) for item in data]
    if not isinstance(data, dict):
        return data
    result = {
        key: with_checked_provenance(value, transcript, source) for key, value in data.items()
    }
    traced = "id" in data or "label" in data
    if traced or "provenance" in data:
        given = data.get("provenance") if isinstance(data.get("provenance"), dict) else {}
        quote = given.get("quote") if isinstance(given, dict) else None
        result["provenance"] = _locate(transcript, quote, source).model_dump(exclude_defaults=True)
    return result


def structure_with_llm(
    config: LlmConfig,
    transcript: Transcript,
    options: BuildOptions,
    client: httpx.Client | None = None,
) -> Sop:
    """An SOP draft from the endpoint; ValueError or httpx.HTTPError when it is unusable."""
    data = ask(config, transcript.text, options.title, client)
    data.pop("sopflow", None)
    body = with_checked_provenance(data, transcript, options.source)
    body.update({"kind": "sop", "code": options.code, "title": options.title})
    body.pop("provenance", None)
    try:
        sop = Sop.model_validate(body)
    except ValidationError as error:
        raise ValueError(
            f"the answer is not a valid SOP: {error.error_count()} problem(s)"
        ) from error
    problems = check_document(sop)
    if problems:
        raise ValueError(f"the answer breaks the flow rules: {problems[0].message}")
    return sop


def llm_structurer(config: LlmConfig, fallback: SopMaker, warn: Callable[[str], None]) -> SopMaker:
    """A structurer asking the endpoint first and the rule-based one when that fails."""

    def make(transcript: Transcript, options: BuildOptions) -> Sop:
        try:
            return structure_with_llm(config, transcript, options)
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
            warn(f"LLM structuring failed ({error}); using the rule-based structurer")
            return fallback(transcript, options)

    return make
