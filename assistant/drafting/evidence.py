"""Evidence for drafting: what retrieval found for a section, how it is cited, and how it is looked up.

A cited evidence ID is a chunk ID or a requirement ID that occurs in a retrieved chunk (FR-003 is how
people cite, the chunk ID is how the store knows it). `EvidencePool.texts_for(id)` gives the text an ID
stands for, so the number check can ask "does the cited evidence contain 0.2?".

Retrieval goes through a `Retriever` (the signature of `assistant.retrieval.search`), so tests and the
benchmark can pass an in-memory one; the default imports the real hybrid search lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from assistant.drafting.offline.evidence import safe_evidence_id
from assistant.errors import AssistantError

DATA_DIR = Path(__file__).with_name("data")


def citable_id(chunk_id: str) -> str:
    """A chunk ID as the schema's `EvidenceId` allows it: the offline drafter's rule, kept in one place."""
    return safe_evidence_id(chunk_id)


class Retriever(Protocol):
    def __call__(self, query: str, project: str, k: int = 5, *, scope: str = "both",
                 document_ids: Collection[str] | None = None) -> Sequence[Any]: ...


@dataclass(frozen=True)
class Evidence:
    """One retrieved chunk, as drafting uses it (built from a retrieval `SearchHit`)."""

    id: str
    text: str
    document: str = ""
    page: int | None = None
    heading: str = ""
    requirement_ids: tuple[str, ...] = ()
    score: float = 0.0
    kind: str = "document"  # document | knowledge
    document_id: str = ""

    @property
    def source(self) -> str:
        """Where it is: `requirements.pdf p.3 > Monitoring` (for prompts, citations and the CLI)."""
        where = self.document or ("knowledge base" if self.kind == "knowledge" else "document")
        if self.page is not None:
            where += f" p.{self.page}"
        if self.heading:
            where += f" > {self.heading}"
        return where

    @property
    def last_heading(self) -> str:
        """The heading the passage sits directly under: the last part of its heading path ("" without one)."""
        return self.heading.split(" > ")[-1]

    @property
    def ids(self) -> tuple[str, ...]:
        """Every ID that may cite this chunk: its chunk ID (also as the schema-safe form the offline
        drafter cites) and the requirement IDs it states."""
        return tuple(dict.fromkeys((self.id, citable_id(self.id), *self.requirement_ids)))

    def as_chunk(self) -> dict[str, Any]:
        """The retrieval-hit shape (`evidence_from_chunks` in the offline drafter reads it)."""
        return {"chunk_id": self.id, "document": self.document, "page": self.page, "heading": self.heading,
                "requirement_ids": list(self.requirement_ids), "text": self.text, "source": self.kind}

    def prompt_item(self, *, text: str | None = None) -> dict[str, str]:
        """The {id, source, text} the prompts take; requirement IDs are listed so they can be cited."""
        cid = citable_id(self.id)
        label = cid if not self.requirement_ids else f"{cid}; cite also as {', '.join(self.requirement_ids)}"
        return {"id": label, "source": self.source, "text": self.text if text is None else text}

    @classmethod
    def from_hit(cls, hit: Any) -> Evidence:
        get = (hit.get if isinstance(hit, dict) else lambda k, d=None: getattr(hit, k, d))
        return cls(id=str(get("chunk_id") or get("id")), text=str(get("text", "")),
                   document=str(get("document", "") or ""), page=get("page"),
                   heading=str(get("heading", "") or ""),
                   requirement_ids=tuple(get("requirement_ids", ()) or ()),
                   score=float(get("score", 0.0) or 0.0), kind=str(get("source", "document") or "document"),
                   document_id=str(get("document_id", "") or ""))


@dataclass
class EvidencePool:
    """Evidence items by chunk ID, in the order found, with an index from every citable ID to its chunks."""

    items: dict[str, Evidence] = field(default_factory=dict)
    _by_id: dict[str, list[str]] = field(default_factory=dict)

    def add(self, items: Iterable[Evidence]) -> EvidencePool:
        for item in items:
            if item.id in self.items:
                continue
            self.items[item.id] = item
            for key in item.ids:
                self._by_id.setdefault(key.casefold(), []).append(item.id)
        return self

    def __contains__(self, evidence_id: str) -> bool:
        return evidence_id.casefold() in self._by_id

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Evidence]:
        return iter(self.items.values())

    def texts_for(self, evidence_id: str) -> list[str]:
        return [self.items[c].text for c in self._by_id.get(evidence_id.casefold(), [])]

    def chunks_for(self, evidence_id: str) -> list[Evidence]:
        return [self.items[c] for c in self._by_id.get(evidence_id.casefold(), [])]

    def subset(self, ids: Iterable[str]) -> EvidencePool:
        return EvidencePool().add(self.items[i] for i in ids if i in self.items)


@dataclass(frozen=True)
class SectionPlanData:
    number: int
    purpose: str
    queries: tuple[str, ...]
    k_project: int
    k_knowledge: int
    max_evidence: int


@lru_cache(maxsize=1)
def _sections_file() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "sections.yaml").read_text("utf-8"))


def first_sections() -> tuple[int, ...]:
    """Sections drafted alone before the others (they fix model IDs and warm the prompt cache)."""
    return tuple(int(n) for n in _sections_file().get("first", []))


@lru_cache(maxsize=1)
def section_data() -> dict[int, SectionPlanData]:
    """The per-section queries and purposes from `data/sections.yaml` (kept as data, not code)."""
    raw = _sections_file()
    defaults = raw.get("defaults", {})
    out: dict[int, SectionPlanData] = {}
    for number, spec in raw["sections"].items():
        merged = {**defaults, **spec}
        out[int(number)] = SectionPlanData(
            number=int(number), purpose=str(merged["purpose"]), queries=tuple(merged["queries"]),
            k_project=int(merged["k_project"]), k_knowledge=int(merged["k_knowledge"]),
            max_evidence=int(merged["max_evidence"]))
    return out


def default_retriever() -> Retriever:
    """The real hybrid search (imported here so drafting does not load embeddings until it retrieves)."""
    # lazy: the real search (bm25s, scipy, the vector store) loads only when retrieval runs; tests pass a retriever
    from assistant.retrieval.search import search

    return search  # type: ignore[return-value]


def retrieve_for_section(number: int, project: str, *, retriever: Retriever | None = None,
                         document_ids: Collection[str] | None = None) -> list[Evidence]:
    """The section's evidence: its queries over the project's documents, then the knowledge base.

    Project chunks come first (they are the user's requirements); knowledge notes fill in guidance.
    `document_ids` scopes the project search only: guidance stays available.
    """
    spec = section_data()[number]
    search = retriever or default_retriever()
    found: dict[str, Evidence] = {}
    knowledge: dict[str, Evidence] = {}
    for query in spec.queries:
        for hit in search(query, project, spec.k_project, scope="project", document_ids=document_ids):
            item = Evidence.from_hit(hit)
            if item.id not in found or found[item.id].score < item.score:
                found[item.id] = item
        if spec.k_knowledge:
            for hit in search(query, project, spec.k_knowledge, scope="knowledge"):
                item = Evidence.from_hit(hit)
                knowledge.setdefault(item.id, item)
    project_items = sorted(found.values(), key=lambda e: -e.score)
    budget = spec.max_evidence
    knowledge_budget = min(len(knowledge), max(spec.k_knowledge, budget - len(project_items)))
    chosen = project_items[: budget - knowledge_budget] + list(knowledge.values())[:knowledge_budget]
    return chosen


def safe_retrieve(number: int, project: str, *, retriever: Retriever | None = None,
                  document_ids: Collection[str] | None = None,
                  on_error: Callable[[str], None] | None = None) -> list[Evidence]:
    """`retrieve_for_section`, but an empty list (and a note) when the index is missing or empty."""
    try:
        return retrieve_for_section(number, project, retriever=retriever, document_ids=document_ids)
    except AssistantError as exc:
        if on_error:
            on_error(f"section {number}: retrieval failed ({exc}); drafting without evidence")
        return []


def whole_project_evidence(project_key: str, document_ids: Collection[str] | None = None) -> list[Evidence]:
    """Every (unflagged) chunk of the project's documents, in reading order.

    The offline drafter extracts from all of the requirements rather than from per-section search results:
    a requirement that no section query happens to retrieve must still be traced and used.
    """
    # lazy: the workspace database and vector store load only when a project's chunks are read
    from assistant.retrieval.search import whole_document
    from assistant.workspace import get_workspace

    items: list[Evidence] = []
    for record in get_workspace().list_documents(project_key):
        if document_ids is not None and record.id not in document_ids:
            continue
        hits = whole_document(project_key, record.id, max_chunks=1_000_000) or []
        items.extend(Evidence.from_hit(hit) for hit in hits)
    return items
