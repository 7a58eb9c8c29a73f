"""Read one document into typed facts: `extract_document_facts(text, filename) -> DocumentFacts`.

Every fact comes from one clause and carries that clause's span. A number becomes a quantity only when its
metric is named in the same clause (or in the clause's bullet label or table row and column), so "reduce costs
by £200K" is a saving, not a budget, "WCAG 2.2" is no quantity at all, and "Accuracy: 40% weight" is a weight.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from pydantic import BaseModel

from assistant.documents.markings import parse_marking, scan_markings
from assistant.facts import vocabulary as vocab
from assistant.facts.arckit import authoritative_on, read_document_info
from assistant.facts.integrations import integration_sources
from assistant.facts.models import (
    RESPONSIBLE_TEAM,
    CadenceFact,
    DataSourceFact,
    DocumentFacts,
    DocumentInfo,
    Fact,
    FairnessGroupFact,
    MarkingFact,
    ModelFact,
    OversightFact,
    PersonalDataFact,
    PlatformFact,
    QuantityFact,
    QuantityRole,
    RequirementFact,
    RetentionFact,
    RiskLevelFact,
    RiskScheme,
    SourceSpan,
    StakeholderFact,
)
from assistant.facts.text import Clause, is_requirement_id, walk

_NUMBER = re.compile(
    r"(?P<cur>£|\$|€)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<mult>\s?(?:k|K|m|M|bn|million|billion|thousand)(?![A-Za-z]))?"
    r"\s?(?P<unit>%|percent\b|per cent\b|ms\b|milliseconds?\b|seconds?\b|secs?\b|s\b|minutes?\b|mins?\b|hours?\b|hrs?\b"
    r"|days?\b|weeks?\b|months?\b|years?\b)?")
_RATE = re.compile(
    r"^\s*(?P<items>(?:[A-Za-z-]+\s){0,2}?(?:" + "|".join(vocab.data()["rate_items"]) + r"))"
    r"\s*(?:per|/|a|an|each)\s*(?P<per>second|sec|s|minute|min|hour|hr|day|week|month|year)\b", re.I)
_CONCURRENT = re.compile(r"^\s*(?:\+\s*)?concurrent\s+(?P<items>users|sessions|requests|connections)", re.I)
_PER_PERIOD = re.compile(r"^\s*(?:per|a|/|each)\s*(?P<per>year|annum|month|quarter)\b|^\s*(?P<adv>annually|monthly|yearly)\b", re.I)
_PERCENTILE = re.compile(r"\b(?:p(?:50|90|95|99|99\.9)|\d{2}(?:\.\d)?(?:th|st|nd|rd) percentile|median|average|mean|peak)\b", re.I)
_TIME_UNITS = {"ms": "ms", "millisecond": "ms", "milliseconds": "ms", "s": "seconds", "sec": "seconds", "secs": "seconds",
               "second": "seconds", "seconds": "seconds", "min": "minutes", "mins": "minutes", "minute": "minutes",
               "minutes": "minutes", "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours", "day": "days",
               "days": "days"}
_RISK_WORD = re.compile(r"\b(?P<level>very high|high|medium|moderate|low)(?:[- ]risk)?\b", re.I)
_RISK_BOX = re.compile(r"\b(?P<level>HIGH|MEDIUM|LOW)-RISK\b", re.I)  # only read beside a box: prose "low-risk" is not
_RISK_LINE = re.compile(r"\b(?:overall\s+)?risk\s+(?:level|rating|classification|tier|category)\b", re.I)
_RETENTION_NUM = re.compile(r"(?P<num>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|ten|twelve)\s?(?P<unit>years?|months?|days?|weeks?|hours?)\b", re.I)
_PRIORITY = re.compile(r"\b(MUST[_ ]HAVE|SHOULD[_ ]HAVE|COULD[_ ]HAVE|WON'?T[_ ]HAVE|CRITICAL|HIGH|MEDIUM|LOW|MUST|SHOULD|COULD)\b", re.I)


def _span(info: DocumentInfo, clause: Clause, start: int | None = None, end: int | None = None,
          text: str | None = None) -> SourceSpan:
    s = clause.start if start is None else start
    e = clause.end if end is None else end
    return SourceSpan(document=info.document, doc_id=info.doc_id, heading=clause.heading_text,
                      requirement_id=clause.requirement_id, start=s, end=e,
                      text=text if text is not None else clause.text[s - clause.start : e - clause.start])


def _context(clause: Clause) -> str:
    """The clause read with its label and column: "Web page load time: < 3 seconds"."""
    return " ".join(p for p in (clause.label, clause.column, clause.text) if p)


# Items before this one in a list ("health, racial / ethnic origin, "): up to three words each, ending in a comma,
# a slash or "and"/"or".
_LIST_RUN = re.compile(r"(?:[\w'-]+(?:\s+[\w'-]+){0,2}\s*(?:,|/|\band\b|\bor\b)\s*)+$")
_WORDS = re.compile(r"[\w'/-]+")


def _negation_window(before: str) -> str:
    """The words that may deny what follows `before`: its last four; for an item of a list, the four before the
    list and the list's first words, so "no health, biometric, genetic data" and "No Article 9 data (health,
    racial / ethnic origin, biometric)" deny every item, not only the first."""
    tail = before[-240:]  # a bounded look-back: the list pattern is tried at every position
    lead: list[str] = []
    run = _LIST_RUN.search(tail)
    if run:
        lead = _WORDS.findall(run.group(0))[:2]
        tail = tail[: run.start()]
    if tail.rstrip().endswith("("):  # the list is a parenthesis still open before the item
        return " ".join(_WORDS.findall(tail[: tail.rstrip().rfind("(")])[-5:] + lead)
    return " ".join(_WORDS.findall(tail)[-4:] + lead)


def _negated(clause_text: str, start: int, end: int) -> bool:
    before = re.sub(r"[*_`]", "", clause_text[:start])
    # A closed parenthesis qualifies the words before it ("write operations (excluding generation): < 1 s"),
    # it does not deny the figure that follows.
    before = re.sub(r"\([^()]*\)", " ", before)
    window = _negation_window(before)
    window = vocab.pattern("negation_exempt").sub(" ", window)
    if vocab.pattern("negation_before").search(window):
        return True
    after = clause_text[end : end + 40]
    return bool(vocab.pattern("negation_after").search(after))


