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

if TYPE_CHECKING:  # for the annotation only: Strategy.new calls back into this module, so the import stays lazy
    from assistant.strategy.schema import Strategy

# ArcKit sets Next Review Date to creation + 30 days in its other commands.
NEXT_REVIEW_DAYS = 30
GENERATED_BY = f"MLOps Strategy Assistant {__version__} (ArcKit `/arckit.mlops` template)"
ARCKIT_TEMPLATE_VERSION = "6.12"


@lru_cache(maxsize=1)
def template_defaults() -> dict[str, Any]:
    text = resources.files("assistant.strategy").joinpath("data", "template_defaults.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def new_strategy(
    project_id: str, name: str, classification: Classification, *, today: dt.date | None = None
) -> Strategy:
    from assistant.strategy.schema import Strategy

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
        "review_cycle": ReviewCycle.QUARTERLY.value,
        "next_review_date": today + dt.timedelta(days=NEXT_REVIEW_DAYS),
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
