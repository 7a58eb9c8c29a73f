"""OfflineDrafter: the embedded default drafter. No generative model, no network: extraction + rules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cached_property

from assistant.documents.markings import RANK
from assistant.drafting.offline import authority, claims
from assistant.drafting.offline.embed import EmbedFn
from assistant.drafting.offline.evidence import EvidenceChunk, owner_requirement, safe_evidence_id, strip_markup
from assistant.drafting.offline.facts import ExtractedFacts, facts_from
from assistant.drafting.offline.precision import apply_gate, clean_evidence, facts_from_evidence, options_only
from assistant.drafting.offline.questions import question_labels, tidy_questions
from assistant.drafting.offline.sections import BUILDERS, Builder
from assistant.facts import ProjectFacts, merge
from assistant.strategy import SECTIONS, Strategy
from assistant.strategy.enums import ReviewCycle
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
        project_facts: ProjectFacts | None = None,
    ) -> None:
        # What describes a document (footers, provenance, appendices) is never evidence about the system.
        evidence = list(evidence)
        self.evidence = clean_evidence(evidence)
        self.project = _with_missing_documents(project_facts, evidence)
        self.project_name = project_name
        # ArcKit documents agree on their project number; a workspace's own numbering does not override it.
        self.project_id = self.project.project_number() or project_id
        self.classification = _most_restrictive(classification, self.project)
        self._embed_fn = embed_fn
        self._today = today

    @cached_property
    def facts(self) -> ExtractedFacts:
        return self._extract(applicability_only=False)

    @cached_property
    def _applicability_facts(self) -> ExtractedFacts:
        """The facts which sections apply is decided on (signals, models, owners): the full extraction when it
        was already made, else one without the field mapping (the embedding of every statement), which the
        decision does not read: an outline is proposed without paying for a draft."""
        return self.__dict__["facts"] if "facts" in self.__dict__ else self._extract(applicability_only=True)

    def _extract(self, *, applicability_only: bool) -> ExtractedFacts:
        # Research, options and planning documents are never where a fact is taken from (the gate below drops
        # their mentions, signals and numbers), so they are not read at all: most of a large project's passages.
        extracted = facts_from(
            [c for c in self.evidence if c.source != "document" or not options_only(c.document)],
            project_name=self.project_name,
            project_id=self.project_id,
            classification=self.classification,
            embed_fn=self._embed_fn,
            applicability_only=applicability_only,
        )
        apply_gate(extracted, self.evidence, self.project)
        if applicability_only:
            return authority.apply_applicability(extracted, self.project, self.evidence)
        return authority.apply(extracted, self.project, self.evidence)

    @cached_property
    def _citations(self) -> CitationIndex:
        """Evidence ID -> cited chunk, built once per drafter (a citation pass runs after every section)."""
        return CitationIndex(self.evidence)

    @cached_property
    def _labels(self) -> dict[str, str]:
        """Chunk ID -> where it is, built once per drafter (open questions are tidied after every section)."""
        return question_labels(self.evidence)

    @cached_property
    def _passages(self) -> Callable[[str], list[str]]:
        """Evidence ID -> cited texts, built once per drafter (each section's claims pass reads it)."""
        return claims.passage_lookup(self.evidence)

    def new_strategy(self) -> Strategy:
        """A fresh DRAFT with this project's number, marking and review cycle (next review one cycle on)."""
        cycle = self.project.review_cycle()
        valid = cycle if cycle in {c.value for c in ReviewCycle} else ReviewCycle.QUARTERLY.value
        strategy = Strategy.new(self.project_id, self.project_name, self.classification, today=self._today,
                                review_cycle=valid)
        # The owner the project's requirements name; a template placeholder there leaves it for people to fill.
        strategy.document_control.owner = self.project.owner()
        return strategy

    def doc_ids(self) -> dict[str, str]:
        """File name -> the document's own Document ID (from its Document Control)."""
        return {info.document: info.doc_id for info in self.project.infos() if info.doc_id}

    def applicable_sections(self) -> dict[int, tuple[bool, str]]:
        """Section number -> (applies, reason). Sections 9 and 13 depend on the evidence; the rest always apply."""
        result = {info.number: (True, "Applies to every ML system") for info in SECTIONS}
        genai = self._applicability_facts.applicability["genai"]
        uk = self._applicability_facts.applicability["uk"]
        result[9] = (genai.applies, genai.reason)
        result[13] = (uk.applies, uk.reason)
        return result

    def draft(self, sections: list[int] | None = None) -> Strategy:
        """A new DRAFT strategy with the given sections (default: all 15) filled from the evidence."""
        strategy = self.new_strategy()
        wanted = sorted(set(sections or [info.number for info in SECTIONS]))
        for number in wanted:
            if number not in BUILDERS:
                raise KeyError(f"no section {number}: sections are numbered 1-15")
        builder = Builder(self.facts, strategy)
        # Section 15 traces what the others cite, so it is built last.
        for number in [n for n in wanted if n != 15] + ([15] if 15 in wanted else []):
            BUILDERS[number](builder)
        self._finish(strategy, wanted)
        return strategy

    def draft_section(self, number: int, strategy: Strategy) -> Strategy:
        """A copy of `strategy` with section `number` re-drafted from the evidence (others untouched)."""
        if number not in BUILDERS:
            raise KeyError(f"no section {number}: sections are numbered 1-15")
        result = strategy.model_copy(deep=True)
        fresh = self.new_strategy()  # discarded after this: its section is taken over without a copy
        field = SECTIONS[number - 1].field
        setattr(result, field, getattr(fresh, field))
        BUILDERS[number](Builder(self.facts, result))
        self._finish(result, [number])
        return result

    # ---- citations and footer ----------------------------------------------------------------------

    def _finish(self, strategy: Strategy, sections: list[int]) -> None:
        strategy.footer.model = FOOTER_MODEL
        claims.audit(strategy, self._passages, sections)
        cite(strategy, self._citations, doc_ids=self.doc_ids())
        tidy_questions(strategy, self.evidence, labels=self._labels)


def _with_missing_documents(stored: ProjectFacts | None, evidence: list[EvidenceChunk]) -> ProjectFacts:
    """The stored facts, plus facts read from the chunks of every document that has none stored (never ingested
    with the facts layer, or stored by an older extractor version, which `project_facts` skips): after an upgrade
    a draft must not lose the documents' Document Control, authority and targets until they are re-ingested.
    Read from the raw chunks: the facts layer itself knows which parts describe the document."""
    documents = list(stored.documents) if stored is not None else []
    have = {d.info.document.rsplit("/", 1)[-1] for d in documents}
    missing = [c for c in evidence if c.source == "document" and c.document.rsplit("/", 1)[-1] not in have]
    if missing:
        documents += facts_from_evidence(missing).documents
    return merge(documents, stored.project_key if stored is not None else "")


def _most_restrictive(classification: str, project: ProjectFacts) -> str:
    """The given classification or the sources' most restrictive marking, whichever is higher: never lowered."""
    marking = project.marking()
    if marking is None or marking.level not in RANK:
        return classification
    return marking.level if RANK[marking.level] > RANK.get(classification, -1) else classification


class CitationIndex:
    """Evidence ID -> the chunk its citation quotes: a requirement ID's first owning chunk, else the chunk itself.

    Why it is kept: a draft cites after every section, and building this over every chunk of a large project
    each time was a visible part of its draft time. Build one per evidence list and pass it to `cite`."""

    def __init__(self, evidence: list[EvidenceChunk]) -> None:
        self._by_chunk = {safe_evidence_id(c.chunk_id): c for c in evidence}
        self._by_requirement: dict[str, EvidenceChunk] = {}
        for chunk in evidence:
            owner = owner_requirement(chunk)
            if owner and owner not in self._by_requirement:
                self._by_requirement[owner] = chunk

    def get(self, evidence_id: str) -> EvidenceChunk | None:
        return self._by_requirement.get(evidence_id) or self._by_chunk.get(evidence_id)


def cite(strategy: Strategy, evidence: list[EvidenceChunk] | CitationIndex, *,
         doc_ids: dict[str, str] | None = None) -> None:
    """Register an ArcKit citation (document, page or heading, quoted passage) for every evidence ID the
    strategy cites that `evidence` holds; existing citations are kept."""
    index = evidence if isinstance(evidence, CitationIndex) else CitationIndex(evidence)
    refs = strategy.external_references
    known = doc_ids or {}
    doc_ids = {d.filename or "": d.doc_id or "" for d in refs.documents}
    for evidence_id in strategy.all_evidence_ids():
        cited = index.get(evidence_id)
        if cited is None:
            continue
        if cited.document not in doc_ids:
            # A document's own Document Control names it; an ARC ID that its body mentions names another one.
            doc_id = (known.get(cited.document) or known.get(cited.document.rsplit("/", 1)[-1])
                      or f"DOC-{len(doc_ids) + 1:03d}")
            doc_ids[cited.document] = doc_id
            refs.documents.append(
                DocumentRef(
                    doc_id=doc_id,
                    filename=cited.document.rsplit("/", 1)[-1],
                    type="Guidance" if cited.source == "knowledge" else "Project document",
                    source_location=cited.document,
                )
            )
        owner = owner_requirement(cited)
        family = re.sub(r"-.*$", "", owner) if owner else ""
        category = "Guidance" if cited.source == "knowledge" else _CATEGORY.get(family, "Context")
        passage = strip_markup(cited.text)
        refs.add_citation(
            evidence_id,
            cited.document.rsplit("/", 1)[-1],
            doc_id=doc_ids[cited.document],
            page_section=(cited.heading or (f"p. {cited.page}" if cited.page else None)) or None,
            category=category,
            quoted_passage=(passage[:240] + "...") if len(passage) > 240 else passage or None,
        )
