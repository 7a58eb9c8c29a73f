"""Precision first: what the section builders may fill from, checked against the project's facts.

The builders' own extraction (vocabulary mentions, quantities, signals) finds candidates; a candidate is kept
only when the facts layer agrees that its clause asserts it:

- evidence that describes a document rather than the system (generation footers, provenance lines, revision
  history, traceability appendices, Document Control) is removed before anything is extracted;
- a target (latency, availability, throughput, concurrency, a model metric, a cost) is kept only when a
  quantity fact of the same metric and value, in a target, limit or load role, is stated in the same chunk:
  savings, weightings, baselines, data-quality figures and version numbers are not targets;
- a mention or signal is dropped where its clause negates it, leaves its checkbox empty or makes it
  conditional ("Phase 2", "if", "not in scope"), and where it comes from a research or options document.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.drafting.offline.evidence import EvidenceChunk, evidence_id_for, safe_evidence_id
from assistant.drafting.offline.facts import ExtractedFacts, Mention, _applicability
from assistant.drafting.offline.quantities import Quantity
from assistant.facts import (
    DocumentFacts,
    ProjectFacts,
    QuantityFact,
    RetentionFact,
    extract_document_facts,
    is_footer_line,
    merge,
    qualify,
    read_document_info,
)
from assistant.facts.arckit import arckit_data, authoritative_on, is_skipped_heading, outside_decision

RATIO_METRICS = {"accuracy", "precision", "recall", "f1", "auc", "sensitivity", "specificity", "false_positive_rate",
          "false_negative_rate", "hallucination_rate", "error_rate", "word_error_rate", "groundedness",
          "resolution_rate", "satisfaction", "hit_rate", "mean_average_precision", "detection_rate", "refusal_rate",
          "relevance"}
# Builder quantity kind -> (fact metrics that may confirm it, fact roles that make it a target).
_CONFIRMED_BY: dict[str, tuple[set[str], set[str]]] = {
    "latency": ({"latency"}, {"target", "limit"}),
    "availability": ({"availability"}, {"target", "limit"}),
    "throughput": ({"throughput"}, {"target", "limit", "load"}),
    "concurrency": ({"concurrency"}, {"target", "limit", "load"}),
    "metric": (RATIO_METRICS, {"target", "limit"}),
    "cost": ({"cost"}, {"budget", "estimate", "target"}),
}


def first_number(value: str) -> float | None:
    """The first number written in `value` (thousands separators allowed), or None."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?|\.\d+", value)
    try:
        return float(m.group(0).replace(",", "")) if m else None
    except ValueError:
        return None


def type_code(document: str) -> str | None:
    """The ArcKit type code in a file name (ARC-001-AIPB-v1.0.md -> AIPB)."""
    return read_document_info("", document.rsplit("/", 1)[-1]).type_code


def options_only(document: str) -> bool:
    return type_code(document) in set(arckit_data().get("options_only", []))


def clean_evidence(chunks: list[EvidenceChunk]) -> list[EvidenceChunk]:
    """Document chunks without footers, provenance lines and the parts that describe the document itself."""
    out = []
    for chunk in chunks:
        if chunk.source != "document":
            out.append(chunk)
            continue
        if any(is_skipped_heading(part) for part in chunk.heading.split(" > ") if part):
            continue
        lines = chunk.text.splitlines()
        kept = [line for line in lines if not is_footer_line(line)]
        if not "".join(kept).strip():
            continue
        out.append(chunk if len(kept) == len(lines) else chunk.model_copy(update={"text": "\n".join(kept)}))
    return out


def facts_from_evidence(chunks: list[EvidenceChunk]) -> ProjectFacts:
    """Project facts read from the evidence itself (each document's chunks in order), when none were stored."""
    texts: dict[str, list[str]] = {}
    headings: dict[str, list[str]] = {}
    for chunk in chunks:
        if chunk.source != "document":
            continue
        parts = texts.setdefault(chunk.document, [])
        previous = headings.get(chunk.document, [])
        path = [p for p in chunk.heading.split(" > ") if p]
        # Headings are written back between chunks so the document's structure (requirement headings,
        # appendices, Document Control) reads as it did in the file.
        same = 0
        while same < min(len(path), len(previous)) and path[same] == previous[same]:
            same += 1
        parts.extend(f"{'#' * (depth + 1)} {title}" for depth, title in enumerate(path) if depth >= same)
        headings[chunk.document] = path
        parts.append(chunk.text)
    return merge([extract_document_facts("\n\n".join(parts), name) for name, parts in texts.items()])


