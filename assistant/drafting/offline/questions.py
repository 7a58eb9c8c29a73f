"""Open questions written for people: no chunk IDs, no duplicates, each saying who or what would answer it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from assistant.drafting.offline.data import load
from assistant.drafting.offline.evidence import EvidenceChunk, safe_evidence_id
from assistant.strategy import SECTIONS, OpenQuestion, Strategy

# An ingested chunk ID: document hash, content hash and index ("3f2a...:9c1d0e2b:00042"), raw or schema-safe.
_CHUNK_ID = re.compile(r"\b[0-9a-f]{8,40}[:\-][0-9a-f]{6,12}[:\-]\d{3,6}\b")
_ANSWER = "Answered by:"


@lru_cache(maxsize=1)
def _answers() -> dict[str, Any]:
    return load("questions.yaml")


def answered_by(topic: str | None) -> str:
    for entry in _answers()["answered_by"]:
        if topic and topic in entry["topics"]:
            return str(entry["by"])
    return str(_answers()["default"])


def question_labels(evidence: list[EvidenceChunk]) -> dict[str, str]:
    """Chunk ID (raw and schema-safe) -> "document, heading", what a question names instead of the ID."""
    labels = {}
    for chunk in evidence:
        where = chunk.document.rsplit("/", 1)[-1] + (f", {chunk.heading.split(' > ')[-1]}" if chunk.heading else "")
        labels[chunk.chunk_id] = labels[safe_evidence_id(chunk.chunk_id)] = where
    return labels


def human_text(text: str, labels: dict[str, str]) -> str:
    """The question with every chunk ID replaced by the document and heading it points to."""
    return _CHUNK_ID.sub(lambda m: labels.get(m.group(0), "a project document"), text)


def tidy_questions(strategy: Strategy, evidence: list[EvidenceChunk], *, labels: dict[str, str] | None = None) -> None:
    """Name chunks by document and heading, drop duplicate questions, say who answers each. `labels`:
    `question_labels(evidence)` when the caller keeps it (a draft tidies after every section)."""
    labels = question_labels(evidence) if labels is None else labels
    for info in SECTIONS:
        section = getattr(strategy, info.field)
        seen: set[str] = set()
        tidy: list[OpenQuestion] = []
        for question in section.open_questions:
            text = human_text(question.question, labels)
            key = re.sub(r"\W+", " ", text.split(_ANSWER)[0]).strip().casefold()
            if key in seen:
                continue
            seen.add(key)
            if _ANSWER not in text:
                text = f"{text.rstrip()} {_ANSWER} {answered_by(question.topic)}."
            tidy.append(OpenQuestion(question=text, topic=question.topic))
        section.open_questions = tidy
