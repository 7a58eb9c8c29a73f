"""OfflineDrafter: the embedded default drafter. No generative model, no network: extraction + rules."""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property

from assistant.drafting.offline.embed import EmbedFn
from assistant.drafting.offline.evidence import EvidenceChunk, owner_requirement, safe_evidence_id, strip_markup
from assistant.drafting.offline.facts import ExtractedFacts, facts_from
from assistant.drafting.offline.sections import BUILDERS, Builder
from assistant.strategy import SECTIONS, Strategy
from assistant.strategy.schema import DocumentRef

FOOTER_MODEL = "offline (deterministic extractive drafter)"
_CATEGORY = {"BR": "Business", "FR": "Functional", "NFR": "Non-functional", "DR": "Data", "INT": "Integration"}


class OfflineDrafter:
    """Drafts a Strategy from evidence chunks: values cite their evidence, rules recommend, gaps are asked."""

    def __init__(
        self,
        evidence: list[EvidenceChunk],
        *,
        project_name: str,
        project_id: str,
        classification: str,
        embed_fn: EmbedFn | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.evidence = list(evidence)
        self.project_name = project_name
        self.project_id = project_id
        self.classification = classification
        self._embed_fn = embed_fn
        self._today = today

    @cached_property
    def facts(self) -> ExtractedFacts:
        return facts_from(
            self.evidence,
            project_name=self.project_name,
            project_id=self.project_id,
            classification=self.classification,
            embed_fn=self._embed_fn,
        )

    def applicable_sections(self) -> dict[int, tuple[bool, str]]:
        """Section number -> (applies, reason). Sections 9 and 13 depend on the evidence; the rest always apply."""
        result = {info.number: (True, "Applies to every ML system") for info in SECTIONS}
        genai = self.facts.applicability["genai"]
        uk = self.facts.applicability["uk"]
        result[9] = (genai.applies, genai.reason)
        result[13] = (uk.applies, uk.reason)
        return result

    def draft(self, sections: list[int] | None = None) -> Strategy:
        """A new DRAFT strategy with the given sections (default: all 15) filled from the evidence."""
        strategy = Strategy.new(self.project_id, self.project_name, self.classification, today=self._today)
        wanted = sorted(set(sections or [info.number for info in SECTIONS]))
        for number in wanted:
            if number not in BUILDERS:
                raise KeyError(f"no section {number}: sections are numbered 1-15")
        builder = Builder(self.facts, strategy)
        # Section 15 traces what the others cite, so it is built last.
        for number in [n for n in wanted if n != 15] + ([15] if 15 in wanted else []):
            BUILDERS[number](builder)
        self._finish(strategy)
        return strategy

    def draft_section(self, number: int, strategy: Strategy) -> Strategy:
        """A copy of `strategy` with section `number` re-drafted from the evidence (others untouched)."""
        if number not in BUILDERS:
            raise KeyError(f"no section {number}: sections are numbered 1-15")
        result = strategy.model_copy(deep=True)
        fresh = Strategy.new(self.project_id, self.project_name, self.classification, today=self._today)
        field = SECTIONS[number - 1].field
        setattr(result, field, getattr(fresh, field).model_copy(deep=True))
        BUILDERS[number](Builder(self.facts, result))
        self._finish(result)
        return result

    # ---- citations and footer ----------------------------------------------------------------------

    def _finish(self, strategy: Strategy) -> None:
        strategy.footer.model = FOOTER_MODEL
        cite(strategy, self.evidence)


def cite(strategy: Strategy, evidence: list[EvidenceChunk]) -> None:
    """Register an ArcKit citation (document, page or heading, quoted passage) for every evidence ID the
    strategy cites that `evidence` holds; existing citations are kept."""
    chunks_by_id = {safe_evidence_id(c.chunk_id): c for c in evidence}
    req_chunk: dict[str, EvidenceChunk] = {}
    for chunk in evidence:
        owner = owner_requirement(chunk)
        if owner and owner not in req_chunk:
            req_chunk[owner] = chunk
    refs = strategy.external_references
    doc_ids: dict[str, str] = {d.filename or "": d.doc_id or "" for d in refs.documents}
    for evidence_id in strategy.all_evidence_ids():
        chunk = req_chunk.get(evidence_id) or chunks_by_id.get(evidence_id)
        if chunk is None:
            continue
        if chunk.document not in doc_ids:
            arc_id = _arckit_doc_id(evidence, chunk.document)
            doc_id = arc_id or f"DOC-{len(doc_ids) + 1:03d}"
            doc_ids[chunk.document] = doc_id
            refs.documents.append(
                DocumentRef(
                    doc_id=doc_id,
                    filename=chunk.document.rsplit("/", 1)[-1],
                    type="Guidance" if chunk.source == "knowledge" else "Project document",
                    source_location=chunk.document,
                )
            )
        owner = owner_requirement(chunk)
        family = re.sub(r"-.*$", "", owner) if owner else ""
        category = "Guidance" if chunk.source == "knowledge" else _CATEGORY.get(family, "Context")
        passage = strip_markup(chunk.text)
        refs.add_citation(
            evidence_id,
            chunk.document.rsplit("/", 1)[-1],
            doc_id=doc_ids[chunk.document],
            page_section=(chunk.heading or (f"p. {chunk.page}" if chunk.page else None)) or None,
            category=category,
            quoted_passage=(passage[:240] + "...") if len(passage) > 240 else passage or None,
        )


def _arckit_doc_id(evidence: list[EvidenceChunk], document: str) -> str | None:
    from assistant.documents.ids import find_document_ids

    for chunk in evidence:
        if chunk.document == document:
            ids = find_document_ids(chunk.text)
            if ids:
                return ids[0]
    return None
