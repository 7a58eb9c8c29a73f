"""Thresholds that gate an eval run, kept in one file (`evals/thresholds.yaml`).

A gate either states its bound (`min` / `max`) or derives it from a measured count (`measured: "98/100"`): the
95% Wilson bound of that count, widened by `margin`, so that a difference of an item or two (int8 scoring on
another CPU, say) cannot flip CI, while a real regression still does. Every gate names its `role`:
`generalisation` (its set never trained, chose an epoch, a threshold or a pattern), `regression` (a development
set: it guards against getting worse, and is no evidence of how the product does on unseen input) or `plumbing`
(it checks that a path works, not how good its answers are). `evidence` says which set stands behind it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from assistant.config import PROJECT_ROOT
from assistant.errors import InvalidInputError

THRESHOLDS_FILE = PROJECT_ROOT / "evals" / "thresholds.yaml"
Z95 = 1.959964  # two-sided 95%


def wilson_interval(hits: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of hits/total (well-behaved near 0 and 1, unlike the normal approximation)."""
    if total <= 0 or not 0 <= hits <= total:
        raise ValueError(f"not a count: {hits}/{total}")
    p = hits / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


class Bound(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: float | None = None
    max: float | None = None
    measured: str | None = None  # "hits/total" the bound is derived from
    direction: Literal["min", "max"] = "min"  # with `measured`: a floor (rates to keep high) or a ceiling
    margin: float = 0.0  # added beyond the confidence bound
    role: Literal["generalisation", "regression", "plumbing"] = "regression"
    evidence: str | None = None

    @model_validator(mode="after")
    def _derive(self) -> Bound:
        if self.measured is None:
            return self
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", self.measured)
        if not match:
            raise ValueError(f"measured must be 'hits/total', got {self.measured!r}")
        low, high = wilson_interval(int(match[1]), int(match[2]))
        if self.direction == "min":
            self.min = round(max(0.0, low - self.margin), 4)
        else:
            self.max = round(min(1.0, high + self.margin), 4)
        return self

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
        text = " and ".join(parts)
        if self.measured:
            text += f" (95% bound of {self.measured}, margin {self.margin:g})"
        return f"{text} [{self.role}]"


class Gates(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aggregate: dict[str, Bound] = {}  # mean of a case score over the cases it applies to
    every_case: dict[str, Bound] = {}  # a case score that each case must meet
    suite: dict[str, Bound] = {}  # suite-level figures (retrieval, guardrails, time)


class Thresholds(Gates):
    # A suite named here is gated by its own set alone (the replay suite gates plumbing, not quality).
    suites: dict[str, Gates] = {}

    def for_suite(self, suite: str | None) -> Gates:
        return self.suites.get(suite or "", Gates(aggregate=self.aggregate, every_case=self.every_case,
                                                   suite=self.suite))


def load_thresholds(path: Path = THRESHOLDS_FILE) -> Thresholds:
    try:
        return Thresholds.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise InvalidInputError(f"Thresholds file {path}: {exc}") from exc
