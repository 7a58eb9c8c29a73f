"""Hybrid retrieval over a project's documents and the knowledge base.

Dense (Chroma, cosine) and lexical (BM25 via bm25s) rankings are fused by reciprocal rank fusion.
A query that names a requirement ID ("what does NFR-P-003 require?") returns the chunk that defines
that requirement first. Chunks flagged by the injection screen are left out of results (which are
bound for prompts) unless a person released them or the caller asks for them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from itertools import zip_longest
from typing import Any, Literal

import bm25s
import numpy as np

from assistant.documents.ids import find_requirement_ids
from assistant.errors import InvalidInputError
from assistant.index.embeddings import get_embedder
from assistant.index.store import KNOWLEDGE, ChunkScope, StoredChunk, VectorStore, get_store
from assistant.workspace import get_workspace, slugify

Scope = Literal["project", "knowledge", "both"]
Mode = Literal["hybrid", "dense", "bm25"]
SCOPES: tuple[str, ...] = ("project", "knowledge", "both")

RRF_K = 60  # the usual constant from Cormack et al. (2009)
CANDIDATES = 50  # per ranking, before fusion
WHOLE_DOCUMENT_MAX_CHUNKS = 40


@dataclass
class SearchHit:
    chunk_id: str
    document: str
    page: int | None
    heading: str
    requirement_ids: list[str]
    text: str
    score: float
    source: str = "document"  # document | knowledge
    document_id: str = ""
    injection_flagged: bool = False
    metadata: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The stable CLI/JSON shape: {chunk_id, document, page, heading, requirement_ids, text, score}."""
        data = asdict(self)
        return {key: data[key] for key in ("chunk_id", "document", "page", "heading", "requirement_ids", "text", "score")}


# --- Lexical index, cached per collection revision -------------------------------------------------

_STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "could", "do", "does", "for", "from", "has", "have",
        "how", "i", "in", "is", "it", "its", "of", "on", "or", "our", "shall", "should", "that", "the", "their",
        "there", "these", "this", "to", "was", "we", "what", "when", "where", "which", "who", "will", "with", "would",
        "must", "may", "any", "all", "each", "into", "than", "then", "them", "they", "been", "being", "about", "over",
        "under", "per", "via", "not", "no"
    }
)
_TOKEN = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")


def _stem(token: str) -> str:
    # A light suffix strip: enough to match "retraining"/"retrain" and "models"/"model" without a stemmer.
    for suffix, minimum in (("ing", 6), ("ies", 5), ("ed", 5), ("es", 5), ("s", 4)):
        if token.endswith(suffix) and len(token) >= minimum and not token.endswith("ss"):
            return token[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return token


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        if "-" in token or "." in token:
            tokens.append(token)  # the whole ID or number, e.g. "nfr-p-003", "0.2"
            parts = re.split(r"[-.]", token)
            tokens.extend(_stem(p) for p in parts if p and p not in _STOPWORDS and not (p.isdigit() and "." in token))
        elif token not in _STOPWORDS:
            tokens.append(_stem(token))
    return tokens


@dataclass
class _Corpus:
    revision: str
    chunks: list[StoredChunk]
    position: dict[str, int]
    bm25: Any
    by_requirement: dict[str, list[int]]
    has_held_back: bool  # any flagged chunk not released: dense search must filter in Chroma


_corpora: dict[tuple[str, str], _Corpus] = {}
_corpora_lock = threading.Lock()


def _requirement_ids(metadata: dict[str, Any]) -> list[str]:
    return [part for part in str(metadata.get("requirement_ids") or "").split("|") if part]


def _corpus(store: VectorStore, scope: ChunkScope) -> _Corpus | None:
    """All chunks of a collection with their BM25 index; rebuilt only when the collection's revision changes."""
    revision = store.revision(scope)
    if revision is None:
        return None
    key = (store.identity, scope.collection)
    with _corpora_lock:
        cached = _corpora.get(key)
        if cached is not None and cached.revision == revision:
            return cached
    chunks = store.get(scope)
    tokens = [tokenize(f"{c.metadata.get('heading', '')}\n{c.text}") or ["_empty_"] for c in chunks]
    retriever = None
    if chunks:
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
    by_requirement: dict[str, list[int]] = {}
    for index, chunk in enumerate(chunks):
        for rid in _requirement_ids(chunk.metadata):
            by_requirement.setdefault(rid, []).append(index)
    held_back = any(c.metadata.get("injection_flagged") and not c.metadata.get("injection_released") for c in chunks)
    corpus = _Corpus(revision, chunks, {c.id: i for i, c in enumerate(chunks)}, retriever, by_requirement, held_back)
    with _corpora_lock:
        _corpora[key] = corpus
    return corpus


def clear_cache() -> None:
    with _corpora_lock:
        _corpora.clear()


# --- Filters ---------------------------------------------------------------------------------------


def _allowed(metadata: dict[str, Any], document_ids: set[str] | None, include_flagged: bool, released: set[str], chunk_id: str) -> bool:
    if document_ids is not None and str(metadata.get("document_id")) not in document_ids:
        return False
    if metadata.get("injection_flagged") and not include_flagged:
        return bool(metadata.get("injection_released")) or chunk_id in released
    return True


def _where(document_ids: set[str] | None, include_flagged: bool) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if document_ids is not None:
        clauses.append({"document_id": {"$in": sorted(document_ids)}})
    if not include_flagged:
        clauses.append({"$or": [{"injection_flagged": False}, {"injection_released": True}]})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class _Lookup:
    """Chunk by ID across the searched collections, without building a merged dict per query."""

    def __init__(self, corpora: list[_Corpus]) -> None:
        self.corpora = corpora

    def __contains__(self, chunk_id: object) -> bool:
        return any(chunk_id in corpus.position for corpus in self.corpora)

    def __getitem__(self, chunk_id: str) -> StoredChunk:
        for corpus in self.corpora:
            index = corpus.position.get(chunk_id)
            if index is not None:
                return corpus.chunks[index]
        raise KeyError(chunk_id)


def _hit(chunk: StoredChunk, score: float) -> SearchHit:
    meta = chunk.metadata
    page = meta.get("page")
    return SearchHit(
        chunk_id=chunk.id,
        document=str(meta.get("document", "")),
        page=int(page) if isinstance(page, (int, float)) else None,
        heading=str(meta.get("heading", "")),
        requirement_ids=_requirement_ids(meta),
        text=chunk.text,
        score=round(float(score), 6),
        source=str(meta.get("source", "document")),
        document_id=str(meta.get("document_id", "")),
        injection_flagged=bool(meta.get("injection_flagged", False)),
        metadata=meta,
    )


def _rrf(rankings: Iterable[list[str]]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking):
            scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + rank + 1)
    return scores


