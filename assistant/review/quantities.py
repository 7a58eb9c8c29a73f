"""Service-level quantities in free text (latency, availability, throughput) and metric thresholds.

One grammar for both sides of a comparison: a requirement statement ("respond within 300 ms at the
99th percentile") and a strategy cell ("< 500 ms" in the "Latency (p99)" row) are read by the same
functions, so a contradiction is found the same way whichever side is hand-written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["latency", "availability", "throughput"]

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_LATENCY_VALUE = re.compile(_NUMBER + r"\s*(ms|milliseconds?|s|secs?|seconds?)\b", re.I)
_PERCENT = re.compile(_NUMBER + r"\s*%")
_THROUGHPUT = re.compile(
    _NUMBER + r"\s*(?:k\s*)?(req(?:uest)?s?|transactions?|tps|rps|predictions?|calls?|scores?|claims?)"
    r"\s*(?:/|per)\s*(s|sec(?:ond)?|min(?:ute)?|h(?:our)?|day)\b", re.I)
_PERCENTILE = re.compile(r"\bp(50|90|95|99(?:\.9)?)\b|\b(50|90|95|99)(?:th|st|nd|rd)\s*percentile|\bmedian\b", re.I)
_LATENCY_WORDS = re.compile(r"latenc|response time|respond|within|turnaround", re.I)
_AVAILABILITY_WORDS = re.compile(r"availab|uptime|up-time|\bSLA\b", re.I)
_THROUGHPUT_WORDS = re.compile(r"throughput|per second|/s\b|req/s|rps|tps|per minute|volume", re.I)


@dataclass(frozen=True)
class Quantity:
    kind: Kind
    value: float  # latency in ms, availability in %, throughput in per second
    percentile: str | None = None  # "p99", "p50"; None: not stated
    text: str = ""  # the phrase it was read from, quoted in messages

    def describe(self) -> str:
        if self.kind == "latency":
            return f"{self.percentile + ' ' if self.percentile else ''}latency {_fmt(self.value)} ms"
        if self.kind == "availability":
            return f"availability {_fmt(self.value)}%"
        return f"throughput {_fmt(self.value)}/s"


def _fmt(value: float) -> str:
    return f"{value:g}"


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def percentile_of(text: str) -> str | None:
    match = _PERCENTILE.search(text)
    if not match:
        return None
    if match.group(0).lower() == "median":
        return "p50"
    return "p" + (match.group(1) or match.group(2))


def _near_percentile(text: str, match: re.Match[str]) -> str | None:
    """The percentile written beside one number: "300 ms at the 99th percentile and 120 ms at the median"."""
    after = re.split(r"[;,]| and ", text[match.end(): match.end() + 40], maxsplit=1)[0]
    before = re.split(r"[;,]| and ", text[max(0, match.start() - 25): match.start()])[-1]
    return percentile_of(after) or percentile_of(before)


def _per_second(value: float, unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("min"):
        return value / 60
    if unit.startswith("h"):
        return value / 3600
    if unit.startswith("day"):
        return value / 86400
    return value


def extract_quantities(text: str, *, hint: str = "") -> list[Quantity]:
    """Latency/availability/throughput values in `text`; `hint` (a row's metric label) sets the kind.

    Without a hint, a number is only read as a latency/availability/throughput when the sentence
    says so ("latency", "respond within", "available", "uptime"), so "95% of claims" is not an SLA.
    """
    found: list[Quantity] = []
    context = f"{hint} {text}"
    percentile = percentile_of(context)
    if _LATENCY_WORDS.search(context):
        for match in _LATENCY_VALUE.finditer(text):
            value, unit = _num(match.group(1)), match.group(2).lower()
            ms = value if unit.startswith("m") else value * 1000
            found.append(Quantity("latency", ms, _near_percentile(text, match) or percentile, match.group(0)))
    if _AVAILABILITY_WORDS.search(context):
        for match in _PERCENT.finditer(text):
            value = _num(match.group(1))
            if 90 <= value <= 100:  # an availability figure, not a share of something
                found.append(Quantity("availability", value, None, match.group(0)))
    if _THROUGHPUT_WORDS.search(context) or _THROUGHPUT.search(text):
        for match in _THROUGHPUT.finditer(text):
            value = _num(match.group(1)) * (1000 if re.search(r"\d\s*k", match.group(0), re.I) else 1)
            found.append(Quantity("throughput", _per_second(value, match.group(3)), None, match.group(0)))
    return found


def looser(strategy: Quantity, requirement: Quantity) -> bool:
    """True when the strategy's target is weaker than the requirement (slower, less available, fewer/s)."""
    if strategy.kind != requirement.kind:
        return False
    if strategy.kind == "latency":
        return strategy.value > requirement.value + 1e-9
    return strategy.value < requirement.value - 1e-9


# ---------------------------------------------------------------------------------------------------
# Metric thresholds ("PSI > 0.2", "Recall < 0.85", "F1 < 80%")
# ---------------------------------------------------------------------------------------------------

_THRESHOLD = re.compile(
    r"(?P<metric>[A-Za-z][A-Za-z0-9 /()_-]{0,40}?)?\s*(?P<op><=|>=|≤|≥|<|>|=|below|above|under|over|drops below|exceeds)\s*"
    r"(?P<value>\d+(?:\.\d+)?)\s*(?P<pct>%)?", re.I)
_METRIC_ALIASES: dict[str, tuple[str, ...]] = {
    "psi": ("psi", "population stability"),
    "ks": ("ks", "kolmogorov"),
    "chi2": ("chi-squared", "chi squared", "chi2", "χ2"),
    "precision": ("precision",),
    "recall": ("recall", "sensitivity", "true positive rate", "tpr"),
    "f1": ("f1", "f-score", "f score"),
    "accuracy": ("accuracy",),
    "auc": ("auc", "roc"),
    "cosine": ("cosine",),
}


@dataclass(frozen=True)
class Threshold:
    metric: str  # canonical metric key (psi, recall, ...)
    op: str  # "<" or ">"
    value: float  # fractions: 85% and 0.85 both read as 0.85
    text: str


def metric_key(text: str) -> str | None:
    low = text.lower()
    for key, aliases in _METRIC_ALIASES.items():
        if any(re.search(r"(?<![a-z])" + re.escape(a) + r"(?![a-z])", low) for a in aliases):
            return key
    return None


def extract_thresholds(text: str, *, metric_hint: str = "") -> list[Threshold]:
    """Comparisons in a condition or threshold cell, with the metric named in the cell or the hint."""
    out: list[Threshold] = []
    for match in _THRESHOLD.finditer(text):
        metric = metric_key(match.group("metric") or "") or metric_key(metric_hint)
        if metric is None:
            continue
        op_word = match.group("op").lower()
        op = "<" if op_word in {"<", "<=", "≤", "below", "under", "drops below"} else ">" if op_word != "=" else "="
        value = float(match.group("value"))
        if match.group("pct") or (value > 1 and metric not in {"ks", "chi2"}):
            value = value / 100
        out.append(Threshold(metric, op, round(value, 6), match.group(0).strip()))
    return out
