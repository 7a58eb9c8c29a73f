"""Issue 19: the provider layer against the real wire shapes (cassettes written by tests/llm/write_cassettes.py,
shapes checked against the public recordings named in tests/cassettes/README.md)."""

from __future__ import annotations

import json

import pytest
from llm_scenarios import CACHE_PREFIX, DRIFT_QUESTION, SECTION_7, SYSTEM, DriftSection

from assistant.llm import RequestRefusedError, get_provider
from assistant.llm.errors import OutputTruncatedError

pytestmark = pytest.mark.filterwarnings("ignore:The model .* is deprecated:DeprecationWarning")

ANSWER = "Population stability is checked weekly, with an alert above 0.2 [REQ-12]."
PARTIAL = "Population stability is checked weekly, with"


def anthropic(fast_retry, **kw):
    return get_provider("anthropic", model="claude-sonnet-4-5", api_key="test-key", retry=fast_retry, **kw)


# ----- truncation --------------------------------------------------------------------------------------------
def test_anthropic_stream_cut_at_max_tokens_is_shown_as_cut_off(gate, cassette, fast_retry):
    with cassette("anthropic_stream_max_tokens"):
        stream = anthropic(fast_retry).stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=12)
        text = stream.text()
    assert text.startswith(PARTIAL) and "[Cut off:" in text and "12 tokens" in text
    assert stream.truncated and not stream.complete and stream.stop_reason == "max_tokens"
    assert stream.usage.output_tokens == 12 and stream.usage.cost_usd is not None


def test_structured_max_tokens_retries_once_with_a_larger_budget_not_a_repair(gate, cassette, fast_retry):
    with cassette("anthropic_structured_max_tokens_then_larger") as cas:
        result = anthropic(fast_retry).generate_structured(SECTION_7, DriftSection, system=SYSTEM,
                                                           cache_prefix=CACHE_PREFIX, max_tokens=512)
    first, second = (json.loads(r.body) for r in cas.requests)
    assert (first["max_tokens"], second["max_tokens"]) == (512, 2048)
    assert second["messages"] == first["messages"]  # no repair turn: the cut-off was not a schema error
    assert not result.repaired and result.value.thresholds[0].evidence == ["REQ-12"]
    # mixed cache read and write in one reply, both priced
    assert (result.usage.cache_read_tokens, result.usage.cache_write_tokens) == (2048 + 1536, 512)
    assert result.usage.calls == 2
    expected = ((214 * 2) * 3 + (512 + 187) * 15 + (2048 + 1536) * 0.30 + 512 * 3.75) / 1e6
    assert result.usage.cost_usd == pytest.approx(expected)
    assert result.raw["usage"]["inference_geo"] == "global" and result.raw["stop_details"] is None


def test_openai_length_at_the_model_ceiling_is_a_clear_error_without_a_second_call(gate, cassette, fast_retry):
    provider = get_provider("openai", model="gpt-4o-mini", api_key="test-key", retry=fast_retry)
    with cassette("openai_structured_length") as cas, pytest.raises(OutputTruncatedError) as info:
        provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM, max_tokens=16384)
    message = str(info.value)
    assert "16384 tokens" in message and "'length'" in message and "Draft section 7" in message
    assert "most this model allows" in message
    assert cas.play_count == 1  # neither a repair round nor a retry with the same budget
    assert provider.last_usage.output_tokens == 16384  # the paid call is still accounted


def test_gateway_stream_without_usage_has_unknown_cost_and_length_is_cut_off(gate, cassette, fast_retry):
    provider = get_provider("openai", model="gpt-4o-mini", api_key="k", retry=fast_retry,
                            base_url="https://llm-gateway.example.org/v1")
    assert provider.base_url == "https://llm-gateway.example.org/v1" and provider.kind == "external"
    with cassette("openai_gateway_stream_length_no_usage") as cas:
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=12)
        text = stream.text()
    assert cas.requests[0].uri.startswith("https://llm-gateway.example.org/v1/")
    assert text.startswith(PARTIAL) and "[Cut off:" in text and stream.truncated
    usage = stream.usage
    assert usage.reported is False and usage.cost_usd is None and usage.cost_gbp is None
    assert usage.cost_label.startswith("unknown") and "no token usage" in usage.cost_label