# --- Public API ------------------------------------------------------------------------------------


def _collections(project: str, scope: str, store: VectorStore) -> list[ChunkScope]:
    if scope not in SCOPES:
        raise InvalidInputError(f"search scope {scope!r} must be one of {', '.join(SCOPES)}.")
    scopes = []
    if scope in ("project", "both"):
        scopes.append(_project_scope(project))
    if scope in ("knowledge", "both"):
        # Lazy: building the knowledge base (notes, embeddings) happens only for a search that reads it.
        from assistant.retrieval.knowledge import ensure_knowledge

        ensure_knowledge(store=store)
        scopes.append(KNOWLEDGE)
    return scopes


def _project_key(project: str) -> str:
    """The workspace key for a project given by key, ArcKit ID (001) or name."""

    workspace = get_workspace()
    record = workspace.get_project(project) or workspace.get_project(slugify(project))
    return record.key if record is not None else slugify(project)


def _project_scope(project: str, need: str = "viewer") -> ChunkScope:
    """The project's chunk scope, issued by the workspace only if the acting user may `need` (viewer: read)."""
    return get_workspace().chunk_scope(_project_key(project), need)


def search(
    query: str,
    project: str,
    k: int = 5,
    *,
    scope: Scope = "both",
    document_ids: Collection[str] | None = None,
    mode: Mode = "hybrid",
    include_flagged: bool = False,
    released: Collection[str] = (),
    whole_document: bool = False,
) -> list[SearchHit]:
    """The `k` best chunks for `query` in `project` (and/or the knowledge base).

    - scope: "project" (uploaded documents), "knowledge" (guidance notes) or "both" (results alternate
      document, guidance, document...; each keeps its fused score, so scores are not monotonic there).
    - document_ids: only these documents (IDs from `docs list`, or knowledge note IDs).
    - mode: "hybrid" (BM25 + dense fused by RRF, plus exact requirement-ID lookup), "dense" or "bm25".
    - include_flagged / released: injection-flagged chunks are excluded unless asked for or released.
    - whole_document: with document_ids, return every chunk of small documents in reading order
      (also done automatically when those documents have no more than `k` chunks).
    """
    if not query.strip():
        raise InvalidInputError("search query is empty.")
    if k < 1:
        raise InvalidInputError(f"k must be at least 1 (got {k}).")
    if mode not in ("hybrid", "dense", "bm25"):
        raise InvalidInputError(f"search mode {mode!r} must be hybrid, dense or bm25.")
    store = get_store()
    wanted = set(document_ids) if document_ids is not None else None
    released_ids = set(released)
    corpora: dict[ChunkScope, _Corpus] = {}
    for chunk_scope in _collections(project, scope, store):
        corpus = _corpus(store, chunk_scope)
        if corpus is not None and corpus.chunks:
            corpora[chunk_scope] = corpus
    if not corpora:
        return []

    def allowed(chunk: StoredChunk) -> bool:
        return _allowed(chunk.metadata, wanted, include_flagged, released_ids, chunk.id)

    by_id = _Lookup(list(corpora.values()))

    if wanted is not None:
        selected = [c for corpus in corpora.values() for c in corpus.chunks if allowed(c)]
        if selected and (len(selected) <= k or (whole_document and len(selected) <= WHOLE_DOCUMENT_MAX_CHUNKS)):
            selected.sort(key=lambda c: (str(c.metadata.get("document")), int(c.metadata.get("chunk_index", 0))))
            return [_hit(c, 1.0) for c in selected]

    # Exact requirement-ID lookup: the chunk that defines the ID (it starts with it) before those citing it.
    id_hits: list[str] = []
    if mode == "hybrid":
        for rid in find_requirement_ids(query):
            defining: list[str] = []
            citing: list[str] = []
            for corpus in corpora.values():
                for index in corpus.by_requirement.get(rid, []):
                    chunk = corpus.chunks[index]
                    if not allowed(chunk):
                        continue
                    first = _requirement_ids(chunk.metadata)[:1] == [rid]
                    (defining if first else citing).append(chunk.id)
            id_hits.extend(i for i in defining + citing if i not in id_hits)

    rankings: list[list[str]] = []
    if mode in ("hybrid", "dense"):
        vector = get_embedder().embed_query(query)
        dense: list[tuple[str, float]] = []
        for chunk_scope, corpus in corpora.items():
            # A metadata filter slows Chroma's HNSW search; use it only when something must be kept out.
            where = _where(wanted, include_flagged or not corpus.has_held_back)
            dense.extend(store.query(chunk_scope, vector, CANDIDATES, where=where, total=len(corpus.chunks)))
        dense = [(i, s) for i, s in dense if i in by_id and allowed(by_id[i])]
        dense.sort(key=lambda item: item[1], reverse=True)
        rankings.append([i for i, _ in dense[:CANDIDATES]])
    if mode in ("hybrid", "bm25"):
        query_tokens = tokenize(query)
        lexical: list[tuple[str, float]] = []
        for corpus in corpora.values():
            if not query_tokens or corpus.bm25 is None:
                continue
            scores = np.asarray(corpus.bm25.get_scores(query_tokens), dtype=np.float64)
            top = float(scores.max()) if scores.size else 0.0
            if top <= 0:
                continue
            for index in np.argsort(-scores)[: CANDIDATES * 4]:
                if scores[index] <= 0:
                    break
                chunk = corpus.chunks[int(index)]
                if allowed(chunk):
                    # Normalised per corpus so documents and knowledge notes compete fairly.
                    lexical.append((chunk.id, float(scores[index]) / top))
        lexical.sort(key=lambda item: item[1], reverse=True)
        rankings.append([i for i, _ in lexical[:CANDIDATES]])

    fused = _rrf(rankings)
    ordered = sorted(fused, key=lambda key: fused[key], reverse=True)
    if len(corpora) > 1:
        # Both scopes: alternate project evidence and guidance so neither crowds the other out.
        documents = [i for i in ordered if by_id[i].metadata.get("source") != "knowledge"]
        guidance = [i for i in ordered if by_id[i].metadata.get("source") == "knowledge"]
        ordered = [i for pair in zip_longest(documents, guidance) for i in pair if i is not None]
    hits: list[SearchHit] = []
    for position, chunk_id in enumerate(id_hits):
        # ID matches rank above every fused score (fused scores are below 2 / (RRF_K + 1)).
        hits.append(_hit(by_id[chunk_id], 1.0 - position * 1e-3))
    for chunk_id in ordered:
        if len(hits) >= k:
            break
        if chunk_id in id_hits:
            continue
        hits.append(_hit(by_id[chunk_id], fused[chunk_id]))
    return hits[:k]


