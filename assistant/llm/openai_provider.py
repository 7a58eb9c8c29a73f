"""OpenAI Chat Completions: OpenAI, Azure OpenAI, and any OpenAI-compatible server by base URL
(Ollama `http://127.0.0.1:11434/v1`, vLLM `http://host:8000/v1`, llama.cpp server `http://host:8080/v1`).

Chat Completions rather than the Responses API because it is what the compatible servers implement.
Structured output uses native `response_format: json_schema` (all three servers above support it)
or, with `structured_method="tools"`, a forced function call for servers that only do tools.
Streaming asks for `stream_options: {include_usage: true}` so the last chunk carries usage.
OpenAI caches long prompt prefixes automatically: the cache prefix goes first in the system message
so it is a stable prefix, and `prompt_tokens_details.cached_tokens` is recorded as cache reads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any, Literal

from assistant.llm.base import OutboundRequest, Provider, SchemaSpec, StructuredReply
from assistant.llm.errors import ProviderAuthError
from assistant.llm.types import ProviderKind, Usage

DEFAULT_AZURE_API_VERSION = "2024-10-21"
StructuredMethod = Literal["json_schema", "tools"]


def usage_from_openai(usage: Any) -> Usage:
    """prompt_tokens includes the cached part: split it out so Usage adds up like Anthropic's."""
    if usage is None:
        return Usage()
    prompt = getattr(usage, "prompt_tokens", 0) or 0
    details = getattr(usage, "prompt_tokens_details", None)
    cached = (getattr(details, "cached_tokens", 0) or 0) if details is not None else 0
    return Usage(input_tokens=max(0, prompt - cached), output_tokens=getattr(usage, "completion_tokens", 0) or 0,
                 cache_read_tokens=cached)


def endpoint_kind(base_url: str | None) -> ProviderKind:
    """'local' only for a loopback host, as the gate counts it (`gate.is_loopback`): a server on the
    LAN or a private cloud is 'external' to the classification policy."""
    from assistant.guardrails.gate import is_loopback

    return "local" if is_loopback(base_url) else "external"


