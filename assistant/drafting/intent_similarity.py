"""The intent router's fallback for a request whose verb the router does not know ("knock together the
registry section"): the clause is compared, by the project's sentence embedding, with prototype requests
per act (`data/intent_prototypes.yaml`, the router author's own words). An act is chosen only when it is
clearly nearest; otherwise the router asks back. Prototype vectors are computed once per process.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

import numpy as np
import yaml

from assistant.drafting.evidence import DATA_DIR
from assistant.index.embeddings import embed_query, embed_texts

log = logging.getLogger(__name__)

# Cosine similarity the nearest prototype must reach, and its lead over the nearest prototype of another
# act (all-MiniLM-L6-v2: a request with an unfamiliar verb scores 0.3-0.5 against its act, fragments under 0.3: the fallback
# only replaces "unclear", and acts that need a target are still checked for one).
MIN_SIMILARITY = 0.3
MIN_MARGIN = 0.05

_lock = threading.Lock()


@lru_cache(maxsize=1)
def prototypes() -> dict[str, list[str]]:
    data = yaml.safe_load((DATA_DIR / "intent_prototypes.yaml").read_text("utf-8"))
    return {str(k): [str(t) for t in v] for k, v in data.items()}


@lru_cache(maxsize=1)
def _matrix() -> tuple[list[str], np.ndarray]:
    owners = [act for act, texts in prototypes().items() for _ in texts]
    vectors = np.asarray(embed_texts([t for texts in prototypes().values() for t in texts]), dtype=np.float32)
    return owners, vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def nearest_act(clause: str) -> tuple[str | None, float]:
    """The act whose prototypes the clause is clearly nearest to, with the similarity; (None, score) when
    no act is near enough or two are too close to call, or when the embedding model cannot be loaded."""
    try:
        with _lock:
            owners, matrix = _matrix()
        query = np.asarray(embed_query(clause), dtype=np.float32)
    except Exception as exc:  # noqa: BLE001 - no model: the router asks back instead of guessing
        log.warning("intent prototypes unavailable (%s); asking back", exc)
        return None, 0.0
    query = query / max(float(np.linalg.norm(query)), 1e-9)
    scores = matrix @ query
    best: dict[str, float] = {}
    for owner, score in zip(owners, scores.tolist(), strict=True):
        best[owner] = max(best.get(owner, -1.0), score)
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    (act, top), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else -1.0
    if top < MIN_SIMILARITY or top - runner_up < MIN_MARGIN:
        return None, top
    return act, top
