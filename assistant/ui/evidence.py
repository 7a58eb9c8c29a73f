"""What a section's evidence IDs resolve to for a reader: the citation marker ([BFR-C3]), the document, the
page or heading and the quoted passage. Internal chunk IDs stay in the data and never reach the label."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.documents.excerpts import excerpt
from assistant.documents.ids import REQUIREMENT_ID
from assistant.errors import AssistantError
from assistant.index.store import KNOWLEDGE, get_store
from assistant.retrieval.search import search
from assistant.strategy import Strategy
from assistant.strategy.schema import Citation
from assistant.workspace import get_workspace

SNIPPET_CHARS = 1200  # a passage is shown whole up to this length; longer ones as their whole sentences within it


@dataclass
class Evidence:
    evidence_id: str  # kept for lookups; never shown
    marker: str  # what the reader sees: the citation ID, a requirement ID, or "source n"
    document: str
    where: str
    snippet: str


def _documents(strategy: Strategy) -> dict[str, str]:
    return {d.doc_id: d.filename or d.doc_id for d in strategy.external_references.documents if d.doc_id}


def _from_citation(citation: Citation, docs: dict[str, str]) -> Evidence:
    return Evidence(evidence_id=citation.evidence_id or citation.citation_id, marker=citation.citation_id,
                    document=docs.get(citation.doc_id or "", citation.doc_id or "unknown document"),
                    where=citation.page_section or "", snippet=citation.quoted_passage or "")


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= SNIPPET_CHARS else excerpt(text, SNIPPET_CHARS)


def evidence_for(strategy: Strategy, ids: Iterable[str], project_key: str | None = None) -> list[Evidence]:
    """What each evidence ID resolves to: the strategy's citation register first, then the project's index
    (a chunk by its ID, a requirement ID by the passage that states it), else an honest 'not found'."""
    docs = _documents(strategy)
    by_evidence = {c.evidence_id: c for c in strategy.external_references.citations}
    out: list[Evidence] = []
    for number, evidence_id in enumerate(ids, start=1):
        citation = by_evidence.get(evidence_id)
        if citation is not None:
            out.append(_from_citation(citation, docs))
            continue
        marker = evidence_id if REQUIREMENT_ID.fullmatch(evidence_id) else f"source {number}"
        found = _from_index(evidence_id, marker, project_key) if project_key else None
        out.append(found or Evidence(evidence_id=evidence_id, marker=marker, document="", where="",
                                     snippet="No passage for this source was found in the citations or the index."))
    return out


def evidence_label(item: Evidence) -> str:
    """`[BFR-C3] requirements.md · 4. Non-Functional Requirements`: the marker, document and page/heading."""
    return f"[{item.marker}] {item.document or 'unknown document'}" + (f" · {item.where}" if item.where else "")


def outline_evidence(strategy: Strategy, entries: Iterable[str]) -> list[str]:
    """An outline's key evidence (`ID (document > heading)`), each labelled by its citation when the strategy's
    register has one for that ID; otherwise by the requirement ID or just the document and place."""
    docs = _documents(strategy)
    by_evidence = {c.evidence_id: c for c in strategy.external_references.citations}
    out = []
    for entry in entries:
        evidence_id, _, source = entry.partition(" (")
        evidence_id = evidence_id.strip()
        citation = by_evidence.get(evidence_id)
        if citation is not None:
            out.append(evidence_label(_from_citation(citation, docs)))
        elif REQUIREMENT_ID.fullmatch(evidence_id):
            out.append(f"[{evidence_id}] {source.removesuffix(')')}".strip())
        elif source:
            out.append(source.removesuffix(")"))
        else:
            out.append("an unnamed passage")
    return out


def _line_with(text: str, needle: str) -> str:
    """The line of `text` that holds `needle` (a requirement ID), else the whole text."""
    for line in text.splitlines():
        if needle in line:
            return line.strip()
    return text


def _from_index(evidence_id: str, marker: str, project_key: str) -> Evidence | None:
    try:
        if REQUIREMENT_ID.fullmatch(evidence_id):
            hits = [h for h in search(evidence_id, project_key, 5, scope="project")
                    if evidence_id in h.requirement_ids or evidence_id in h.text]
            if not hits:
                return None
            hit = hits[0]
            where = f"page {hit.page}" if hit.page else hit.heading
            return Evidence(evidence_id, marker, hit.document, where, _clip(_line_with(hit.text, evidence_id)))
        store = get_store()
        for scope in (get_workspace().chunk_scope(project_key), KNOWLEDGE):
            chunks = store.get(scope, ids=[evidence_id])
            if chunks:
                meta = chunks[0].metadata
                page = meta.get("page")
                where = f"page {int(page)}" if isinstance(page, (int, float)) and page else str(meta.get("heading", ""))
                document = str(meta.get("document", "")) or ("knowledge base" if scope == KNOWLEDGE else "")
                return Evidence(evidence_id, marker, document, where, _clip(chunks[0].text))
    except AssistantError:
        return None
    return None


def passage(project_key: str, chunk_id: str) -> str | None:
    """The whole stored passage behind a chat citation (the citation keeps only a short snippet)."""
    try:
        store = get_store()
        for scope in (get_workspace().chunk_scope(project_key), KNOWLEDGE):
            chunks = store.get(scope, ids=[chunk_id])
            if chunks:
                return _clip(chunks[0].text)
    except AssistantError:
        return None
    return None
