"""Unconfirmed markings: applied as the higher tier at ingestion, shown with the passage, settled by a person."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import InvalidInputError, PolicyBlockedError
from assistant.guardrails.gate import ProviderInfo, enforce_outbound
from assistant.ingest import ingest_paths
from assistant.ingest.marking_review import decide_marking, pending_reviews
from assistant.workspace import get_workspace

TEXT = ("FR-001: The service shall rank claims by risk.\n\n"
        "NFR-S-001: The service must not process SECRET data at any point.\n")


def _ingest(workdir: Path, key: str) -> str:
    path = workdir / "reqs.md"
    path.write_text(TEXT)
    (result,) = ingest_paths([path], key)
    assert result.status == "ingested"
    return result.document_id or ""


def _external_allowed(key: str) -> bool:
    try:
        enforce_outbound(ProviderInfo(name="openai", kind="external"), [{"role": "user", "content": "hi"}], [],
                         project_key=key)
    except PolicyBlockedError:
        return False
    return True


def test_unconfirmed_marking_applies_until_dismissed(workdir: Path, plain_screen: None) -> None:
    doc_id = _ingest(workdir, "review-a")
    (pending,) = pending_reviews("review-a")
    assert pending.markings == ["SECRET"] and pending.marking_review["level"] == "SECRET"
    assert "must not process SECRET data" in pending.marking_review["passages"][0]["text"]
    assert not _external_allowed("review-a")
    updated = decide_marking("review-a", doc_id, is_marking=False, user="officer")
    assert updated.markings == [] and updated.marking_review["status"] == "dismissed"
    assert _external_allowed("review-a") and pending_reviews("review-a") == []
    (event,) = get_workspace().audit_events("review-a", kind="marking_dismissed")
    assert event.detail["old"] == ["SECRET"] and event.detail["new"] == [] and event.detail["user"] == "officer"
    with pytest.raises(InvalidInputError):
        decide_marking("review-a", doc_id, is_marking=True)


def test_confirmed_marking_stays(workdir: Path, plain_screen: None) -> None:
    doc_id = _ingest(workdir, "review-b")
    assert decide_marking("review-b", doc_id, is_marking=True).markings == ["SECRET"]
    assert not _external_allowed("review-b")
