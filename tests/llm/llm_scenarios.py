"""The requests the cassette tests make, shared by the tests and the live re-recording tests."""

from __future__ import annotations

import os

from pydantic import BaseModel, Field

# Keys read at import (collection), before the suite-wide fixture removes them from the environment.
LIVE_KEYS = {k: os.environ.get(k) for k in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY")}

SYSTEM = "You draft sections of an MLOps Strategy. Use only the evidence given."
CACHE_PREFIX = ("Project: Benefit Fraud Triage (OFFICIAL). Shared draft context: requirements REQ-1 to "
                "REQ-40 and the knowledge notes on drift monitoring, retraining and model cards.")
DRIFT_QUESTION = [{"role": "user", "content": "Summarise the drift monitoring requirement in one sentence."}]
SECTION_7 = [{"role": "user", "content": "Draft section 7 (Monitoring and Drift) from evidence [REQ-12]: "
                                          "'Population stability index must be checked weekly; alert above 0.2.'"}]
SECTION_8 = [{"role": "user", "content": "Draft section 8 (Retraining) from evidence [REQ-14]: "
                                          "'The model is retrained quarterly or when drift alerts persist.'"}]


class Threshold(BaseModel):
    metric: str
    threshold: str | None = None
    evidence: list[str] = Field(default_factory=list)


class DriftSection(BaseModel):
    """One drafted section of the MLOps strategy: a summary, thresholds with evidence, open questions."""

    summary: str
    thresholds: list[Threshold]
    open_questions: list[str] = Field(default_factory=list)
