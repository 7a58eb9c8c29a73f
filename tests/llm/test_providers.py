"""Provider behaviour against hand-written cassettes of each provider's wire format (tests/cassettes/llm)."""

from __future__ import annotations

import json

import pytest
from llm_scenarios import CACHE_PREFIX, DRIFT_QUESTION, SECTION_7, SECTION_8, SYSTEM, DriftSection

from assistant.errors import PolicyBlockedError, ProviderError
from assistant.llm import (
    ModelNotFoundError,
    ProviderAuthError,
    QuotaExceededError,
    RequestContext,
    RequestRefusedError,
    cache_saving,
    get_provider,
)

pytestmark = pytest.mark.filterwarnings("ignore:The model .* is deprecated:DeprecationWarning")

EXPECTED_TEXT = "Population stability is checked weekly, with an alert above 0.2 [REQ-12]."


def anthropic(fast_retry, model="claude-sonnet-4-5"):
    return get_provider("anthropic", model=model, api_key="test-key", retry=fast_retry)


def openai_(fast_retry, model="gpt-4o-mini"):
    return get_provider("openai", model=model, api_key="test-key", retry=fast_retry)


def azure(fast_retry, monkeypatch):
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://example-resource.openai.azure.com")
    monkeypatch.setenv("AZURE_OPENAI_API_VERSION", "2024-10-21")
    return get_provider("azure", model="gpt-4o-mini-prod", api_key="test-key", retry=fast_retry)


def ollama(fast_retry, monkeypatch):
    from assistant.config import get_settings

    monkeypatch.setenv("MLOPS_ASSISTANT_BASE_URL", "http://127.0.0.1:11434/v1")
    get_settings.cache_clear()
    return get_provider(None, model="llama3.1:8b", retry=fast_retry)


# ----- streaming -------------------------------------------------------------------------------
def test_anthropic_stream_yields_deltas_and_records_usage(gate, cassette, fast_retry):
    provider = anthropic(fast_retry)
    with cassette("anthropic_stream"):
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256,
                                 context=RequestContext.of(["OFFICIAL"], project_key="P1"))
        deltas = list(stream)
    assert deltas == ["Population stability", " is checked weekly, with", " an alert above 0.2 [REQ-12]."]
    assert stream.usage.input_tokens == 38 and stream.usage.output_tokens == 21
    assert stream.stop_reason == "end_turn"
    assert stream.usage.cost_usd == pytest.approx((38 * 3 + 21 * 15) / 1e6)
    assert provider.last_usage == stream.usage
    # the gate saw everything that left, with the caller's markings
    (call,) = gate.calls
    assert call["provider"].kind == "external" and call["provider"].base_url == "https://api.anthropic.com"
    assert call["markings"] == ("OFFICIAL",)
    assert call["messages"][0] == {"role": "system", "content": SYSTEM}


def test_openai_stream_include_usage(gate, cassette, fast_retry):
    provider = openai_(fast_retry)
    with cassette("openai_stream"):
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        assert stream.text() == EXPECTED_TEXT
    assert (stream.usage.input_tokens, stream.usage.output_tokens) == (41, 19)
    assert stream.stop_reason == "stop"


def test_ollama_stream_is_local_and_free(gate, cassette, fast_retry, monkeypatch):
    provider = ollama(fast_retry, monkeypatch)
    assert provider.name == "openai-compatible" and provider.kind == "local"
    with cassette("ollama_stream"):
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        assert stream.text().endswith("0.2 [REQ-12].")
    assert stream.usage.output_tokens == 20 and stream.usage.cost_usd == 0.0
    assert gate.calls[0]["provider"].kind == "local"