# ----- errors inside 200 streams -------------------------------------------------------------------------------
def test_anthropic_overloaded_event_before_text_is_retried(gate, cassette, fast_retry, sleeps):
    provider = anthropic(fast_retry)
    with cassette("anthropic_stream_overloaded_then_success") as cas:
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        assert stream.text() == ANSWER
    assert cas.play_count == 2 and len(sleeps) == 1 and stream.complete
    # the failed attempt's usage (message_start) is recorded as sent, and counted in the stream's usage
    assert len(provider.usage_log) == 2 and provider.usage_log[0].input_tokens == 38
    assert provider.usage_log[0].reported is False and stream.usage.input_tokens == 76
    assert len(gate.calls) == 1  # the retry resends the gated request


def test_anthropic_error_event_after_text_keeps_the_text_and_marks_it(gate, cassette, fast_retry, sleeps):
    provider = anthropic(fast_retry)
    with cassette("anthropic_stream_error_after_text") as cas:
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        text = stream.text()
    assert text.startswith(PARTIAL) and "[Interrupted:" in text and "overloaded_error: Overloaded" in text
    assert stream.interrupted == "overloaded_error: Overloaded" and not stream.complete
    assert cas.play_count == 1 and sleeps == []  # not retried: the user has seen text
    assert stream.usage.input_tokens == 38 and stream.usage.cost_usd is None  # sent, but no final count


def test_openai_compatible_error_chunk_after_text_keeps_text_and_usage(gate, cassette, fast_retry):
    provider = get_provider("openai-compatible", model="anthropic/claude-sonnet-4.5", retry=fast_retry,
                            base_url="https://openrouter.ai/api/v1")
    assert provider.kind == "external"
    with cassette("openai_compatible_stream_error_chunk"):
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        text = stream.text()
    assert text.startswith(PARTIAL) and "Provider returned error: overloaded" in text
    assert stream.interrupted.startswith("502")
    assert (stream.usage.input_tokens, stream.usage.output_tokens) == (43, 10) and stream.usage.reported


def test_openai_compatible_error_chunk_before_text_is_retried(gate, cassette, fast_retry, sleeps, monkeypatch):
    provider = get_provider("openai-compatible", model="llama3.1:8b", retry=fast_retry,
                            base_url="http://127.0.0.1:4000/v1")
    with cassette("openai_compatible_stream_error_chunk_then_success") as cas:
        assert provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256).text() == ANSWER
    assert cas.play_count == 2 and len(sleeps) == 1


# ----- shapes: gzip, moderation chunk, Azure filters, cache writes, refusal details ------------------------------
def test_gzip_stream_through_a_gateway_base_url(gate, cassette, fast_retry):
    provider = anthropic(fast_retry, base_url="https://llm-gateway.example.org")
    with cassette("anthropic_stream_gzip_gateway") as cas:
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        assert stream.text() == ANSWER
    assert cas.requests[0].uri == "https://llm-gateway.example.org/v1/messages"
    assert gate.calls[0]["provider"].kind == "external"  # a gateway forwards to the provider
    assert stream.usage.output_tokens == 21 and stream.complete


def test_openai_trailing_moderation_chunk_keeps_the_usage(gate, cassette, fast_retry):
    provider = get_provider("openai", model="gpt-5", api_key="k", retry=fast_retry)
    with cassette("openai_stream_moderation"):
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        assert stream.text() == ANSWER
    assert (stream.usage.input_tokens, stream.usage.output_tokens) == (41, 19) and stream.complete
    assert stream.usage.model == "gpt-5-2025-08-07"  # priced as the snapshot that served it
    assert stream.usage.cost_usd == pytest.approx((41 * 1.25 + 19 * 10) / 1e6)


