"""The one provider interface, and the one place where a request leaves the process.

Why the SDKs directly and not LangChain's ChatAnthropic / ChatOpenAI / AzureChatOpenAI
------------------------------------------------------------------------------------
DESIGN.md decision 3 says "build on LangChain where it serves". For this layer it does not, for
reasons checked against the installed versions (langchain-anthropic / langchain-openai over
anthropic 2.x / openai 3.x):

* Usage accounting: ChatAnthropic folds cache reads and writes into `input_tokens` and, when the
  API reports the 5m/1h TTL split, sets `input_token_details["cache_creation"]` to 0
  (`_create_usage_metadata`); streaming usage on ChatOpenAI is off by default for non-default base
  URLs. We price uncached input, cache reads and cache writes separately (`prices.yaml`) and compute
  the caching saving per draft, so we read the SDK's `usage` objects as the API sends them.
* Clients: `ChatAnthropic._client` is always `anthropic.Client`; it cannot use the SDK's
  `AnthropicBedrock` / `AnthropicVertex` clients, which this layer must support.
* Retries and errors: one retry policy for every provider (backoff that tests set to zero,
  retry-after honoured, quota 429s not retried) and one error mapping need the SDK exception and
  its response headers; LangChain only forwards `max_retries` to the SDK's fixed backoff.
* Structured output: the repair round sends the validation error back, and refusals are detected
  from `stop_reason == "refusal"` / `message.refusal` / `finish_reason == "content_filter"`:
  that needs the raw response, which `with_structured_output` hides unless `include_raw`.
* Every call must pass the guardrails gate first (`_outbound`, below). With our own interface that
  is structural; a LangChain Runnable handed around could be invoked around the gate.

LangChain is still used where it serves: its text splitters in ingestion (decision 3).

The choke point
---------------
`Provider.stream` and `Provider.generate_structured` are concrete and final in spirit: they call
`_outbound`, which runs `assistant.guardrails.gate.enforce_outbound` over everything that will be
sent (cache prefix, system prompt and messages) and hands the subclass only the gate's (possibly
redacted) copy. Subclasses implement the `_start_stream`/`_read_stream`/`_structured_call` hooks,
which receive an `OutboundRequest` and never the caller's messages.
"""

from __future__ import annotations

import json
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.config import get_settings
from assistant.errors import AssistantError, InvalidInputError, ProviderError
from assistant.llm.errors import (
    NotGenerativeError,
    OutputTruncatedError,
    StructuredOutputError,
    classify,
    provider_reason,
    refusal,
)
from assistant.llm.network import destination_kind, policy_proxy
from assistant.llm.pricing import price_for, with_cost
from assistant.llm.retry import RetryPolicy, call_with_retry, retry_delay
from assistant.llm.types import (
    Message,
    ProviderDescription,
    ProviderKind,
    RequestContext,
    StructuredResult,
    TextStream,
    Usage,
)
from assistant.prompts import get_prompt

T = TypeVar("T", bound=BaseModel)

DEFAULT_MAX_TOKENS = 4096
_ROLES = {"user", "assistant"}


def _load_gate() -> Any:
    """The guardrails gate module. Fail closed: without it nothing is sent anywhere."""
    try:
        # lazy: guardrails.gate imports assistant.llm (a cycle at import time), and a failed import fails closed
        from assistant.guardrails import gate
    except ImportError as exc:
        raise ProviderError(
            "The guardrails gate (assistant.guardrails.gate) is not available, so no request may "
            "leave the process. Reinstall the package or use the offline provider.") from exc
    return gate


@dataclass(frozen=True)
class OutboundRequest:
    """A request that has passed the gate: the only thing provider hooks ever see."""

    messages: tuple[Message, ...]
    system: str | None = None
    cache_prefix: str | None = None
    max_tokens: int = DEFAULT_MAX_TOKENS
    decision: Any = None  # the gate's OutboundDecision, kept for the audit trail