def _conditional(clause: Clause, *, weak: bool = True) -> str | None:
    if clause.conditional:
        return clause.conditional
    m = vocab.pattern("conditional_strong").search(clause.text)
    if m is None and weak:
        m = vocab.pattern("conditional_weak").search(clause.text)
    return m.group(0) if m else None


_BOX = re.compile(r"\[( |x|X|✓|✔)\]")


def _inline_box(clause_text: str, start: int) -> bool | None:
    """The state of a checkbox written inside a line just before the passage ("Approach: [ ] SHAP - Not
    applicable [x] Citations"), as tables and flattened lists write them; None when there is none."""
    line = clause_text[clause_text.rfind("\n", 0, start) + 1 : start]
    boxes = list(_BOX.finditer(line))
    if not boxes or len(line) - boxes[-1].end() > 60:
        return None
    return boxes[-1].group(1).strip() != ""


def _checked(clause: Clause, start: int) -> bool | None:
    if clause.criteria:
        return None  # an acceptance criterion's box says whether it is verified yet, not whether it was chosen
    return clause.checked if clause.checked is not None else _inline_box(clause.text, start)


def _qualifiers(clause: Clause, start: int, end: int, *, weak: bool = True) -> dict[str, object]:
    return {"negated": _negated(clause.text, start, end), "checked": _checked(clause, start),
            "conditional": _conditional(clause, weak=weak), "clause": clause.text}


class Qualifiers(BaseModel):
    """How a passage at given offsets is stated: `skipped` when it sits in a footer or appendix."""

    negated: bool = False
    checked: bool | None = None
    conditional: str | None = None
    skipped: bool = False

    @property
    def asserted(self) -> bool:
        return not (self.negated or self.skipped or self.checked is False or self.conditional)


def qualify(text: str, start: int, end: int, *, weak: bool = True) -> Qualifiers:
    """Negation, checkbox and condition of the passage text[start:end] within its clause (any text: a whole
    document or one chunk). `weak=False` ignores "if"-style conditions (right for numbers)."""
    clauses, _ = walk(text)
    for clause in clauses:
        if clause.start <= start < clause.end:
            rel_start, rel_end = start - clause.start, min(end, clause.end) - clause.start
            return Qualifiers(negated=_negated(clause.text, rel_start, rel_end), checked=_checked(clause, rel_start),
                              conditional=_conditional(clause, weak=weak))
    return Qualifiers(skipped=True)


# ----- quantities ---------------------------------------------------------------------------------------
def _comparator(before: str, after: str) -> str:
    comps: dict[str, str] = vocab.data()["comparators"]
    tail = before.rstrip().casefold()
    for word in sorted(comps, key=len, reverse=True):
        if tail.endswith(word) and (not word[0].isalpha() or not tail[: -len(word)][-1:].isalpha()):
            return comps[word]
    head = after.lstrip().casefold()
    for word in ("or more", "or higher", "or better", "or less", "or fewer"):
        if head.startswith(word):
            return comps[word]
    return ""


def _is_identifier(text: str, start: int) -> bool:
    """A number that is part of an ID, a version or a date ("NFR-P-001", "WCAG 2.2", "ISO 27001", "2026-02")."""
    prev = text[start - 1 : start]
    if prev and (prev.isalnum() or prev in "-/._#"):
        return True
    words = re.findall(r"[A-Za-z][\w/-]*", text[max(0, start - 20) : start])
    return bool(words and text[start - 1 : start] == " " and vocab.pattern("version_prefixes").fullmatch(words[-1]))


def _closest_metric(context: str, clause_text: str, num_start: int) -> str | None:
    """The ratio metric named nearest before the number in its clause (or after it, or in the label)."""
    best: tuple[int, str] | None = None
    for name, (pattern, units) in vocab.metric_patterns().items():
        if pattern is None or units != "ratio":
            continue
        for m in pattern.finditer(clause_text):
            if m.end() <= num_start and num_start - m.end() <= 60:
                distance = num_start - m.end()
            elif m.start() >= num_start and m.start() - num_start <= 20:
                distance = m.start() - num_start + 5
            else:
                continue
            if best is None or distance < best[0]:
                best = (distance, name)
    if best:
        return best[1]
    for name, (pattern, units) in vocab.metric_patterns().items():
        if pattern is not None and units == "ratio" and pattern.search(context.replace(clause_text, "")):
            return name
    return None


_MEASURE_AFTER = re.compile(r"^\s*(?P<words>(?:of|[a-z][a-z-]+)(?:\s+[a-z][a-z-]+){0,3})", re.I)
_NOT_A_MEASURE = re.compile(r"^(?:of (?:the )?time|measured|monthly|annually|per|during|for|at|in|on|across|by|target|sla|minimum|"
                            r"or|and|with|within|over|under|peak|average|the|uptime|availability|available)\b", re.I)


def _own_words(after: str) -> str:
    """The words directly after a percentage, up to the next separator, when they name what it measures
    ("completeness", "improvement in ...", "of stations"); "" when they only qualify it ("measured monthly")."""
    m = _MEASURE_AFTER.match(re.split(r"[,;()\n|]", after, maxsplit=1)[0])
    if not m or _NOT_A_MEASURE.match(m.group("words")):
        return ""
    return m.group("words")


_DQ_HEADING = re.compile(r"\bdata quality\b|\bquality (?:rules|requirements|checks|slas?)\b", re.I)
# The dimensions a data-quality figure measures ("Completeness: >= 99% of sensors", "< 2 min freshness").
_DQ_DIMENSION = re.compile(r"\b(?:complete(?:ness)?|fresh(?:ness)?|timel(?:y|iness)|stale(?:ness)?|consisten(?:t|cy)|"
                           r"validity|integrity|duplicat\w*|missing|nulls?|reconcil\w*|data accuracy|accura(?:te|cy)|"
                           r"error rate|lag)\b", re.I)
_LEAD_STOP = frozenset({"within", "to", "up", "under", "below", "above", "over", "than", "less", "more", "at", "least",
                        "most", "no", "not", "of", "in", "is", "are", "be", "must", "shall", "should", "will", "by", "for",
                        "the", "a", "an", "maximum", "minimum", "max", "min", "exceed", "exceeding", "<", ">", "<=", ">=",
                        "≤", "≥", "=", "and", "or", "with", "after", "before"})
