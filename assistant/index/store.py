"""Chroma vector store: one collection per project plus one for the knowledge base.

Every operation carries a `ChunkScope` (assistant/index/scope.py) and touches only that scope's collection:
a project's chunks are reachable only through the scope the workspace issues after its access check.

Embedded `PersistentClient` under `<home>/chroma` by default; a shared `chroma run` server through
`HttpClient` when `MLOPS_ASSISTANT_CHROMA_HOST` (and `_CHROMA_PORT`) are set. We always pass our own
embeddings: collections are created with no embedding function, so Chroma never downloads its default
model. Each write stamps a new `revision` on the collection so in-process caches (BM25) notice changes
made by this or any other process.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np

from assistant.config import get_settings
from assistant.errors import AssistantError, InvalidInputError
from assistant.index.scope import KNOWLEDGE, KNOWLEDGE_COLLECTION, ChunkScope, collection_name

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

__all__ = ["KNOWLEDGE", "KNOWLEDGE_COLLECTION", "ChunkScope", "StoreError", "StoredChunk", "VectorStore",
           "collection_name", "get_store", "reset_store"]

_BATCH = 1000


class StoreError(AssistantError):
    """The vector store cannot be reached or refused an operation."""


@dataclass
class StoredChunk:
    id: str
    text: str
    metadata: dict[str, Any]


def _clean_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """Chroma metadata values must be str, int, float or bool: drop None, join lists."""
    clean: dict[str, Any] = {}
    for key, value in metadata.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            clean[key] = "|".join(str(v) for v in value)
        elif isinstance(value, (str, int, float, bool)):
            clean[key] = value
        else:
            clean[key] = str(value)
    return clean


def _collection_of(scope: ChunkScope) -> str:
    """The one collection an operation may touch; a bare name (or anything else) is refused."""
    if not isinstance(scope, ChunkScope):
        raise InvalidInputError(f"The vector store takes a ChunkScope (Workspace.chunk_scope or KNOWLEDGE), not {scope!r}.")
    return scope.collection


class VectorStore:
    def __init__(self, client: Any, *, remote: bool, identity: str = "") -> None:
        self.client = client
        self.remote = remote
        # Where the data lives (path or host:port): the key for caches derived from this store.
        self.identity = identity or str(id(self))
        self._collections: dict[str, Any] = {}
        self._lock = threading.Lock()

    # Collections ---------------------------------------------------------------------------------

    @overload
    def collection(self, scope: ChunkScope, *, create: Literal[True] = True) -> Any: ...

    @overload
    def collection(self, scope: ChunkScope, *, create: bool) -> Any | None: ...

    def collection(self, scope: ChunkScope, *, create: bool = True) -> Any | None:
        """The scope's collection; with create=False, None when it does not exist (create=True never gives None)."""
        name = _collection_of(scope)
        with self._lock:
            if name in self._collections:
                return self._collections[name]
            try:
                if create:
                    collection = self.client.get_or_create_collection(
                        name=name,
                        embedding_function=None,
                        configuration={"hnsw": {"space": "cosine"}},
                        metadata={"revision": uuid.uuid4().hex},
                    )
                else:
                    collection = self.client.get_collection(name=name, embedding_function=None)
            except Exception as exc:  # noqa: BLE001 - NotFoundError differs between client kinds
                message = str(exc).lower()
                if not create and ("does not exist" in message or "not found" in message):
                    return None
                raise StoreError(f"Vector store: cannot open collection {name!r}: {exc}") from exc
            self._collections[name] = collection
            return collection

    def revision(self, scope: ChunkScope) -> str | None:
        """The collection's current revision (changes on every write, from any process)."""
        try:
            collection = self.client.get_collection(name=_collection_of(scope), embedding_function=None)
        except Exception:  # noqa: BLE001
            return None
        return str((collection.metadata or {}).get("revision", ""))

    def _touch(self, scope: ChunkScope) -> None:
        collection = self.collection(scope)
        metadata = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith("hnsw:")}
        metadata["revision"] = uuid.uuid4().hex
        collection.modify(metadata=metadata)

    def drop(self, scope: ChunkScope) -> None:
        name = _collection_of(scope)
        with self._lock:
            self._collections.pop(name, None)
        with contextlib.suppress(Exception):  # already gone
            self.client.delete_collection(name=name)

    # Writes --------------------------------------------------------------------------------------

    def upsert(
        self,
        scope: ChunkScope,
        ids: Sequence[str],
        embeddings: np.ndarray | Sequence[np.ndarray],  # one vector per id; batches go through np.asarray
        texts: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        if not ids:
            return
        collection = self.collection(scope)
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            collection.upsert(
                ids=list(ids[start:end]),
                embeddings=np.asarray(embeddings[start:end], dtype=np.float32),
                documents=list(texts[start:end]),
                metadatas=[_clean_metadata(m) for m in metadatas[start:end]],
            )
        self._touch(scope)

    def delete(self, scope: ChunkScope, *, ids: Sequence[str] | None = None, where: dict[str, Any] | None = None) -> None:
        collection = self.collection(scope, create=False)
        if collection is None:
            return
        if ids is not None:
            ids = list(ids)
            for start in range(0, len(ids), _BATCH):
                collection.delete(ids=ids[start : start + _BATCH])
        elif where is not None:
            collection.delete(where=where)
        else:
            raise ValueError("delete needs ids or where")
        self._touch(scope)

    def update_metadata(self, scope: ChunkScope, ids: Sequence[str], changes: dict[str, Any]) -> None:
        collection = self.collection(scope, create=False)
        if collection is None or not ids:
            return
        current = collection.get(ids=list(ids), include=["metadatas"])
        metadatas = [{**(m or {}), **_clean_metadata(changes)} for m in current["metadatas"]]
        collection.update(ids=current["ids"], metadatas=metadatas)
        self._touch(scope)

    # Reads ---------------------------------------------------------------------------------------

    def count(self, scope: ChunkScope) -> int:
        collection = self.collection(scope, create=False)
        return 0 if collection is None else int(collection.count())

    def get(
        self, scope: ChunkScope, *, ids: Sequence[str] | None = None, where: dict[str, Any] | None = None
    ) -> list[StoredChunk]:
        collection = self.collection(scope, create=False)
        if collection is None:
            return []
        out: list[StoredChunk] = []
        total = collection.count()
        for offset in range(0, max(total, 1), _BATCH * 5):
            result = collection.get(
                ids=list(ids) if ids is not None else None,
                where=where,
                include=["documents", "metadatas"],
                limit=None if ids is not None else _BATCH * 5,
                offset=None if ids is not None else offset,
            )
            out.extend(
                StoredChunk(id=i, text=t or "", metadata=dict(m or {}))
                for i, t, m in zip(result["ids"], result["documents"], result["metadatas"], strict=True)
            )
            if ids is not None:
                break
        return out

    def query(
        self,
        scope: ChunkScope,
        embedding: np.ndarray,
        n: int,
        *,
        where: dict[str, Any] | None = None,
        total: int | None = None,
    ) -> list[tuple[str, float]]:
        """Nearest chunks as (id, cosine similarity), best first. `total`: the size, if the caller knows it."""
        collection = self.collection(scope, create=False)
        if collection is None or n <= 0:
            return []
        if total is None:
            total = collection.count()
        if total == 0:
            return []
        result = collection.query(
            query_embeddings=[np.asarray(embedding, dtype=np.float32)],
            n_results=min(n, total),
            where=where,
            include=["distances"],
        )
        ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result.get("distances") else [0.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]


_store: VectorStore | None = None
_store_key: tuple[Any, ...] | None = None
_store_lock = threading.Lock()


def _make_client(settings: Any) -> tuple[Any, bool]:
    # lazy: chromadb (a heavy client) loads when the store is first opened, not when this module is imported
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from chromadb.errors import AuthorizationError, ChromaAuthError

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        try:
            # A team's server sits behind the token-checking proxy (assistant/index/auth_proxy.py).
            token = settings.chroma_token.get_secret_value() if settings.chroma_token else None
            client = chromadb.HttpClient(host=settings.chroma_host, port=int(settings.chroma_port),
                                         headers={"Authorization": f"Bearer {token}"} if token else None,
                                         settings=chroma_settings)
            client.heartbeat()
        except Exception as exc:  # noqa: BLE001
            where = f"{settings.chroma_host}:{settings.chroma_port}"
            if isinstance(exc, AuthorizationError | ChromaAuthError):
                raise StoreError(f"The Chroma server at {where} refused the token: set MLOPS_ASSISTANT_CHROMA_TOKEN "
                                 "to the token its auth proxy was started with.") from exc
            raise StoreError(
                f"Cannot reach the Chroma server at {where} ({exc}); "
                "start it with `chroma run` or unset MLOPS_ASSISTANT_CHROMA_HOST."
            ) from exc
        return client, True
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings), False


def get_store() -> VectorStore:
    """The process-wide store for the current settings (a new one when home or host changes)."""
    global _store, _store_key
    settings = get_settings()
    key = (settings.chroma_host, settings.chroma_port, str(settings.chroma_path) if not settings.chroma_host else None,
           settings.chroma_token)
    with _store_lock:
        if _store is None or _store_key != key:
            client, remote = _make_client(settings)
            _store, _store_key = VectorStore(client, remote=remote, identity=repr(key)), key
        return _store


def reset_store() -> None:
    """Forget the process-wide store (the eval harness and tests switch data homes)."""
    global _store, _store_key
    with _store_lock:
        _store, _store_key = None, None


# lru_cache's name for the same thing, which benchmarks/bench_ingest.py still calls; mypy cannot type an
# attribute set on a function. Remove once that script calls reset_store().
get_store.cache_clear = reset_store  # type: ignore[attr-defined]
