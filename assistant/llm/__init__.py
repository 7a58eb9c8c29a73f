"""Model providers behind one interface (offline, Anthropic incl. Bedrock/Vertex, OpenAI, Azure OpenAI,
OpenAI-compatible endpoints). Every outbound call passes `assistant.guardrails.gate` first."""

from assistant.llm.audit import GenerationRecord, generation_record
from assistant.llm.base import DEFAULT_MAX_TOKENS, Provider
from assistant.llm.errors import (
    ModelNotFoundError,
    NotGenerativeError,
    OutputTruncatedError,
    ProviderAuthError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    QuotaExceededError,
    RateLimitedError,
    RequestRefusedError,
    StructuredOutputError,
)
from assistant.llm.factory import PROVIDER_NAMES, available_providers, get_provider
from assistant.llm.pricing import CacheSaving, cache_saving, price_for, with_cost
from assistant.llm.retry import RetryPolicy
from assistant.llm.types import (
    Message,
    ProviderDescription,
    RequestContext,
    StructuredResult,
    TextStream,
    Usage,
)

__all__ = [
    "DEFAULT_MAX_TOKENS", "PROVIDER_NAMES", "CacheSaving", "GenerationRecord", "Message",
    "ModelNotFoundError", "NotGenerativeError", "OutputTruncatedError", "Provider", "ProviderAuthError", "ProviderDescription",
    "ProviderTimeoutError", "ProviderUnavailableError", "QuotaExceededError", "RateLimitedError",
    "RequestContext", "RequestRefusedError", "RetryPolicy", "StructuredOutputError", "StructuredResult",
    "TextStream", "Usage", "available_providers", "cache_saving", "generation_record", "get_provider",
    "price_for", "with_cost",
]