# ----- structured output -----------------------------------------------------------------------
def test_anthropic_structured_with_cache_prefix_and_saving(gate, cassette, fast_retry):
    provider = anthropic(fast_retry)
    with cassette("anthropic_structured_cached") as cas:
        first = provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM, cache_prefix=CACHE_PREFIX)
        second = provider.generate_structured(SECTION_8, DriftSection, system=SYSTEM, cache_prefix=CACHE_PREFIX)
    sent = json.loads(cas.requests[0].body)
    assert sent["system"][0] == {"type": "text", "text": CACHE_PREFIX, "cache_control": {"type": "ephemeral"}}
    assert sent["tool_choice"] == {"type": "tool", "name": "DriftSection"}
    assert isinstance(first.value, DriftSection) and first.value.thresholds[0].evidence == ["REQ-12"]
    assert first.usage.cache_write_tokens == 2048 and first.usage.cache_read_tokens == 0
    assert second.usage.cache_read_tokens == 2048 and second.usage.cache_write_tokens == 0
    assert first.raw["stop_reason"] == "tool_use" and not first.repaired
    saving = cache_saving([first.usage, second.usage])
    # without cache: 214+2048 + 203+2048; with: 214 + 203 + 2048*1.25 + 2048*0.1
    assert saving.token_saving == pytest.approx(4513 - (417 + 2560 + 204.8))
    assert saving.cost_saving_usd == pytest.approx(saving.token_saving * 3 / 1e6)
    # the prefix goes through the gate as well
    assert gate.calls[0]["messages"][0] == {"role": "system", "content": CACHE_PREFIX}


def test_anthropic_repair_round_sends_validation_error_back(gate, cassette, fast_retry):
    provider = anthropic(fast_retry)
    with cassette("anthropic_structured_repair") as cas:
        result = provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM)
    assert result.repaired and result.value.summary.startswith("Population stability")
    repair = json.loads(cas.requests[1].body)["messages"][-1]["content"]
    assert "thresholds: Input should be a valid list" in repair
    assert result.usage.calls == 2 and result.usage.input_tokens == 260 + 402
    assert len(gate.calls) == 2  # the repair round is gated too


def test_openai_structured_json_schema_and_cached_tokens(gate, cassette, fast_retry):
    provider = openai_(fast_retry)
    with cassette("openai_structured_json_schema") as cas:
        result = provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM, cache_prefix=CACHE_PREFIX)
    sent = json.loads(cas.requests[0].body)
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["messages"][0]["content"].startswith(CACHE_PREFIX)  # the stable prefix comes first
    assert result.value.thresholds[0].metric == "population stability index"
    assert (result.usage.input_tokens, result.usage.cache_read_tokens) == (2310 - 2048, 2048)
    assert result.usage.cost_usd == pytest.approx((262 * 0.15 + 2048 * 0.075 + 96 * 0.60) / 1e6)


def test_azure_deployment_url_and_api_version(gate, cassette, fast_retry, monkeypatch):
    provider = azure(fast_retry, monkeypatch)
    with cassette("azure_structured") as cas:
        result = provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM)
    assert cas.requests[0].uri == ("https://example-resource.openai.azure.com/openai/deployments/"
                                   "gpt-4o-mini-prod/chat/completions?api-version=2024-10-21")
    assert "api-key" not in {k.lower() for k in cas.requests[0].headers}  # filtered
    assert result.value.open_questions


def test_ollama_structured_strips_code_fence(gate, cassette, fast_retry, monkeypatch):
    provider = ollama(fast_retry, monkeypatch)
    with cassette("ollama_structured_fenced"):
        result = provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM)
    assert result.value.thresholds[0].threshold == "> 0.2 raises an alert"


# ----- retries and errors ------------------------------------------------------------------------
def test_retry_honours_retry_after_then_backs_off(gate, cassette, fast_retry, sleeps):
    provider = anthropic(fast_retry)
    with cassette("anthropic_retry_429_529_then_success") as cas:
        result = provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM)
    assert cas.play_count == 3
    assert sleeps == [2.0, 0.0]  # retry-after: 2 honoured; then the (test-sized) backoff
    assert result.value.summary
    assert len(gate.calls) == 1  # retries resend the already-gated request


