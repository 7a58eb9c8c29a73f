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
