"""The facts extractor's vocabulary (`vocabulary.yaml`), loaded once, as compiled patterns."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    return yaml.safe_load(resources.files("assistant.facts").joinpath("vocabulary.yaml").read_text(encoding="utf-8"))


def words(items: list[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive alternation (longest first); entries may hold regex fragments."""
    ordered = sorted(items, key=len, reverse=True)
    parts = []
    for item in ordered:
        body = item if re.search(r"[\\\[\]().?*+$]", item) else re.escape(item).replace(r"\ ", r"[\s-]+")
        # An entry written in capitals is an acronym and matches only in capitals ("ASR", not "asr").
        parts.append(f"(?-i:{body})" if item.isupper() else body)
    body = "|".join(parts)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{body})(?![A-Za-z0-9])", re.I)


@cache
def pattern(key: str) -> re.Pattern[str]:
    return words(data()[key])


def scope_qualifier(title: str) -> str | None:
    """The words of a heading or list label that make what is under it conditional ("Out of Scope")."""
    m = pattern("scope_headings").search(title)
    return m.group(0) if m else None


def is_criteria_label(title: str) -> bool:
    """A heading or list label whose checkboxes are criteria to verify ("Acceptance Criteria"), not choices."""
    return bool(pattern("criteria_labels").search(title))


@lru_cache(maxsize=1)
def metric_patterns() -> dict[str, tuple[re.Pattern[str] | None, str]]:
    return {name: (words(spec["words"]) if spec["words"] else None, spec["units"]) for name, spec in data()["metrics"].items()}


@lru_cache(maxsize=1)
def model_terms() -> tuple[tuple[dict[str, Any], re.Pattern[str]], ...]:
    return tuple((entry, words([entry["name"], *entry.get("aliases", [])])) for entry in data()["models"])