@pytest.mark.parametrize("name,call,error,words", [
    ("anthropic_401_bad_key", "stream", ProviderAuthError, "rejected the API key"),
    ("anthropic_404_unknown_model", "structured", ModelNotFoundError, "claude-sonnet-9"),
    ("anthropic_refusal", "structured", RequestRefusedError, 'stop_reason "refusal"'),
    ("anthropic_credit_balance", "structured", QuotaExceededError, "credit"),
])
def test_anthropic_errors(gate, cassette, fast_retry, sleeps, name, call, error, words):
    provider = anthropic(fast_retry, model="claude-sonnet-9" if "404" in name else "claude-sonnet-4-5")
    with cassette(name) as cas, pytest.raises(error) as info:
        if call == "stream":
            provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        else:
            provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM)
    assert words in str(info.value) and "anthropic" in str(info.value)
    assert cas.play_count == 1 and sleeps == []  # none of these is retried


@pytest.mark.parametrize("name,call,model,error,words", [
    ("openai_401_bad_key", "stream", "gpt-4o-mini", ProviderAuthError, "OPENAI_API_KEY"),
    ("openai_404_unknown_model", "structured", "gpt-9-turbo", ModelNotFoundError, "gpt-9-turbo"),
    ("openai_429_insufficient_quota", "structured", "gpt-4o-mini", QuotaExceededError, "quota"),
    ("openai_refusal", "structured", "gpt-4o-mini", RequestRefusedError, "can't assist"),
])
def test_openai_errors(gate, cassette, fast_retry, sleeps, name, call, model, error, words):
    provider = openai_(fast_retry, model=model)
    with cassette(name) as cas, pytest.raises(error) as info:
        if call == "stream":
            provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        else:
            provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM)
    assert words in str(info.value)
    assert cas.play_count == 1 and sleeps == []


def test_azure_content_filter_is_a_refusal(gate, cassette, fast_retry, monkeypatch):
    provider = azure(fast_retry, monkeypatch)
    with cassette("azure_content_filter"), pytest.raises(RequestRefusedError, match="content filter"):
        provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM)


# ----- the gate is the choke point ----------------------------------------------------------------
def test_gate_block_stops_the_request_before_any_http(gate, cassette, fast_retry):
    gate.block = PolicyBlockedError("SECRET material may not be sent to external providers")
    provider = anthropic(fast_retry)
    with cassette("anthropic_stream") as cas, pytest.raises(PolicyBlockedError):
        provider.stream(DRIFT_QUESTION, context=RequestContext.of(["SECRET"]))
    assert cas.play_count == 0


def test_gate_redaction_is_what_goes_on_the_wire(gate, fast_retry):
    import anthropic as sdk
    import httpx2

    bodies = []

    def handler(request):
        bodies.append(json.loads(request.content))
        return httpx2.Response(401, json={"type": "error", "error": {"type": "authentication_error",
                                                                      "message": "invalid x-api-key"}})

    client = sdk.Anthropic(api_key="k", max_retries=0, http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    gate.redact = {"jane.doe@example.gov.uk": "[EMAIL]"}
    provider = get_provider("anthropic", client=client, retry=fast_retry)
    with pytest.raises(ProviderAuthError):
        provider.stream([{"role": "user", "content": "Owner: jane.doe@example.gov.uk"}],
                        system="Contact jane.doe@example.gov.uk")
    assert bodies[0]["messages"][0]["content"] == "Owner: [EMAIL]"
    assert bodies[0]["system"] == "Contact [EMAIL]"


def test_without_the_gate_module_nothing_is_sent(monkeypatch, fast_retry):
    import builtins

    real_import = builtins.__import__

    def no_gate(name, *args, **kwargs):
        if name.startswith("assistant.guardrails"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_gate)
    with pytest.raises(ProviderError, match="guardrails gate"):
        anthropic(fast_retry).stream(DRIFT_QUESTION)


def test_system_role_in_messages_is_rejected(gate, fast_retry):
    from assistant.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="messages\\[0\\]"):
        anthropic(fast_retry).stream([{"role": "system", "content": "x"}])
