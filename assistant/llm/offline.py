"""The offline provider: nothing leaves the machine, and it generates no text itself.

Callers check `provider.is_generative` and route to the extractive drafter in `assistant.drafting`
(decision 3). Calling `stream`/`generate_structured` on it raises `NotGenerativeError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assistant.llm.base import OutboundRequest, Provider, SchemaSpec, StructuredReply
from assistant.llm.errors import NotGenerativeError


class OfflineProvider(Provider):
    name = "offline"
    is_generative = False
    default_model = None

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("kind", "offline")
        super().__init__(**kwargs)

    def _start_stream(self, request: OutboundRequest) -> Any:  # pragma: no cover - guarded in base
        raise NotGenerativeError("offline provider")

    def _read_stream(self, handle: Any, holder: dict[str, Any]) -> Iterator[str]:  # pragma: no cover
        raise NotGenerativeError("offline provider")

    def _structured_call(self, request: OutboundRequest, spec: SchemaSpec) -> StructuredReply:  # pragma: no cover
        raise NotGenerativeError("offline provider")
