"""Provider selection, the offline default, timeouts, retry-after parsing, prices and cache savings."""

from __future__ import annotations

import json

import httpx2
import pytest
from llm_scenarios import DRIFT_QUESTION, SECTION_7, DriftSection

from assistant.config import get_settings
from assistant.errors import InvalidInputError
from assistant.llm import (
    NotGenerativeError,
    ProviderTimeoutError,
    RetryPolicy,
    Usage,
    available_providers,
    cache_saving,
    generation_record,
    get_provider,
    price_for,
    with_cost,
)
from assistant.llm.openai_provider import endpoint_kind
from assistant.llm.retry import retry_after_s

ENV = ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT",
       "MLOPS_ASSISTANT_BASE_URL", "MLOPS_ASSISTANT_PROVIDER", "MLOPS_ASSISTANT_MODEL")


@pytest.fixture
def clean_env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    return monkeypatch


def test_offline_is_the_default_and_says_why(clean_env):
    provider = get_provider()
    assert provider.name == "offline" and provider.kind == "offline" and provider.is_generative is False
    assert "no ANTHROPIC_API_KEY" in provider.describe() and "nothing leaves this machine" in provider.describe()
    with pytest.raises(NotGenerativeError, match="extractive"):
        provider.stream(DRIFT_QUESTION)
    with pytest.raises(NotGenerativeError):
        provider.generate_structured(SECTION_7, DriftSection)


@pytest.mark.parametrize("env,expected", [
    ({"ANTHROPIC_API_KEY": "k"}, "anthropic"),
    ({"OPENAI_API_KEY": "k"}, "openai"),
    ({"AZURE_OPENAI_API_KEY": "k", "AZURE_OPENAI_ENDPOINT": "https://r.openai.azure.com", "OPENAI_API_KEY": "k"}, "azure"),
    ({"MLOPS_ASSISTANT_BASE_URL": "http://127.0.0.1:11434/v1", "ANTHROPIC_API_KEY": "k"}, "openai-compatible"),
    ({"ANTHROPIC_API_KEY": "k", "MLOPS_ASSISTANT_PROVIDER": "openai"}, "openai"),
    ({"AZURE_OPENAI_API_KEY": "k"}, "offline"),  # a key without its endpoint is not enough
])
def test_selection_from_environment(clean_env, env, expected):
    for k, v in env.items():
        clean_env.setenv(k, v)
    get_settings.cache_clear()
    provider = get_provider()
    assert provider.name == expected
    assert "Chosen" in provider.describe() or expected == "offline"
    defaults = {d.name: d for d in available_providers()}
    assert "(the default now)" in defaults[expected].reason


def test_explicit_names_aliases_and_unknown(clean_env):
    assert get_provider("anthropic-bedrock").name == "bedrock"
    assert get_provider("vertex", model="claude-sonnet-4-5@20250929").name == "vertex"
    assert get_provider("anthropic", model="claude-haiku-4-5").model == "claude-haiku-4-5"
    with pytest.raises(InvalidInputError, match="unknown"):
        get_provider("gemini")
    with pytest.raises(InvalidInputError, match="MLOPS_ASSISTANT_BASE_URL"):
        get_provider("ollama")


def test_endpoint_kind_is_conservative():
    assert endpoint_kind("http://127.0.0.1:11434/v1") == "local"
    assert endpoint_kind("http://localhost:8000/v1") == "local"
    assert endpoint_kind("http://10.2.3.4:8080/v1") == "external"  # the gate counts only loopback as local
    assert endpoint_kind("http://vllm.internal:8000/v1") == "external"
    assert endpoint_kind("https://gateway.example.com/v1") == "external"


