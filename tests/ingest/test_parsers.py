"""Each format parses into blocks with pages and heading paths; tables stay whole; IDs are found."""

from __future__ import annotations

from pathlib import Path

from assistant.documents.chunking import chunk_blocks, estimate_tokens
from assistant.documents.ids import find_document_ids, find_markings, find_requirement_ids
from assistant.documents.parsers import parse_bytes

from .conftest import FIXTURES, make_docx, text_pdf


def _chunks(name: str):
    path = FIXTURES / name
    parsed = parse_bytes(path, path.read_bytes())
    return parsed, chunk_blocks(parsed.blocks)


def _by_id(chunks, rid: str):
    return next(c for c in chunks if c.requirement_ids[:1] == [rid])


def test_requirement_id_families() -> None:
    text = (
        "BR-001, FR-001 and FR-ML-002 relate to NFR-P-003, NFR-SEC-001, NFR-A-001, NFR-S-002, NFR-C-001, "
        "NFR-M-001, NFR-U-001, NFR-Q-001, NFR-E-001, NFR-I-001, INT-004, DR-006, E-001, R-012 and DPIA-003."
    )
    assert find_requirement_ids(text) == [
        "BR-001", "FR-001", "FR-ML-002", "NFR-P-003", "NFR-SEC-001", "NFR-A-001", "NFR-S-002", "NFR-C-001",
        "NFR-M-001", "NFR-U-001", "NFR-Q-001", "NFR-E-001", "NFR-I-001", "INT-004", "DR-006", "E-001", "R-012",
        "DPIA-003",
    ]
    # Not IDs: parts of longer tokens, lower case, single-digit entity/risk fragments, ISO dates.
    assert find_requirement_ids("xFR-001 fr-001 R-1 E-2 2024-01-01 NFR-P-0001x") == []
    # ArcKit's older REQ documents number requirements from 1 (real project v2: FR-1, NFR-P-1, NFR-SEC-6).
    assert find_requirement_ids("FR-1 and NFR-P-1 meet NFR-SEC-6; BR-10 too.") == ["FR-1", "NFR-P-1", "NFR-SEC-6", "BR-10"]
    # A requirement inserted later keeps its letter (FR-004a), and is not read as FR-004.
    assert find_requirement_ids("FR-004a follows FR-004.") == ["FR-004a", "FR-004"]
    assert find_document_ids("See ARC-001-REQ-v1.0 and ARC-012-ADR-003-v2.1 (old ARC-001-MLOP-v1.0).") == [
        "ARC-001-REQ-v1.0", "ARC-012-ADR-003-v2.1", "ARC-001-MLOP-v1.0"
    ]


def test_markings_only_when_used_as_markings() -> None:
    assert find_markings("OFFICIAL-SENSITIVE\nBody text.") == ["OFFICIAL-SENSITIVE"]
    assert find_markings("The service must not process SECRET data.") == []
    assert find_markings("TOP SECRET\nx") == ["TOP SECRET"]


def test_markdown_heading_path_and_table_rows() -> None:
    parsed, chunks = _chunks("ARC-001-REQ-v1.0.md")
    assert parsed.kind == "markdown"
    latency = _by_id(chunks, "NFR-P-001")
    assert latency.heading_path[-1] == "3. Performance requirements"
    assert "300 ms" in latency.text
    row = _by_id(chunks, "NFR-SEC-002")
    assert row.kind == "table_row"
    # A table row is one chunk, with its column names, never split across chunks.
    assert row.text.startswith("ID: NFR-SEC-002 | Requirement: Access to training data")
    assert "Priority: MUST" in row.text and "Rationale: Least privilege" in row.text
    assert sum("NFR-SEC-002" in c.requirement_ids for c in chunks) == 1
    assert all(estimate_tokens(c.text) <= 512 for c in chunks)


def test_pdf_pages_headings_and_banner() -> None:
    parsed, chunks = _chunks("nfr-supplement.pdf")
    assert parsed.kind == "pdf" and parsed.pages == 3
    assert _by_id(chunks, "NFR-S-001").page == 1
    assert _by_id(chunks, "NFR-M-003").page == 2
    quality = _by_id(chunks, "NFR-Q-001")
    assert quality.page == 3 and quality.heading_path == ("5. Model quality",)
    # The page banner and page numbers are furniture, not content or headings.
    assert not any(c.text.strip() in ("OFFICIAL-SENSITIVE", "Page 1") for c in chunks)
    assert "OFFICIAL-SENSITIVE" in find_markings(parsed.marking_text)


