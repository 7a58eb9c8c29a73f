"""Facts are extracted once at ingest, stored per document, read back by project, and removed with the document."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from assistant.facts import EXTRACTOR_VERSION, facts_dir, project_facts
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


def _age(path: Path) -> None:
    """Make a stored facts file look as if an older extractor had written it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["extractor_version"] = "0"
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.usefixtures("plain_screen")
def test_facts_from_an_older_extractor_are_read_again_from_the_kept_text(tmp_path: Path) -> None:
    path = tmp_path / "ARC-001-REQ-v1.0.md"
    path.write_text(control("ARC-001-REQ-v1.0", "OFFICIAL-SENSITIVE") +
                    "#### NFR-A-001: Availability\n\nThe service MUST achieve 99.9% uptime.\n", encoding="utf-8")
    result = ingest_file(path, "court")
    stored = facts_dir("court") / f"{result.document_id}.json"
    _age(stored)
    path.unlink()  # the user's file is gone: the kept text is all there is
    facts = project_facts("court")
    assert facts.unread == []
    assert list(facts.requirements()) == ["NFR-A-001"]
    assert [d.info.workspace_id for d in facts.documents] == [result.document_id]
    assert json.loads(stored.read_text(encoding="utf-8"))["extractor_version"] == EXTRACTOR_VERSION
    remove_document("court", result.document_id or "")
    assert list(facts_dir("court").iterdir()) == []


@pytest.mark.usefixtures("plain_screen")
def test_old_facts_without_kept_text_are_reported_and_a_reingest_keeps_the_text(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "ARC-001-REQ-v1.0.md"
    path.write_text(control("ARC-001-REQ-v1.0", "OFFICIAL") +
                    "#### FR-001: Search\n\nUsers MUST be able to search cases.\n", encoding="utf-8")
    result = ingest_file(path, "court")
    stored = facts_dir("court") / f"{result.document_id}.json"
    stored.with_suffix(".source").unlink()  # a home written before the text was kept
    _age(stored)
    with caplog.at_level(logging.WARNING):
        facts = project_facts("court")
    assert facts.documents == [] and facts.unread == [result.document_id]
    assert "ingest the same files again" in caplog.text
    again = ingest_file(path, "court")
    assert again.status == "duplicate"
    assert stored.with_suffix(".source").is_file()
    assert list(project_facts("court").requirements()) == ["FR-001"]


@pytest.mark.usefixtures("plain_screen")
def test_a_fault_in_fact_extraction_loses_neither_the_ingest_nor_the_project_facts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ARC-001-REQ-v1.0.md"
    path.write_text(control("ARC-001-REQ-v1.0", "OFFICIAL") + "#### FR-001: Search\n\nUsers MUST search.\n",
                    encoding="utf-8")

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("extractor fault")

    monkeypatch.setattr("assistant.facts.extract.extract_document_facts", broken)
    result = ingest_file(path, "court")
    assert result.status == "ingested"
    stored = facts_dir("court") / f"{result.document_id}.json"
    _age(stored)  # and on load, re-reading from the kept text meets the same fault
    facts = project_facts("court")
    assert facts.unread == [] and len(facts.documents) == 1
    assert facts.documents[0].skipped == ["fact extraction failed: extractor fault"]
    assert facts.documents[0].info.workspace_id == result.document_id
