"""A blocked request never attempts a network connection: the gate runs before the real SDK client."""

from __future__ import annotations

import socket
from typing import Any

import openai
import pytest

from assistant.errors import PolicyBlockedError
from assistant.guardrails.gate import ProviderInfo, enforce_outbound


class ConnectionAttempted(Exception):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise ConnectionAttempted(f"network connection attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def _send(client: openai.OpenAI, provider: ProviderInfo, markings: list[str]) -> Any:
    """What the LLM layer does: gate first, then the SDK call with the gate's messages only."""
    decision = enforce_outbound(provider, [{"role": "user", "content": "Summarise the requirements."}], markings)
    return client.chat.completions.create(model="gpt-4o-mini", messages=decision.messages)


def test_blocked_request_makes_no_connection(no_network: list[Any]) -> None:
    client = openai.OpenAI(api_key="sk-test-not-real", base_url="https://api.openai.example/v1", max_retries=0)
    with pytest.raises(PolicyBlockedError, match="SECRET"):
        _send(client, ProviderInfo(name="openai", kind="external"), ["SECRET"])
    assert no_network == []


def test_allowed_request_does_reach_the_socket(no_network: list[Any]) -> None:
    """Control: the same path, allowed, does try to connect, so the test above proves something."""
    client = openai.OpenAI(api_key="sk-test-not-real", base_url="https://api.openai.example/v1", max_retries=0)
    with pytest.raises(Exception):  # the SDK wraps our ConnectionAttempted in APIConnectionError
        _send(client, ProviderInfo(name="openai", kind="external"), ["OFFICIAL"])
    assert no_network