@dataclass
class SchemaSpec:
    """A pydantic model as a tool / json_schema definition."""

    name: str
    description: str
    json_schema: dict[str, Any]
    model: type[BaseModel]

    @classmethod
    def of(cls, schema: type[BaseModel]) -> SchemaSpec:
        name = re.sub(r"[^a-zA-Z0-9_-]", "_", schema.__name__)[:64] or "result"
        doc = (schema.__doc__ or "").strip()
        description = doc or f"Return the answer as a {schema.__name__} object."
        return cls(name=name, description=description[:1024],
                   json_schema=inline_refs(schema.model_json_schema()), model=schema)


@dataclass
class StructuredReply:
    """What a provider hook returns for one structured round, before validation."""

    payload: Any  # dict (tool input) or str (JSON text); None when the model gave neither
    text: str  # the reply as text, sent back in the repair round
    usage: Usage
    raw: dict[str, Any] = field(default_factory=dict)
    refusal: str | None = None  # why the provider refused, when it did (with its category and explanation)
    stop_reason: str | None = None
    truncated: bool = False  # stopped at the output-token limit (Anthropic max_tokens, OpenAI length)


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Inline `$ref`s into `$defs` (non-recursive ones) so every provider reads the same schema."""
    defs = schema.get("$defs", {})

    def resolve(node: Any, seen: frozenset[str]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                key = ref.split("/")[-1]
                if key in seen or key not in defs:
                    return node  # recursive: keep the reference
                merged = {**defs[key], **{k: v for k, v in node.items() if k != "$ref"}}
                return resolve(merged, seen | {key})
            return {k: resolve(v, seen) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [resolve(v, seen) for v in node]
        return node

    inlined = resolve(schema, frozenset())
    if "$ref" in json.dumps(inlined):
        inlined["$defs"] = defs  # recursive models keep their definitions
    return inlined


class Provider(ABC):
    """A chat model behind one interface. Build instances with `assistant.llm.get_provider`."""

    name: ClassVar[str] = "provider"
    is_generative: ClassVar[bool] = True
    default_model: ClassVar[str | None] = None

    def __init__(self, *, model: str | None = None, base_url: str | None = None,
                 kind: ProviderKind = "external", timeout_s: float | None = None,
                 retry: RetryPolicy | None = None, reason: str = "") -> None:

        self.model = model or self.default_model
        self.base_url = base_url
        self.kind: ProviderKind = kind
        self.timeout_s = timeout_s if timeout_s is not None else get_settings().request_timeout_s
        self.retry = retry or RetryPolicy()
        self.reason = reason
        self.usage_log: list[Usage] = []  # every call's usage, in order (also failed repair rounds)
        self._lock = threading.Lock()

    # ----- description -----------------------------------------------------------------------
    @property
    def info(self) -> Any:
        """The gate's `ProviderInfo(name, kind, base_url)` for this provider. Through the policy's proxy,
        the proxy's host is where the request goes first, so it decides the kind (`network.destination_kind`)."""

        kind = destination_kind(self.kind, policy_proxy()) if self.kind == "local" else self.kind
        return _load_gate().ProviderInfo(name=self.name, kind=kind, base_url=self.base_url)

    def description(self) -> ProviderDescription:
        return ProviderDescription(name=self.name, kind=self.kind, model=self.model,
                                   base_url=self.base_url, is_generative=self.is_generative,
                                   reason=self.reason)

    def describe(self) -> str:
        """One line for the CLI/UI: which provider, which model, where data goes, and why chosen."""
        where = {"offline": "nothing leaves this machine", "local": f"local endpoint {self.base_url}",
                 "external": f"external service {self.base_url or 'at the provider default URL'}"}
        text = f"{self.name}" + (f" ({self.model})" if self.model else "") + f": {where[self.kind]}"
        return f"{text}. {self.reason}".strip() if self.reason else text

    price_region: str | None = None  # a cloud region whose endpoint costs more than the global one (Vertex)

    def price_model(self, usage: Usage) -> str | None:
        """The model id to price a call by: the configured model (Azure: the model the deployment serves)."""
        return self.model

    @property
    def last_usage(self) -> Usage | None:
        """The most recent call's usage (per call, prefer `TextStream.usage` / `result.usage`)."""
        with self._lock:
            return self.usage_log[-1] if self.usage_log else None

    def _record(self, usage: Usage) -> Usage:
        priced = with_cost(usage, self.price_model(usage), free=self.kind == "local", region=self.price_region)
        with self._lock:
            self.usage_log.append(priced)
        return priced

    # ----- the choke point -----------------------------------------------------------------
    def _outbound(self, messages: Iterable[Message], *, system: str | None, cache_prefix: str | None,
                  max_tokens: int, context: RequestContext | None) -> OutboundRequest:
        """Everything that is about to leave the process goes through the gate here, and only here."""
        msgs = [dict(m) for m in messages]
        for i, m in enumerate(msgs):
            if m.get("role") not in _ROLES or not isinstance(m.get("content"), str):
                raise InvalidInputError(
                    f"messages[{i}]: expected {{'role': 'user'|'assistant', 'content': str}}; put the "
                    f"system prompt in `system=` (got role {m.get('role')!r}).")
        head: list[Message] = []
        if cache_prefix:
            head.append({"role": "system", "content": cache_prefix})
        if system:
            head.append({"role": "system", "content": system})
        ctx = context or RequestContext()
        decision = _load_gate().enforce_outbound(self.info, head + msgs, ctx.markings, audit=ctx.audit,
                                                 project_key=ctx.project_key)
        gated = [dict(m) for m in decision.messages]
        if len(gated) != len(head) + len(msgs):
            raise ProviderError("The guardrails gate changed the number of messages; refusing to send.")
        it = iter(gated)
        gated_prefix = next(it)["content"] if cache_prefix else None
        gated_system = next(it)["content"] if system else None
        return OutboundRequest(messages=tuple(it), system=gated_system, cache_prefix=gated_prefix,
                               max_tokens=max_tokens, decision=decision)

    def _call(self, fn: Any) -> Any:
        """Run one HTTP call with the retry policy; SDK errors become `ProviderError`s."""
        try:
            return call_with_retry(fn, self.retry)
        except AssistantError:
            raise
        except Exception as exc:  # noqa: BLE001 - every SDK failure becomes a user-facing error
            raise classify(exc, provider=self.name, model=self.model) from exc

    # ----- public interface ------------------------------------------------------------------
    def stream(self, messages: Iterable[Message], *, system: str | None = None,
               max_tokens: int = DEFAULT_MAX_TOKENS, cache_prefix: str | None = None,
               context: RequestContext | None = None) -> TextStream:
        """Stream the reply as text deltas; `TextStream.usage` is set once the stream is exhausted.

        The gate runs and the request is sent before this returns, so a policy block, a bad key or
        an unknown model raise here, not in the middle of the caller's loop. An error inside the
        stream (Anthropic `event: error`, an OpenAI-compatible error chunk) is retried like its HTTP
        equivalent while no text has been shown; after text it would repeat what the user has seen, so
        the text is kept, a notice naming the provider's reason ends it, and `TextStream.interrupted`
        says why. A reply stopped at the output limit ends with a cut-off notice (`TextStream.truncated`),
        so whoever shows or stores the text shows and stores it as cut off.
        """
        self._require_generative()
        request = self._outbound(messages, system=system, cache_prefix=cache_prefix,
                                 max_tokens=max_tokens, context=context)
        handle = self._call(lambda: self._start_stream(request))
        holder: dict[str, Any] = {"decision": request.decision}
        return TextStream(self._stream_deltas(request, handle, holder), holder)

    def _stream_deltas(self, request: OutboundRequest, handle: Any, holder: dict[str, Any]) -> Iterator[str]:
        shown = False
        spent: Usage | None = None  # usage of attempts that failed before any text, as the provider sent it
        attempt = 0
        while True:
            current: dict[str, Any] = {}
            try:
                for text in self._read_stream(handle, current):
                    shown = shown or bool(text)
                    yield text
                break
            except AssistantError:
                raise
            except Exception as exc:  # noqa: BLE001 - classified below
                if current.get("usage") is not None:
                    sent = self._record(current["usage"])
                    spent = sent if spent is None else spent + sent
                attempt += 1
                delay = None if shown else retry_delay(exc, attempt, self.retry)
                if delay is not None:
                    self.retry.sleep(delay)
                    handle = self._call(lambda: self._start_stream(request))  # noqa: B023 - called at once
                    continue
                if not shown:
                    raise classify(exc, provider=self.name, model=self.model) from exc
                reason = provider_reason(exc)
                holder["interrupted"] = reason
                holder["stop_reason"] = "error"
                holder["usage"] = self._record(Usage(reported=False)) if spent is None else spent
                yield (f"\n\n[Interrupted: {self.name} reported an error after this much of the answer was "
                       f"sent ({reason}). The answer above is incomplete.]")
                return
        holder.update({k: v for k, v in current.items() if k != "usage"})
        usage = self._record(current.get("usage") or Usage(reported=False))
        holder["usage"] = usage if spent is None else spent + usage
        if holder.get("refusal"):
            raise refusal(self.name, self.model, holder["refusal"])
        if shown and not holder.get("stop_reason"):
            # The body ended without the provider's final event (message_delta / finish_reason): a proxy or
            # the connection cut it. The text is kept, and said to be incomplete.
            holder["interrupted"] = "the stream ended before the provider said the answer was finished"
            yield (f"\n\n[Interrupted: the response from {self.name} ended before the provider said the answer "
                   f"was finished. The answer above may be incomplete.]")
        if holder.get("truncated"):
            yield (f"\n\n[Cut off: the reply reached its output limit of {request.max_tokens} tokens "
                   f"(stop reason {holder.get('stop_reason')!r}) before it finished.]")

    def generate_structured(self, messages: Iterable[Message], schema: type[T], *,
                            system: str | None = None, cache_prefix: str | None = None,
                            max_tokens: int = DEFAULT_MAX_TOKENS,
                            context: RequestContext | None = None) -> StructuredResult[T]:
        """A reply validated against `schema` (tool use or native JSON schema, per provider).

        On a validation error the error is sent back once (the repair round, itself gated);
        a second failure raises `StructuredOutputError`. `usage` sums both rounds.
        """
        self._require_generative()
        spec = SchemaSpec.of(schema)
        conversation = [dict(m) for m in messages]
        total: Usage | None = None
        budget, larger_tried, repaired = max_tokens, False, False
        while True:
            request = self._outbound(conversation, system=system, cache_prefix=cache_prefix,
                                     max_tokens=budget, context=context)
            reply: StructuredReply = self._call(lambda r=request: self._structured_call(r, spec))
            usage = self._record(reply.usage)
            total = usage if total is None else total + usage
            if reply.refusal:
                raise refusal(self.name, self.model, reply.refusal)
            if reply.truncated:
                # A cut-off reply is not a schema error: repairing it with the same budget would be cut
                # off again (and paid for). One retry with a larger budget where the model allows it.
                larger = None if larger_tried else self._larger_budget(budget)
                if larger is None:
                    raise self._truncated_error(spec, reply, budget, max_tokens, conversation)
                budget, larger_tried = larger, True
                continue
            try:
                value = self._validate(spec, reply.payload)
            except (ValidationError, ValueError) as exc:
                if repaired:
                    raise StructuredOutputError(
                        f"{self.name} (model {self.model!r}) returned a {spec.name} that does not "
                        f"match the schema, even after one repair round:\n{format_validation_error(exc)}") from exc
                conversation += [{"role": "assistant", "content": reply.text or "(no answer)"},
                                 {"role": "user", "content": repair_message(spec, exc)}]
                repaired = True
                continue
            return StructuredResult[schema](value=value, usage=total, raw=reply.raw,  # type: ignore[valid-type]
                                            repaired=repaired, decision=request.decision)

    def _larger_budget(self, budget: int) -> int | None:
        """The one larger output budget worth trying after a cut-off reply: four times the budget, up to
        the model's ceiling from the price table; twice the budget when the ceiling is unknown.
        None when the budget already is the ceiling (a retry cannot help)."""
        price = price_for(self.model)
        ceiling = price.max_output if price is not None else None
        larger = budget * 2 if ceiling is None else min(ceiling, budget * 4)
        return larger if larger > budget else None

    def _truncated_error(self, spec: SchemaSpec, reply: StructuredReply, budget: int, first: int,
                         conversation: list[Message]) -> OutputTruncatedError:
        task = next((str(m["content"]) for m in reversed(conversation) if m.get("role") == "user"), "")
        task = " ".join(task.split())
        task = task if len(task) <= 90 else task[:87] + "..."
        tried = (f"even after one retry with a larger budget ({first} tokens, then {budget})" if budget != first
                 else f"and {budget} tokens is already the most this model allows")
        return OutputTruncatedError(
            f"{self.name} (model {self.model!r}) stopped its {spec.name} answer at the output limit of "
            f"{budget} tokens (stop reason {reply.stop_reason!r}), {tried}, for the request \"{task}\". "
            f"Ask for a shorter answer, split the section into smaller requests, or raise max_tokens.")

    # ----- helpers and hooks -----------------------------------------------------------------
    def _require_generative(self) -> None:
        if not self.is_generative:
            raise NotGenerativeError(
                f"The {self.name} provider does not generate text; use the extractive (offline) drafter.")

    @staticmethod
    def _validate(spec: SchemaSpec, payload: Any) -> BaseModel:
        if payload is None:
            raise ValueError(f"the reply contained no {spec.name} object")
        if isinstance(payload, str):
            return spec.model.model_validate_json(_strip_fences(payload))
        return spec.model.model_validate(payload)

    @abstractmethod
    def _start_stream(self, request: OutboundRequest) -> Any:
        """Send the streaming request; return what `_read_stream` iterates (errors here are retried)."""

    @abstractmethod
    def _read_stream(self, handle: Any, holder: dict[str, Any]) -> Iterator[str]:
        """Yield text deltas; put `Usage` in holder["usage"], stop reason in holder["stop_reason"],
        and a refusal reason in holder["refusal"]."""

    @abstractmethod
    def _structured_call(self, request: OutboundRequest, spec: SchemaSpec) -> StructuredReply:
        """One structured round (errors here are retried)."""


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 1500 else text[:1500] + " ..."


def _strip_fences(text: str) -> str:
    """Local models sometimes wrap JSON in ```json fences despite the schema."""
    match = re.fullmatch(r"\s*```(?:json)?\s*(.*?)\s*```\s*", text, flags=re.S)
    return match.group(1) if match else text


def format_validation_error(exc: Exception) -> str:
    """One line per error ("thresholds: Input should be a valid list"), without pydantic's doc URLs,
    so the repair message is stable across pydantic versions and short for the model."""
    if isinstance(exc, ValidationError):
        lines = []
        for err in exc.errors(include_url=False, include_context=False):
            loc = ".".join(str(p) for p in err.get("loc", ())) or "(root)"
            lines.append(f"- {loc}: {err.get('msg')}")
        return _short(Exception("\n".join(lines)))
    return f"- {_short(exc)}"


def repair_message(spec: SchemaSpec, exc: Exception) -> str:
    """The repair-round user message, rendered from the versioned prompt `repair_structured`."""

    return get_prompt("repair_structured").render(schema_name=spec.name,
                                                  errors=format_validation_error(exc)).user
