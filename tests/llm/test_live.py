"""Live re-recording of the main cassettes. Skipped unless the provider's key is in the environment.

    ANTHROPIC_API_KEY=... OPENAI_API_KEY=... python -m pytest tests/llm/test_live.py -m live --record-mode=all

The responses then come from the real API and overwrite the hand-written cassettes (auth headers are
filtered). Review the diff before committing: usage numbers and ids will change, shapes should not.
"""

from __future__ import annotations

import pytest
from llm_scenarios import CACHE_PREFIX, DRIFT_QUESTION, LIVE_KEYS, SECTION_7, SECTION_8, SYSTEM, DriftSection

from assistant.llm import RetryPolicy, get_provider

pytestmark = pytest.mark.live


def _need(*keys: str) -> None:
    missing = [k for k in keys if not LIVE_KEYS.get(k)]
    if missing:
        pytest.skip(f"live re-recording needs {', '.join(missing)} in the environment (none is read from disk)")


def _provider(name: str, model: str):
    key = {"anthropic": "ANTHROPIC_API_KEY", "openai": "OPENAI_API_KEY"}[name]
    return get_provider(name, model=model, api_key=LIVE_KEYS[key], retry=RetryPolicy(max_retries=3))


def test_live_anthropic_stream(cassette):
    _need("ANTHROPIC_API_KEY")
    with cassette("anthropic_stream"):
        stream = _provider("anthropic", "claude-sonnet-4-5").stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        assert stream.text()
    assert stream.usage.output_tokens > 0


def test_live_anthropic_structured_cached(cassette):
    _need("ANTHROPIC_API_KEY")
    provider = _provider("anthropic", "claude-sonnet-4-5")
    with cassette("anthropic_structured_cached"):
        first = provider.generate_structured(SECTION_7, DriftSection, system=SYSTEM, cache_prefix=CACHE_PREFIX)
        provider.generate_structured(SECTION_8, DriftSection, system=SYSTEM, cache_prefix=CACHE_PREFIX)
    assert first.value.summary  # caching needs a prefix of >= 1024 tokens to show in usage


def test_live_openai_stream(cassette):
    _need("OPENAI_API_KEY")
    with cassette("openai_stream"):
        stream = _provider("openai", "gpt-4o-mini").stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=256)
        assert stream.text()
    assert stream.usage is not None and stream.usage.output_tokens > 0


def test_live_openai_structured(cassette):
    _need("OPENAI_API_KEY")
    with cassette("openai_structured_json_schema"):
        result = _provider("openai", "gpt-4o-mini").generate_structured(
            SECTION_7, DriftSection, system=SYSTEM, cache_prefix=CACHE_PREFIX)
    assert result.value.summary


def test_live_anthropic_stream_max_tokens(cassette):
    """A real reply cut at a 12-token limit: the stop reason must be max_tokens and the text marked."""
    _need("ANTHROPIC_API_KEY")
    with cassette("anthropic_stream_max_tokens"):
        stream = _provider("anthropic", "claude-sonnet-4-5").stream(DRIFT_QUESTION, system=SYSTEM, max_tokens=12)
        text = stream.text()
    assert stream.truncated and "[Cut off:" in text
