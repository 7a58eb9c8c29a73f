"""Anthropic Messages API: direct, on AWS Bedrock (`AnthropicBedrock`) or Google Vertex (`AnthropicVertex`).

Structured output uses a forced tool call (`tool_choice: {"type": "tool"}`); the shared draft
context (`cache_prefix`) is the first system block, marked `cache_control: ephemeral`, so every
section of one draft reads it from the cache after the first (usage records the writes and reads).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any, Literal

from assistant.llm.base import OutboundRequest, Provider, SchemaSpec, StructuredReply
from assistant.llm.errors import ProviderAuthError
from assistant.llm.types import Usage

Platform = Literal["anthropic", "bedrock", "vertex"]


def usage_from_anthropic(usage: Any) -> Usage:
    """The API's usage object (or dict) as `Usage`; missing fields count as 0."""
    get = (usage.get if isinstance(usage, dict) else lambda k: getattr(usage, k, None))
    return Usage(input_tokens=get("input_tokens") or 0, output_tokens=get("output_tokens") or 0,
                 cache_read_tokens=get("cache_read_input_tokens") or 0,
                 cache_write_tokens=get("cache_creation_input_tokens") or 0)


class AnthropicProvider(Provider):
    name = "anthropic"
    default_model = "claude-sonnet-4-6"  # current in the installed SDK; 4-5 warns as deprecated

    def __init__(self, *, api_key: str | None = None, platform: Platform = "anthropic",
                 client: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.base_url is None and platform == "anthropic":
            self.base_url = os.environ.get("ANTHROPIC_BASE_URL") or "https://api.anthropic.com"
        self.platform = platform
        if platform != "anthropic":
            self.name = platform  # type: ignore[misc]  # "bedrock"/"vertex", as the policy file names them
        self._api_key = api_key
        self._client_obj = client

    def _client(self) -> Any:
        """Built on first use, so constructing a provider never needs credentials or network."""
        if self._client_obj is None:
            import anthropic

            common: dict[str, Any] = {"timeout": self.timeout_s, "max_retries": 0}
            try:
                if self.platform == "bedrock":
                    self._client_obj = anthropic.AnthropicBedrock(
                        aws_region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"),
                        base_url=self.base_url, **common)
                elif self.platform == "vertex":
                    self._client_obj = anthropic.AnthropicVertex(
                        region=os.environ.get("CLOUD_ML_REGION", "europe-west1"),
                        project_id=os.environ.get("ANTHROPIC_VERTEX_PROJECT_ID"),
                        base_url=self.base_url, **common)
                else:
                    self._client_obj = anthropic.Anthropic(
                        api_key=self._api_key or os.environ.get("ANTHROPIC_API_KEY"),
                        base_url=self.base_url, **common)
            except Exception as exc:  # noqa: BLE001 - missing cloud credentials or extras
                raise ProviderAuthError(
                    f"{self.name}: cannot build the client ({exc}). For Bedrock set AWS credentials and "
                    f"AWS_REGION; for Vertex install google-auth and set ANTHROPIC_VERTEX_PROJECT_ID and "
                    f"CLOUD_ML_REGION; for Anthropic set ANTHROPIC_API_KEY.") from exc
        return self._client_obj

    def _params(self, request: OutboundRequest) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": self.model, "max_tokens": request.max_tokens,
            "messages": [{"role": m["role"], "content": m["content"]} for m in request.messages],
        }
        if request.cache_prefix:
            blocks: list[dict[str, Any]] = [{"type": "text", "text": request.cache_prefix,
                                             "cache_control": {"type": "ephemeral"}}]
            if request.system:
                blocks.append({"type": "text", "text": request.system})
            params["system"] = blocks
        elif request.system:
            params["system"] = request.system
        return params

    # ----- streaming: message_start / content_block_delta / message_delta / message_stop -----
    def _start_stream(self, request: OutboundRequest) -> Any:
        return self._client().messages.create(**self._params(request), stream=True)

    def _read_stream(self, handle: Any, holder: dict[str, Any]) -> Iterator[str]:
        usage: dict[str, int] = {}
        with handle:
            for event in handle:
                kind = getattr(event, "type", None)
                if kind == "message_start":
                    _merge_usage(usage, event.message.usage)
                elif kind == "content_block_delta" and getattr(event.delta, "type", None) == "text_delta":
                    if event.delta.text:
                        yield event.delta.text
                elif kind == "message_delta":
                    # cumulative counts; newer API versions repeat the input/cache counts here too
                    _merge_usage(usage, event.usage)
                    holder["stop_reason"] = event.delta.stop_reason
                elif kind == "error":  # pragma: no cover - the SDK raises for error events
                    raise RuntimeError(str(getattr(event, "error", event)))
        holder["usage"] = usage_from_anthropic(usage)
        if holder.get("stop_reason") == "refusal":
            holder["refusal"] = 'stop_reason "refusal"'

    # ----- structured output: a forced tool call -----------------------------------------------
    def _structured_call(self, request: OutboundRequest, spec: SchemaSpec) -> StructuredReply:
        message = self._client().messages.create(
            **self._params(request),
            tools=[{"name": spec.name, "description": spec.description,
                    "input_schema": spec.json_schema}],
            tool_choice={"type": "tool", "name": spec.name},
        )
        payload = next((b.input for b in message.content
                        if getattr(b, "type", None) == "tool_use" and b.name == spec.name), None)
        text = json.dumps(payload) if payload is not None else "".join(
            getattr(b, "text", "") for b in message.content)
        return StructuredReply(
            payload=payload, text=text, usage=usage_from_anthropic(message.usage),
            raw=message.model_dump(mode="json"),
            refusal='stop_reason "refusal"' if message.stop_reason == "refusal" else None)


def _merge_usage(into: dict[str, int], usage: Any) -> None:
    if usage is None:
        return
    for key in ("input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"):
        value = getattr(usage, key, None)
        if value is not None:
            into[key] = value
