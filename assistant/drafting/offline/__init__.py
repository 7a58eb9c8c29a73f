"""The offline drafter (decision 3): a deterministic, grounded information extractor; no model, no network.

Evidence chunks (project documents + knowledge notes) -> facts (vocabulary mentions, quantities with
subject and unit, field mapping by embedding similarity, risk and applicability) -> a Strategy whose
every filled value cites its evidence, whose recommendations name a rule (rules.yaml) and knowledge
note, and whose gaps are open questions.

Public API:
    OfflineDrafter(evidence, *, project_name, project_id, classification)
        .draft(sections=None) -> Strategy
        .draft_section(number, strategy) -> Strategy
        .applicable_sections() -> {number: (applies, reason)}
        .facts -> ExtractedFacts
    EvidenceChunk                                  the input chunk model
    facts_from(evidence, ...) -> ExtractedFacts    the extraction alone (review/eval use)
    evidence_from_chunks / evidence_from_file / knowledge_evidence   obtaining evidence
"""

from assistant.drafting.offline.drafter import OfflineDrafter
from assistant.drafting.offline.evidence import (
    EvidenceChunk,
    evidence_from_chunks,
    evidence_from_file,
    knowledge_evidence,
)
from assistant.drafting.offline.facts import ExtractedFacts, facts_from

__all__ = [
    "OfflineDrafter", "EvidenceChunk", "ExtractedFacts", "facts_from", "evidence_from_chunks", "evidence_from_file",
    "knowledge_evidence",
]