def test_azure_async_filter_chunks_and_deployment_priced_as_its_model(gate, cassette, fast_retry, monkeypatch):
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://example-resource.openai.azure.com")
    monkeypatch.setenv("AZURE_OPENAI_API_VERSION", "2024-10-21")
    provider = get_provider("azure", model="gpt-4o-mini-prod", api_key="k", retry=fast_retry)
    with cassette("azure_stream_async_filter"):
        stream = provider.stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        assert stream.text() == ANSWER
    assert stream.stop_reason == "stop" and stream.complete
    assert stream.usage.model == "gpt-4o-mini-2024-07-18"
    assert stream.usage.cost_usd == pytest.approx((41 * 0.15 + 19 * 0.60) / 1e6)


def test_openai_cache_writes_are_counted_and_priced(gate, cassette, fast_retry):
    provider = get_provider("openai", model="gpt-5.1", api_key="k", retry=fast_retry)
    with cassette("openai_structured_cache_write"):
        result = provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM, cache_prefix=CACHE_PREFIX)
    usage = result.usage
    assert (usage.input_tokens, usage.cache_read_tokens, usage.cache_write_tokens) == (8, 1024, 2988)
    assert usage.total_input_tokens == 4020
    assert usage.cost_usd == pytest.approx((8 * 1.25 + 1024 * 0.125 + 2988 * 1.25 + 96 * 10) / 1e6)


def test_refusal_category_and_explanation_are_surfaced(gate, cassette, fast_retry):
    with cassette("anthropic_refusal"), pytest.raises(RequestRefusedError) as info:
        anthropic(fast_retry).generate_structured(SECTION_7, DriftSection, system=SYSTEM)
    assert "category 'cyber'" in str(info.value) and "could enable cyber harm" in str(info.value)


def test_a_cut_off_reply_is_never_stored_in_the_response_cache(gate, cassette, fast_retry, tmp_path):
    from assistant.llm.cache import CachedProvider, ResponseCache

    cache = ResponseCache(tmp_path / "cache")
    provider = CachedProvider(anthropic(fast_retry), cache)
    with cassette("anthropic_structured_max_tokens_then_larger"):
        result = provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM, cache_prefix=CACHE_PREFIX,
                                              max_tokens=512)
    assert result.value.thresholds  # the full answer
    assert cache.stats()["stores"] == 1  # only the full reply; the partial one (which validates) was not kept
    stored = [json.loads(p.read_text()) for p in (tmp_path / "cache").rglob("*.json")]
    assert len(stored) == 1 and stored[0]["payload"]["thresholds"]


def test_streamed_refusal_names_category_and_explanation(gate, cassette, fast_retry):
    with cassette("anthropic_stream_refusal"), pytest.raises(RequestRefusedError) as info:
        anthropic(fast_retry).stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256).text()
    assert "category 'cyber'" in str(info.value) and "explanation:" in str(info.value)


def test_a_stream_body_that_just_stops_is_marked_incomplete(gate, fast_retry):
    """No message_delta, no message_stop: a proxy or a dropped connection ended the body after some text."""
    import anthropic as sdk
    import httpx2

    body = ('event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message",'
            '"role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,'
            '"usage":{"input_tokens":38,"output_tokens":1}}}\n\n'
            'event: content_block_start\ndata: {"type":"content_block_start","index":0,'
            '"content_block":{"type":"text","text":""}}\n\n'
            'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,'
            '"delta":{"type":"text_delta","text":"Population stability"}}\n\n')
    transport = httpx2.MockTransport(lambda request: httpx2.Response(
        200, headers={"content-type": "text/event-stream"}, content=body.encode()))
    client = sdk.Anthropic(api_key="k", max_retries=0, http_client=httpx2.Client(transport=transport))
    stream = get_provider("anthropic", client=client, retry=fast_retry).stream(DRIFT_QUESTION)
    text = stream.text()
    assert text.startswith("Population stability") and "[Interrupted:" in text and not stream.complete
    assert stream.usage.input_tokens == 38 and stream.usage.cost_usd is None
