"""The response cache (assistant.llm.cache): after the gate, keyed on the redacted request, free on a hit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from assistant.errors import PolicyBlockedError
from assistant.llm import RequestContext, RetryPolicy, get_provider
from assistant.llm.cache import CachedProvider, CachedUsage, ResponseCache


class Verdict(BaseModel):
    """A tiny structured answer."""

    label: str
    score: int


def _reply(payload: dict[str, Any]) -> dict[str, Any]:
    return {"id": "msg_01Cache", "type": "message", "role": "assistant", "model": "claude-sonnet-4-6",
            "content": [{"type": "tool_use", "id": "toolu_01Cache", "name": "Verdict", "input": payload}],
            "stop_reason": "tool_use", "stop_sequence": None,
            "usage": {"input_tokens": 120, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 30,
                      "output_tokens": 15}}


@pytest.fixture
def wire() -> dict[str, Any]:
    """An Anthropic provider over a mock transport; `sent` holds every request body that went out."""
    import httpx2
    from anthropic import Anthropic

    state: dict[str, Any] = {"sent": [], "payload": {"label": "ok", "score": 7}}

    def handler(request: Any) -> Any:
        state["sent"].append(json.loads(request.content))
        return httpx2.Response(200, json=_reply(state["payload"]), headers={"content-type": "application/json"})

    client = Anthropic(api_key="test-key", max_retries=0, http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    state["provider"] = get_provider("anthropic", client=client, retry=RetryPolicy(max_retries=0))
    return state


def _ask(provider: Any, text: str, markings: tuple[str, ...] = ("OFFICIAL",)) -> Any:
    return provider.generate_structured([{"role": "user", "content": text}], Verdict,
                                        system="Grade it.", context=RequestContext.of(markings))


def test_a_repeated_request_is_answered_from_disk_for_free(wire: dict[str, Any], tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    provider = CachedProvider(wire["provider"], cache)
    first = _ask(provider, "Grade this draft.")
    assert first.value == Verdict(label="ok", score=7) and first.usage.input_tokens == 120
    assert not isinstance(first.usage, CachedUsage)

    wire["payload"] = {"label": "different", "score": 1}  # the API would answer differently now
    second = _ask(provider, "Grade this draft.")
    assert second.value == Verdict(label="ok", score=7)
    assert len(wire["sent"]) == 1, "the second call must not reach the API"
    assert isinstance(second.usage, CachedUsage) and second.usage.cached
    assert (second.usage.input_tokens, second.usage.output_tokens, second.usage.cost_usd) == (0, 0, 0.0)
    assert (second.usage.saved_input_tokens, second.usage.saved_output_tokens) == (150, 15)
    assert second.raw["cached"] is True
    assert cache.stats() == {"hits": 1, "misses": 1, "stores": 1}
    assert (tmp_path / "cache" / ".gitignore").read_text() == "*\n"

    # a fresh process (new cache object) reads the same file; another question is a miss
    again = CachedProvider(wire["provider"], ResponseCache(tmp_path / "cache"))
    assert _ask(again, "Grade this draft.").value.label == "ok"
    assert _ask(again, "Grade another draft.").value.label == "different"
    assert len(wire["sent"]) == 2


def test_the_gate_runs_before_the_cache(wire: dict[str, Any], tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    provider = CachedProvider(wire["provider"], cache)
    _ask(provider, "Grade this draft.")  # cached at OFFICIAL
    with pytest.raises(PolicyBlockedError):
        _ask(provider, "Grade this draft.", markings=("SECRET",))
    assert cache.hits == 0 and len(wire["sent"]) == 1


def test_the_key_is_the_redacted_request(wire: dict[str, Any], tmp_path: Path) -> None:
    provider = CachedProvider(wire["provider"], ResponseCache(tmp_path / "cache"))
    _ask(provider, "Contact jane.doe@example.co.uk about the draft.")
    assert "jane.doe@example.co.uk" not in json.dumps(wire["sent"][0])
    stored = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "cache").rglob("*.json"))
    assert stored and "jane.doe@example.co.uk" not in stored


def test_random_delimiters_do_not_break_the_key(wire: dict[str, Any], tmp_path: Path) -> None:
    provider = CachedProvider(wire["provider"], ResponseCache(tmp_path / "cache"))
    _ask(provider, "<EVIDENCE-1a2b3c4d>FR-001</EVIDENCE-1a2b3c4d>")
    _ask(provider, "<EVIDENCE-9f8e7d6c>FR-001</EVIDENCE-9f8e7d6c>")
    assert len(wire["sent"]) == 1


def test_variants_and_invalid_answers_are_not_shared(wire: dict[str, Any], tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    provider = CachedProvider(wire["provider"], cache)
    with provider.variant("rubric-0"):
        _ask(provider, "Grade.")
    with provider.variant("rubric-1"):
        _ask(provider, "Grade.")
    assert len(wire["sent"]) == 2

    wire["payload"] = {"label": "no score"}  # fails validation: not stored; the repair round answers the same
    with pytest.raises(Exception):  # noqa: B017 - StructuredOutputError after the repair round
        _ask(provider, "Grade something new.")
    assert cache.stores == 2
