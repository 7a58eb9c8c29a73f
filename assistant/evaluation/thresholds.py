"""Thresholds that gate an eval run, kept in one file (`evals/thresholds.yaml`)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.config import PROJECT_ROOT
from assistant.errors import InvalidInputError

THRESHOLDS_FILE = PROJECT_ROOT / "evals" / "thresholds.yaml"


class Bound(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: float | None = None
    max: float | None = None

    def holds(self, value: float | None) -> bool:
        if value is None:
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def describe(self) -> str:
        parts = []
        if self.min is not None:
            parts.append(f">= {self.min:g}")
        if self.max is not None:
            parts.append(f"<= {self.max:g}")
        return " and ".join(parts)


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aggregate: dict[str, Bound] = {}  # mean of a case score over the cases it applies to
    every_case: dict[str, Bound] = {}  # a case score that each case must meet
    suite: dict[str, Bound] = {}  # suite-level figures (retrieval, guardrails, time)


def load_thresholds(path: Path = THRESHOLDS_FILE) -> Thresholds:
    try:
        return Thresholds.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise InvalidInputError(f"Thresholds file {path}: {exc}") from exc
