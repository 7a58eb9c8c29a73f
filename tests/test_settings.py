"""Settings read from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings


def test_an_empty_home_variable_means_the_default_home_not_the_current_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("MLOPS_ASSISTANT_HOME", "")
    assert Settings().home == Path.home() / ".mlops-assistant"


def test_a_set_home_variable_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLOPS_ASSISTANT_HOME", str(tmp_path / "data"))
    assert Settings().home == tmp_path / "data"
