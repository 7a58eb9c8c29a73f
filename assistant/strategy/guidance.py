"""UK guidance vocabularies kept as data (`data/*.yaml`): the AI Playbook principles, ATRS tiers, JSP 936.

Drafting and review import these functions rather than copying the lists.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import yaml


class Principle(NamedTuple):
    number: int
    title: str
    variants: tuple[str, ...] = ()


def _load(name: str) -> dict[str, Any]:
    text = resources.files("assistant.strategy").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def ai_playbook_principles() -> tuple[Principle, ...]:
    """The ten AI Playbook principles (GDS, Feb 2025) in their official wording, numbered 1-10."""
    data = _load("ai_playbook_principles.yaml")
    return tuple(
        Principle(int(p["number"]), str(p["title"]), tuple(p.get("variants", ()))) for p in data["principles"]
    )


def principle_label(number: int) -> str:
    """How the principle appears in the strategy's table, e.g. `1. You know what AI is and ...`."""
    return f"{number}. {ai_playbook_principles()[number - 1].title}"


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def match_principle(text: str) -> int | None:
    """The principle number a table cell names: by number ("Principle 3", "3.") or by (variant) wording."""
    cleaned = text.strip().strip("*").strip()
    m = re.match(r"^(?:principle\s*)?(\d{1,2})\b[.:)]?\s*(.*)$", cleaned, re.IGNORECASE)
    if m and 1 <= int(m.group(1)) <= 10:
        return int(m.group(1))
    key = _key(cleaned)
    for p in ai_playbook_principles():
        if key in {_key(p.title), *(_key(v) for v in p.variants)}:
            return p.number
    return None


@lru_cache(maxsize=1)
def uk_guidance() -> dict[str, Any]:
    """ATRS tiers and ArcKit's (unverified) JSP 936 banding."""
    return _load("uk_guidance.yaml")
