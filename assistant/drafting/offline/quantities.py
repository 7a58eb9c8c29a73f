"""Quantities with their subject and unit, found by regex over normalised evidence text.

"p99 latency < 300 ms", "99.9% availability", "retain for 7 years", "PSI > 0.2", "1,000 requests per
second", "retrain monthly". A quantity keeps the exact number as written in its chunk, so whatever the
drafter prints from it can be checked against the text it cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_CMP_WORDS = {
    "<": "<", "<=": "≤", "=<": "≤", ">": ">", ">=": "≥", "=>": "≥", "=": "=",
    "at or above": "≥", "at or below": "≤", "under": "<", "below": "<", "less than": "<", "lower than": "<", "fewer than": "<", "within": "≤",
    "no more than": "≤", "not more than": "≤", "not exceed": "≤", "not exceeding": "≤", "at most": "≤",
    "a maximum of": "≤", "maximum of": "≤", "max": "≤", "maximum": "≤", "up to": "≤",
    "at least": "≥", "a minimum of": "≥", "minimum of": "≥", "minimum": "≥", "min": "≥", "no less than": "≥",
    "not less than": "≥", "above": ">", "over": ">", "more than": ">", "greater than": ">", "exceeds": ">",
    "exceed": ">", "exceeding": ">", "exceeding:": ">", "of": "", "is": "", "at": "",
}
CMP = r"(?P<cmp><=|>=|=<|=>|<|>|=|at or above|at or below|no more than|not more than|not exceed(?:ing)?|at most|a maximum of|maximum of|maximum|max|up to|within|under|below|less than|lower than|fewer than|at least|a minimum of|minimum of|minimum|min|no less than|not less than|above|over|more than|greater than|exceeds?|exceeding|of|is|at)?"


@dataclass(frozen=True)
class Quantity:
    kind: str  # latency, throughput, concurrency, availability, retention, drift, metric, fairness, confidence,
    #            frequency, volume, data_size, cost, tokens
    subject: str
    comparator: str  # "", "<", "≤", ">", "≥", "="
    value: str  # the number as written (or a frequency word)
    unit: str
    text: str  # the matched passage
    chunk_id: str
    evidence_id: str
    role: str = "target"  # target | floor (an alert/critical level) | warning | record (a record type's period)
    # A period counted from an event or bounded by another ("Lifetime of asset + 7 years", "5 years to
    # indefinite"): the words before and after the figure that make it that period, not a flat one.
    before: str = ""
    after: str = ""

    def display(self) -> str:
        value = f"{self.value}{self.unit}" if self.unit in ("%", "") else f"{self.value} {self.unit}"
        value = f"{self.comparator} {value}".strip() if self.comparator else value
        return " ".join(p for p in (self.before, value, self.after) if p)


def normalise(text: str) -> str:
    text = re.sub(r"[*_`]+", "", text)
    text = text.replace("\u2264", "<=").replace("\u2265", ">=").replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("\u00a0", " ").replace("\u2009", " ")
    return re.sub(r"\s+", " ", text).strip()


def _cmp(raw: str | None) -> str:
    return _CMP_WORDS.get((raw or "").strip().casefold(), "")


def _sentence_at(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start), text.rfind(" | ", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("; ", end), text.find(" | ", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 if left >= 0 else 0 : right]


_LATENCY_WORDS = re.compile(r"latenc|response time|respond|responds|returned within|return(?:s|ed)? (?:a|the|each|its) (?:\w+ )?(?:score|result|response|prediction|answer|classification)|turnaround|time to first|round[- ]trip", re.I)
_PERCENTILE = re.compile(r"\b[pP](\d{2}(?:\.\d)?)\b|\b(\d{2}(?:\.\d)?)(?:th|st|nd|rd) percentile\b|\b(median|average|mean)\b", re.I)
_TIME_UNIT = r"(?P<unit>ms|milliseconds?|msec|s|secs?|seconds?|minutes?|mins?)"
_RATE = r"(?:per|a|an|each|/)\s*(?P<per>second|sec|s|minute|min|hour|hr|day|week|month|year|annum)"
_ITEMS = r"(?P<items>requests?|transactions?|predictions?|inferences?|queries|query|calls?|claims?|messages?|events?|documents?|images?|scores?|applications?|cases?|records?|conversations?|questions?|sessions?|users?|referrals?|tiles?|frames?|items?)"
_MULT = r"(?:\s?(?P<mult>k|K|thousand|million|m|M|bn|billion))?"

_METRICS = {
    "precision": "Precision", "recall": "Recall", "accuracy": "Accuracy", "f1 score": "F1 Score", "f1-score": "F1 Score",
    "f1": "F1 Score", "auc": "AUC", "auroc": "AUC", "roc auc": "AUC", "roc-auc": "AUC", "map": "mAP",
    "mean average precision": "mAP", "false positive rate": "False positive rate", "fpr": "False positive rate",
    "false negative rate": "False negative rate", "fnr": "False negative rate", "sensitivity": "Sensitivity",
    "specificity": "Specificity", "hit rate": "Hit rate", "groundedness": "Groundedness", "faithfulness": "Faithfulness",
    "answer accuracy": "Answer accuracy", "hallucination rate": "Hallucination rate", "error rate": "Error rate",
    "detection rate": "Detection rate", "top-1 accuracy": "Top-1 accuracy", "top-5 accuracy": "Top-5 accuracy",
    "citation accuracy": "Citation accuracy", "refusal rate": "Refusal rate", "resolution rate": "Resolution rate",
}
_METRIC_NAMES = "|".join(sorted((re.escape(k) for k in _METRICS), key=len, reverse=True))
_FREQ = r"(?P<{name}>daily|weekly|fortnightly|monthly|quarterly|annually|yearly|nightly|every\s+(?:\d+|two|three|four|six|twelve)\s+(?:days?|weeks?|months?|years?)|every (?:day|week|month|quarter|year)|each (?:day|week|month|quarter|year)|once a (?:day|week|month|quarter|year)|at least (?:once a|every) (?:day|week|month|quarter|year))"

_PATTERNS: dict[str, re.Pattern[str]] = {
    "latency": re.compile(rf"{CMP}\s*(?P<num>{NUM})\s?{_TIME_UNIT}\b(?!\s*(?:per|/))", re.I),
    "throughput": re.compile(rf"{CMP}\s*(?P<num>{NUM}){_MULT}\s+(?:\w+\s){{0,2}}?{_ITEMS}\s*{_RATE}\b", re.I),
    "throughput_acr": re.compile(rf"{CMP}\s*(?P<num>{NUM}){_MULT}\s?(?P<acr>TPS|RPS|QPS|req/s|requests/s)\b"),
    "concurrency": re.compile(rf"{CMP}\s*(?P<num>{NUM}){_MULT}\s+concurrent\s+(?P<items>users|sessions|requests|connections)", re.I),
    "availability": re.compile(rf"(?:availability|uptime|available)[^.%\d]{{0,40}}?{CMP}\s*(?P<num>\d{{2}}(?:\.\d+)?)\s?%", re.I),
    "availability_rev": re.compile(rf"{CMP}\s*(?P<num>\d{{2}}(?:\.\d+)?)\s?%\s*(?:availability|uptime|available|service availability)", re.I),
    "retention": re.compile(rf"(?P<lead>retain(?:ed)?|retention|kept|keep|stored?|held|hold|archived?|deleted? after|purged? after|destroyed after)[^.;|]{{0,80}}?(?:for\s+)?(?:at least\s+|a minimum of\s+|up to\s+|a maximum of\s+|no longer than\s+|of\s+)?(?P<num>{NUM}|one|two|three|five|six|seven|ten)\s?(?P<unit>years?|months?|days?|weeks?)\b", re.I),
    "psi": re.compile(rf"(?:\bPSI\b|population stability index)(?:\s*\(PSI\))?[^.;\d]{{0,40}}?{CMP}\s*(?P<num>{NUM})", re.I),
    "ks": re.compile(rf"(?:\bKS\b|Kolmogorov[- ]Smirnov)[^.;]{{0,60}}?(?:p[- ]?value|\bp\b)\s*{CMP}\s*(?P<num>{NUM})", re.I),
    "chi2": re.compile(rf"chi[- ]?squared?[^.;]{{0,60}}?(?:p[- ]?value|\bp\b)\s*{CMP}\s*(?P<num>{NUM})", re.I),
    "js": re.compile(rf"(?:Jensen[- ]Shannon|JS distance|JS divergence)[^.;\d]{{0,40}}?{CMP}\s*(?P<num>{NUM})", re.I),
    "metric": re.compile(rf"(?P<metric>\b(?:{_METRIC_NAMES})\b)(?:\s+score)?(?:\s+\([^)]*\))?[^.;%\d]{{0,50}}?{CMP}\s*(?P<num>{NUM})\s?(?P<pct>%|percent|per cent)?", re.I),
    "metric_rev": re.compile(rf"{CMP}\s*(?P<num>{NUM})\s?(?P<pct>%|percent|per cent)?\s+(?P<metric>\b(?:{_METRIC_NAMES})\b)", re.I),
    "fairness": re.compile(rf"(?P<metric>disparit(?:y|ies)|difference|ratio|parity|gap)[^.;\d]{{0,60}}?{CMP}\s*(?P<num>{NUM})\s?(?P<pct>%|percentage points?|pp|percent)?", re.I),
    "confidence": re.compile(rf"(?P<metric>confidence|probability|risk score|score)(?:\s+(?:score|threshold))?[^.;\d]{{0,30}}?{CMP}\s*(?P<num>0?\.\d+|\d{{1,3}}\s?%)", re.I),
    "frequency": re.compile(
        rf"(?:(?:retrain\w*|re-train\w*|recalibrat\w*|model refresh\w*|refresh\w* the model)[^.;]{{0,60}}?\b{_FREQ.format(name='freq')}"
        rf"|{_FREQ.format(name='freq2')}\s+(?:model\s+)?(?:retrain\w*|re-train\w*|recalibrat\w*))",
        re.I,
    ),
    "volume": re.compile(rf"(?P<num>{NUM}){_MULT}\s+(?:\w+\s){{0,2}}?(?P<items>records|claims|rows|transactions|documents|images|applications|cases|referrals|customers|citizens|claimants|queries|conversations|labelled examples|examples|tiles)\b(?:\s*{_RATE}|\s+(?P<ann>annually|a year|per annum|each year))?", re.I),
    "data_size": re.compile(rf"(?P<num>{NUM})\s?(?P<unit>GB|TB|PB|MB)\b"),
    "cost": re.compile(rf"(?:£|GBP\s?)(?P<num>{NUM}){_MULT}\s*(?:{_RATE}|(?P<ann>annually|a year|per annum|monthly))?", re.I),
    "missing": re.compile(rf"(?:{CMP}\s*(?P<num>{NUM})\s?%\s+(?:of\s+)?missing(?: values?)?|missing values?[^.;\d]{{0,30}}?(?P<cmp2>above|over|more than|exceeds?|>|>=)\s*(?P<num2>{NUM})\s?%)", re.I),
    "traffic": re.compile(rf"(?:(?:traffic|requests)[^.;\d]{{0,30}}?{CMP}\s*(?P<num>{NUM})\s?%|(?P<cmp2>no more than|up to|at most|<=|<)?\s*(?P<num2>{NUM})\s?%\s+of\s+(?:live\s+)?(?:traffic|requests))", re.I),
    "window": re.compile(r"(?:over|across|on)\s+a\s+(?P<num>\d+)[- ]day\s+(?:rolling\s+)?window|rolling\s+(?P<num2>\d+)[- ]day|(?P<word>rolling (?:week|month|quarter))", re.I),
    "fairness_range": re.compile(rf"(?P<metric>ratio|disparit(?:y|ies)|parity)[^.;]{{0,80}}?between\s+(?P<lo>{NUM})\s+and\s+(?P<hi>{NUM})", re.I),
    "date_range": re.compile(r"\bfrom\s+(?P<lo>(?:19|20)\d{2})\s+(?:to|until|-)\s+(?P<hi>(?:19|20)\d{2})\b", re.I),
    "tokens": re.compile(rf"{CMP}\s*(?P<num>{NUM}){_MULT}\s+tokens\b", re.I),
}

# Why gates: most passages state no quantity, yet a pattern that opens with the optional comparator (CMP) is
# tried at every character of every passage, which made extraction the largest cost of a large project's draft.
# A gate is a necessary condition for its pattern (the pattern without its optional comparator, or a word every
# match contains), cheap to search; when the gate finds nothing the pattern cannot match, so it is not run.
# The results are identical: a pattern that can match is run over the whole text exactly as before.
_CMP_LEAD = CMP + r"\s*"
_GATES: dict[str, re.Pattern[str]] = {
    key: re.compile(r"(?=\d|\.\d)" + pattern.pattern[len(_CMP_LEAD):], pattern.flags)  # every NUM starts so
    for key, pattern in _PATTERNS.items() if pattern.pattern.startswith(_CMP_LEAD)
}
_GATES.update({
    "availability": re.compile(r"availab|uptime", re.I),
    "missing": re.compile(r"missing", re.I),
    "traffic": re.compile(r"traffic|requests", re.I),
    "frequency": re.compile(r"retrain|re-train|recalibrat|refresh", re.I),
})


def _finditer(key: str, text: str) -> Iterator[re.Match[str]]:
    """`_PATTERNS[key].finditer(text)`, skipped when its gate shows it cannot match."""
    gate = _GATES.get(key)
    if gate is not None and not gate.search(text):
        return iter(())
    return _PATTERNS[key].finditer(text)


_RETENTION_CLAUSE = re.compile(rf"[;,]\s*(?:and\s+)?(?P<what>[a-z][\w\s/-]{{2,60}}?)\s+for\s+(?P<num>{NUM})\s?(?P<unit>years?|months?|days?|weeks?)\b")
_FAIRNESS_CONTEXT = re.compile(r"bias|fair|protected|disparit|parity|demographic|equal|group", re.I)
_FLOOR_CONTEXT = re.compile(r"\b(?:alert|alerts|drops?|falls?|fall|degrad\w*|trigger\w*|breach\w*|critical|rollback|roll back|floor|keep|maintain|stay|remain)\b", re.I)
_RETRAIN_CONTEXT = re.compile(r"retrain|re-train|recalibrat|refresh the model|model refresh", re.I)


def _percentile(window: str, anchor: int) -> str:
    """The percentile named nearest to `anchor` (the number's position in `window`)."""
    matches = list(_PERCENTILE.finditer(window))
    if not matches:
        return ""
    m = min(matches, key=lambda x: min(abs(x.start() - anchor), abs(x.end() - anchor)))
    if m.group(1):
        return f"p{m.group(1)}"
    if m.group(2):
        return f"p{m.group(2)}"
    return "p50" if m.group(3).lower() == "median" else m.group(3).lower()


def _unit_time(unit: str) -> str:
    unit = unit.lower()
    if unit.startswith("ms") or unit.startswith("milli"):
        return "ms"
    if unit.startswith("min"):
        return "minutes"
    return "s"


def _per(per: str) -> str:
    per = per.lower()
    return {"sec": "second", "s": "second", "min": "minute", "hr": "hour", "annum": "year"}.get(per, per)


def _retention_subject(sentence: str, upto: int | None = None) -> str:
    m = re.search(
        r"(?P<what>[A-Za-z][\w\s,/()-]{2,60}?)\s+(?:shall|must|will|are|is|should|to)\s+(?:be\s+)?(?:retained|kept|stored|held|archived)",
        sentence,
        re.I,
    )
    if not m:
        m = re.search(r"(?:retain|keep|store|hold)\s+(?P<what>[\w\s,/()-]{3,60}?)\s+for\b", sentence, re.I)
    if not m:
        return _retention_lead(sentence[:upto] if upto is not None else sentence) or "Data"
    what = re.sub(r"^(?:the|all|any|each|every)\s+", "", m.group("what").strip(), flags=re.I)
    what = re.split(r"\b(?:shall|must|will|should)\b", what)[-1].strip(" ,")
    words = what.split()
    what = " ".join(words[-6:])
    return what[:1].upper() + what[1:] if what else "Data"


# What separates the items of a list flattened into one line ("- Sampling: 1-5% - Trace retention: 30 days").
_ITEM_BREAK = re.compile(r"(?:^|\s)[-*+\u2022]\s+|\s\d+[.)]\s+|[:;|]")


def _retention_lead(passage: str) -> str:
    """The words before the last "retention" of the passage, within that word's own list item ("Trace" in "-
    Sampling rate: 1-5% - Trace retention: 30 days"): an item's period is not the list's first item's."""
    found = list(re.finditer(r"\bretention\b", passage, re.I))
    if not found:
        return ""
    lead = _ITEM_BREAK.split(passage[: found[-1].start()])[-1]
    # Lines joined by chunking: the words after the previous line's quote or closing bracket are the label's.
    lead = re.split(r"[^\w\s/()-]", lead)[-1]
    close = lead.find(")")
    if close >= 0 and "(" not in lead[:close]:
        lead = lead[close + 1 :]
    words = re.findall(r"\(?[A-Za-z][\w/()-]*", lead)[-5:]
    what = " ".join(words)
    return what[:1].upper() + what[1:]


def extract(text: str, chunk_id: str, evidence_id: str) -> list[Quantity]:
    """Every quantity in one chunk's text."""
    text = normalise(text)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match[str], subject: str, value: str, unit: str, cmp: str = "", role: str = "target") -> None:
        span = (m.start(), m.end())
        found.append(Quantity(kind, subject, cmp, value, unit, text[span[0] : span[1]].strip(), chunk_id, evidence_id, role))
        taken.append(span)

    def overlaps(m: re.Match[str]) -> bool:
        return any(m.start() < end and start < m.end() for start, end in taken)

    for key in ("availability", "availability_rev"):
        for m in _finditer(key, text):
            if not overlaps(m):
                add("availability", m, "Availability", m.group("num"), "%", _cmp(m.group("cmp")))
    for m in _finditer("retention", text):
        sentence = _sentence_at(text, m.start(), m.end())
        at = sentence.find(m.group(0))
        upto = at + len(m.group(0)) if at >= 0 else None
        add("retention", m, _retention_subject(sentence, upto), m.group("num"), m.group("unit").lower())
        # "...kept for 6 years; training snapshots for 7 years; logs for 24 months": later clauses.
        rest_start = m.end()
        for c in _RETENTION_CLAUSE.finditer(text, rest_start, min(len(text), rest_start + 300)):
            if c.start() > rest_start + 5 and text[rest_start : c.start()].count(".") and ". " in text[rest_start : c.start()]:
                break
            what = c.group("what").strip()
            add("retention", c, what[:1].upper() + what[1:], c.group("num"), c.group("unit").lower())
            rest_start = c.end()
    for name, subject in (("psi", "PSI"), ("ks", "KS test p-value"), ("chi2", "Chi-squared p-value"), ("js", "JS distance")):
        for m in _PATTERNS[name].finditer(text):
            if overlaps(m):
                continue
            sentence = _sentence_at(text, m.start(), m.end())
            at = sentence.find(m.group(0))
            after = re.split(r",| and | or |;", sentence[at + len(m.group(0)) :], maxsplit=1)[0]
            before = re.split(r",| and | or |;", sentence[max(0, at - 40) : max(at, 0)])[-1]
            role = "warning" if re.search(r"\bwarn", after, re.I) or (
                not re.search(r"\balert", after, re.I) and re.search(r"\bwarn", before, re.I)
            ) else "alert"
            add("drift", m, subject, m.group("num"), "", _cmp(m.group("cmp")) or ">", role)
    for key in ("throughput", "throughput_acr"):
        for m in _finditer(key, text):
            if overlaps(m):
                continue
            mult = f" {m.group('mult')}" if m.group("mult") and len(m.group("mult")) > 1 else (m.group("mult") or "")
            if key == "throughput_acr":
                unit = m.group("acr")
                add("throughput", m, "Throughput", m.group("num") + mult, unit, _cmp(m.group("cmp")))
                continue
            per = _per(m.group("per"))
            items = m.group("items").lower()
            kind = "throughput" if per in ("second", "minute", "hour") else "volume"
            add(kind, m, "Throughput" if kind == "throughput" else "Volume", m.group("num") + mult, f"{items} per {per}", _cmp(m.group("cmp")))
    for m in _finditer("concurrency", text):
        if not overlaps(m):
            mult = m.group("mult") or ""
            add("concurrency", m, "Concurrent " + m.group("items").lower(), m.group("num") + mult, f"concurrent {m.group('items').lower()}", _cmp(m.group("cmp")))
    for m in _finditer("latency", text):
        if overlaps(m):
            continue
        sentence = _sentence_at(text, m.start(), m.end())
        is_ms = _unit_time(m.group("unit")) == "ms"
        if not (is_ms or _LATENCY_WORDS.search(sentence)) or re.search(r"retain|retention|timeout after|session", sentence, re.I):
            continue
        tail = re.split(r";| and |, |\b\d+(?:\.\d+)?\s?(?:ms|milliseconds?|s|secs?|seconds?)\b", text[m.end() :], maxsplit=1)[0]
        lo = max(0, m.start() - 80)
        head = re.split(r"\.\s|;\s", text[lo : m.start()])[-1]
        pct = _percentile(tail, 0) or _percentile(head, len(head))
        subject = f"Latency ({pct})" if pct else "Latency"
        add("latency", m, subject, m.group("num"), _unit_time(m.group("unit")), _cmp(m.group("cmp")))
    for key in ("metric", "metric_rev"):
        for m in _finditer(key, text):
            if overlaps(m):
                continue
            metric = _METRICS[m.group("metric").casefold()]
            value = m.group("num")
            unit = "%" if m.group("pct") else ""
            sentence = _sentence_at(text, m.start(), m.end())
            if not unit and "." not in value and float(value.replace(",", "")) > 1:
                continue  # "precision of 2" is not a metric target; a number without % above 1 is noise
            role = "floor" if _FLOOR_CONTEXT.search(sentence) else "target"
            add("metric", m, metric, value, unit, _cmp(m.group("cmp")), role)
    for m in _finditer("fairness", text):
        if overlaps(m):
            continue
        sentence = _sentence_at(text, m.start(), m.end())
        if not _FAIRNESS_CONTEXT.search(sentence):
            continue
        unit = m.group("pct") or ""
        unit = "%" if unit.lower() in ("%", "percent") else ("percentage points" if unit else "")
        add("fairness", m, m.group("metric").capitalize(), m.group("num"), unit, _cmp(m.group("cmp")))
    for m in _finditer("confidence", text):
        if overlaps(m):
            continue
        value = m.group("num").replace(" ", "")
        unit = "%" if value.endswith("%") else ""
        add("confidence", m, m.group("metric").capitalize(), value.rstrip("%"), unit, _cmp(m.group("cmp")))
    for m in _finditer("frequency", text):
        add("frequency", m, "Retraining", (m.group("freq") or m.group("freq2")).lower(), "")
    for m in _finditer("volume", text):
        if overlaps(m):
            continue
        mult = f" {m.group('mult')}" if m.group("mult") and len(m.group("mult")) > 1 else (m.group("mult") or "")
        per = m.group("per") and _per(m.group("per"))
        unit = m.group("items").lower() + (f" per {per}" if per else (f" {m.group('ann')}" if m.group("ann") else ""))
        add("volume", m, "Volume", m.group("num") + mult, unit)
    for m in _finditer("data_size", text):
        if not overlaps(m):
            add("data_size", m, "Data size", m.group("num"), m.group("unit"))
    for m in _finditer("cost", text):
        if overlaps(m):
            continue
        mult = m.group("mult") or ""
        per = m.group("per") and _per(m.group("per"))
        period = f"per {per}" if per else ({"monthly": "per month"}.get((m.group("ann") or "").lower(), "per year" if m.group("ann") else ""))
        found.append(Quantity("cost", "Cost", "", f"£{m.group('num')}{mult}", period, m.group(0).strip(), chunk_id, evidence_id))
        taken.append((m.start(), m.end()))
    for m in _finditer("missing", text):
        cmp = _cmp(m.group("cmp") or m.group("cmp2")) or ">"
        add("missing", m, "Missing values", m.group("num") or m.group("num2"), "%", cmp)
    for m in _finditer("traffic", text):
        if not overlaps(m):
            add("traffic", m, "Traffic share", m.group("num") or m.group("num2"), "%", _cmp(m.group("cmp") or m.group("cmp2")))
    for m in _finditer("window", text):
        if m.group("word"):
            add("window", m, "Window", m.group("word").lower(), "")
        else:
            add("window", m, "Window", m.group("num") or m.group("num2"), "days rolling")
    for m in _finditer("fairness_range", text):
        taken_before = len(found)
        add("fairness", m, m.group("metric").capitalize(), f"{m.group('lo')} to {m.group('hi')}", "", "")
        del taken_before
    for m in _finditer("date_range", text):
        add("date_range", m, "Date range", f"{m.group('lo')} to {m.group('hi')}", "")
    for m in _finditer("tokens", text):
        if not overlaps(m):
            add("tokens", m, "Tokens", m.group("num") + (m.group("mult") or ""), "tokens", _cmp(m.group("cmp")))
    return found


def is_retraining_sentence(text: str) -> bool:
    return bool(_RETRAIN_CONTEXT.search(text))
