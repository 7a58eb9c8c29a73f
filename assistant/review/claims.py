"""What a strategy line claims: thresholds of named metrics, frequencies of activities, milestone dates.

    "| Override rate | > 20% | Alert ML Lead |"   -> Threshold(metric="override rate", cmp=">", value=20, unit="%")
    "Bias audits run quarterly."                    -> Frequency(activity="bias check", value="quarterly")
    "Go-live is planned for March 2026."            -> Milestone(name="go-live", value="2026-03")

Each claim keeps its line, so a finding can quote both places. The vocabulary is data (`content.yaml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.review.doctext import Line

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
COMPARATOR = (r"(?P<cmp>>=|<=|≥|≤|>|<|=<|=>|at least|at most|no more than|no less than|more than|less than|"
              r"greater than|fewer than|above|below|exceeds?|exceeding|over|under|within|up to|minimum of|maximum of)")
VALUE = r"(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>%|ms|milliseconds?|seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|days?)?"
_THRESHOLD = re.compile(COMPARATOR + r"\s*" + VALUE, re.I)
_UPPER = {">", ">=", "≥", "=>", "at least", "no less than", "more than", "greater than", "above", "exceeds", "exceed",
          "exceeding", "over", "minimum of"}
_QUALIFIERS = re.compile(r"(?i)\b(warning|warn|critical|amber|red|target|minimum|alert)\b")
_DATE = re.compile(r"(?i)\b(?:(?P<iso>(?P<y1>20\d\d)-(?P<m1>\d\d)(?:-\d\d)?)|(?:\d{1,2}\s+)?(?P<mon>jan|feb|mar|apr|may|"
                   r"jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<y2>20\d\d)|(?P<q>q[1-4])\s*(?P<y3>20\d\d))\b")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).with_name("content.yaml")).read_text("utf-8"))


def term_regex(terms: list[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(t).replace(r"\ ", r"[\s-]+") for t in sorted(terms, key=len, reverse=True))
    return re.compile(r"(?<![a-z0-9])(?:" + body + r")(?:s|es)?(?![a-z0-9])", re.I)


@lru_cache(maxsize=1)
def _groups() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    v = vocabulary()
    return {
        "metrics": [(names[0], term_regex(names)) for names in v["metrics"]],
        "activities": [(names[0], term_regex(names)) for names in v["activities"]],
        "milestones": [(names[0], term_regex(names)) for names in v["milestones"]],
        "frequencies": [(name, term_regex(words)) for name, words in v["frequencies"].items()],
    }


def _unit(unit: str | None) -> str:
    u = (unit or "").casefold()
    if not u:
        return ""
    if u == "%":
        return "%"
    if u.startswith("m") and u not in ("minutes", "minute", "mins", "min"):
        return "ms"
    if u.startswith("s"):
        return "s"
    if u.startswith("min"):
        return "min"
    if u.startswith("h"):
        return "h"
    return "d"


def _to_base(value: float, unit: str) -> tuple[float, str]:
    """Times in seconds so 2 s and 2000 ms compare equal."""
    factors = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0}
    if unit in factors:
        return value * factors[unit], "time"
    return value, unit


@dataclass(frozen=True)
class Threshold:
    line: Line
    metric: str
    cmp: str
    value: float
    unit: str  # "", "%", "ms", "s", ...
    text: str  # the phrase as written ("> 20%")
    qualifier: str = ""

    @property
    def upper(self) -> bool:
        return self.cmp.casefold() in _UPPER

    @property
    def base(self) -> tuple[float, str]:
        return _to_base(self.value, self.unit)


@dataclass(frozen=True)
class Frequency:
    line: Line
    activity: str
    value: str


@dataclass(frozen=True)
class Milestone:
    line: Line
    name: str
    value: str  # "2026-03" or "2026-Q1"
    text: str


def _nearest(patterns: list[tuple[str, re.Pattern[str]]], text: str, before: int | None = None) -> str | None:
    """The term nearest before position `before` (or anywhere when None)."""
    best: tuple[int, str] | None = None
    for name, rx in patterns:
        for m in rx.finditer(text if before is None else text[:before]):
            if best is None or m.end() > best[0]:
                best = (m.end(), name)
    return best[1] if best else None


_CHANGE_AFTER = re.compile(r"(?i)\s*(?:pts?\b|points?\b|pp\b|percentage points?\b)")
_CHANGE_BEFORE = re.compile(r"(?i)\b(?:rises?|increases?|drops?|falls?|changes?|shifts?|jumps?|delta|by)\s*$")


def thresholds(lines: list[Line]) -> list[Threshold]:
    metrics = _groups()["metrics"]
    out: list[Threshold] = []
    for line in lines:
        places = list(enumerate(line.cells)) if line.cells else [(None, line.text)]
        for index, text in places:
            for _clause_start, clause in _clauses(text):
                for m in _THRESHOLD.finditer(clause):
                    if m.group("cmp").casefold() in ("over", "under", "within", "up to") and not m.group("unit"):
                        continue  # "over 3 years", "under 5 FTE": not thresholds of a metric
                    if _CHANGE_AFTER.match(clause, m.end()) or _CHANGE_BEFORE.search(clause[max(0, m.start() - 25):m.start()]):
                        continue  # "rise > 5 pts": a bound on a change, not on the metric's level
                    metric = _nearest(metrics, clause, m.start())
                    if metric is None and index is not None:
                        # the metric the row names; a column header alone ("Latency") does not say whose
                        metric = _nearest(metrics, " ".join(line.cells[:index]))
                    if metric is None:
                        continue
                    header = line.header[index] if index is not None and index < len(line.header) else ""
                    q = _QUALIFIERS.search(clause[: m.start()][-40:]) or _QUALIFIERS.search(header)
                    qualifier = q.group(1).casefold().replace("warn", "warning").replace("warninging", "warning") if q else ""
                    if qualifier in ("amber",):
                        qualifier = "warning"
                    if qualifier in ("red",):
                        qualifier = "critical"
                    out.append(Threshold(line, metric, m.group("cmp"), float(m.group("num")), _unit(m.group("unit")),
                                         m.group(0).strip(), qualifier if qualifier in ("warning", "critical") else ""))
    return out


def _clauses(text: str) -> list[tuple[int, str]]:
    """Sentences (and table cells' parts) so a metric named in one sentence does not own another's number."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.;!?])\s+|\s+(?:and|or|but|while|whereas)\s+(?=[a-z ]{0,40}(?:>|<|≥|≤|\d))", text):
        out.append((start, text[start:m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def frequencies(lines: list[Line]) -> list[Frequency]:
    acts, freqs = _groups()["activities"], _groups()["frequencies"]
    out: list[Frequency] = []
    for line in lines:
        units = [line.text] if line.cells else [s for _, s in _clauses(line.text)]
        for unit in units:
            # A table row's activity is its subject (first cell) or the table's heading, not a word in its
            # Action cell ("candidate retrain" on a drift row is not a retraining schedule)
            subject = line.cells[0] if line.cells else unit
            found_acts = {name for name, rx in acts if rx.search(subject)}
            if line.cells and not found_acts:
                found_acts = {name for name, rx in acts if rx.search(line.heading.split(" > ")[-1])}
            if len(found_acts) != 1:
                continue
            found = [name for name, rx in freqs if rx.search(unit)]
            if not line.cells:
                # in prose the frequency must qualify the activity ("bias audits run quarterly"), not another
                # noun in the sentence ("a weekly analysis ... leads to retraining")
                act_rx = next(rx for name, rx in acts if name in found_acts)
                near = []
                for name, rx in freqs:
                    for fm in rx.finditer(unit):
                        if any(min(abs(fm.start() - am.end()), abs(am.start() - fm.end())) <= 30
                               for am in act_rx.finditer(unit)):
                            near.append(name)
                found = list(dict.fromkeys(near))
            for value in found:
                out.append(Frequency(line, next(iter(found_acts)), value))
    return out


_RELATIVE_WORDS = r"before|after|ahead of|prior to|following|until|preceding"
_RELATIVE = re.compile(rf"(?i)\b(?:{_RELATIVE_WORDS})\b")
# The same words (and "during", "pre-", "post-") just before the milestone's name, ending the text before it: "DPIA
# before Private Beta", "defined during alpha bias testing (due 2026-08-31)", "Pre-Private Beta (2026-04)" date
# another event against it.
_RELATIVE_BEFORE = re.compile(rf"(?i)(?:\b(?:{_RELATIVE_WORDS}|during)\W*(?:the\s+)?|\b(?:pre|post)-\s*)$")


# A line reporting that the sources disagree ("REQ's own table gives earlier dates (e.g., Go-Live 2026-12-15); the
# SOW schedule is used here", "... should be reconciled") quotes another document's date, not the strategy's own.
_REPORTS_DISCREPANCY = re.compile(r"(?i)\bdiscrepan\w*|\breconcil\w*|\binconsisten\w*|\bearlier dates?\b|"
                                  r"\blater dates?\b|\bdisagree\w*")


def milestones(lines: list[Line]) -> list[Milestone]:
    names = _groups()["milestones"]
    out: list[Milestone] = []
    for line in lines:
        if _REPORTS_DISCREPANCY.search(line.text):
            continue
        for _, clause in _clauses(line.text):
            dates = list(_DATE.finditer(clause))
            if not dates:
                continue
            found = [(name, m.start()) for name, rx in names for m in rx.finditer(clause)]
            if len(found) != 1:
                continue
            name, at = found[0]
            if _RELATIVE_BEFORE.search(clause[:at]):
                continue  # "DPIA and EqIA before Private Beta (planned 2026-04)": the milestone dates another event
            for d in dates:
                between = clause[min(d.end(), at):max(d.start(), at)]
                if _RELATIVE.search(between):
                    continue  # "bias testing in 2026-04, before Private Beta": the date is another event's
                if d.group("iso"):
                    value = f"{d.group('y1')}-{d.group('m1')}"
                elif d.group("mon"):
                    value = f"{d.group('y2')}-{_MONTHS[d.group('mon').casefold()[:3]]:02d}"
                else:
                    value = f"{d.group('y3')}-{d.group('q').upper()}"
                out.append(Milestone(line, name, value, d.group(0)))
    return out


def same_time(a: str, b: str) -> bool:
    """2026-03 and 2026-Q1 are compatible; 2026-03 and 2026-05 are not."""
    if a == b:
        return True
    ya, ra = a.split("-")
    yb, rb = b.split("-")
    if ya != yb:
        return False
    if ra.startswith("Q") and not rb.startswith("Q"):
        return (int(rb) - 1) // 3 + 1 == int(ra[1])
    if rb.startswith("Q") and not ra.startswith("Q"):
        return (int(ra) - 1) // 3 + 1 == int(rb[1])
    return False