# A forecast's or a model's accuracy measures predictions, not the data.
_PREDICTION = re.compile(r"\b(?:forecast\w*|predict\w*|model\w*|classif\w*)\b", re.I)
_SERVICE_MEASURE = re.compile(r"\b(?:availab\w*|uptime|latency|response)\b", re.I)


def _data_quality(clause: Clause, own: str) -> bool:
    """A figure that sets a data-quality threshold: any figure in a "Data Quality Requirements" section, or one
    a data requirement (DR-xxx) or a data-quality label ties to a dimension such as completeness or freshness.
    A figure whose own words name a service measure ("99.9% availability") stays that measure."""
    if own and (_SERVICE_MEASURE.search(own) or _PREDICTION.search(own)):
        return False
    if _DQ_HEADING.search(clause.heading_text):
        return True
    tied = f"{clause.label} {clause.column} {own}"
    data_requirement = (clause.requirement_id or "").startswith("DR-")
    return bool(_DQ_DIMENSION.search(tied) and (data_requirement or _DQ_HEADING.search(tied)))


def _data_quality_subject(clause: Clause, before: str, after: str) -> str:
    """What a data-quality figure checks: its label, the words of its own clause before it and the words it is
    followed by ("Data Timeliness: New applications indexed within 24 hours of publication" -> "Data Timeliness
    New applications indexed of publication"), else its heading."""
    label = "" if is_requirement_id(clause.label) else clause.label
    lead = re.sub(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\[[ xX]\]\s*)?", "", re.sub(r"[*_`]+", "", before))
    if label and lead.startswith(label):
        lead = lead[len(label):]
    lead = re.split(r"[;:,]\s*|\.\s+", lead.replace("(", " "))[-1]
    words = lead.split()
    while words and (words[-1].casefold() in _LEAD_STOP or not re.search(r"\w", words[-1])):
        words.pop()  # "within", "up to", "<", "must be": how the figure is bounded, not what it checks
    lead = " ".join(words[-8:])
    # The words after the figure up to the clause's next separator ("for case file transfers", "completeness").
    tail = " ".join(re.split(r"[,;()\n|]|\.(?:\s|$)", after, maxsplit=1)[0].split()[:6])
    if re.fullmatch(r"[\W\d]*", tail):
        tail = ""
    # A nested item's figure is about the item it is nested under ("Incidents Data Product" > "SLA: < 30 sec
    # freshness"), not the heading above the list.
    parts = [p for p in (clause.parent, label, clause.column, lead, tail) if p]
    return " ".join(dict.fromkeys(parts)) or (clause.heading[-1] if clause.heading else "data quality")


_CLIENT_LIMIT = re.compile(r"rate[- ]limit|throttl|quota|per (?:api )?key\b", re.I)


def _role(context: str, before: str, metric: str, own_after: str = "", column: str = "") -> QuantityRole:
    if vocab.pattern("weight_words").search(context):
        return "weight"
    if column and vocab.pattern("baseline_words").search(column):
        return "baseline"  # a table's "Benchmark" or "Current" column beside its "Target" column
    if metric == "cost":
        if vocab.pattern("saving_words").search(context):
            return "saving"
        if vocab.pattern("budget_words").search(context):
            return "budget"
        return "estimate"
    if vocab.pattern("baseline_words").search(before[-60:]) or vocab.pattern("baseline_words").search(own_after):
        return "baseline"
    if metric in ("throughput", "concurrency") and _CLIENT_LIMIT.search(context):
        return "limit"  # a rate limit or quota caps what a client may send: it is not the capacity to sustain
    if vocab.pattern("load_words").search(context) and metric in ("concurrency", "throughput"):
        return "load"
    return "target"


def _subject(clause: Clause, metric: str) -> str:
    label = "" if is_requirement_id(clause.label) else clause.label  # "NFR-P-001: ..." names no subject
    if label and clause.column:
        return f"{label} {clause.column}".strip()
    if label:
        return label
    if clause.column:
        return clause.column
    pattern = vocab.metric_patterns().get(metric, (None, ""))[0]
    m = pattern.search(clause.text) if pattern else None
    if not m:
        return metric.replace("_", " ")
    # "99.99% availability SLA for emergency services endpoints": what the metric is stated for, when the
    # clause names it right after the metric; a bare "availability" would read as the whole system's.
    scoped = _SCOPED_FOR.match(clause.text, m.end()) or _QUALIFIED_NOUN.match(clause.text, m.end())
    return scoped.group("what").strip() if scoped else m.group(0)


# Where the noun phrase a target is stated for ends: punctuation, a preposition or verb that starts another part.
_PHRASE_END = r"(?=\s*[(,;.:]|\s+(?:at|during|with|under|in|on|when|is|must)\b|$)"
_SCOPED_FOR = re.compile(r"(?:\s+(?:SLA|target|requirement|objective))?\s+for\s+(?:the\s+|all\s+)?"
                         r"(?P<what>[A-Za-z][A-Za-z -]{3,50}?)" + _PHRASE_END)

# "low-latency (< 100ms) V2X message relay capability": the metric qualifies the noun phrase after its figure, which
# is what the target is for.
_QUALIFIED_NOUN = re.compile(r"\s*\([^)]*\d[^)]*\)\s+(?!(?:is|are|must|should|shall|will|for|and|or|with|at|in|on|to)\b)"
                             r"(?P<what>[A-Za-z][A-Za-z0-9 -]{3,50}?)" + _PHRASE_END)

# The item's value opens with the bound, maybe after a few words of what is done ("Complete within 5 minutes").
_BOUND_LEAD = re.compile(r"[\s*_`]*(?:[A-Za-z-]+\s+){0,3}(?:<=?|≤|under|below|within|less than|no more than|at most)\s*",
                         re.I)


def _titled_latency(clause: Clause, before: str) -> str | None:
    """A time in a labelled list item of a requirement titled for response times ("NFR-P-001: Response Time"
    > "- Examiner desktop: < 1 second for case switching") is that item's latency target: the title names the
    metric for the whole list. Only a bound that opens the item's value counts ("Peak burst: 5x for 5 minutes"
    is a load condition); prose and unlabelled items still need the metric in their own words."""
    return _titled_metric(clause, before, "latency", _BOUND_LEAD)


# A percentage opening the item's value, maybe after a floor ("Important (AI services): 99.5%", ">= 99.9%").
_FLOOR_LEAD = re.compile(r"[\s*_`]*(?:>=?|≥|at least|minimum(?: of)?)?\s*", re.I)


