"""Shared data for the drafting tests: an in-memory corpus, a retriever over it, canned sections."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

CORPUS: list[dict[str, Any]] = [
    {"chunk_id": "req#1", "document": "requirements.md", "page": 1, "heading": "Functional > FR-001",
     "requirement_ids": ["FR-001"], "source": "document",
     "text": "FR-001: The system shall score each benefit claim for fraud risk with a gradient boosted model (ML-001)."},
    {"chunk_id": "req#2", "document": "requirements.md", "page": 2, "heading": "Performance > NFR-P-001",
     "requirement_ids": ["NFR-P-001"], "source": "document",
     "text": "NFR-P-001: Scoring shall complete within 300 ms at p99 latency for the claims API."},
    {"chunk_id": "req#3", "document": "requirements.md", "page": 3, "heading": "Monitoring > FR-007",
     "requirement_ids": ["FR-007"], "source": "document",
     "text": "FR-007: Data drift shall be monitored weekly; raise an alert when the population stability index exceeds 0.2."},
    {"chunk_id": "req#4", "document": "requirements.md", "page": 3, "heading": "Governance > NFR-C-001",
     "requirement_ids": ["NFR-C-001"], "source": "document",
     "text": "NFR-C-001: As a UK public sector service the department must publish an ATRS record and complete a DPIA."},
    {"chunk_id": "req#5", "document": "requirements.md", "page": 4, "heading": "Retraining > FR-009",
     "requirement_ids": ["FR-009"], "source": "document",
     "text": "FR-009: The model shall be retrained quarterly, or when drift alerts persist for two consecutive weeks."},
    {"chunk_id": "kb-drift#0", "document": "knowledge/drift-monitoring.md", "page": None, "heading": "Drift thresholds",
     "requirement_ids": [], "source": "knowledge",
     "text": "A population stability index above 0.25 usually indicates significant drift; 0.1 to 0.25 is moderate."},
]

_WORDS = re.compile(r"[a-z0-9]+")


class MemoryRetriever:
    """`search(query, project, k, *, scope, document_ids)` over CORPUS by shared-word count."""

    def __init__(self, corpus: list[dict[str, Any]] | None = None) -> None:
        self.corpus = corpus if corpus is not None else CORPUS
        self.calls: list[tuple[str, str, str]] = []

    def __call__(self, query: str, project: str, k: int = 5, *, scope: str = "both",
                 document_ids: Collection[str] | None = None) -> list[dict[str, Any]]:
        self.calls.append((query, project, scope))
        wanted = set(_WORDS.findall(query.lower()))
        hits = []
        for chunk in self.corpus:
            if scope == "project" and chunk["source"] != "document":
                continue
            if scope == "knowledge" and chunk["source"] != "knowledge":
                continue
            if document_ids is not None and chunk["document"] not in document_ids:
                continue
            score = len(wanted & set(_WORDS.findall(chunk["text"].lower() + " " + chunk["heading"].lower())))
            if score:
                hits.append({**chunk, "score": float(score)})
        hits.sort(key=lambda h: -h["score"])
        return hits[:k]


MONITORING = {
    "data_drift": [{"feature_group": "All features", "method": "PSI", "threshold": "PSI > 0.2", "action": "Alert",
                    "provenance": {"evidence": ["FR-007"]}}],
}
SERVING = {
    "performance_requirements": [{"metric": "p99 latency", "target": "< 300 ms",
                                  "provenance": {"evidence": ["NFR-P-001"]}}],
}
MODELS = {
    "models": [{"model_id": "ML-001", "name": "Fraud risk scorer", "type": "Classification",
                "purpose": "Score each benefit claim for fraud risk", "provenance": {"evidence": ["FR-001"]}}],
}


