"""Issue 19 items 1 and 4 and issue 16's retry item: exact-id prices with sources, unknown cost shown as
unknown, the tenacity retry policy, optional extras, base_url honoured or rejected."""

from __future__ import annotations

import json

import httpx2
import pytest
from llm_scenarios import DRIFT_QUESTION, SECTION_7, DriftSection

from assistant.errors import InvalidInputError
from assistant.llm import ProviderUnavailableError, RetryPolicy, Usage, get_provider, price_for, with_cost
from assistant.llm.pricing import price_table, unit_prices
from assistant.llm.retry import retry_after_s


@pytest.mark.parametrize("model,input_price,output_price", [
    ("claude-opus-4-6", 5.0, 25.0),  # fell to claude-opus-4 at $15/$75 before
    ("claude-opus-4-7", 5.0, 25.0),
    ("claude-sonnet-4-6", 3.0, 15.0),  # the default model, by its own entry
    ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", 3.0, 15.0),  # Bedrock global profile
    ("global.anthropic.claude-opus-4-6-v1", 5.0, 25.0),
    ("claude-haiku-4-5@20251001", 1.0, 5.0),  # Vertex @ version
    ("o3-mini", 1.10, 4.40), ("o4-mini", 1.10, 4.40), ("gpt-5.1", 1.25, 10.0), ("gpt-5.4-mini", 0.75, 4.50),
    ("gpt-4o-mini-2024-07-18", 0.15, 0.60),
])
def test_exact_ids_and_aliases_are_priced(model, input_price, output_price):
    price = unit_prices(model)
    assert (price.input, price.output) == (input_price, output_price)


@pytest.mark.parametrize("model", [
    "claude-opus-4",  # a family name is not a model
    "claude-sonnet-4-5-20991231",  # a dated id nobody has checked
    "gpt-4o-2024-05-13",  # priced $5/$15, unlike gpt-4o: never a neighbour's price
    "gpt-5.1-codex", "o3-mini-high", "my-azure-deployment", "",
])
def test_unlisted_ids_have_no_price(model):
    assert price_for(model) is None


def test_regional_profiles_cost_more_than_global_where_the_provider_says_so():
    assert unit_prices("us.anthropic.claude-sonnet-4-5-20250929-v1:0").input == pytest.approx(3.3)
    assert unit_prices("eu.anthropic.claude-haiku-4-5-20251001-v1:0").output == pytest.approx(5.5)
    assert unit_prices("claude-sonnet-4-5@20250929", region="europe-west1").input == pytest.approx(3.3)
    assert unit_prices("claude-sonnet-4-5@20250929", region="global").input == 3.0
    assert unit_prices("us.anthropic.claude-opus-4-1-20250805-v1:0").input == 15.0  # no premium listed


def test_every_entry_names_its_source_and_date():
    table = price_table()
    for name, price in table["models"].items():
        assert price.source in table["sources"], name
        assert price.checked.year >= 2025, name


def test_unknown_model_or_missing_usage_is_unknown_never_zero():
    unknown = with_cost(Usage(input_tokens=1000, output_tokens=100), "claude-opus-4")
    assert unknown.cost_usd is None and "not in the price table" in unknown.cost_label
    missing = with_cost(Usage(reported=False), "claude-sonnet-4-6")
    assert missing.cost_usd is None and missing.cost_label.startswith("unknown")
    known = with_cost(Usage(input_tokens=1_000_000), "claude-sonnet-4-6")
    assert known.cost_label.startswith("$3.0000")
    assert (known + missing).cost_usd is None and not (known + missing).reported
    assert (Usage(calls=0) + known).cost_usd == known.cost_usd  # the empty sum keeps a known cost


