"""Choose and build a provider from configuration or the environment.

Order when `MLOPS_ASSISTANT_PROVIDER` is not set: an explicit endpoint (`MLOPS_ASSISTANT_BASE_URL`)
wins, then ANTHROPIC_API_KEY, then AZURE_OPENAI_API_KEY + AZURE_OPENAI_ENDPOINT, then OPENAI_API_KEY;
with none of them the provider is `offline`, and its `describe()` says why.
"""

from __future__ import annotations

import os
from typing import Any, cast
from urllib.parse import urlsplit

from assistant.config import get_settings
from assistant.errors import InvalidInputError
from assistant.llm.anthropic_provider import AnthropicProvider, Platform, missing_extra
from assistant.llm.base import Provider
from assistant.llm.offline import OfflineProvider
from assistant.llm.openai_provider import (
    AzureOpenAIProvider,
    OpenAICompatibleProvider,
    OpenAIProvider,
    endpoint_kind,
)
from assistant.llm.types import ProviderDescription

# Names match the guardrails policy file (`enterprise_providers`): bedrock/vertex are Anthropic models there.
PROVIDER_NAMES = ("offline", "anthropic", "bedrock", "vertex", "openai", "azure", "openai-compatible")
_ALIASES = {"anthropic-bedrock": "bedrock", "anthropic-vertex": "vertex", "azure-openai": "azure",
            "compatible": "openai-compatible", "ollama": "openai-compatible", "vllm": "openai-compatible",
            "llamacpp": "openai-compatible", "local": "openai-compatible"}
NO_PROVIDER_REASON = ("Offline mode: no ANTHROPIC_API_KEY, OPENAI_API_KEY, AZURE_OPENAI_API_KEY + "
                      "AZURE_OPENAI_ENDPOINT or MLOPS_ASSISTANT_BASE_URL is set, so drafts are extracted "
                      "from your documents and nothing leaves this machine.")


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def _auto_choice(base_url: str | None) -> tuple[str, str]:
    """(provider name, reason) from the environment, in the documented order."""
    if base_url:
        return "openai-compatible", f"Chosen because MLOPS_ASSISTANT_BASE_URL is set ({base_url})."
    if _env("ANTHROPIC_API_KEY"):
        return "anthropic", "Chosen because ANTHROPIC_API_KEY is set."
    if _env("AZURE_OPENAI_API_KEY") and _env("AZURE_OPENAI_ENDPOINT"):
        return "azure", "Chosen because AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT are set."
    if _env("OPENAI_API_KEY"):
        return "openai", "Chosen because OPENAI_API_KEY is set."
    return "offline", NO_PROVIDER_REASON


def checked_base_url(url: str | None) -> str | None:
    """`url` when it is an http(s) URL with a host (a gateway such as LiteLLM or an organisation's API
    gateway); a clear error otherwise, so a mistyped endpoint is never silently replaced by the default."""
    if url is None:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInputError(
            f"base_url {url!r} is not an http(s) URL with a host; give the gateway's address, e.g. "
            f"https://llm-gateway.example.org or http://127.0.0.1:4000 for a LiteLLM proxy.")
    return url.strip()


def _canonical(name: str) -> str:
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in PROVIDER_NAMES:
        raise InvalidInputError(
            f"provider {name!r} is unknown; choose one of: {', '.join(PROVIDER_NAMES)}.")
    return key


