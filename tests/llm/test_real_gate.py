"""Providers with the real guardrails gate (assistant.guardrails.gate) and the default policy."""

from __future__ import annotations

import json

import httpx2
import pytest

from assistant.errors import PolicyBlockedError
from assistant.llm import ProviderAuthError, RequestContext, RetryPolicy, get_provider


def _anthropic_with_wire(bodies: list) -> object:
    import anthropic

    def handler(request):
        bodies.append(json.loads(request.content))
        return httpx2.Response(401, json={"type": "error", "error": {"type": "authentication_error",
                                                                      "message": "invalid x-api-key"}})

    client = anthropic.Anthropic(api_key="k", max_retries=0,
                                 http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    return get_provider("anthropic", client=client, retry=RetryPolicy(max_retries=0))


def test_official_goes_out_with_pii_redacted_and_is_audited():
    bodies, events = [], []
    provider = _anthropic_with_wire(bodies)
    context = RequestContext.of(["OFFICIAL"], project_key="P1", audit=lambda kind, data: events.append(kind))
    with pytest.raises(ProviderAuthError):
        provider.stream([{"role": "user", "content": "The model owner is jane.doe@example.gov.uk."}],
                        system="Draft section 7.", context=context)
    assert "jane.doe@example.gov.uk" not in json.dumps(bodies[0])
    assert "pii_redacted" in events


def test_secret_never_leaves_the_process():
    bodies, events = [], []
    provider = _anthropic_with_wire(bodies)
    context = RequestContext.of(["SECRET"], audit=lambda kind, data: events.append(kind))
    with pytest.raises(PolicyBlockedError):
        provider.generate_structured([{"role": "user", "content": "Draft section 7."}],
                                     type("Empty", (__import__("pydantic").BaseModel,), {}), context=context)
    assert bodies == [] and events == ["policy_blocked"]


def test_cache_prefix_is_screened_too():
    """A SECRET banner in the shared draft context blocks the request like one in a message."""
    bodies = []
    provider = _anthropic_with_wire(bodies)
    with pytest.raises(PolicyBlockedError):
        provider.stream([{"role": "user", "content": "Draft section 7."}],
                        cache_prefix="SECRET\nRequirements extract ...", context=RequestContext.of(["OFFICIAL"]))
    assert bodies == []