def test_docx_headings_tables_and_header_marking() -> None:
    parsed, chunks = _chunks("data-requirements.docx")
    row = _by_id(chunks, "DR-002")
    assert row.kind == "table_row"
    assert row.heading_path == ("Data Requirements", "Requirements")
    assert "National Insurance numbers" in row.text and "Priority: MUST" in row.text
    assert find_markings(parsed.marking_text) == ["OFFICIAL-SENSITIVE"]
    prose = [c for c in chunks if c.heading_path[-1:] == ("Data sources",)]
    assert prose and "Claims Case Management System" in prose[0].text


def test_xlsx_and_csv_one_chunk_per_row() -> None:
    _, xlsx = _chunks("ml-requirements.xlsx")
    assert [c.requirement_ids[0] for c in xlsx] == [f"FR-ML-00{i}" for i in range(1, 9)]
    assert xlsx[1].heading_path == ("ML requirements",)
    assert "Acceptance criteria: Drift dashboard" in xlsx[1].text
    _, csv_chunks = _chunks("integration-requirements.csv")
    assert [c.requirement_ids[0] for c in csv_chunks] == [f"INT-00{i}" for i in range(1, 6)]
    assert "System: CCMS" in csv_chunks[0].text


def test_html_and_text() -> None:
    parsed, chunks = _chunks("architecture-principles.html")
    assert parsed.kind == "html"
    cloud = next(c for c in chunks if c.heading_path[-1:] == ("Cloud first",))
    assert "eu-west-2" in cloud.text
    assert not any("console.log" in c.text for c in chunks)
    _, text_chunks = _chunks("stakeholder-notes.txt")
    timeline = next(c for c in text_chunks if "April 2027" in c.text)
    assert timeline.heading_path[-1] == "2. Timeline"
    assert timeline.requirement_ids == ["NFR-Q-001"]


def test_long_prose_is_split_near_200_tokens(tmp_path: Path) -> None:
    sentence = "The model monitoring service compares live feature distributions with the training baseline. "
    path = tmp_path / "long.md"
    path.write_text("# Monitoring\n\n" + sentence * 60)
    parsed = parse_bytes(path, path.read_bytes())
    chunks = chunk_blocks(parsed.blocks)
    assert len(chunks) >= 4
    assert all(estimate_tokens(c.text) <= 210 for c in chunks)
    assert all(c.heading_path == ("Monitoring",) for c in chunks)


def test_generated_docx_and_pdf(tmp_path: Path) -> None:
    docx_path = make_docx(tmp_path / "r.docx", [("NFR-P-009", "Respond in 1 s."), ("FR-010", "Export to CSV.")])
    chunks = chunk_blocks(parse_bytes(docx_path, docx_path.read_bytes()).blocks)
    assert [c.requirement_ids for c in chunks] == [["NFR-P-009"], ["FR-010"]]
    pdf_path = text_pdf(tmp_path / "p.pdf", ["1. Scope\nFR-001: The system shall triage claims.\n\nPlain prose here."])
    chunks = chunk_blocks(parse_bytes(pdf_path, pdf_path.read_bytes()).blocks)
    assert chunks[0].requirement_ids == ["FR-001"] and chunks[0].heading_path == ("1. Scope",)


def test_markdown_tables_follow_gfm_rules() -> None:
    # Escaped pipes stay in their cell, outer pipes are optional, and a pipe run without a delimiter row is prose.
    text = (
        "# Targets\n\n"
        "Metric | Target\n--- | ---\nLatency | p95 \\| p99 under 2 s\n\n"
        "| not | a table |\n| no | delimiter |\n"
    )
    parsed = parse_bytes(Path("targets.md"), text.encode())
    rows = [b.text for b in parsed.blocks if b.kind == "table_row"]
    assert rows == ["Metric: Latency | Target: p95 | p99 under 2 s"]
    assert any("| not | a table |" in b.text for b in parsed.blocks if b.kind != "table_row")
