"""Inventory tables that define AI components by identifier become model-inventory rows (issue 21)."""

from assistant.drafting.offline.evidence import EvidenceChunk
from assistant.drafting.offline.inventory import inventory_rows

_TABLE = """| ID | Use case | Model | Owner |
|---|---|---|---|
| AI-101 | Grant Triage Agent — sorts incoming grant applications by scheme | [NEEDS VERIFICATION] | Grants team |
| AI-102 | [TBC] — placeholder | x | y |
"""
_LATER = "| AI-101 (Grants) | Applicant region | none | **HIGH** |\n"


def _chunk(chunk_id: str, text: str) -> EvidenceChunk:
    return EvidenceChunk(chunk_id=chunk_id, document="ARC-009-AIPB-v1.0.md", text=text)


def test_a_defining_row_gives_the_identifier_name_and_task_with_its_chunk() -> None:
    rows = inventory_rows([_chunk("c1", _TABLE), _chunk("c2", _LATER)])
    assert [(r.identifier, r.name, r.task, r.chunk.chunk_id) for r in rows] == [
        ("AI-101", "Grant Triage Agent", "sorts incoming grant applications by scheme", "c1")]


def test_prose_and_later_mentions_of_an_identifier_define_nothing() -> None:
    assert inventory_rows([_chunk("c1", "AI-101 — the triage agent sorts grants.\n" + _LATER)]) == []


def test_an_ingested_row_with_column_labels_is_read_the_same_way() -> None:
    text = "Component ID: AI-201 | Use case: Fraud Flagging Model – scores claims for review | Vendor: [TBC]"
    rows = inventory_rows([_chunk("c3", text)])
    assert [(r.identifier, r.name, r.task) for r in rows] == [("AI-201", "Fraud Flagging Model", "scores claims for review")]
