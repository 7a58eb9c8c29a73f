"""A simulated generative provider for tests and benchmarks (like pydantic-ai's `TestModel`).

It is a real `Provider` subclass, so every call goes through the base class: the guardrails gate, the
retry policy, schema validation and the repair round. It answers structured requests with canned section
content after a configurable latency, streams canned text, counts how many calls are in flight, and
reports usage with Anthropic's prompt-cache semantics: the first call with a given `cache_prefix` writes
it (cache_write_tokens), calls that start after a write has completed read it (cache_read_tokens), and
calls that start while the first is still running miss and write again. Token counts are estimated from
the real request text at about 4 characters a token.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from assistant.llm.base import OutboundRequest, Provider, SchemaSpec, StructuredReply
from assistant.llm.types import Usage

CHARS_PER_TOKEN = 4
# A callable gets the section number the prompt names (None: it names none) and the request.
SectionContent = dict[str, Any] | Callable[[int | None, OutboundRequest], dict[str, Any]]


def _tokens(text: str) -> int:
    return max(1, len(text) // CHARS_PER_TOKEN)


def default_content(number: int) -> dict[str, Any]:
    """A minimal valid section: nothing filled, one open question."""
    return {"open_questions": [{"question": f"Simulated: what should section {number} contain?"}]}


class SimulatedProvider(Provider):
    name = "simulated"
    default_model = "claude-sonnet-4-5"  # priced like it, so cost and cache savings are computed

    def __init__(self, *, sections: dict[int, SectionContent] | None = None,
                 latency_s: float | Callable[[int], float] = 0.0, fail: dict[int, Exception] | None = None,
                 text: str = "Simulated answer [1].", route: dict[str, Any] | None = None,
                 output_tokens: int = 400, **kwargs: Any) -> None:
        kwargs.setdefault("kind", "local")
        kwargs.setdefault("base_url", "http://127.0.0.1:9")
        super().__init__(**kwargs)
        self.sections = sections or {}
        self.latency_s = latency_s
        self.fail = fail or {}
        self.text = text
        self.route = route
        self.output_tokens = output_tokens
        self.requests: list[OutboundRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.provider_seconds = 0.0  # total simulated latency (the time the engine waited on the provider)
        self._written: set[str] = set()
        self._state = threading.Lock()

    # ----- bookkeeping ---------------------------------------------------------------------------
    def _enter(self, request: OutboundRequest) -> bool:
        with self._state:
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            key = self._prefix_key(request)
            return key is not None and key in self._written

    def _leave(self, request: OutboundRequest, seconds: float) -> None:
        with self._state:
            self.in_flight -= 1
            self.provider_seconds += seconds
            key = self._prefix_key(request)
            if key is not None:
                self._written.add(key)

    @staticmethod
    def _prefix_key(request: OutboundRequest) -> str | None:
        if not request.cache_prefix:
            return None
        return hashlib.sha256(request.cache_prefix.encode()).hexdigest()

    def _usage(self, request: OutboundRequest, spec: SchemaSpec | None, cached: bool) -> Usage:
        body = (request.system or "") + "".join(m["content"] for m in request.messages)
        tool = json.dumps(spec.json_schema) if spec else ""
        prefix = _tokens(request.cache_prefix) if request.cache_prefix else 0
        plain = _tokens(body) + (_tokens(tool) if tool else 0)
        return Usage(input_tokens=plain, output_tokens=self.output_tokens,
                     cache_read_tokens=prefix if cached else 0, cache_write_tokens=0 if cached else prefix)

    def _sleep(self, number: int) -> float:
        seconds = self.latency_s(number) if callable(self.latency_s) else self.latency_s
        if seconds:
            time.sleep(seconds)
        return seconds

    # ----- hooks -----------------------------------------------------------------------------------
    def _structured_call(self, request: OutboundRequest, spec: SchemaSpec) -> StructuredReply:
        cached = self._enter(request)
        user = request.messages[0]["content"] if request.messages else ""  # the repair round appends turns
        number = _section_number(user)
        seconds = 0.0
        try:
            seconds = self._sleep(number or 0)
            if spec.name == "IntentRoute":
                payload: Any = self.route or {"intent": "ask", "sections": []}
            else:
                if number in self.fail:
                    raise self.fail[number]
                content = self.sections.get(number or 0, default_content(number or 0))
                payload = {"section": number, "content": content(number, request) if callable(content) else content}
        finally:
            self._leave(request, seconds)
        return StructuredReply(payload=payload, text=json.dumps(payload), usage=self._usage(request, spec, cached),
                               raw={"simulated": True})

    def _start_stream(self, request: OutboundRequest) -> Any:
        cached = self._enter(request)
        seconds = self._sleep(0)
        self._leave(request, seconds)
        return request, cached

    def _read_stream(self, handle: Any, holder: dict[str, Any]) -> Iterator[str]:
        request, cached = handle
        yield from re.findall(r"\S+\s*", self.text)
        holder["usage"] = self._usage(request, None, cached)
        holder["stop_reason"] = "end_turn"


def _section_number(user: str) -> int | None:
    m = re.search(r"(?:Draft section|^Section)\s+(\d{1,2})\b", user, re.M)
    return int(m.group(1)) if m else None
