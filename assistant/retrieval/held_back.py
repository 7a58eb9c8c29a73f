"""Passages the injection screen held back from prompts: listed per document with the screen's reason and what
each states that a draft would use (its facts), and released only by a person who confirms it (the release is
audited with who, what, why and from where: the app's Documents page or `mlops-assistant held-back release`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from assistant.errors import InvalidInputError
from assistant.facts import Fact, QuantityFact, clause_key, project_facts, squash
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
    # What the passage states that a draft would use ("risk level", "latency figure"): the kinds of the facts read
    # from it at ingest, so a person can release first the passages a draft is missing.
    states: tuple[str, ...] = ()


def held_back(project_key: str) -> dict[str, list[HeldBack]]:
    """Flagged passages of a project, grouped by document name, in reading order."""
    out: dict[str, list[HeldBack]] = defaultdict(list)
    hits = sorted(flagged_chunks(project_key), key=lambda h: (h.document, int(h.metadata.get("chunk_index", 0))))
    stated = _stated_facts(project_key) if hits else {}
    for hit in hits:
        meta = hit.metadata
        where = f"page {hit.page}" if hit.page else hit.heading
        states = _states(stated, hit.document, hit.text)
        out[hit.document].append(HeldBack(
            chunk_id=hit.chunk_id, document=hit.document, where=where or "", text=hit.text.strip(),
            reason=str(meta.get("injection_reasons") or "flagged by the injection classifier").replace("_", " "),
            score=float(meta.get("injection_score", 0.0)), released=bool(meta.get("injection_released")),
            states=states))
    return dict(out)


# What a fact of each kind is to a person deciding what to release (a quantity says which figure it is).
_KIND_LABELS = {"model": "AI model", "data_source": "data source", "marking": "marking", "risk_level": "risk level",
                "retention": "retention period", "fairness_group": "fairness group", "personal_data": "personal data",
                "platform": "platform choice", "cadence": "how often something is done",
                "oversight": "human oversight model", "stakeholder": "accountable person", "requirement": "requirement"}


def _label(fact: Fact) -> str:
    return f"{fact.metric.replace('_', ' ')} figure" if isinstance(fact, QuantityFact) else _KIND_LABELS.get(fact.kind, fact.kind)


def _states(stated: dict[str, list[tuple[str, str]]], document: str, text: str) -> tuple[str, ...]:
    """The labels of the facts whose clause this passage of `document` holds, once each."""
    squashed = squash(text)
    return tuple(dict.fromkeys(label for key, label in stated.get(_file_name(document), []) if key in squashed))


def _stated_facts(project_key: str) -> dict[str, list[tuple[str, str]]]:
    """Per document file name, the (clause key, label) of each fact its text asserts."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for document in project_facts(project_key).documents:
        for fact in document.facts:
            key = clause_key(fact.clause, fact.source.text)
            if key and fact.asserted:
                out[_file_name(fact.source.document)].append((key, _label(fact)))
    return out


def _file_name(document: str) -> str:
    return document.rsplit("/", 1)[-1]


def matching(query: str, project_key: str, k: int = 5, *, document_ids: Collection[str] | None = None) -> list[str]:
    """Where the held-back passages among the `k` best project matches for `query` are, and what facts each states
    ("ARC-001-AIPB-v1.0.md > 4. Human Control (states: human oversight model)"), had they not been held back: a
    reply can say that something that may answer it was not read, without quoting it."""
    if not holds_back(project_key):
        return []  # most projects hold nothing back: no second search on a chat turn's path
    hits = search(query, project_key, k, scope="project", document_ids=document_ids, include_flagged=True)
    unread = [h for h in hits if h.metadata.get("injection_flagged") and not h.metadata.get("injection_released")]
    stated = _stated_facts(project_key) if unread else {}
    places = []
    for h in unread:
        place = f"{h.document} > {h.heading.split(' > ')[-1]}" if h.heading else h.document
        states = _states(stated, h.document, h.text)
        places.append(f"{place} (states: {', '.join(states)})" if states else place)
    return list(dict.fromkeys(places))


def numbered(project_key: str) -> list[HeldBack]:
    """Every held-back passage of a project in one order (document name, then reading order): the CLI's numbers
    are positions in it, 1-based, the same in `list` and `release` while the project's documents do not change."""
    return [item for items in held_back(project_key).values() for item in items]


def waiting(project_key: str) -> list[HeldBack]:
    """The project's passages held back and not yet released: what drafting cannot read."""
    # the cached corpus answers without a store query or a read of the facts: the Draft page asks on every render,
    # and most projects hold nothing back
    if not holds_back(project_key):
        return []
    return [item for item in numbered(project_key) if not item.released]


def unread_note(items: list[HeldBack]) -> str:
    """How many passages a draft could not read, and how many of them state facts it would use ("... 3 of them
    state a risk level, a human oversight model"); "" when none."""
    if not items:
        return ""
    with_facts = [item for item in items if item.states]
    note = f"{len(items)} passage(s) held back by the injection screen were not read"
    if with_facts:
        kinds = list(dict.fromkeys(label for item in with_facts for label in item.states))
        note += (f"; {len(with_facts)} of them state what a draft would use ({', '.join(kinds[:5])}"
                 f"{', ...' if len(kinds) > 5 else ''})")
    return note + "."


def release(project_key: str, item: HeldBack, *, confirmation: str, channel: Literal["ui", "cli"] = "ui") -> None:
    """Let one held-back passage into prompts again; `confirmation` is the person's stated reason."""
    if not confirmation.strip():
        raise InvalidInputError("Say why this passage is safe to use before releasing it.")
    release_chunks(project_key, [item.chunk_id])
    get_workspace().audit(project_key, f"{channel}.passage_released", {
        "document": item.document, "where": item.where, "reason_flagged": item.reason, "score": item.score,
        "chunk_id": item.chunk_id, "confirmation": confirmation.strip(), "user": LOCAL_USER})