class OpenAIProvider(Provider):
    name = "openai"
    default_model = "gpt-4.1-mini"
    token_param = "max_completion_tokens"  # OpenAI/Azure; compatible servers take max_tokens

    def __init__(self, *, api_key: str | None = None, client: Any = None,
                 structured_method: StructuredMethod = "json_schema", include_usage: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.base_url is None and type(self) is OpenAIProvider:
            self.base_url = os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
        self._api_key = api_key
        self._client_obj = client
        self.structured_method = structured_method
        self.include_usage = include_usage

    def _build_client(self) -> Any:
        import openai

        return openai.OpenAI(api_key=self._api_key or os.environ.get("OPENAI_API_KEY"),
                             base_url=self.base_url, timeout=self.timeout_s, max_retries=0)

    def _client(self) -> Any:
        if self._client_obj is None:
            try:
                self._client_obj = self._build_client()
            except Exception as exc:  # noqa: BLE001 - the SDK raises when no key is found
                raise ProviderAuthError(f"{self.name}: cannot build the client: {exc}") from exc
        return self._client_obj

    def _params(self, request: OutboundRequest) -> dict[str, Any]:
        # One system message, prefix first: some local chat templates reject a second system turn.
        system = "\n\n".join(p for p in (request.cache_prefix, request.system) if p)
        messages = ([{"role": "system", "content": system}] if system else []) + [
            {"role": m["role"], "content": m["content"]} for m in request.messages]
        return {"model": self.model, "messages": messages, self.token_param: request.max_tokens}

    # ----- streaming -------------------------------------------------------------------------
    def _start_stream(self, request: OutboundRequest) -> Any:
        extra = {"stream_options": {"include_usage": True}} if self.include_usage else {}
        return self._client().chat.completions.create(**self._params(request), stream=True, **extra)

    def _read_stream(self, handle: Any, holder: dict[str, Any]) -> Iterator[str]:
        refused: list[str] = []
        with handle:
            for chunk in handle:
                if getattr(chunk, "usage", None) is not None:
                    holder["usage"] = usage_from_openai(chunk.usage)
                for choice in chunk.choices or []:
                    delta = choice.delta
                    if delta is not None and getattr(delta, "refusal", None):
                        refused.append(delta.refusal)
                    if delta is not None and delta.content:
                        yield delta.content
                    if choice.finish_reason:
                        holder["stop_reason"] = choice.finish_reason
        if refused:
            holder["refusal"] = "".join(refused)
        elif holder.get("stop_reason") == "content_filter":
            holder["refusal"] = 'finish_reason "content_filter"'

    # ----- structured output -------------------------------------------------------------------
    def _structured_call(self, request: OutboundRequest, spec: SchemaSpec) -> StructuredReply:
        params = self._params(request)
        if self.structured_method == "tools":
            params["tools"] = [{"type": "function", "function": {
                "name": spec.name, "description": spec.description, "parameters": spec.json_schema}}]
            params["tool_choice"] = {"type": "function", "function": {"name": spec.name}}
        else:
            # strict=False: pydantic schemas with defaults/optional fields break strict mode's rules;
            # validation plus the repair round gives the guarantee instead.
            params["response_format"] = {"type": "json_schema", "json_schema": {
                "name": spec.name, "description": spec.description, "schema": spec.json_schema,
                "strict": False}}
        completion = self._client().chat.completions.create(**params)
        choice = completion.choices[0] if completion.choices else None
        message = choice.message if choice is not None else None
        payload: Any = None
        text = ""
        if message is not None:
            if self.structured_method == "tools" and message.tool_calls:
                text = message.tool_calls[0].function.arguments or ""
                payload = _loads_or_text(text)
            elif message.content:
                text = message.content
                payload = text
        refused = None
        if message is not None and getattr(message, "refusal", None):
            refused = message.refusal
        elif choice is not None and choice.finish_reason == "content_filter":
            refused = 'finish_reason "content_filter"'
        return StructuredReply(payload=payload, text=text, usage=usage_from_openai(completion.usage),
                               raw=completion.model_dump(mode="json"), refusal=refused)


def _loads_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text  # validation reports the JSON error and the repair round sends it back


class AzureOpenAIProvider(OpenAIProvider):
    """Azure OpenAI: `model` is the deployment name; URLs are
    {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=..."""

    name = "azure"
    default_model = None  # the deployment name must be configured

    def __init__(self, *, api_version: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_version = (api_version or os.environ.get("AZURE_OPENAI_API_VERSION")
                            or os.environ.get("OPENAI_API_VERSION") or DEFAULT_AZURE_API_VERSION)

    def _build_client(self) -> Any:
        import openai

        if not self.model:
            raise ValueError("set MLOPS_ASSISTANT_MODEL (or AZURE_OPENAI_DEPLOYMENT) to the deployment name")
        return openai.AzureOpenAI(api_key=self._api_key or os.environ.get("AZURE_OPENAI_API_KEY"),
                                  azure_endpoint=self.base_url, api_version=self.api_version,
                                  timeout=self.timeout_s, max_retries=0)


class OpenAICompatibleProvider(OpenAIProvider):
    """Any server speaking Chat Completions at a base URL (Ollama, vLLM, llama.cpp server, gateways)."""

    name = "openai-compatible"
    default_model = "llama3.1"
    token_param = "max_tokens"

    def _build_client(self) -> Any:
        import openai

        # Local servers ignore the key, but the SDK insists on one.
        key = self._api_key or os.environ.get("MLOPS_ASSISTANT_API_KEY") or "not-needed"
        return openai.OpenAI(api_key=key, base_url=self.base_url, timeout=self.timeout_s, max_retries=0)
