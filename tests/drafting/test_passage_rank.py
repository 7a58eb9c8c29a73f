"""Offline questions about the project are answered from where the project states the fact: inflections meet,
a requirement's own passage comes before a traceability matrix row and before research or options documents."""

from __future__ import annotations

from assistant.drafting.evidence import Evidence
from assistant.drafting.passage_rank import authority, index_passages, rank_for_question, stem


def test_stem_joins_inflections_but_keeps_short_words() -> None:
    assert stem("escalated") == stem("escalation") == stem("escalate")
    assert stem("hosted") == stem("hosting") == "host"
    assert stem("process") == stem("processes")
    assert stem("data") == "data"


def _p(pid: str, document: str, heading: str, text: str, ids: tuple[str, ...] = ()) -> Evidence:
    return Evidence(id=pid, text=text, document=document, heading=heading, requirement_ids=ids)


REQ_DEF = _p("r1", "ARC-001-REQ-v1.0.md", "Requirements > FR-002: Assisted classification",
             "Classifications below 50% confidence are escalated to a senior examiner.", ("FR-002",))
MATRIX = _p("r2", "ARC-001-REQ-v1.0.md", "Requirements > Requirements Traceability Matrix",
            "Requirement ID: FR-002 | Summary: escalation of low-confidence classification to a senior examiner",
            ("FR-002",))
RESEARCH = _p("r3", "ARC-001-RSCH-v1.0.md", "Market research > Vendors",
              "Vendors escalate classification decisions to a senior examiner queue.")
OTHER = _p("r4", "ARC-001-REQ-v1.0.md", "Requirements > NFR-P-001: Search latency", "Search returns within 2 s.",
           ("NFR-P-001",))


def test_a_requirements_own_passage_outranks_a_matrix_row_and_research() -> None:
    assert authority(REQ_DEF) > authority(RESEARCH)
    assert authority(REQ_DEF) > authority(MATRIX)
    indexed = index_passages([MATRIX, RESEARCH, OTHER, REQ_DEF])
    # the search found only the research passage and the matrix row; the requirement is still found and first
    ranked = rank_for_question("When must a classification be escalated to a senior examiner?", [RESEARCH, MATRIX],
                               indexed, k=3)
    assert ranked[0].id == "r1"
    assert "r4" not in [p.id for p in ranked]


def test_a_diagram_states_nothing_and_ranks_below_a_statement() -> None:
    diagram = _p("d1", "ARC-001-HLD-v1.0.md", "Data flow", 'mermaid flowchart LR S1["Incident systems"] --> S2["Store"]')
    statement = _p("s1", "ARC-001-REQ-v1.0.md", "Requirements > DR-002: Incident data",
                   "Data Sources: control room entries and automated incident detection.", ("DR-002",))
    assert authority(diagram) < 0 < authority(statement)
    ranked = rank_for_question("What data sources feed the incident data?", [diagram, statement],
                               index_passages([diagram, statement]), k=2)
    assert ranked[0].id == "s1"