def get_provider(name: str | None = None, *, model: str | None = None, **options: Any) -> Provider:
    """The provider named (or configured, or chosen from the environment), ready to call.

    `options` go to the provider's constructor (tests pass `retry=RetryPolicy(...)`, `client=...`,
    `api_key=...`). Building never contacts the network; credentials are checked on the first call.
    """

    settings = get_settings()
    explicit_url = checked_base_url(options.pop("base_url", None))
    base_url = explicit_url or checked_base_url(settings.base_url)
    if name:
        key, reason = _canonical(name), f"Chosen explicitly ({name})."
    elif settings.provider:
        key, reason = _canonical(settings.provider), f"Chosen by MLOPS_ASSISTANT_PROVIDER={settings.provider}."
    else:
        key, reason = _auto_choice(base_url)
    model = model or settings.model
    options.setdefault("reason", reason)
    if key == "offline":
        if explicit_url:
            raise InvalidInputError(
                f"base_url {explicit_url!r} was given for the offline provider, which sends nothing anywhere; "
                f"choose a network provider (anthropic, openai, azure, openai-compatible) to use an endpoint.")
        return OfflineProvider(**options)
    # An explicit base_url is honoured by every network provider: a gateway in front of the provider's own
    # API (LiteLLM, an organisation's API gateway). The SDKs' own variables (ANTHROPIC_BASE_URL,
    # OPENAI_BASE_URL, ANTHROPIC_BEDROCK_BASE_URL) do the same from the environment. The provider keeps its
    # name and stays "external" for the classification policy: a gateway forwards to the provider.
    # MLOPS_ASSISTANT_BASE_URL keeps its one documented meaning: the openai-compatible endpoint.
    if key in ("anthropic", "bedrock", "vertex"):
        return AnthropicProvider(model=model, platform=cast(Platform, key), base_url=explicit_url, **options)
    if key == "openai":
        return OpenAIProvider(model=model, base_url=explicit_url, **options)
    if key == "azure":
        return AzureOpenAIProvider(model=model or _env("AZURE_OPENAI_DEPLOYMENT"),
                                   base_url=explicit_url or checked_base_url(_env("AZURE_OPENAI_ENDPOINT")),
                                   **options)
    if not base_url:
        raise InvalidInputError(
            "provider 'openai-compatible' needs an endpoint: set MLOPS_ASSISTANT_BASE_URL, e.g. "
            "http://127.0.0.1:11434/v1 for Ollama.")
    options.setdefault("kind", endpoint_kind(base_url))
    return OpenAICompatibleProvider(model=model, base_url=base_url, **options)


def available_providers() -> list[ProviderDescription]:
    """Every provider, whether it can be used now (credentials/endpoint present) and why (not)."""

    settings = get_settings()
    chosen, _ = _auto_choice(settings.base_url)
    chosen = _canonical(settings.provider) if settings.provider else chosen

    def row(name: str, kind: Any, ok: bool, reason: str, model: str | None, url: str | None = None) -> ProviderDescription:
        mark = " (the default now)" if name == chosen else ""
        return ProviderDescription(name=name, kind=kind, model=model, base_url=url, available=ok,
                                   is_generative=name != "offline", reason=reason + mark)

    model = settings.model
    aws = bool(_env("AWS_REGION") or _env("AWS_DEFAULT_REGION"))
    bedrock_extra, vertex_extra = missing_extra("bedrock"), missing_extra("vertex")
    return [
        row("offline", "offline", True, "Always available: extractive drafting, nothing leaves the machine.", None),
        row("anthropic", "external", bool(_env("ANTHROPIC_API_KEY")),
            "ANTHROPIC_API_KEY is set." if _env("ANTHROPIC_API_KEY") else "Set ANTHROPIC_API_KEY.",
            model or AnthropicProvider.default_model),
        row("bedrock", "external", aws and not bedrock_extra,
            bedrock_extra or ("AWS region is set." if aws else "Set AWS credentials and AWS_REGION."),
            model or AnthropicProvider.default_model),
        row("vertex", "external", bool(_env("ANTHROPIC_VERTEX_PROJECT_ID")) and not vertex_extra,
            vertex_extra or ("ANTHROPIC_VERTEX_PROJECT_ID is set." if _env("ANTHROPIC_VERTEX_PROJECT_ID")
                             else "Set ANTHROPIC_VERTEX_PROJECT_ID and CLOUD_ML_REGION."),
            model or AnthropicProvider.default_model),
        row("openai", "external", bool(_env("OPENAI_API_KEY")),
            "OPENAI_API_KEY is set." if _env("OPENAI_API_KEY") else "Set OPENAI_API_KEY.",
            model or OpenAIProvider.default_model),
        row("azure", "external", bool(_env("AZURE_OPENAI_API_KEY") and _env("AZURE_OPENAI_ENDPOINT")),
            "AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT are set."
            if _env("AZURE_OPENAI_API_KEY") and _env("AZURE_OPENAI_ENDPOINT")
            else "Set AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT and the deployment as the model.",
            model or _env("AZURE_OPENAI_DEPLOYMENT"), _env("AZURE_OPENAI_ENDPOINT")),
        row("openai-compatible", endpoint_kind(settings.base_url) if settings.base_url else "local",
            bool(settings.base_url),
            f"Endpoint {settings.base_url}." if settings.base_url
            else "Set MLOPS_ASSISTANT_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama).",
            model or OpenAICompatibleProvider.default_model, settings.base_url),
    ]