def whole_document(project: str, document_id: str, *, max_chunks: int = WHOLE_DOCUMENT_MAX_CHUNKS) -> list[SearchHit] | None:
    """Every chunk of one document in reading order, or None when it has more than `max_chunks`."""
    store = get_store()
    chunks = store.get(_project_scope(project), where={"document_id": document_id})
    chunks = [c for c in chunks if not c.metadata.get("injection_flagged") or c.metadata.get("injection_released")]
    if len(chunks) > max_chunks:
        return None
    chunks.sort(key=lambda c: int(c.metadata.get("chunk_index", 0)))
    return [_hit(c, 1.0) for c in chunks]


def holds_back(project: str) -> bool:
    """Whether any of the project's chunks is held back (flagged and not released), read from the cached corpus:
    no search, and no store read beyond the collection's revision while nothing has changed."""
    store = get_store()
    corpora = (_corpus(store, scope) for scope in _collections(project, "project", store))
    return any(corpus is not None and corpus.has_held_back for corpus in corpora)


def flagged_chunks(project: str) -> list[SearchHit]:
    """Chunks the injection screen flagged (for a person to review and release)."""
    store = get_store()
    chunks = store.get(_project_scope(project), where={"injection_flagged": True})
    return [_hit(c, float(c.metadata.get("injection_score", 0.0))) for c in chunks]


def release_chunks(project: str, chunk_ids: Collection[str]) -> None:
    """Let flagged chunks into prompts again (a human decision; audited)."""

    chunk_scope = _project_scope(project, "editor")
    get_store().update_metadata(chunk_scope, list(chunk_ids), {"injection_released": True})
    get_workspace().audit(str(chunk_scope.project), "chunks_released", {"chunk_ids": list(chunk_ids)})
