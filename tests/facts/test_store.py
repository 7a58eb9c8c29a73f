"""Facts are extracted once at ingest, stored per document, read back by project, and removed with the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.facts import facts_dir, project_facts
from assistant.ingest import ingest_file, remove_document

from .test_extract import control


@pytest.mark.usefixtures("plain_screen")
def test_ingest_stores_facts_and_removal_deletes_them(tmp_path: Path) -> None:
    path = tmp_path / "ARC-001-REQ-v1.0.md"
    path.write_text(control("ARC-001-REQ-v1.0", "OFFICIAL-SENSITIVE") +
                    "#### NFR-A-001: Availability\n\nThe service MUST achieve 99.9% uptime.\n", encoding="utf-8")
    result = ingest_file(path, "court")
    assert result.status == "ingested"
    facts = project_facts("court")
    assert [d.info.workspace_id for d in facts.documents] == [result.document_id]
    assert facts.marking() is not None and facts.marking().level == "OFFICIAL-SENSITIVE"  # type: ignore[union-attr]
    assert list(facts.requirements()) == ["NFR-A-001"]
    remove_document("court", result.document_id or "")
    assert project_facts("court").documents == []


def test_unreadable_facts_file_is_ignored_not_fatal() -> None:
    folder = facts_dir("p")
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    assert project_facts("p").documents == []