def _titled_availability(clause: Clause, before: str) -> str | None:
    """A percentage opening a labelled list item of a requirement titled for availability ("NFR-A-001:
    Availability Target" > "- Important (disclosure tools, AI services): 99.5%") is that tier's availability,
    as `_titled_latency` reads a response-time list."""
    return _titled_metric(clause, before, "availability", _FLOOR_LEAD)


def _titled_metric(clause: Clause, before: str, metric: str, lead: re.Pattern[str]) -> str | None:
    if not clause.requirement_id or not clause.label or is_requirement_id(clause.label) or clause.in_table:
        return None
    if ":" not in before or not lead.fullmatch(before.rsplit(":", 1)[-1]):
        return None
    title = next((part[len(clause.requirement_id):] for part in reversed(clause.heading)
                  if part.startswith(clause.requirement_id)), "")
    pattern = vocab.metric_patterns()[metric][0]
    return metric if pattern is not None and pattern.search(title) else None


def _quantities(info: DocumentInfo, clause: Clause) -> Iterator[QuantityFact]:
    text = clause.text
    context = _context(clause)
    metrics = vocab.metric_patterns()
    for m in _NUMBER.finditer(text):
        num_start = m.start("num") if not m.group("cur") else m.start()
        if _is_identifier(text, num_start):
            continue
        if re.match(r"^(?:19|20)\d{2}$", m.group("num")) and not m.group("cur") and not m.group("unit"):
            continue
        unit_raw = (m.group("unit") or "").strip()
        after = text[m.end() :]
        before = text[:num_start]
        value = m.group("num") + (m.group("mult") or "").strip()
        metric: str | None = None
        unit = ""
        scope = ""
        if m.group("cur"):
            metric = "cost"
            period = _PER_PERIOD.match(after)
            per = (period.group("per") or period.group("adv")) if period else ""
            per = {"annum": "year", "annually": "year", "yearly": "year", "monthly": "month"}.get(per.casefold(), per)
            unit = f"{'GBP' if m.group('cur') == '£' else m.group('cur')}" + (f" per {per}" if per else "")
        elif unit_raw in ("%", "percent", "per cent"):
            unit = "%"
            availability = metrics["availability"][0]
            own = _own_words(after)
            if own and not (availability is not None and availability.search(own)):
                # The words the figure itself is followed by say what it measures ("> 99% completeness", "30%
                # improvement", "80% of stations"): a list that also states an availability does not make it one.
                metric = _closest_metric(own, own, 0)
            elif availability is not None and availability.search(context):
                metric = "availability"
            else:
                metric = _closest_metric(context, text, num_start) or _titled_availability(clause, before)
            if metric and vocab.pattern("weight_words").search(context):
                pass  # kept as a weight, never a floor
        elif unit_raw and unit_raw.casefold() in _TIME_UNITS:
            unit = _TIME_UNITS[unit_raw.casefold()]
            for name in ("mttr", "rto", "rpo", "latency"):
                pattern = metrics[name][0]
                if pattern is not None and pattern.search(context):
                    metric = name
                    break
            else:
                metric = _titled_latency(clause, before)
        elif not unit_raw:
            rate = _RATE.match(after)
            conc = _CONCURRENT.match(after)
            if rate:
                metric, unit = "throughput", f"{rate.group('items').strip()} per {rate.group('per')}"
            elif conc:
                metric, unit = "concurrency", f"concurrent {conc.group('items')}"
            elif re.fullmatch(r"0?\.\d+|1\.0", m.group("num")):
                metric = _closest_metric(context, text, num_start)
        own = _own_words(after)
        if (metric not in ("cost", "throughput", "concurrency") and (metric or unit) and _data_quality(clause, own)
                and not re.search(r"\b(?:every|per|each)\s*$", before)):  # "reporting every 5 minutes" is a cadence
            metric = "data_quality"
        if metric is None:
            continue
        if metric in ("accuracy", "precision", "recall") and re.search(r"data quality|quality sla|completeness|data accuracy|data validation",
                                                                        context, re.I):
            metric = "data_quality"
        scope = _percentile_of(context, text, num_start, m.end())
        end = m.end("unit") if m.group("unit") else m.end()
        if metric in ("throughput", "concurrency"):
            extra = _RATE.match(after) or _CONCURRENT.match(after)
            end = m.end() + (extra.end() if extra else 0)
        subject = (_data_quality_subject(clause, before, after) if metric == "data_quality"
                   else _subject(clause, metric))
        yield QuantityFact(
            source=_span(info, clause), metric=metric, subject=subject,
            comparator=_comparator(before, after), value=value, unit=unit, scope=scope,
            role=_role(context, before, metric, re.split(r"[,;(\n|]", after, maxsplit=1)[0], clause.column),
            **_qualifiers(clause, num_start, end, weak=False),
        )


_PEOPLE_RETAINED = re.compile(r"\b(?:staff|employees?|customers?|users?|talent|workforce|clients?|colleagues?|"
                              r"people|personnel|members?)\W*$", re.I)


def _retention(info: DocumentInfo, clause: Clause) -> Iterator[RetentionFact]:
    cue = vocab.pattern("retention_words").search(clause.text) or (
        vocab.pattern("retention_words").search(clause.column or clause.label) and None)
    # A list under a "**Retention**:" lead states a period in each item ("- Application logs: >= 90 days").
    column_cue = vocab.pattern("retention_words").search(f"{clause.column} {clause.label} {clause.lead}")
    if not cue and not column_cue:
        return
    if cue and _PEOPLE_RETAINED.search(clause.text[max(0, cue.start() - 24) : cue.start()]):
        return  # "95% staff retention over 24 months" keeps people, not records
    search_from = cue.end() if cue else 0
    m = _RETENTION_NUM.search(clause.text, search_from)
    if not m:
        return
    if cue and _negated(clause.text, cue.start(), cue.end()):
        # "Not retained by the provider; held in the event log for 90 days": a denied keeping states no period,
        # and a later figure is another record's unless its own words say it is kept.
        again = vocab.pattern("retention_words").search(clause.text, cue.end(), m.start())
        if again is None or _negated(clause.text, again.start(), again.end()):
            return
    lead = re.sub(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\[[ xX]\]\s*)?", "", clause.text[: cue.start()]) if cue else ""
    subject = clause.label or lead.strip(" :-*") or (clause.heading[-1] if clause.heading else "")
    each = list(_PERIOD_FOR.finditer(clause.text, search_from))
    if len(each) >= 2 and each[0].start() == m.start():
        # "Backup retention: 7 years for audit data; 90 days for operational backups": each period is kept for
        # the records its own "for ..." names.
        backups = bool(_BACKUP.search(clause.label)) if clause.label else False
        for part in each:
            what = part.group("what").strip()
            what = f"{what} backups" if backups and not _BACKUP.search(what) else what
            yield RetentionFact(source=_span(info, clause), subject=subject[:80] or "records", value=part.group("num"),
                                unit=part.group("unit").lower(), record_type=what,
                                **_qualifiers(clause, part.start(), part.end(), weak=False))
        return
    yield RetentionFact(source=_span(info, clause), subject=subject[:80] or "records", value=m.group("num"),
                        unit=m.group("unit").lower(), record_type=_record_type(clause, m.start()),
                        **_qualifiers(clause, m.start(), m.end(), weak=False))


