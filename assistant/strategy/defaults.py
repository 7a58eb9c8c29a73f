"""A new strategy: the template's pre-filled rows (data/template_defaults.yaml) and ArcKit's start state."""

from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from assistant import __version__
from assistant.strategy.enums import Classification, DocumentStatus, ReviewCycle
from assistant.strategy.schema import Strategy

if TYPE_CHECKING:  # for the annotation only: Strategy.new calls back into this module, so the import stays lazy
    from assistant.strategy.schema import Strategy

# Months from one review to the next, by review cycle; On-Demand has no scheduled date.
_CYCLE_MONTHS = {ReviewCycle.MONTHLY: 1, ReviewCycle.QUARTERLY: 3, ReviewCycle.ANNUAL: 12}
GENERATED_BY = f"MLOps Strategy Assistant {__version__} (ArcKit `/arckit.mlops` template)"
ARCKIT_TEMPLATE_VERSION = "6.12"


@lru_cache(maxsize=1)
def template_defaults() -> dict[str, Any]:
    text = resources.files("assistant.strategy").joinpath("data", "template_defaults.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def next_review_date(start: dt.date, cycle: ReviewCycle) -> dt.date | None:
    """The date one review cycle after `start` (same day of the month, clamped to the month's end)."""
    months = _CYCLE_MONTHS.get(cycle)
    if months is None:
        return None
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
            30, 31][month - 1]
    return dt.date(year, month, min(start.day, days))


def new_strategy(
    project_id: str, name: str, classification: Classification, *, today: dt.date | None = None,
    review_cycle: ReviewCycle = ReviewCycle.QUARTERLY,
) -> Strategy:

    today = today or dt.date.today()
    data: dict[str, Any] = copy.deepcopy(template_defaults())  # the cache must not be mutated
    data["document_control"] = {
        "project_id": project_id,
        "project_name": name,
        "classification": classification.value,
        "status": DocumentStatus.DRAFT.value,
        "version": "1.0",
        "created_date": today,
        "last_modified": today,
        "review_cycle": review_cycle.value,
        "next_review_date": next_review_date(today, review_cycle),
        "reviewed_by": "PENDING",
        "approved_by": "PENDING",
    }
    data["revision_history"] = [
        {
            "version": "1.0",
            "date": today,
            "author": "MLOps Strategy Assistant",
            "changes": "Initial creation",
            "approved_by": "PENDING",
        }
    ]
    data["footer"] = {
        "generated_by": GENERATED_BY,
        "generated_on": today,
        "arckit_version": ARCKIT_TEMPLATE_VERSION,
        "project": name,
    }
    return Strategy.model_validate(data)
