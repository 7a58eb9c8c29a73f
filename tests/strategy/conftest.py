"""Fixtures for the strategy tests: the example strategy and the hand-written Markdown variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.strategy.io import load_strategy
from assistant.strategy.schema import Strategy

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE_JSON = ROOT / "examples" / "ARC-001-MLOPS-v1.0.json"
EXAMPLE_MD = ROOT / "examples" / "ARC-001-MLOPS-v1.0.md"


@pytest.fixture()
def example() -> Strategy:
    return load_strategy(EXAMPLE_JSON)[0]