# A period followed by the records it is for, up to the clause's next separator ("90 days for operational backups").
_PERIOD_FOR = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>years?|months?|days?|weeks?|hours?)\s+for\s+"
                         r"(?P<what>[A-Za-z][\w/ -]{2,60}?)\s*(?=[;,.(]|$)", re.I)
_RETENTION_LABEL = re.compile(r"^(?P<what>.+?)\s+(?:retention|retained|kept)(?:\s+period)?$", re.I)
_BACKUP = re.compile(r"\bbackups?\b", re.I)
_MARKING_LABEL = re.compile(r"(?:PUBLIC|OFFICIAL(?:[- ]SENSITIVE)?|SECRET|TOP SECRET|UNCLASSIFIED)\b(?!\s+[a-z])")


# A cell that gives several periods, each after its own label ("Session: short-lived; security audit: 12 months").
_INLINE_LABEL = re.compile(r"(?:^|[;|])\s*(?P<label>[A-Za-z][\w /-]{2,40}?)\s*:\s*$")


def _record_type(clause: Clause, at: int = 0) -> str:
    """The record type a retention period is stated for by the clause's structure: a table row's label where
    the row's column or the table's heading is about retention (or backups), with the period's own label inside
    the cell when it has one, or a "Trace retention:" label. A classification table's row ("OFFICIAL") rates
    data, it names no record type."""
    retention = vocab.pattern("retention_words")
    if clause.in_table:
        label = "" if _MARKING_LABEL.match(clause.label) else clause.label
        if not label or not (retention.search(clause.column) or retention.search(clause.heading[-1] if clause.heading else "")
                             or _BACKUP.search(clause.heading_text)):
            return ""
        inline = _INLINE_LABEL.search(clause.text[:at])
        if inline:
            label = f"{label} ({inline.group('label').strip()})"
        # A backup schedule's period is the backups' ("Transactional data" backups kept 30 days).
        return f"{label} backups" if _BACKUP.search(clause.heading_text) and not _BACKUP.search(label) else label
    m = _RETENTION_LABEL.match(clause.label)
    what = m.group("what").strip() if m else ""
    label = re.sub(r"[*_`]+", "", clause.label).strip()
    if not what and label and not retention.search(label) and not is_requirement_id(label):
        # A labelled item whose own value says it is kept ("Monthly archive backup: Retained for 7 years") states
        # the period of what its label names.
        # Only a value that opens with being kept: "Storage limitation: Original plates deleted after 24 hours"
        # names its records in the value, and its label is a principle.
        lead = _LABEL_PREFIX.match(clause.text)
        opens_kept = False
        if lead:
            cue = retention.search(clause.text, lead.end(), at)
            opens_kept = bool(cue and not clause.text[lead.end() : cue.start()].strip(" *_`"))
        if opens_kept or retention.search(clause.lead):
            return label
    entity = _ENTITY_HEADING.match(clause.heading[-1]) if clause.heading else None
    if entity and (not what or _GENERIC_RECORDS.fullmatch(what)):
        # A data model's entity section ("Entity 3: Assessment Records" > "Data Retention: 7 years") states the
        # period of that entity's records: "Data" is how every entity's retention line is labelled. A line that
        # keeps its records for several periods ("Active items retained indefinitely; archived items retained for
        # 7 years") names, before each period, which of them it keeps.
        name = entity.group("name").strip(" *_`")
        part_start = clause.text.rfind(";", 0, at) + 1
        cue = retention.search(clause.text, part_start, at) if part_start else None
        own = re.sub(r"[*_`]+", "", clause.text[part_start : cue.start()]).strip(" -:,") if cue else ""
        return f"{name} ({own})" if own and len(own) <= 60 else name
    return what


# A data model entity's own heading ("Entity 3: Assessment Records", "E-003: Incident").
_ENTITY_HEADING = re.compile(r"^\W*(?:Entity|E-)\s*\d+[a-z]?\s*[:.\-–—]\s*(?P<name>\S.*)$", re.I)
_GENERIC_RECORDS = re.compile(r"(?:data|records?|information|entity)", re.I)


