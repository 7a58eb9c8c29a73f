"""Passages the injection screen held back from prompts: listed per document with the screen's reason, and
released only by a person who confirms it (the release is audited with who, what, why and from where: the app's
Documents page or `mlops-assistant held-back release`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from assistant.errors import InvalidInputError
from assistant.retrieval.search import flagged_chunks, holds_back, release_chunks, search
from assistant.workspace import LOCAL_USER, get_workspace


@dataclass
class HeldBack:
    chunk_id: str  # for the release call; never shown (the CLI numbers passages in `numbered` order instead)
    document: str
    where: str
    text: str
    reason: str
    score: float
    released: bool


def held_back(project_key: str) -> dict[str, list[HeldBack]]:
    """Flagged passages of a project, grouped by document name, in reading order."""
    out: dict[str, list[HeldBack]] = defaultdict(list)
    hits = sorted(flagged_chunks(project_key), key=lambda h: (h.document, int(h.metadata.get("chunk_index", 0))))
    for hit in hits:
        meta = hit.metadata
        where = f"page {hit.page}" if hit.page else hit.heading
        out[hit.document].append(HeldBack(
            chunk_id=hit.chunk_id, document=hit.document, where=where or "", text=hit.text.strip(),
            reason=str(meta.get("injection_reasons") or "flagged by the injection classifier").replace("_", " "),
            score=float(meta.get("injection_score", 0.0)), released=bool(meta.get("injection_released"))))
    return dict(out)


def matching(query: str, project_key: str, k: int = 5, *, document_ids: Collection[str] | None = None) -> list[str]:
    """Where the held-back passages among the `k` best project matches for `query` are ("ARC-001-AIPB-v1.0.md >
    4. Human Control"), had they not been held back: a reply can say that something that may answer it was not
    read, without quoting it."""
    if not holds_back(project_key):
        return []  # most projects hold nothing back: no second search on a chat turn's path
    hits = search(query, project_key, k, scope="project", document_ids=document_ids, include_flagged=True)
    places = [f"{h.document} > {h.heading.split(' > ')[-1]}" if h.heading else h.document for h in hits
              if h.metadata.get("injection_flagged") and not h.metadata.get("injection_released")]
    return list(dict.fromkeys(places))


def numbered(project_key: str) -> list[HeldBack]:
    """Every held-back passage of a project in one order (document name, then reading order): the CLI's numbers
    are positions in it, 1-based, the same in `list` and `release` while the project's documents do not change."""
    return [item for items in held_back(project_key).values() for item in items]


def waiting(project_key: str) -> int:
    """How many of the project's passages are held back and not yet released (what drafting cannot read)."""
    return sum(1 for item in numbered(project_key) if not item.released)


def release(project_key: str, item: HeldBack, *, confirmation: str, channel: Literal["ui", "cli"] = "ui") -> None:
    """Let one held-back passage into prompts again; `confirmation` is the person's stated reason."""
    if not confirmation.strip():
        raise InvalidInputError("Say why this passage is safe to use before releasing it.")
    release_chunks(project_key, [item.chunk_id])
    get_workspace().audit(project_key, f"{channel}.passage_released", {
        "document": item.document, "where": item.where, "reason_flagged": item.reason, "score": item.score,
        "chunk_id": item.chunk_id, "confirmation": confirmation.strip(), "user": LOCAL_USER})
