"""The HTTP clients the provider SDKs send through: no proxy from the environment, only the policy's.

httpx (and so both SDKs) reads HTTP_PROXY / HTTPS_PROXY / ALL_PROXY by default. The classification gate
decides from the endpoint's host (loopback or not), so a proxy it cannot see would send "local" traffic to
another machine. Every provider client is therefore built with `trust_env=False` and, when the policy's
`network.proxy` names one, that proxy explicitly; `destination_kind` tells the gate what the proxy means.
"""

from __future__ import annotations

from typing import Any

from assistant.guardrails.gate import current_policy, is_loopback
from assistant.llm.types import ProviderKind


def policy_proxy() -> str | None:
    """The proxy the classification policy names (`network.proxy`), or None."""

    return current_policy().network.proxy


def http_client(sdk: Any, *, timeout_s: float) -> Any:
    """The SDK's default httpx client, minus the environment's proxies, plus the policy's proxy."""
    proxy = policy_proxy()
    options: dict[str, Any] = {"trust_env": False, "timeout": timeout_s}
    if proxy:
        options["proxy"] = proxy
    return sdk.DefaultHttpxClient(**options)


def destination_kind(kind: ProviderKind, proxy: str | None) -> ProviderKind:
    """A request through a proxy goes to the proxy's host first: a proxy that is not on loopback makes
    a local endpoint external for the classification rules."""

    if kind == "local" and proxy and not is_loopback(proxy):
        return "external"
    return kind