def test_timeout_is_retried_then_reported(gate, sleeps):
    import anthropic

    attempts = []

    def handler(request):
        attempts.append(request)
        raise httpx2.ReadTimeout("timed out", request=request)

    client = anthropic.Anthropic(api_key="k", max_retries=0,
                                 http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    policy = RetryPolicy(max_retries=2, initial_delay_s=0.001, multiplier=2, jitter=0, sleep=sleeps.append)
    provider = get_provider("anthropic", client=client, retry=policy)
    with pytest.raises(ProviderTimeoutError, match="did not answer in time"):
        provider.generate_structured(SECTION_7, DriftSection)
    assert len(attempts) == 3 and sleeps == [0.001, 0.002]


def test_timeout_then_success(gate, sleeps):
    import openai

    calls = []
    body = {"id": "c", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": json.dumps(
                             {"summary": "s", "thresholds": []})}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}

    def handler(request):
        calls.append(request)
        if len(calls) == 1:
            raise httpx2.ConnectTimeout("connect timeout", request=request)
        return httpx2.Response(200, json=body)

    client = openai.OpenAI(api_key="k", max_retries=0, http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    provider = get_provider("openai", client=client,
                            retry=RetryPolicy(initial_delay_s=0, jitter=0, sleep=sleeps.append))
    result = provider.generate_structured(SECTION_7, DriftSection)
    assert result.value.summary == "s" and len(calls) == 2 and sleeps == [0]


def test_retry_after_forms():
    class Exc(Exception):
        def __init__(self, headers):
            self.response = httpx2.Response(429, headers=headers)

    assert retry_after_s(Exc({"retry-after": "3"})) == 3.0
    assert retry_after_s(Exc({"retry-after-ms": "250", "retry-after": "3"})) == 0.25
    assert retry_after_s(Exc({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0.0
    assert retry_after_s(Exc({})) is None


def test_prices_come_from_the_table_and_unknown_models_have_no_cost():
    assert price_for("claude-sonnet-4-5-20250929").input == 3.0
    assert price_for("us.anthropic.claude-haiku-4-5-20251001-v1:0").output == 5.0  # Bedrock id
    assert price_for("claude-opus-4-1@20250805").input == 15.0  # Vertex id
    assert price_for("gpt-4o-mini-2024-07-18").input == 0.15  # longest key wins over gpt-4o
    assert price_for("mystery-model") is None
    usage = with_cost(Usage(input_tokens=1_000_000, output_tokens=0), "mystery-model")
    assert usage.cost_usd is None and usage.cost_gbp is None
    local = with_cost(Usage(input_tokens=5000), "llama3.1:8b", free=True)
    assert local.cost_usd == 0.0
    priced = with_cost(Usage(input_tokens=1_000_000, output_tokens=1_000_000), "gpt-4.1")
    assert priced.cost_usd == pytest.approx(10.0) and priced.cost_gbp is not None


def test_cache_saving_over_a_multi_section_draft():
    prefix = 3000
    usages = [Usage(input_tokens=400, output_tokens=500, cache_write_tokens=prefix, model="claude-sonnet-4-5")]
    usages += [Usage(input_tokens=400, output_tokens=500, cache_read_tokens=prefix, model="claude-sonnet-4-5")] * 14
    saving = cache_saving(usages)
    assert saving.calls == 15 and saving.cache_read_tokens == 14 * prefix
    without = 15 * 400 + 15 * prefix
    with_cache = 15 * 400 + prefix * 1.25 + 14 * prefix * 0.1
    assert saving.token_saving == pytest.approx(without - with_cache)
    assert 0.7 < saving.saving_ratio < 0.9
    assert cache_saving([]).token_saving == 0


def test_usage_adds_up():
    a = Usage(input_tokens=1, output_tokens=2, cache_read_tokens=3, cache_write_tokens=4, cost_usd=0.5)
    b = Usage(input_tokens=10, output_tokens=20, cost_usd=None)
    total = a + b
    assert (total.input_tokens, total.output_tokens, total.calls) == (11, 22, 2)
    assert total.cost_usd is None  # an unknown cost makes the sum unknown, never an undercount
    assert a.total_input_tokens == 8


def test_generation_record_for_the_audit_log():
    from assistant.prompts import get_prompt

    prompt = get_prompt("draft_section")
    provider = get_provider("offline")
    record = generation_record(prompt, provider, Usage(input_tokens=5), ["REQ-2", "REQ-1", "REQ-2"], "P1")
    event = record.to_audit_event()
    assert event["prompt_id"] == "draft_section" and event["prompt_hash"] == prompt.hash
    assert event["evidence_ids"] == ["REQ-1", "REQ-2"] and event["provider"] == "offline"
