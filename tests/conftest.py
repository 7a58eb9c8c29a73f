"""Shared fixtures: every test runs against a fresh data home, so nothing touches the user's workspace."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import get_settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the assistant at a temporary home and forget cached settings around each test."""
    home = tmp_path / "home"
    monkeypatch.setenv("MLOPS_ASSISTANT_HOME", str(home))
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "MLOPS_ASSISTANT_PROVIDER"):
        if os.environ.get("MLOPS_ASSISTANT_KEEP_KEYS") != "1":
            monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture
def plain_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """A deterministic stand-in for the guardrails screen, for tests about ingestion and retrieval rather than
    guardrails: it flags only a blatant instruction override, so the classifier's tuning cannot move them."""
    from assistant.ingest import pipeline

    def screen_all(texts: list[str]) -> list[pipeline._Screened]:
        out = []
        for text in texts:
            flagged = "ignore all previous instructions" in text.lower()
            out.append(pipeline._Screened(flagged, 1.0 if flagged else 0.0, ["test stub"] if flagged else [], 0, None, True))
        return out

    monkeypatch.setattr(pipeline, "_screen_all", screen_all)
