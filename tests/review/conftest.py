"""Fixtures for the review tests: the example strategy and its requirements (read from the repository)."""

from __future__ import annotations

import pytest

from assistant.review import RequirementSet, requirements_from_file
from assistant.strategy import Strategy
from assistant.strategy.io import load_strategy

from review_paths import DRIFT_FIXTURES, EXAMPLE_JSON, EXAMPLE_MD, EXAMPLE_REQUIREMENTS  # noqa: F401

_cache: dict[str, object] = {}


def _example() -> Strategy:
    if "example" not in _cache:
        _cache["example"] = load_strategy(EXAMPLE_JSON)[0]
    return _cache["example"]  # type: ignore[return-value]


@pytest.fixture
def example() -> Strategy:
    """A fresh, mutable copy of the complete example strategy (ARC-001, benefits fraud triage)."""
    return _example().model_copy(deep=True)


@pytest.fixture(scope="session")
def requirements() -> RequirementSet:
    return requirements_from_file(EXAMPLE_REQUIREMENTS)
