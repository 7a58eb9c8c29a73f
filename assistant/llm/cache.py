"""A response cache for structured calls, so re-running an eval against a paid API costs nothing.

    cached = CachedProvider(get_provider("anthropic"), ResponseCache(Path("evals/.cache")))
    cached.generate_structured(messages, Schema, ...)   # first run: the API; later runs: the disk

Where it sits: `CachedProvider` is a `Provider` whose `_structured_call` hook looks the request up
before asking the wrapped provider. Hooks only ever receive the gate's `OutboundRequest`, so the
guardrails gate (`Provider._outbound`) has already run when the cache is consulted: a request the
policy blocks is blocked whether or not an answer for it is on disk, and the key is built from the
redacted text that would have been sent (a PII value never reaches the key or the file).

The key is sha256 of (provider, model, base URL, the outbound request after redaction, the schema).
Per-run random delimiters (`EVIDENCE-1a2b3c4d`, the drafting engine's canary) are normalised in the
key, otherwise no two runs could ever share an entry; the cached answer was given for the same text
under a different tag. Only answers that validate against the schema are stored (a repair round is
its own request, so a repaired answer is cached under the repair request).

A hit reports `CachedUsage`: zero new tokens and cost, `cached=True`, and the tokens the original call
used in `saved_*`, so a report can say what the cache saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.llm.base import OutboundRequest, Provider, SchemaSpec, StructuredReply
from assistant.llm.types import Usage

CACHE_FORMAT = 1
# The drafting engine's delimiter/canary ("EVIDENCE-" + 8 hex digits), random per run.
_RANDOM_DELIMITER = re.compile(r"\bEVIDENCE-[0-9a-f]{8}\b")


class CachedUsage(Usage):
    """The usage of a call answered from the cache: nothing new was billed."""

    cached: bool = True
    saved_input_tokens: int = 0
    saved_output_tokens: int = 0


def request_key(provider: str, model: str | None, base_url: str | None, request: OutboundRequest,
                spec: SchemaSpec, *, variant: str = "") -> str:
    """sha256 of what identifies an answer: provider, model, endpoint, gated request, schema (and a variant)."""
    def norm(text: str | None) -> str | None:
        return None if text is None else _RANDOM_DELIMITER.sub("EVIDENCE-*", text)

    material = {
        "format": CACHE_FORMAT, "provider": provider, "model": model, "base_url": base_url,
        "system": norm(request.system), "cache_prefix": norm(request.cache_prefix),
        "messages": [{"role": m["role"], "content": norm(m["content"])} for m in request.messages],
        "max_tokens": request.max_tokens,
        "schema": {"name": spec.name, "description": spec.description, "json_schema": spec.json_schema},
        "variant": variant,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


class ResponseCache:
    """Validated structured answers on disk, one JSON file per key (`<dir>/<k[:2]>/<k>.json`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0
        self.stores = 0
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entry = None
        if entry is not None and (entry.get("format") != CACHE_FORMAT or entry.get("key") != key):
            entry = None  # another format or a corrupted file: treat as a miss, it will be rewritten
        with self._lock:
            if entry is None:
                self.misses += 1
            else:
                self.hits += 1
        return entry

    def put(self, key: str, payload: Any, usage: Usage, *, provider: str, model: str | None, schema: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():  # cached answers are derived data: keep them out of version control
            ignore.write_text("*\n", encoding="utf-8")
        entry = {"format": CACHE_FORMAT, "key": key, "provider": provider, "model": model, "schema": schema,
                 "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                 "payload": payload,
                 "usage": usage.model_dump(include={"input_tokens", "output_tokens", "cache_read_tokens",
                                                    "cache_write_tokens"})}
        # atomic: a concurrent reader sees the old file or the new one, never half of one
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(entry, out, ensure_ascii=False)
        os.replace(tmp, path)
        with self._lock:
            self.stores += 1

    def stats(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses, "stores": self.stores}


class CachedProvider(Provider):
    """`inner` behind a `ResponseCache` for structured calls; streaming passes straight through.

    The gate runs in this object's `_outbound` (inherited, with the inner provider's name, kind and
    base URL), before the cache hook, exactly as it runs for the inner provider.
    """

    def __init__(self, inner: Provider, cache: ResponseCache) -> None:
        super().__init__(model=inner.model, base_url=inner.base_url, kind=inner.kind, timeout_s=inner.timeout_s,
                         retry=inner.retry, reason=inner.reason)
        self.name = inner.name  # type: ignore[misc]  # the policy file names the inner provider
        self.is_generative = inner.is_generative  # type: ignore[misc]
        self.inner = inner
        self.price_region = inner.price_region
        self.cache = cache
        self._variant = threading.local()

    @contextmanager
    def variant(self, label: str) -> Iterator[None]:
        """Key calls made inside the block apart (e.g. repeated rubric runs that must not share one answer)."""
        previous = getattr(self._variant, "label", "")
        self._variant.label = label
        try:
            yield
        finally:
            self._variant.label = previous

    def describe(self) -> str:
        return f"{self.inner.describe()} (answers cached in {self.cache.folder})"

    def price_model(self, usage: Usage) -> str | None:
        return self.inner.price_model(usage)  # e.g. an Azure deployment is priced as the model it serves

    def _structured_call(self, request: OutboundRequest, spec: SchemaSpec) -> StructuredReply:
        key = request_key(self.name, self.model, self.base_url, request, spec,
                          variant=getattr(self._variant, "label", ""))
        entry = self.cache.get(key)
        if entry is not None:
            saved = entry.get("usage") or {}
            usage = CachedUsage(model=self.model, saved_input_tokens=int(saved.get("input_tokens", 0))
                                + int(saved.get("cache_read_tokens", 0)) + int(saved.get("cache_write_tokens", 0)),
                                saved_output_tokens=int(saved.get("output_tokens", 0)))
            payload = entry["payload"]
            return StructuredReply(payload=payload, text=payload if isinstance(payload, str) else json.dumps(payload),
                                   usage=usage, raw={"cached": True, "cache_key": key})
        reply = self.inner._structured_call(request, spec)
        # A reply cut at the output limit is never stored, even when its partial payload validates.
        if reply.refusal is None and not reply.truncated and reply.payload is not None:
            try:
                self._validate(spec, reply.payload)
            except ValueError:  # pydantic's ValidationError is a ValueError: not stored, the repair round runs
                pass
            else:
                self.cache.put(key, reply.payload, reply.usage, provider=self.name, model=self.model, schema=spec.name)
        return reply

    def _start_stream(self, request: OutboundRequest) -> Any:
        return self.inner._start_stream(request)

    def _read_stream(self, handle: Any, holder: dict[str, Any]) -> Iterator[str]:
        return self.inner._read_stream(handle, holder)
