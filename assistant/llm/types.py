"""Typed values at the provider boundary: usage, structured results, request context, provider info.

Messages stay plain `{"role": "user"|"assistant", "content": str}` dicts because that is the shape
the guardrails gate screens and redacts (`enforce_outbound(provider, messages, markings)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T", bound=BaseModel)

ProviderKind = Literal["offline", "local", "external"]
Message = dict[str, Any]


class Usage(BaseModel):
    """Token usage of one call (or a sum of calls), with the estimated cost from `prices.yaml`.

    `input_tokens` counts only input billed at the full input price: Anthropic reports it that way;
    for OpenAI-style APIs the cached part of `prompt_tokens` is moved to `cache_read_tokens`, so the
    two providers add up the same way. `total_input_tokens` is everything the model read.
    """

    model_config = ConfigDict(frozen=True)

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float | None = None  # None: unknown (model not in the price table, or usage not reported)
    cost_gbp: float | None = None  # cost_usd at the table's `gbp_per_usd` rate
    model: str | None = None
    calls: int = 1
    # False when the provider sent no usage for the call (a stream without its usage chunk, a stream cut
    # off before it): the token counts are then a lower bound and the cost is unknown, never 0.
    reported: bool = True
    cost_note: str | None = None  # why the cost is unknown, when it is

    @property
    def cost_label(self) -> str:
        """The cost as a user sees it: "$0.0123 (£0.0097)" or "unknown (<why>)", never a made-up $0."""
        if self.cost_usd is None:
            return f"unknown ({self.cost_note})" if self.cost_note else "unknown"
        gbp = f" (£{self.cost_gbp:.4f})" if self.cost_gbp is not None else ""
        return f"${self.cost_usd:.4f}{gbp}"

    @property
    def total_input_tokens(self) -> int:
        return self.input_tokens + self.cache_read_tokens + self.cache_write_tokens

    def __add__(self, other: Usage) -> Usage:
        # `Usage(calls=0)` is the empty sum callers start from: adding it must not turn a known cost into
        # an unknown one (its own cost is None only because nothing was priced).
        if self.calls == 0 and not self.total_input_tokens and not self.output_tokens:
            return other.model_copy(update={"calls": other.calls})
        if other.calls == 0 and not other.total_input_tokens and not other.output_tokens:
            return self

        def _sum(a: float | None, b: float | None) -> float | None:
            return None if a is None or b is None else round(a + b, 8)

        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cache_read_tokens=self.cache_read_tokens + other.cache_read_tokens,
            cache_write_tokens=self.cache_write_tokens + other.cache_write_tokens,
            cost_usd=_sum(self.cost_usd, other.cost_usd),
            cost_gbp=_sum(self.cost_gbp, other.cost_gbp),
            model=self.model if self.model == other.model else None,
            calls=self.calls + other.calls,
            reported=self.reported and other.reported,
            cost_note="; ".join(dict.fromkeys(n for n in (self.cost_note, other.cost_note) if n)) or None,
        )


class StructuredResult(BaseModel, Generic[T]):
    """A validated structured answer: the pydantic value, the usage of every round, the raw reply."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    value: T
    usage: Usage
    raw: dict[str, Any] = Field(default_factory=dict)  # the provider's last response body
    repaired: bool = False  # True when the first answer failed validation and the repair round fixed it
    # The gate's OutboundDecision of the last round: its `redaction_map` turns PII placeholders in
    # the answer back into the original values (in memory only; never serialised).
    decision: Any = Field(default=None, exclude=True, repr=False)


class ProviderDescription(BaseModel):
    """What `available_providers()` and `Provider.describe()` report: safe to show, holds no key."""

    name: str
    kind: ProviderKind
    model: str | None = None
    base_url: str | None = None
    available: bool = True
    is_generative: bool = True
    reason: str = ""


class RequestContext(BaseModel):
    """What the caller knows about the request: the gate needs the markings, the audit log the project.

    `markings` are the classification markings of the project and of every document whose text is in
    the messages (e.g. {"OFFICIAL", "OFFICIAL-SENSITIVE"}). `audit` is handed to the gate unchanged.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    markings: tuple[str, ...] = ()
    project_key: str | None = None
    audit: Callable[..., Any] | None = None

    @classmethod
    def of(cls, markings: Iterable[str] = (), project_key: str | None = None,
           audit: Callable[..., Any] | None = None) -> RequestContext:
        return cls(markings=tuple(markings), project_key=project_key, audit=audit)


class TextStream(Iterator[str]):
    """The iterator `Provider.stream` returns: text deltas, then `usage` once it is exhausted."""

    def __init__(self, deltas: Iterator[str], holder: dict[str, Any]) -> None:
        self._deltas = deltas
        self._holder = holder

    def __iter__(self) -> TextStream:
        return self

    def __next__(self) -> str:
        return next(self._deltas)

    @property
    def usage(self) -> Usage | None:
        """The usage of the call; None until the stream has been read to the end."""
        return self._holder.get("usage")

    @property
    def decision(self) -> Any:
        """The gate's OutboundDecision for this request (redaction map, deciding classification)."""
        return self._holder.get("decision")

    @property
    def stop_reason(self) -> str | None:
        return self._holder.get("stop_reason")

    @property
    def truncated(self) -> bool:
        """True when the reply stopped at the output-token limit (its text ends with a cut-off notice)."""
        return bool(self._holder.get("truncated"))

    @property
    def interrupted(self) -> str | None:
        """The provider's reason when an error ended the stream after text was shown (the text is kept,
        followed by a notice); None for a stream that finished."""
        return self._holder.get("interrupted")

    @property
    def complete(self) -> bool:
        """False for a reply that was cut off or interrupted: show and store it as such."""
        return not (self.truncated or self.interrupted)

    def text(self) -> str:
        """Read the rest of the stream and return it joined (convenient in tests and the CLI)."""
        return "".join(self)
