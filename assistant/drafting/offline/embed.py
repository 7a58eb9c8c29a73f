"""Embeddings for field mapping: the project's process-wide cached model (assistant.index.embeddings).

The field descriptions are embedded once per process; requirements once per draft, in one batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from assistant.drafting.offline import data
from assistant.index.embeddings import embed_texts

EmbedFn = Callable[[list[str]], np.ndarray]

_lock = threading.Lock()
_field_cache: dict[int, tuple[list[str], np.ndarray]] = {}


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length vectors, one row per text, from the project's cached sentence-transformers model."""
    return embed_texts(list(texts))


def field_matrix(embed_fn: EmbedFn) -> tuple[list[str], np.ndarray]:
    """(field id per row, unit vectors of every field description), computed once per embed function."""
    key = id(embed_fn)
    with _lock:
        if key not in _field_cache:
            owners: list[str] = []
            texts: list[str] = []
            for entry in data.fields():
                for description in entry["descriptions"]:
                    owners.append(entry["id"])
                    texts.append(description)
            vectors = _unit(np.asarray(embed_fn(texts), dtype=np.float32))
            _field_cache[key] = (owners, vectors)
        return _field_cache[key]


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def field_scores(texts: list[str], embed_fn: EmbedFn) -> list[dict[str, float]]:
    """For each text, field id -> best cosine similarity over that field's descriptions."""
    if not texts:
        return []
    owners, field_vectors = field_matrix(embed_fn)
    vectors = _unit(np.asarray(embed_fn(texts), dtype=np.float32))
    similarity = vectors @ field_vectors.T
    ids = sorted(set(owners), key=owners.index)
    columns = {fid: [i for i, owner in enumerate(owners) if owner == fid] for fid in ids}
    result = []
    for row in similarity:
        result.append({fid: float(row[cols].max()) for fid, cols in columns.items()})
    return result