@lru_cache(maxsize=20_000)
def _chunk_facts(text: str, document: str) -> DocumentFacts:
    return extract_document_facts(text, document)


class Gate:
    """Checks the builders' candidates against the facts of the chunk they came from."""

    def __init__(self, evidence: list[EvidenceChunk], quantity_documents: set[str] | None = None) -> None:
        self.quantity_documents = quantity_documents
        self.by_chunk = {c.chunk_id: c for c in evidence}
        self.by_evidence: dict[str, list[EvidenceChunk]] = {}
        for chunk in evidence:
            self.by_evidence.setdefault(evidence_id_for(chunk), []).append(chunk)
            self.by_evidence.setdefault(safe_evidence_id(chunk.chunk_id), []).append(chunk)

    def _facts(self, chunk: EvidenceChunk) -> DocumentFacts:
        return _chunk_facts(chunk.text, chunk.document)

    def quantity(self, q: Quantity) -> bool:
        chunk = self.by_chunk.get(q.chunk_id)
        if chunk is None:
            return True
        if self.quantity_documents is not None and chunk.document not in self.quantity_documents:
            return False  # an assessment restating a requirement's number is not where the target is set
        target = first_number(q.value)
        if q.kind in _CONFIRMED_BY:
            metrics, roles = _CONFIRMED_BY[q.kind]
            return any(isinstance(f, QuantityFact) and f.metric in metrics and f.role in roles and f.asserted
                       and first_number(f.value) == target for f in self._facts(chunk).facts)
        if q.kind == "retention":
            return any(isinstance(f, RetentionFact) and f.asserted and first_number(f.value) == target
                       for f in self._facts(chunk).facts)
        at = chunk.text.find(q.value)
        return at < 0 or qualify(chunk.text, at, at + len(q.value), weak=False).asserted

    def mention(self, m: Mention) -> bool:
        chunk = self.by_chunk.get(m.chunk_id)
        if chunk is None:
            return True
        if options_only(chunk.document) or outside_decision(type_code(chunk.document), chunk.heading):
            return False
        at = chunk.text.find(m.surface)
        return at < 0 or qualify(chunk.text, at, at + len(m.surface)).asserted

    def evidence_ok(self, evidence_id: str, surfaces: list[str]) -> bool:
        """A signal's evidence counts unless all its chunks are options documents or deny the signal."""
        chunks = self.by_evidence.get(evidence_id, [])
        if not chunks:
            return True
        for chunk in chunks:
            if options_only(chunk.document):
                continue
            spots = [chunk.text.find(s) for s in surfaces if s and s in chunk.text]
            if not spots or any(qualify(chunk.text, at, at + 1).asserted for at in spots):
                return True
        return False


def apply_gate(facts: ExtractedFacts, evidence: list[EvidenceChunk],
               project: ProjectFacts | None = None) -> ExtractedFacts:
    """Drop the candidates the facts layer does not support (in place; returns `facts`). With the project's
    facts, targets come only from the documents authoritative on quantities (REQ) when it has any."""
    owners = None
    if project is not None:
        docs = [d.info.document for d in project.current if "quantity" in authoritative_on(d.info.type_code)]
        owners = set(docs) or None
    gate = Gate(evidence, owners)
    facts.quantities = [q for q in facts.quantities if gate.quantity(q)]
    facts.mentions = [m for m in facts.mentions if gate.mention(m)]
    for name, ids in list(facts.signals.items()):
        surfaces = list(dict.fromkeys(facts.signal_surfaces.get(name, [])))
        facts.signals[name] = [e for e in ids if gate.evidence_ok(e, surfaces)]
    # What applies (sections 9 and 13, JSP 936, ATRS) is decided again from what survived the gate.
    facts.applicability = _applicability(facts.signals, facts.signal_surfaces, facts.models)
    return facts
