"""Fixtures for retrieval tests: a project holding the committed requirement fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import get_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "requirements"

NOTE = """---
id: {id}
title: {title}
source_urls:
  - https://example.org/{id}
retrieved: 2026-11-27
version: "1"
confidence: high
---

# {title}

{body}
"""


@pytest.fixture
def fixture_project(plain_screen: None) -> str:
    from assistant.ingest import ingest_paths

    results = ingest_paths([FIXTURES], "triage")
    # "duplicate" where a module shares one data home and an earlier test already ingested them.
    assert all(r.status in ("ingested", "duplicate") for r in results), [r.error for r in results]
    return "triage"


@pytest.fixture(autouse=True)
def _plain_screen(plain_screen: None) -> None:
    """Retrieval tests never depend on the injection classifier (tests/ingest covers screening)."""


@pytest.fixture
def small_knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A three-note knowledge folder, so knowledge tests embed a few chunks rather than the whole base."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    notes = {
        "drift": ("Drift thresholds", "A PSI of 0.1 is a warning and 0.2 an alert for feature drift."),
        "atrs": ("ATRS tiers", "Tier 1 is the public summary; Tier 2 holds the detailed specialist record."),
        "cards": ("Model cards", "A model card records intended use, metrics per subgroup and limitations."),
    }
    for note_id, (title, body) in notes.items():
        (folder / f"{note_id}.md").write_text(NOTE.format(id=note_id, title=title, body=body))
    monkeypatch.setenv("MLOPS_ASSISTANT_KNOWLEDGE_DIR", str(folder))
    get_settings.cache_clear()
    return folder
