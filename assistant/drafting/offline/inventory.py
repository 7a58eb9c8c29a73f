"""AI components that a document's inventory table names by identifier.

An AI Playbook assessment, an ATRS record or a requirements document often lists the system's AI components in
a table whose first column is an identifier (AI-001, ML-002) and whose second is the component's name, a dash,
and what it does. That row states the component: it is a row of the model inventory even when no model product
is named. Only the row that defines an identifier counts (the first one whose second cell has a name and a
task); later rows that mention the identifier ("AI-001 (Procurement)") are about something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting.offline.evidence import EvidenceChunk

# "| AI-001 | Name — what it does | ..." as a markdown row, or as the ingested row "ID: AI-001 | Use case: Name —
# what it does | ..." (each cell after its column's label); a dash separates the name and the task.
_LABEL = r"(?:[^|:\n]{1,40}:\s+)?"
_ROW = re.compile(rf"^\|?\s*{_LABEL}\**(?P<id>(?:AI|ML)-\d{{2,4}})\**\s*\|\s*{_LABEL}(?P<name>[^|]{{3,80}}?)\s+(?:—|–|-)\s+"
                  r"(?P<task>[^|]{3,})(?:\||$)", re.M)
# A name cell that is a placeholder or a hedge states no component.
_UNSTATED = re.compile(r"\[|\bTBC\b|\bTBD\b|\bN/?A\b|\blikely\b", re.I)


@dataclass(frozen=True)
class InventoryRow:
    identifier: str
    name: str
    task: str
    chunk: EvidenceChunk


def inventory_rows(chunks: list[EvidenceChunk]) -> list[InventoryRow]:
    """The components defined by identifier rows, in document order, each with the chunk that holds its row."""
    rows: dict[str, InventoryRow] = {}
    for chunk in chunks:
        if chunk.source != "document":
            continue
        for m in _ROW.finditer(chunk.text):
            identifier, name = m.group("id"), m.group("name").strip(" *")
            if identifier in rows or _UNSTATED.search(name) or not re.search(r"[A-Za-z]{3}", name):
                continue
            task = re.split(r"\s+(?:—|–)\s+|;", m.group("task").strip())[0].strip(" .*")
            rows[identifier] = InventoryRow(identifier, name, task, chunk)
    return list(rows.values())


# A list of the system's AI components after a lead-in that says so ("The AI components within the playbook serve
# three functions:"), each item a bold name, the requirement it answers in brackets, and what it does:
# "1. **Content Discovery and Search** (NFR-U-002): AI-powered search across 500+ pages".
_LIST_LEAD = re.compile(r"(?i)\bAI\s+(?:components?|capabilities|functions|features)\b[^:\n]{0,80}:")
# An item (a chunk may hold the list on one line): marker, bold name, optional reference, its task up to the next
# item or the end of the line.
_LIST_ITEM = re.compile(r"(?:^|\s)(?:\d+[.)]|[-*•])\s+\*\*(?P<name>[^*\n]{3,80}?)\*\*\s*(?:\((?P<ref>[^)\n]{1,40})\))?\s*"
                        r"[:—–-]\s*(?P<task>[^\n]+?)(?=\s+(?:\d+[.)]|[-*•])\s+\*\*|\s*\n|\s*$)")


@dataclass(frozen=True)
class ListedComponent:
    name: str
    task: str
    references: tuple[str, ...]  # the requirement IDs the item names
    chunk: EvidenceChunk


def listed_components(chunks: list[EvidenceChunk]) -> list[ListedComponent]:
    """The items of every list a document introduces as its AI components, in document order."""
    out: dict[str, ListedComponent] = {}
    for chunk in chunks:
        if chunk.source != "document":
            continue
        for lead in _LIST_LEAD.finditer(chunk.text):
            at = lead.end()
            for item in _LIST_ITEM.finditer(chunk.text, at):
                if chunk.text[at:item.start()].strip():
                    break  # the list has ended: something other than an item came between
                at = item.end()
                name = item.group("name").strip(" :")
                refs = tuple(re.findall(r"\b[A-Z]{2,4}(?:-[A-Z]{1,4})?-\d{1,3}[a-z]?\b", item.group("ref") or ""))
                out.setdefault(name.casefold(), ListedComponent(name, item.group("task").strip(" ."), refs, chunk))
    return list(out.values())


# A functional requirement whose title names an AI capability ("AI Case Summarisation", "ML-Assisted Patent
# Classification") states that the system has that component, even when no model product is named yet. The
# marker is the abbreviation as a word of its own (never "AI-001", an inventory identifier, or "email").
_AI_MARKER = re.compile(r"(?<![\w-])(?:AI|ML|LLM|GenAI)(?!-?\d)(?![\w])|(?i:\bmachine[- ]learning\b|\bartificial intelligence\b)")
# Titles about the AI rather than a component of the system: a register, framework, guidance or policy for it.
_NOT_A_COMPONENT = re.compile(
    r"\b(?:governance|register|registry|framework|guidance|guide|polic(?:y|ies)|transparency|ATRS|literacy|ethic(?:s|al)|"
    r"accessibility|assurance|strategy|standards?|principles?|compliance|inventory|catalogue|regulation|procurement|"
    r"skills?|awareness|playbook|impact assessment)\b", re.I)
# The kind of model a title's capability word names (the schema's ModelType values); generative ones first.
_TITLE_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\b(?:summari[sz]\w*|generat\w*|chat\s*bot|conversational|drafting|LLM)\b"), "GenAI"),
    (re.compile(r"(?i)\b(?:transcri\w*|speech|translat\w*|language processing|NLP)\b"), "NLP"),
    (re.compile(r"(?i)\bclassif\w*"), "Classification"),
    (re.compile(r"(?i)\b(?:forecast\w*|predictive)\b"), "Time Series"),
    (re.compile(r"(?i)\brecommend\w*"), "Recommendation"),
    (re.compile(r"(?i)\banomal\w*"), "Anomaly Detection"),
    (re.compile(r"(?i)\b(?:vision|image|video|OCR)\b"), "Computer Vision"),
)


def names_ai_component(title: str) -> bool:
    """Whether a functional requirement's title names an AI component of the system (not AI governance)."""
    if _NOT_A_COMPONENT.search(title):
        return False
    # "Security Patterns for GenAI", "Guidance on AI Interfaces": the AI is what the requirement is about
    return any(not re.search(r"(?i)\b(?:for|of|on|about|to|with|in|around)\s+$", title[:m.start()])
               for m in _AI_MARKER.finditer(title))


# "AI-Assisted Generation", "ML-Powered Search": a product feature that some model assists, named by the feature.
_ASSISTED = re.compile(r"(?i)(?<![\w-])(?:AI|ML|LLM|GenAI)[- ](?:assisted|powered|enabled|driven|based|supported)\b")


def names_only_a_feature(title: str) -> bool:
    """Whether a title names a feature that a model assists ("AI-Assisted Generation") rather than the model's
    task on something ("ML-Assisted Patent Classification"): after the "AI-assisted" phrase, a single word
    (what is done, on nothing named). Such a feature uses a model; it is not one, so it is no inventory row."""
    m = _ASSISTED.search(title)
    if m is None:
        return False
    rest = re.findall(r"[A-Za-z]{2,}", f"{title[:m.start()]} {title[m.end():]}")
    return len(rest) <= 1


def title_model_type(title: str) -> str:
    """The model type a title's capability word names; "Other" when it names none."""
    return next((kind for pattern, kind in _TITLE_TYPES if pattern.search(title)), "Other")
