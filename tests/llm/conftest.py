"""Fixtures for the provider tests: vcrpy cassettes under tests/cassettes/llm/, a recording gate.

Cassettes replay by default (record_mode "none": any request without a recorded answer fails, so
nothing reaches the network). `live` tests re-record with `--record-mode=all` when a key is present.
Bodies are stored readably: `body: {json: ...}` for JSON, `body: {string: ...}` for SSE streams.
Auth headers (x-api-key, authorization, api-key) and cookies are filtered before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import vcr
import yaml

from assistant.evaluation.replay import FILTERED_REQUEST_HEADERS, ReadableSerializer
from assistant.llm import RetryPolicy

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes" / "llm"
_DROPPED_RESPONSE_HEADERS = {"set-cookie", "anthropic-organization-id", "openai-organization",
                             "openai-project", "cf-ray", "x-request-id", "request-id"}


# ----- readable cassette serializer ------------------------------------------------------------
class _LiteralDumper(yaml.SafeDumper):
    """Multi-line strings (SSE streams) as `|` blocks, so a cassette reads like the wire."""


_LiteralDumper.add_representer(
    str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|" if "\n" in v else None))


class JsonBodySerializer(ReadableSerializer):
    """vcrpy serializer: the project's readable cassettes (JSON bodies as mappings), multi-line strings as `|`."""

    dumper = _LiteralDumper


def _json_body_matcher(r1: Any, r2: Any) -> None:
    """Requests match when their JSON bodies are equal (key order and spacing do not matter)."""
    def parse(body: Any) -> Any:
        if body in (None, b"", ""):
            return None
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        try:
            return json.loads(text)
        except ValueError:
            return text
    a, b = parse(r1.body), parse(r2.body)
    assert a == b, f"request bodies differ:\n{json.dumps(a, indent=1)}\n!=\n{json.dumps(b, indent=1)}"


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    response["headers"] = {k: v for k, v in response["headers"].items()
                           if k.lower() not in _DROPPED_RESPONSE_HEADERS}
    return response


def make_vcr(record_mode: str = "none") -> vcr.VCR:
    v = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode=record_mode,
                filter_headers=FILTERED_REQUEST_HEADERS, before_record_response=_scrub_response,
                decode_compressed_response=True,
                match_on=["method", "scheme", "host", "port", "path", "query", "json_body"])
    v.register_serializer("jsonbody", JsonBodySerializer)
    v.register_matcher("json_body", _json_body_matcher)
    return v


@pytest.fixture
def cassette(request: pytest.FixtureRequest) -> Any:
    """`with cassette("name"):` replays tests/cassettes/llm/name.yaml; returns the vcr Cassette."""
    option = request.config.getoption("--record-mode", default=None)
    live = request.node.get_closest_marker("live") is not None

    @contextmanager
    def use(name: str) -> Iterator[Any]:
        mode = (option or "all") if live else "none"
        with make_vcr(mode).use_cassette(f"{name}.yaml", serializer="jsonbody") as cas:
            yield cas
    return use


# ----- a recording stand-in for the guardrails gate ----------------------------------------------
class RecordingGate:
    """Stands in for assistant.guardrails.gate in provider tests: records calls, can redact or block."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.redact: dict[str, str] = {}
        self.block: Exception | None = None

    def ProviderInfo(self, *, name: str, kind: str, base_url: str | None) -> Any:  # noqa: N802
        return SimpleNamespace(name=name, kind=kind, base_url=base_url)

    def enforce_outbound(self, provider: Any, messages: list[dict], markings: Any, *, audit: Any = None,
                         project_key: str | None = None) -> Any:
        self.calls.append({"provider": provider, "messages": [dict(m) for m in messages],
                           "markings": tuple(markings), "audit": audit, "project_key": project_key})
        if self.block is not None:
            raise self.block
        out = []
        for m in messages:
            content = m["content"]
            for old, new in self.redact.items():
                content = content.replace(old, new)
            out.append({**m, "content": content})
        return SimpleNamespace(messages=out, redactions=[])


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> RecordingGate:
    stub = RecordingGate()
    monkeypatch.setattr("assistant.llm.base._load_gate", lambda: stub)
    return stub


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def fast_retry(sleeps: list[float]) -> RetryPolicy:
    """Retries with no real waiting: the delays asked for are recorded in `sleeps`."""
    return RetryPolicy(max_retries=2, initial_delay_s=0.0, max_delay_s=0.0, sleep=sleeps.append)