# ----- retries (tenacity) --------------------------------------------------------------------------------------
def _openai_with(responses, sleeps, **policy):
    import openai

    calls = []

    def handler(request):
        calls.append(request)
        return responses[min(len(calls), len(responses)) - 1]

    client = openai.OpenAI(api_key="k", max_retries=0, http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    retry = RetryPolicy(initial_delay_s=0.5, jitter=0, sleep=sleeps.append, **policy)
    return get_provider("openai", client=client, retry=retry), calls


OK = httpx2.Response(200, json={"id": "c", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                                "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                    "role": "assistant", "content": json.dumps({"summary": "s", "thresholds": []})}}],
                                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})
RATE = {"error": {"type": "rate_limit_exceeded", "code": "rate_limit_exceeded", "message": "slow down"}}


def test_unreadable_retry_after_falls_back_to_backoff(gate, sleeps):
    provider, calls = _openai_with([httpx2.Response(429, headers={"retry-after": "soon"}, json=RATE), OK], sleeps)
    assert provider.generate_structured(SECTION_7, DriftSection).value.summary == "s"
    assert len(calls) == 2 and sleeps == [0.5]  # no ValueError: the policy's backoff applies


def test_retry_after_longer_than_the_policy_waits_is_raised_at_once(gate, sleeps):
    from assistant.llm import RateLimitedError

    provider, calls = _openai_with([httpx2.Response(429, headers={"retry-after": "3600"}, json=RATE)], sleeps)
    with pytest.raises(RateLimitedError):
        provider.generate_structured(SECTION_7, DriftSection)
    assert len(calls) == 1 and sleeps == []


def test_retry_after_http_date_and_ms():
    class Exc(Exception):
        def __init__(self, headers):
            self.response = httpx2.Response(429, headers=headers)

    assert retry_after_s(Exc({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0.0
    assert retry_after_s(Exc({"retry-after-ms": "oops", "retry-after": "2"})) == 2.0
    assert retry_after_s(Exc({"retry-after": "soon"})) is None


# ----- optional extras and base_url ----------------------------------------------------------------------------
@pytest.mark.parametrize("name,extra", [("bedrock", "[bedrock]"), ("vertex", "[vertex]")])
def test_missing_cloud_extra_names_the_extra(gate, name, extra, monkeypatch):
    from assistant.llm import anthropic_provider

    monkeypatch.setattr(anthropic_provider.importlib.util, "find_spec", lambda module: None)
    provider = get_provider(name, model="claude-sonnet-4-5", retry=RetryPolicy(max_retries=0))
    with pytest.raises(ProviderUnavailableError) as info:
        provider.stream(DRIFT_QUESTION)
    assert f"mlops-strategy-assistant{extra}" in str(info.value) and "not installed" in str(info.value)


def test_base_url_is_honoured_by_every_network_provider():
    for name in ("anthropic", "bedrock", "vertex", "openai", "azure"):
        provider = get_provider(name, model="m", api_key="k", base_url="http://127.0.0.1:4000")
        assert provider.base_url == "http://127.0.0.1:4000" and provider.kind == "external", name
        assert "127.0.0.1:4000" in provider.describe()


@pytest.mark.parametrize("url", ["ftp://gateway.example.org", "gateway.example.org/v1", "https://"])
def test_base_url_that_is_not_http_is_rejected(url):
    with pytest.raises(InvalidInputError, match="not an http"):
        get_provider("anthropic", base_url=url)


def test_base_url_for_the_offline_provider_is_rejected():
    with pytest.raises(InvalidInputError, match="offline"):
        get_provider("offline", base_url="https://gateway.example.org")


def test_available_providers_name_the_missing_extra(monkeypatch):
    from assistant.config import get_settings
    from assistant.llm import anthropic_provider, available_providers

    monkeypatch.setattr(anthropic_provider.importlib.util, "find_spec", lambda module: None)
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    get_settings.cache_clear()
    rows = {row.name: row for row in available_providers()}
    assert not rows["bedrock"].available and "[bedrock]" in rows["bedrock"].reason
    assert not rows["vertex"].available and "[vertex]" in rows["vertex"].reason


@pytest.mark.parametrize("error_type,expected", [
    ("overloaded_error", "RateLimitedError"), ("rate_limit_error", "RateLimitedError"),
    ("api_error", "ProviderUnavailableError"), ("authentication_error", "ProviderAuthError"),
])
def test_an_error_inside_a_200_stream_is_classified_like_its_http_equivalent(error_type, expected):
    from anthropic._error_classes import make_status_error

    from assistant.llm.errors import classify, is_retryable

    body = {"type": "error", "error": {"type": error_type, "message": "Overloaded"}}
    response = httpx2.Response(200, request=httpx2.Request("POST", "https://api.anthropic.com/v1/messages"))
    exc = make_status_error("Overloaded", body=body, response=response)
    error = classify(exc, provider="anthropic", model="claude-sonnet-4-6")
    assert type(error).__name__ == expected and "inside the response stream" in str(error)
    assert "APIStatusError" not in str(error)
    assert is_retryable(exc) == (expected in ("RateLimitedError", "ProviderUnavailableError"))


def test_an_azure_deployment_is_priced_as_the_model_it_serves(monkeypatch):
    from assistant.llm.openai_provider import AzureOpenAIProvider

    monkeypatch.delenv("AZURE_OPENAI_MODEL", raising=False)
    bare = AzureOpenAIProvider(model="gpt-4o", api_key="k", base_url="https://r.openai.azure.com")
    # a deployment named like a model is not trusted: it may serve gpt-4o-2024-05-13 ($5/$15)
    assert bare.price_model(Usage(model="gpt-4o-2024-05-13")) is None
    assert bare.price_model(Usage(model="gpt-4o-2024-08-06")) == "gpt-4o-2024-08-06"
    monkeypatch.setenv("AZURE_OPENAI_MODEL", "gpt-4.1-mini")
    named = AzureOpenAIProvider(model="prod-drafting", api_key="k", base_url="https://r.openai.azure.com")
    assert named.price_model(Usage()) == "gpt-4.1-mini"
