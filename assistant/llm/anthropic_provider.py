"""Anthropic Messages API: direct, on AWS Bedrock (`AnthropicBedrock`) or Google Vertex (`AnthropicVertex`).

Structured output uses a forced tool call (`tool_choice: {"type": "tool"}`); the shared draft
context (`cache_prefix`) is the first system block, marked `cache_control: ephemeral`, so every
section of one draft reads it from the cache after the first (usage records the writes and reads).
Bedrock and Vertex need the optional extras `[bedrock]` (boto3, botocore) and `[vertex]` (google-auth);
without them the first call says which extra to install. `base_url` is honoured on every platform
(a LiteLLM proxy or an organisation's gateway that speaks the Messages API); the provider stays
"external" for the classification policy whatever the URL, since a gateway forwards to the provider.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from typing import Any, Literal

from assistant.llm.base import OutboundRequest, Provider, SchemaSpec, StructuredReply
from assistant.llm.errors import ProviderAuthError, ProviderUnavailableError
from assistant.llm.network import http_client
from assistant.llm.types import Usage

Platform = Literal["anthropic", "bedrock", "vertex"]
TRUNCATED = "max_tokens"  # the stop_reason of a reply cut at the output limit
# The optional extra each cloud platform needs, and the modules that extra brings.
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "bedrock": ("bedrock", ("boto3", "botocore")),
    "vertex": ("vertex", ("google.auth",)),
}
PACKAGE = "mlops-strategy-assistant"


def usage_from_anthropic(usage: Any, *, final: bool = True) -> Usage:
    """The API's usage object (or dict) as `Usage`; missing fields count as 0. `final` is False for the
    counts of `message_start` alone (the output count is not known until `message_delta`)."""
    get = (usage.get if isinstance(usage, dict) else lambda k: getattr(usage, k, None))
    return Usage(input_tokens=get("input_tokens") or 0, output_tokens=get("output_tokens") or 0,
                 cache_read_tokens=get("cache_read_input_tokens") or 0,
                 cache_write_tokens=get("cache_creation_input_tokens") or 0, reported=final)


def refusal_reason(stop_details: Any) -> str:
    """'stop_reason "refusal"' with the category and explanation the API sent in `stop_details`."""
    get = (stop_details.get if isinstance(stop_details, dict) else lambda k: getattr(stop_details, k, None))
    parts = [f"category {get('category')!r}" if stop_details is not None and get("category") else "",
             f"explanation: {get('explanation')}" if stop_details is not None and get("explanation") else ""]
    details = "; ".join(p for p in parts if p)
    return 'stop_reason "refusal"' + (f"; {details}" if details else "")


def missing_extra(platform: str) -> str | None:
    """The message for a cloud platform whose optional extra is not installed; None when it is."""
    if platform not in EXTRAS:
        return None
    extra, modules = EXTRAS[platform]
    missing = []
    for module in modules:
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # a parent package (google) is absent
            found = False
        if not found:
            missing.append(module)
    if not missing:
        return None
    return (f"{platform}: the optional extra [{extra}] is not installed (missing {', '.join(missing)}). "
            f"Install it with: pip install '{PACKAGE}[{extra}]'")


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
        if platform == "vertex":
            self.price_region = os.environ.get("CLOUD_ML_REGION", "europe-west1")
        self._api_key = api_key
        self._client_obj = client

    def _client(self) -> Any:
        """Built on first use, so constructing a provider never needs credentials or network."""
        if self._client_obj is None:
            problem = missing_extra(self.platform)
            if problem:
                raise ProviderUnavailableError(problem)
            # Lazy: the provider SDK loads only when this provider is used (keeps CLI start-up fast).
            import anthropic

            common: dict[str, Any] = {"timeout": self.timeout_s, "max_retries": 0,
                                      "http_client": http_client(anthropic, timeout_s=self.timeout_s)}
            try:
                if self.platform == "bedrock":
                    self._client_obj = anthropic.AnthropicBedrock(
                        aws_region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"),
                        base_url=self.base_url, **common)
                elif self.platform == "vertex":
                    vertex: dict[str, Any] = {"region": os.environ.get("CLOUD_ML_REGION", "europe-west1"),
                                              "base_url": self.base_url, **common}
                    if os.environ.get("ANTHROPIC_VERTEX_PROJECT_ID"):
                        vertex["project_id"] = os.environ["ANTHROPIC_VERTEX_PROJECT_ID"]
                    self._client_obj = anthropic.AnthropicVertex(**vertex)
                else:
                    self._client_obj = anthropic.Anthropic(
                        api_key=self._api_key or os.environ.get("ANTHROPIC_API_KEY"),
                        base_url=self.base_url, **common)
            except Exception as exc:  # noqa: BLE001 - missing cloud credentials or region
                raise ProviderAuthError(
                    f"{self.name}: cannot build the client ({exc}). For Bedrock set AWS credentials and "
                    f"AWS_REGION; for Vertex set ANTHROPIC_VERTEX_PROJECT_ID and CLOUD_ML_REGION and "
                    f"application-default credentials; for Anthropic set ANTHROPIC_API_KEY.") from exc
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
        """An `event: error` inside the stream makes the SDK raise an APIStatusError (status 200, the
        error's type in its body); the caller classifies it. Usage is kept in `holder` as it arrives."""
        usage: dict[str, int] = {}
        with handle:
            for event in handle:
                kind = getattr(event, "type", None)
                if kind == "message_start":
                    _merge_usage(usage, event.message.usage)
                    holder["usage"] = usage_from_anthropic(usage, final=False)
                elif kind == "content_block_delta" and getattr(event.delta, "type", None) == "text_delta":
                    if event.delta.text:
                        yield event.delta.text
                elif kind == "message_delta":
                    # cumulative counts; newer API versions repeat the input/cache counts here too
                    _merge_usage(usage, event.usage)
                    holder["usage"] = usage_from_anthropic(usage)
                    holder["stop_reason"] = event.delta.stop_reason
                    holder["stop_details"] = getattr(event.delta, "stop_details", None)
        if holder.get("stop_reason") == "refusal":
            holder["refusal"] = refusal_reason(holder.get("stop_details"))
        holder["truncated"] = holder.get("stop_reason") == TRUNCATED

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
        refused = (refusal_reason(getattr(message, "stop_details", None))
                   if message.stop_reason == "refusal" else None)
        return StructuredReply(
            payload=payload, text=text, usage=usage_from_anthropic(message.usage),
            raw=message.model_dump(mode="json"), refusal=refused, stop_reason=message.stop_reason,
            truncated=message.stop_reason == TRUNCATED)


def _merge_usage(into: dict[str, int], usage: Any) -> None:
    if usage is None:
        return
    for key in ("input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"):
        value = getattr(usage, key, None)
        if value is not None:
            into[key] = value
