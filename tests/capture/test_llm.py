"""LLM structuring against a real HTTP server on loopback that answers like chat completions."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from sopflow.capture.builder import BuildOptions
from sopflow.capture.draft import SopMaker
from sopflow.capture.llm import LlmConfig, llm_structurer, structure_with_llm
from sopflow.capture.readers.text import parse_text
from sopflow.capture.timeline import Walkthrough
from sopflow.capture.transcript import Transcript, build_transcript
from sopflow.errors import SopflowError
from sopflow.model import Sop, check_document
from sopflow.settings import load_settings

TEXT = "The agent checks the order. If it is paid, the agent ships it. Otherwise the agent waits."

ANSWER: dict[str, Any] = {
    "roles": [{"id": "agent", "name": "Agent", "provenance": {"quote": "The agent"}}],
    "flow": {
        "start": "check",
        "nodes": [
            {
                "type": "step",
                "id": "check",
                "role": "agent",
                "instruction": "Check the order.",
                "next": "paid",
                "provenance": {"quote": "The agent checks the order"},
            },
            {
                "type": "decision",
                "id": "paid",
                "question": "Is the order paid?",
                "options": [
                    {"label": "Yes", "next": "ship", "provenance": {"quote": "If it is paid"}},
                    {"label": "No", "next": "wait", "provenance": {"quote": "Otherwise"}},
                ],
            },
            {
                "type": "step",
                "id": "ship",
                "role": "agent",
                "instruction": "Ship it.",
                "next": "done",
                "provenance": {"quote": "the agent ships it"},
            },
            {
                "type": "step",
                "id": "wait",
                "role": "agent",
                "instruction": "Wait.",
                "next": "done",
                "provenance": {"quote": "words nobody said"},
            },
            {"type": "outcome", "id": "done", "name": "Order handled"},
        ],
    },
}


class ChatServer(ThreadingHTTPServer):
    """Answers POST /v1/chat/completions with the configured reply; records the requests."""

    reply: Any = None
    status: int = 200
    requests: list[dict[str, Any]]


class Handler(BaseHTTPRequestHandler):
    server: ChatServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length))
        self.server.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        content = (
            self.server.reply
            if isinstance(self.server.reply, str)
            else json.dumps(self.server.reply)
        )
        payload = json.dumps(
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        )
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@pytest.fixture
def server() -> Iterator[ChatServer]:
    chat = ChatServer(("127.0.0.1", 0), Handler)
    chat.requests = []
    thread = threading.Thread(target=chat.serve_forever, daemon=True)
    thread.start()
    yield chat
    chat.shutdown()
    chat.server_close()


def _config(server: ChatServer) -> LlmConfig:
    host, port = server.server_address[:2]
    return LlmConfig(
        base_url=f"http://{host!s}:{port}/v1", model="test-model", api_key="k-123", timeout=5
    )


@pytest.fixture
def transcript() -> Transcript:
    return build_transcript(Walkthrough(("t.txt",), parse_text(TEXT)))


OPTIONS = BuildOptions(code="SOP-TST-001", title="Orders", source="t.txt")


def test_answer_becomes_a_valid_sop_with_checked_provenance(
    server: ChatServer, transcript: Transcript
) -> None:
    server.reply = ANSWER
    sop = structure_with_llm(_config(server), transcript, OPTIONS)
    assert check_document(sop) == []
    assert (sop.code, sop.title) == ("SOP-TST-001", "Orders")
    check = sop.flow.nodes[0]
    assert check.provenance is not None
    assert check.provenance.span == (0, len("The agent checks the order"))
    assert check.provenance.supported
    wait = sop.flow.node("wait")
    assert wait is not None
    assert wait.provenance is not None
    assert wait.provenance.supported is False
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer k-123"
    assert request["body"]["model"] == "test-model"
    assert request["body"]["response_format"]["type"] == "json_schema"
    assert "flow" in request["body"]["response_format"]["json_schema"]["schema"]["properties"]
    assert TEXT in request["body"]["messages"][1]["content"]


@pytest.mark.parametrize(
    ("reply", "status"),
    [
        ("not json at all", 200),
        ({"flow": {"start": "x", "nodes": []}}, 200),
        (
            {
                "roles": [],
                "flow": {"start": "a", "nodes": [{"type": "step", "id": "a", "instruction": "A."}]},
            },
            200,
        ),
        (ANSWER, 500),
    ],
)
def test_unusable_answers_fall_back_to_the_rules(
    server: ChatServer, transcript: Transcript, make_sop: SopMaker, reply: Any, status: int
) -> None:
    server.reply, server.status = reply, status
    warnings: list[str] = []
    maker = llm_structurer(_config(server), fallback=make_sop, warn=warnings.append)
    sop = maker(transcript, OPTIONS)
    assert isinstance(sop, Sop)
    assert check_document(sop) == []
    assert len(warnings) == 1
    assert "using the rule-based structurer" in warnings[0]


def test_unreachable_endpoint_falls_back(transcript: Transcript, make_sop: SopMaker) -> None:
    warnings: list[str] = []
    config = LlmConfig(base_url="http://127.0.0.1:9/v1", model="m", timeout=2)
    sop = llm_structurer(config, fallback=make_sop, warn=warnings.append)(transcript, OPTIONS)
    assert check_document(sop) == []
    assert warnings


def test_settings_must_name_endpoint_and_model() -> None:
    with pytest.raises(SopflowError, match="SOPFLOW_LLM_BASE_URL"):
        LlmConfig.from_settings(load_settings({}))
    config = LlmConfig.from_settings(
        load_settings({"SOPFLOW_LLM_BASE_URL": "http://127.0.0.1:1/v1", "SOPFLOW_LLM_MODEL": "m"})
    )
    assert config.model == "m"
