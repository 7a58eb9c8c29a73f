"""OpenAI Chat Completions: OpenAI, Azure OpenAI, and any OpenAI-compatible server by base URL
(Ollama `http://127.0.0.1:11434/v1`, vLLM `http://host:8000/v1`, llama.cpp server `http://host:8080/v1`).

Chat Completions rather than the Responses API because it is what the compatible servers implement.
Structured output uses native `response_format: json_schema` (all three servers above support it)
or, with `structured_method="tools"`, a forced function call for servers that only do tools.
Streaming asks for `stream_options: {include_usage: true}` so the last chunk carries usage.
OpenAI caches long prompt prefixes automatically: the cache prefix goes first in the system message
so it is a stable prefix; `prompt_tokens_details.cached_tokens` is recorded as cache reads and
`prompt_tokens_details.cache_write_tokens` as cache writes.

Streams are read from the response's server-sent events by `read_sse`, not by the SDK's iterator: the SDK
raises on an error chunk (`{"error": {...}}` inside a 200 stream, as OpenRouter, LiteLLM and vLLM send) and
drops the usage the same chunk carries, and it has no place for Azure's content-filter annotation chunks
or OpenAI's trailing moderation chunk. Every HTTP client ignores proxy environment variables
(`assistant.llm.network`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from assistant.guardrails.gate import is_loopback
from assistant.llm.base import OutboundRequest, Provider, SchemaSpec, StructuredReply
from assistant.llm.errors import ProviderAuthError, StreamErrorEvent
from assistant.llm.network import http_client
from assistant.llm.pricing import price_for
from assistant.llm.types import ProviderKind, Usage

DEFAULT_AZURE_API_VERSION = "2024-10-21"
StructuredMethod = Literal["json_schema", "tools"]
TRUNCATED = "length"  # the finish_reason of a reply cut at the output limit


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def usage_from_openai(usage: Any) -> Usage:
    """prompt_tokens includes the cached part and the part written to the cache: split both out so
    Usage adds up like Anthropic's. No usage at all is `reported=False` (its cost is unknown, not 0)."""
    if usage is None:
        return Usage(reported=False)
    prompt = _get(usage, "prompt_tokens") or 0
    details = _get(usage, "prompt_tokens_details")
    cached = (_get(details, "cached_tokens") or 0) if details is not None else 0
    written = (_get(details, "cache_write_tokens") or 0) if details is not None else 0
    return Usage(input_tokens=max(0, prompt - cached - written),
                 output_tokens=_get(usage, "completion_tokens") or 0,
                 cache_read_tokens=cached, cache_write_tokens=written)


def read_sse(response: Any) -> Iterator[dict[str, Any]]:
    """The JSON `data:` payloads of a server-sent event stream, up to `data: [DONE]`. Comment lines
    (": OPENROUTER PROCESSING") and events without data are skipped."""
    data: list[str] = []

    def flush() -> dict[str, Any] | None:
        text = "\n".join(data)
        data.clear()
        return json.loads(text) if text and text != "[DONE]" else None

    for line in response.iter_lines():
        if line == "":
            if data and data[0] == "[DONE]":
                return
            payload = flush()
            if payload is not None:
                yield payload
        elif line.startswith("data:"):
            data.append(line[5:][1:] if line[5:].startswith(" ") else line[5:])
    if data and data[0] != "[DONE]":
        payload = flush()
        if payload is not None:
            yield payload


def filtered_categories(results: Any) -> list[str]:
    """Azure content-filter results ({"violence": {"filtered": true, "severity": "medium"}, ...}) as
    ["violence (medium)"] for the categories that were filtered."""
    if not isinstance(results, dict):
        return []
    out = []
    for category, verdict in results.items():
        if isinstance(verdict, dict) and verdict.get("filtered"):
            severity = verdict.get("severity")
            out.append(f"{category} ({severity})" if severity else category)
    return out


def moderation_flags(moderation: Any) -> list[str]:
    """The categories OpenAI's moderation flagged on the output (the trailing `moderation` chunk)."""
    output = moderation.get("output") if isinstance(moderation, dict) else None
    flags: list[str] = []
    for result in (output or {}).get("results") or []:
        if result.get("flagged"):
            flags += [k for k, v in (result.get("categories") or {}).items() if v]
    return flags


def endpoint_kind(base_url: str | None) -> ProviderKind:
    """'local' only for a loopback host, as the gate counts it (`gate.is_loopback`): a server on the
    LAN or a private cloud is 'external' to the classification policy."""

    return "local" if is_loopback(base_url) else "external"


