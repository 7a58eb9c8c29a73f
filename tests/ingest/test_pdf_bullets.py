"""Bulleted requirements in a PDF each become their own chunk, whatever glyph the bullet was extracted as."""

from __future__ import annotations

from pathlib import Path

from assistant.evaluation.cases import markdown_to_pdf
from assistant.documents.chunking import chunk_blocks
from assistant.documents.parsers import parse_bytes


def test_each_bulleted_requirement_in_a_pdf_starts_its_own_chunk(tmp_path: Path) -> None:
    pdf = tmp_path / "reqs.pdf"
    markdown_to_pdf(
        "# Requirements\n\n"
        "- FR-001: The assistant shall answer questions about Self Assessment.\n"
        "- FR-ML-002: The assistant shall use a large language model with retrieval.\n"
        "- NFR-P-001: The first token shall appear within 2 seconds.\n",
        pdf,
    )
    chunks = chunk_blocks(parse_bytes(pdf, pdf.read_bytes()).blocks)
    with_ids = [c for c in chunks if c.requirement_ids]
    assert [c.requirement_ids for c in with_ids] == [["FR-001"], ["FR-ML-002"], ["NFR-P-001"]]
    assert all(c.text.startswith(c.requirement_ids[0]) for c in with_ids)