# ----- named things -------------------------------------------------------------------------------------
def _models(info: DocumentInfo, clause: Clause) -> Iterator[ModelFact]:
    heading = clause.heading_text
    in_context = vocab.pattern("model_use_words").search(clause.text) or vocab.pattern("model_headings").search(heading)
    taken: list[tuple[int, int]] = []
    for entry, pattern in vocab.model_terms() if in_context else ():
        for m in pattern.finditer(clause.text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            yield ModelFact(source=_span(info, clause), name=entry["name"], task=entry.get("task", ""),
                            generative=bool(entry.get("generative")), provider=entry.get("provider"),
                            **_qualifiers(clause, m.start(), m.end()))
            break
    if taken:
        return
    described = _DESCRIBED_MODEL.search(clause.text)
    if described:
        # "Predictive maintenance models consuming asset condition data to forecast renewals needs": the clause
        # names a model by what it does, though no product or vocabulary kind is named (the phrase says it is a
        # model, so no word of use is needed beside it); its task is the rest
        name = re.sub(r"[*_`]+", "", described.group("name")).strip()
        task = re.split(r"[.;(]", clause.text[described.end():].strip(" :,-–—"), maxsplit=1)[0].strip()
        yield ModelFact(source=_span(info, clause), name=name[0].upper() + name[1:], task=task[:120],
                        generative=False, **_qualifiers(clause, described.start(), described.end()))


# A model named by the capability it serves: a word of machine learning, then up to two words, then "model(s)",
# "classifier" or "engine" ("predictive maintenance models", "NLP models", "neural machine translation engine");
# never a data, cost, threat or operating model (none of those has such a word before it).
_DESCRIBED_MODEL = re.compile(
    r"(?<![\w-])(?P<name>(?:predictive|forecasting|classification|NLP|ML|machine[- ]learning|neural|deep[- ]learning|"
    r"computer[- ]vision|speech|anomaly[- ]detection|recommendation|ranking)(?:\s+[A-Za-z][\w/-]*){0,2}?\s+"
    r"(?:models?|classifiers?|engines?))(?![\w-])", re.I)


def _platforms(info: DocumentInfo, clause: Clause) -> Iterator[PlatformFact]:
    if not vocab.pattern("platform_context").search(_context(clause)):
        return
    for aspect, items in vocab.data()["platforms"].items():
        for m in vocab.words(items).finditer(clause.text):
            yield PlatformFact(source=_span(info, clause), aspect=aspect, choice=m.group(0),
                               **_qualifiers(clause, m.start(), m.end()))


# One name for a cadence written more than one way.
_CADENCE_NAMES = {"continuously": "continuous", "annual": "annually", "yearly": "annually"}


def _ci_cadence(words: str) -> str:
    """One spelling of a CI event: "on each pull request" -> "every PR"."""
    value = re.sub(r"\s+", " ", words.lower()).removeprefix("on ").replace("each ", "every ", 1)
    return re.sub(r"\b(?:pull|merge) request\b|\bpr\b", "PR", value)


def _cadences(info: DocumentInfo, clause: Clause) -> Iterator[CadenceFact]:
    found = [(m, _ci_cadence(m.group(0))) for m in vocab.pattern("cadence_ci_values").finditer(clause.text)]
    # a clause that says when a pipeline runs is about something being run: its other cadences count too
    # ("Every PR + nightly")
    if found or vocab.pattern("cadence_activities").search(_context(clause)):
        found += [(m, _CADENCE_NAMES.get(m.group(0).lower(), m.group(0).lower()))
                  for m in vocab.pattern("cadence_values").finditer(clause.text)]
    found.sort(key=lambda item: item[0].start())
    label = "" if is_requirement_id(clause.label) else clause.label
    activity = " ".join(p for p in (label, clause.text) if p)
    for m, value in found:
        yield CadenceFact(source=_span(info, clause), activity=re.sub(r"\s+", " ", activity)[:160], value=value,
                          **_qualifiers(clause, m.start(), m.end()))


def _fairness(info: DocumentInfo, clause: Clause) -> Iterator[FairnessGroupFact]:
    if not vocab.pattern("fairness_context").search(f"{clause.heading_text} {clause.label} {clause.column} {clause.text}"):
        return
    for m in vocab.pattern("fairness_groups").finditer(clause.text):
        yield FairnessGroupFact(source=_span(info, clause), group=m.group(0).lower(),
                                **_qualifiers(clause, m.start(), m.end()))


def _personal_data(info: DocumentInfo, clause: Clause) -> Iterator[PersonalDataFact]:
    if not vocab.pattern("personal_data_context").search(f"{clause.heading_text} {clause.column} {clause.label} {clause.text}"):
        return
    if (vocab.pattern("bias_assessment_headings").search(clause.heading_text)
            and not vocab.pattern("personal_data_said").search(clause.text)):
        return  # "- [x] Religion or belief" under "Algorithmic Bias Assessment": a group to test, not data held
    cats = vocab.data()["personal_data"]
    for special, items in ((True, cats["special"]), (False, cats["ordinary"])):
        for m in vocab.words(items).finditer(clause.text):
            yield PersonalDataFact(source=_span(info, clause), category=m.group(0).lower(), special_category=special,
                                   **_qualifiers(clause, m.start(), m.end()))


_SOURCE_COLUMNS = ("source system", "data source", "source systems", "data sources", "system of record")
# A bare "Source" column is a data source only in a table about sources (ArcKit's "Upstream Systems (Data
# Sources)"): elsewhere it names a requirement, an owner or where a figure came from.
_SOURCE_HEADING = re.compile(r"\bsources?\b|upstream|ingest|inputs?\b|feeds?\b", re.I)
_NOT_SOURCE_HEADING = re.compile(r"downstream|consumer|master data|owner|stewards?|governance|lineage", re.I)
# Cell values that name who owns data or how it moves, not a source of it.
_NOT_SOURCE_NAME = re.compile(r"\b(?:owners?|teams?|stewards?|domain)\b|^(?:rest(?:ful)?\s+)?api\b|^(?:json|xml|csv)\b",
                              re.I)


def _percentile_of(context: str, text: str, start: int, end: int) -> str:
    """The percentile a number is stated at: the phrase right after it ("300 ms at the 99th percentile"), else
    right before it ("p95 latency under 2 s"), with no other number between; a clause's only percentile phrase
    otherwise. In "300 ms at the 99th percentile and 120 ms at the median" each figure keeps its own."""
    after = _PERCENTILE.search(text, end, min(len(text), end + 30))
    if after and not re.search(r"\d", text[end:after.start()]):
        return after.group(0)
    before = [p for p in _PERCENTILE.finditer(text, max(0, start - 40), start) if not re.search(r"\d", text[p.end():start])]
    if before:
        return before[-1].group(0)
    found = list(_PERCENTILE.finditer(context))
    return found[0].group(0) if len(found) == 1 else ""


def _data_sources(info: DocumentInfo, clause: Clause) -> Iterator[DataSourceFact]:
    column = clause.column.casefold()
    heading = clause.heading_text
    in_source_table = column in _SOURCE_COLUMNS or (
        column in ("source", "origin") and bool(_SOURCE_HEADING.search(heading)))
    if clause.in_table and in_source_table and not _NOT_SOURCE_HEADING.search(heading):
        # Commas inside a number ("10,000 IoT sensors") do not separate names.
        for name in re.split(r"\s*(?:(?<!\d),|,(?!\d)|;|/|<br>)\s*", clause.text):
            name = name.strip()
            if _NOT_SOURCE_NAME.search(name):
                continue
            if 2 < len(name) <= 80 and not re.fullmatch(r"[-–—n/a]+|tbc|tbd|\[.*\]", name, re.I):
                yield DataSourceFact(source=_span(info, clause), name=name,
                                     description=clause.label, **_qualifiers(clause, 0, len(clause.text)))


# The roles that make a stakeholder accountable for the system: its sponsor, senior responsible owner, or the
# owner of the product or service (not a "policy owner", an "accounting officer" alone, or a "strategic sponsor").
_ACCOUNTABLE = re.compile(r"\bexecutive sponsor\b|\bSRO\b|\bsenior responsible owner\b|\b(?:data )?product owners?\b|"
                          r"\bservice owner\b", re.I)
_NAME_COLUMNS = ("stakeholder", "name", "stakeholder name")
_UNNAMED = re.compile(r"^\W*(?:tbd|tbc|pending|n/?a|tba|vacant|to be (?:confirmed|appointed))\W*$|^\[", re.I)


def _stakeholders(info: DocumentInfo, clause: Clause) -> Iterator[StakeholderFact]:
    """The accountable people of a stakeholder table: read once per row, from its name cell, when another cell
    of the row (its role or involvement) names an accountable role. A placeholder name ("TBD") names nobody."""
    if not (clause.in_table and clause.column.casefold() in _NAME_COLUMNS and "stakeholder" in clause.heading_text.casefold()):
        return
    name = re.sub(r"[*_`]+", "", clause.text).strip()
    if not name or _UNNAMED.search(name):
        return
    cells = [(k, v) for k, v in clause.row.items() if k.casefold() not in _NAME_COLUMNS]
    for _, value in cells:
        if _ACCOUNTABLE.search(value):
            title = next((v for k, v in cells if k.casefold() == "role"), "")
            yield StakeholderFact(source=_span(info, clause), name=name, role=value, title=title, clause=clause.text)
            return


# An ATRS record's accountability fields: the Senior Responsible Owner's role (the record's "SRO Name" is often a
# placeholder, its role says who) and the team responsible for the tool, each as the record labels it.
_ATRS_ACCOUNTABLE = {"sro role": "Senior Responsible Owner", "senior responsible owner": "Senior Responsible Owner",
                     "responsible team": RESPONSIBLE_TEAM}
_LABEL_PREFIX = re.compile(r"^\s*(?:[-*+]\s+)?\**[^:*]{2,60}?\**\s*:\**\s*")


def _record_accountable(info: DocumentInfo, clause: Clause) -> Iterator[StakeholderFact]:
    """The SRO and the responsible team an ATRS record names in its labelled fields ("**Responsible Team**:
    Harbour AI Team"); a placeholder ("[To be confirmed]", "TBD") names nobody."""
    if info.type_code != "ATRS" or clause.in_table:
        return
    role = _ATRS_ACCOUNTABLE.get(re.sub(r"[*_`]+", "", clause.label).strip().casefold())
    if role is None:
        return
    name = re.sub(r"[*_`]+", "", _LABEL_PREFIX.sub("", clause.text, count=1)).strip().rstrip(".")
    if not name or "\n" in name or len(name) > 80 or _UNNAMED.search(name) or "[" in name:
        return
    yield StakeholderFact(source=_span(info, clause), name=name, role=role, clause=clause.text)


# The headings of an AI Playbook assessment under which a risk level is the whole system's.
_OVERALL_HEADING = re.compile(r"(?i)(?:^|>)\s*[\d.]*\s*(?:overall|summary|executive|risk classification|conclusion|"
                              r"assessment (?:outcome|result))[^>]*$")


def _risk_scheme(info: DocumentInfo) -> RiskScheme:
    return {"AIPB": "ai_playbook", "ATRS": "atrs_tier", "DPIA": "dpia", "RISK": "risk_register"}.get(
        info.type_code or "", "other")  # type: ignore[return-value]


def _risks(info: DocumentInfo, clause: Clause) -> Iterator[RiskLevelFact]:
    scheme = _risk_scheme(info)
    box = _RISK_BOX.search(clause.text)
    if box and clause.checked is not None:
        yield RiskLevelFact(source=_span(info, clause), scheme=scheme, level=box.group("level").title(),
                            subject="overall AI system", negated=False, checked=clause.checked,
                            conditional=None, clause=clause.text)
        return
    label = f"{clause.label} {clause.column}"
    lead = _RISK_LINE.search(clause.text[:60])
    if _RISK_LINE.search(label) or lead:
        source = clause.text if _RISK_LINE.search(label) or lead is None else clause.text[lead.end():]
        m = _RISK_WORD.search(source)
        if m:
            level = {"moderate": "Medium"}.get(m.group("level").lower(), m.group("level").title())
            subject = clause.row.get(next(iter(clause.row), ""), "") if clause.in_table else clause.heading_text
            if scheme == "ai_playbook" and not clause.in_table and _OVERALL_HEADING.search(clause.heading_text):
                # "Risk Level: LOW" under the assessment's overall score or classification rates the AI system
                # itself; a table row or a threat's own heading rates something else.
                subject = "overall AI system"
            yield RiskLevelFact(source=_span(info, clause), scheme=scheme, level=level, subject=subject,
                                **_qualifiers(clause, m.start(), m.end()))


# ----- requirements -------------------------------------------------------------------------------------
def _requirements(info: DocumentInfo, clauses: list[Clause]) -> list[RequirementFact]:
    if info.type_code not in (None, "REQ"):
        return []
    grouped: dict[str, list[Clause]] = {}
    for clause in clauses:
        if clause.requirement_id:
            grouped.setdefault(clause.requirement_id, []).append(clause)
    out = []
    for rid, items in grouped.items():
        first = items[0]
        title = ""
        for part in reversed(first.heading):
            if part.startswith(rid):
                title = part[len(rid):].strip(" :-–—")
                break
        if not title and first.in_table:
            title = next((v for k, v in first.row.items() if k.casefold() in ("title", "name", "requirement")), "")
        statement = next((c.text for c in items if c.label.casefold() in ("description", "requirement", "statement")), "")
        statement = re.sub(r"^\**[^:*]{2,40}\**:\**\s*", "", statement) if statement else ""
        if not statement:
            body = [c for c in items if not c.label and not c.in_table] or items
            statement = body[0].text
        statement = re.sub(rf"^\**{re.escape(rid)}\**[:.\s-]*", "", statement).strip()
        priority = None
        for c in items:
            if c.label.casefold() == "priority" or c.column.casefold() in ("priority", "moscow"):
                p = _PRIORITY.search(c.text)
                priority = p.group(1).upper().replace(" ", "_") if p else None
                break
        span = SourceSpan(document=info.document, doc_id=info.doc_id, heading=first.heading_text, requirement_id=rid,
                          start=first.start, end=items[-1].end, text=statement[:500])
        out.append(RequirementFact(source=span, id=rid, title=title[:120], statement=statement[:500], priority=priority,
                                   clause=first.text, checked=None, conditional=first.conditional))
    return out


def _marking_facts(info: DocumentInfo, text: str) -> list[MarkingFact]:
    facts: list[MarkingFact] = []
    if info.classification:
        row = re.search(r"^\|\s*\**Classification\**\s*\|[^\n]*", text, re.M | re.I)
        start, end = (row.start(), row.end()) if row else (0, 0)
        marking = parse_marking(info.classification)
        if marking:
            facts.append(MarkingFact(source=SourceSpan(document=info.document, doc_id=info.doc_id, heading="Document Control",
                                                       start=start, end=end, text=text[start:end]),
                                     level=marking.level, caveats=marking.caveats, clause=text[start:end]))
            return facts
    strongest = scan_markings(text).strongest
    if strongest:
        at = text.find(strongest.level)
        facts.append(MarkingFact(source=SourceSpan(document=info.document, doc_id=info.doc_id, start=max(at, 0),
                                                   end=max(at, 0) + len(strongest.level), text=strongest.level),
                                 level=strongest.level, caveats=strongest.caveats))
    return facts


def _risk_from_control(info: DocumentInfo, text: str) -> list[RiskLevelFact]:
    row = re.search(r"^\|\s*\**Risk (?:Level|Classification|Tier)\**\s*\|\s*(?P<value>[^|\n]*)", text, re.M | re.I)
    if not row or info.type_code != "AIPB":
        return []
    m = _RISK_WORD.search(row.group("value"))
    if not m:
        return []
    span = SourceSpan(document=info.document, doc_id=info.doc_id, heading="Document Control",
                      start=row.start(), end=row.end(), text=row.group(0))
    return [RiskLevelFact(source=span, scheme="ai_playbook", level=m.group("level").title(), subject="overall AI system",
                          clause=row.group(0))]


# The lead an AI Playbook assessment or ATRS record puts its oversight-model checklist under, and its options
# (list items or lines under the lead, or run together after it in one paragraph).
_OVERSIGHT_LEAD = re.compile(r"\bhuman oversight model\b[*:\s]*", re.I)
_OVERSIGHT_OPTION = re.compile(r"\[(?P<box>[ xX])\]\s*\**\s*(?P<level>human[- ]in[- ]the[- ]loop|human[- ]on[- ]the[- ]loop|"
                               r"human[- ]in[- ]command|fully[- ]automated)\s*\**\s*:?\s*\**\s*"
                               r"(?P<what>.*?)(?=\s*(?:[-*+]\s*)?\[[ xX]\]|\n|$)", re.I)
# Each option's name as the template writes it, by its words joined with hyphens.
_OVERSIGHT_LEVELS = {"human-in-the-loop": "Human-in-the-loop", "human-on-the-loop": "Human-on-the-loop",
                     "human-in-command": "Human-in-command", "fully-automated": "Fully automated"}


def _oversight_models(info: DocumentInfo, clauses: list[Clause]) -> Iterator[OversightFact]:
    """Each option of a "Human Oversight Model" checklist, ticked or not (the fact's `asserted` says which)."""
    if "oversight" not in authoritative_on(info.type_code):
        return
    under_lead = False
    for clause in clauses:
        lead = _OVERSIGHT_LEAD.search(clause.text)
        if lead is not None:
            under_lead, start = True, lead.end()
        elif under_lead or _OVERSIGHT_LEAD.search(clause.lead):
            start = 0
        else:
            continue
        options = list(_OVERSIGHT_OPTION.finditer(clause.text, start))
        if lead is None and (not options or options[0].start() > len(clause.text) - len(clause.text.lstrip(" -*+\t"))):
            under_lead = False  # the checklist ended
            continue
        for option in options:
            level = _OVERSIGHT_LEVELS[re.sub(r"[- ]+", "-", option.group("level").lower())]
            what = re.sub(r"[*_]+", "", option.group("what")).strip(" ()")
            # the box belongs to this option, not to the clause's first one: read it where it stands
            yield OversightFact(source=_span(info, clause), level=level, description=what[:1].upper() + what[1:],
                                clause=option.group(0), checked=option.group("box") in "xX")


def extract_document_facts(text: str, filename: str, *, workspace_id: str | None = None) -> DocumentFacts:
    """Every fact one document states, each with its span; footers, provenance and appendices skipped."""
    info = read_document_info(text, filename, workspace_id=workspace_id)
    clauses, skipped = walk(text)
    facts: list[Fact] = [*_marking_facts(info, text), *_risk_from_control(info, text)]
    facts.extend(_requirements(info, clauses))
    if info.type_code in (None, "REQ"):
        facts.extend(integration_sources(info, clauses))
    facts.extend(_oversight_models(info, clauses))
    for clause in clauses:
        for extractor in (_quantities, _retention, _models, _platforms, _fairness, _personal_data, _data_sources, _risks,
                          _cadences, _stakeholders, _record_accountable):
            facts.extend(extractor(info, clause))
    return DocumentFacts(info=info, facts=facts, text_chars=len(text), skipped=skipped)


_log = logging.getLogger(__name__)


def read_facts(text: str, filename: str, *, workspace_id: str | None = None) -> DocumentFacts:
    """`extract_document_facts`, or, when extraction fails, the document's info with the failure noted: a fault
    in fact extraction must lose neither a document's ingest nor a project's other facts."""
    try:
        return extract_document_facts(text, filename, workspace_id=workspace_id)
    except Exception as exc:  # noqa: BLE001 - see above
        _log.warning("%s: fact extraction failed (%s); indexed without facts", filename, exc)
        return DocumentFacts(info=read_document_info(text, filename, workspace_id=workspace_id),
                             skipped=[f"fact extraction failed: {exc}"])