class OpenAIProvider(Provider):
    name = "openai"
    default_model: ClassVar[str | None] = "gpt-4.1-mini"
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
        # Lazy: the provider SDK loads only when this provider is used (keeps CLI start-up fast).
        import openai

        return openai.OpenAI(api_key=self._api_key or os.environ.get("OPENAI_API_KEY"),
                             base_url=self.base_url, timeout=self.timeout_s, max_retries=0,
                             http_client=http_client(openai, timeout_s=self.timeout_s))

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
        filtered: list[str] = []
        with handle:
            for chunk in read_sse(handle.response):
                if chunk.get("usage") is not None:
                    holder["usage"] = self._served(usage_from_openai(chunk["usage"]), chunk.get("model"))
                if isinstance(chunk.get("error"), dict):
                    raise StreamErrorEvent(chunk["error"])  # usage above is kept: it was sent
                if chunk.get("moderation") is not None:
                    flags = moderation_flags(chunk["moderation"])
                    if flags:
                        refused.append(f"OpenAI moderation flagged the answer ({', '.join(flags)})")
                for choice in chunk.get("choices") or []:
                    delta = choice.get("delta") or {}
                    if delta.get("refusal"):
                        refused.append(delta["refusal"])
                    if delta.get("content"):
                        yield delta["content"]
                    # Azure annotates the output as it streams (asynchronous filter: in chunks of their own)
                    filtered += filtered_categories(choice.get("content_filter_results"))
                    if choice.get("finish_reason"):
                        holder["stop_reason"] = choice["finish_reason"]
        if refused:
            holder["refusal"] = "".join(refused)
        elif holder.get("stop_reason") == "content_filter" or filtered:
            holder["refusal"] = content_filter_reason(filtered)
        holder["truncated"] = holder.get("stop_reason") == TRUNCATED

    def _served(self, usage: Usage, served_model: Any) -> Usage:
        """Usage marked with the model the response says served it (priced by `price_model`)."""
        return usage.model_copy(update={"model": served_model}) if isinstance(served_model, str) and served_model \
            else usage

    def price_model(self, usage: Usage) -> str | None:
        """The served model when the price table lists it (a dated snapshot can differ in price from its
        alias), else the configured one."""
        if usage.model and price_for(usage.model) is not None:
            return usage.model
        return self.model

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
        raw = completion.model_dump(mode="json")
        refused = None
        if message is not None and getattr(message, "refusal", None):
            refused = message.refusal
        elif choice is not None and choice.finish_reason == "content_filter":
            refused = content_filter_reason(filtered_categories(
                (raw.get("choices") or [{}])[0].get("content_filter_results")))
        finish = choice.finish_reason if choice is not None else None
        return StructuredReply(payload=payload, text=text,
                               usage=self._served(usage_from_openai(completion.usage), completion.model),
                               raw=raw, refusal=refused, stop_reason=finish, truncated=finish == TRUNCATED)


def content_filter_reason(categories: list[str]) -> str:
    reason = 'finish_reason "content_filter"'
    return f"{reason}; filtered: {', '.join(dict.fromkeys(categories))}" if categories else reason


def _loads_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text  # validation reports the JSON error and the repair round sends it back


class AzureOpenAIProvider(OpenAIProvider):
    """Azure OpenAI: `model` is the deployment name; URLs are
    {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...

    A deployment's name is the organisation's choice, so it is never priced as a model: the cost uses the
    model the response names (e.g. "gpt-4o-mini-2024-07-18"), else `served_model` / AZURE_OPENAI_MODEL,
    else it is unknown."""

    name = "azure"
    default_model = None  # the deployment name must be configured

    def __init__(self, *, api_version: str | None = None, served_model: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_version = (api_version or os.environ.get("AZURE_OPENAI_API_VERSION")
                            or os.environ.get("OPENAI_API_VERSION") or DEFAULT_AZURE_API_VERSION)
        self.served_model = served_model or os.environ.get("AZURE_OPENAI_MODEL") or None

    def price_model(self, usage: Usage) -> str | None:
        if usage.model and price_for(usage.model) is not None:
            return usage.model
        return self.served_model

    def _build_client(self) -> Any:
        # Lazy: the provider SDK loads only when this provider is used (keeps CLI start-up fast).
        import openai

        if not self.model:
            raise ValueError("set MLOPS_ASSISTANT_MODEL (or AZURE_OPENAI_DEPLOYMENT) to the deployment name")
        if not self.base_url:
            raise ValueError("set AZURE_OPENAI_ENDPOINT to the resource's endpoint, e.g. https://NAME.openai.azure.com")
        return openai.AzureOpenAI(api_key=self._api_key or os.environ.get("AZURE_OPENAI_API_KEY"),
                                  azure_endpoint=self.base_url, api_version=self.api_version,
                                  timeout=self.timeout_s, max_retries=0,
                                  http_client=http_client(openai, timeout_s=self.timeout_s))


class OpenAICompatibleProvider(OpenAIProvider):
    """Any server speaking Chat Completions at a base URL (Ollama, vLLM, llama.cpp server, gateways)."""

    name = "openai-compatible"
    default_model = "llama3.1"
    token_param = "max_tokens"

    def _build_client(self) -> Any:
        # Lazy: the provider SDK loads only when this provider is used (keeps CLI start-up fast).
        import openai

        # Local servers ignore the key, but the SDK insists on one.
        key = self._api_key or os.environ.get("MLOPS_ASSISTANT_API_KEY") or "not-needed"
        return openai.OpenAI(api_key=key, base_url=self.base_url, timeout=self.timeout_s, max_retries=0,
                             http_client=http_client(openai, timeout_s=self.timeout_s))
