"""Content checks: what the strategy says, against itself and against the project's own documents.

Each finding quotes both sides (the strategy's line, and the other line or the source sentence), so a
reviewer can judge it without opening either document. They read the strategy as text (`doctext`), so
they work on ArcKit's own layouts as well as ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np

from assistant.facts import extract_document_facts
from assistant.index.embeddings import embed_each, embed_texts
from assistant.markdown_tables import split_row
from assistant.review.claims import (
    _THRESHOLD,
    _UPPER,
    Frequency,
    Milestone,
    Threshold,
    _to_base,
    _unit,
    frequencies,
    milestones,
    same_time,
    term_regex,
    thresholds,
    vocabulary,
)
from assistant.review.context import ReviewContext
from assistant.review.doctext import Line
from assistant.review.rules import Hit, Rule, check
from assistant.strategy.base import Row
from assistant.strategy.cells import is_pending
from assistant.strategy.parse import heading_kind
from assistant.strategy.schema import SECTIONS, ApprovalRow

_CONTENT_WORD = re.compile(r"[a-z][a-z0-9-]{2,}")
_STOP = frozenset(re.findall(r"\S+", "the and for with from that this shall will must should may are was were been "
                             "have has its their our all any each per into within than then when where which who "
                             "not yes via using use used able such other also only more less data system service "
                             "model models"))
# A template slot: a bracket opening on a letter or currency sign ("[Source]", "[£X]"), or on a bound of one
# ("[< X ms]", "[> X%]"), never a citation, a checkbox, a marker or an ID.
_PLACEHOLDER = re.compile(r"(?<![\\!])\[(?![ xX]\])(?!\s*(?:PENDING|NEEDS VERIFICATION)\s*\])(?![A-Z]{1,6}-C\d+\])(?!\d+\])(?![A-Z]+-\d)((?:[A-Za-z£$]|[<>≤≥]\s*[A-Za-z])[^\]\n]{0,60})\]"
                          r"(?!\()|\b(?:TODO|TBD|TBC|XXX)\b|YYYY-MM-DD")


def quote(text: str, limit: int = 140) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return "'" + (text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ...") + "'"


def words(text: str) -> set[str]:
    out = set()
    for w in _CONTENT_WORD.findall(text.casefold()):
        if w in _STOP:
            continue
        out.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return out


def _section(line: Line) -> int | None:
    return line.section if line.section and 1 <= line.section <= 15 else None


def _place(line: Line) -> str:
    if line.section:
        title = SECTIONS[line.section - 1].title
        sub = line.heading.split(" > ")[-1] if " > " in line.heading else ""
        return f"section {line.section} ({sub or title})"
    return f"'{line.heading}'" if line.heading else "the document"


def _group_key(line: Line) -> str:
    """Rows of one table are one statement (a per-feature table may hold several values); prose lines are each one."""
    return f"table:{line.heading}:{'|'.join(line.header)}" if line.cells else f"line:{line.number}"


# ===================================================================================================
# The same metric, activity or milestone with different values in two places
# ===================================================================================================
_MODEL_ID = re.compile(r"\b[A-Z]{2,5}-\d{3}\b(?:/\d{3})*")


def _models_of(line: Line) -> set[str]:
    out = set()
    for m in _MODEL_ID.finditer(line.text):
        head, *rest = m.group(0).split("/")
        prefix = head.rsplit("-", 1)[0]
        out |= {head, *(f"{prefix}-{r}" for r in rest)}
    return {i for i in out if not re.match(r"(BR|FR|NFR|INT|DR|UC|TC|ARC)-", i)}


# Parts of a system a row's label can name: the same metric of two parts is two subjects ("LLM response time
# < 1.5 s" and "Response time < 2 s", the end-to-end one, do not conflict).
_COMPONENTS = frozenset(["llm", "api", "database", "retrieval", "retriever", "embedding", "search", "internal",
                         "page", "batch", "upload", "ingestion", "training", "inference", "gpu", "cpu", "queue",
                         "cache"])


def _components(line: Line) -> frozenset[str]:
    return frozenset(words(line.cells[0]) & _COMPONENTS) if line.cells else frozenset()


def _same_models(a: Line, b: Line) -> bool:
    """Lines naming different models (MOD-001 vs MOD-003) are about different subjects. A milestone is the project's,
    whatever part a row's label names ("Level 1 (KB ingestion) | 2026-05 (Private Beta)" dates the same private beta
    as "Private Beta | 2026-06"): for milestones this is the whole test."""
    ma, mb = _models_of(a), _models_of(b)
    return not (ma and mb and not (ma & mb))


def _same_subject(a: Line, b: Line) -> bool:
    """The same models, and rows naming the same parts of the system (a metric of the LLM is not the end-to-end one)."""
    return _same_models(a, b) and _components(a) == _components(b)


def _acknowledged(lines: list[Line], a: Line, b: Line, texts: tuple[str, str]) -> bool:
    """Another line states both values: the author has seen the difference and says why."""
    # the figures with their units: a bare "2" or "3" is on too many lines to say anything
    figures = [re.compile(r"(?<![\d.])" + re.escape(m.group(0)) + r"(?![\w.])")
               for t in texts if (m := re.search(r"\d+(?:\.\d+)?\s?(?:%|ms\b|s\b|sec\w*|min\w*|hours?|days?)", t))]
    return len(figures) == 2 and any(line.number not in (a.number, b.number) and
                                     all(f.search(line.text) for f in figures) for line in lines)


# A bound on a difference between groups ("Age: > 10% gap in accuracy"), not on the metric's level.
_BETWEEN_GROUPS = re.compile(r"(?i)\b(?:difference|disparit\w*|gap|between[- ]groups?|parity|fairness|bias)\b")


def _bounds_a_difference(t: Threshold) -> bool:
    line = t.line
    return bool(_BETWEEN_GROUPS.search(" ".join([line.text, *line.header, line.heading.split(" > ")[-1]])))


def _thresholds_related(a: Threshold, b: Threshold) -> bool:
    """A bound on the gap between groups and a bound on the level itself are not one threshold ("thumbs-up rate
    > 95%" and "a group more than 10% below the others")."""
    return _bounds_a_difference(a) == _bounds_a_difference(b)


def _conflicts(claims: list[Any], key: Any, value: Any, compatible: Any,
               same: Any = lambda a, b: _same_subject(a.line, b.line)) -> Iterator[tuple[Any, Any]]:
    """Pairs of claims with the same key from different places whose values share nothing, about what `same`
    holds to be one subject."""
    by_key: dict[Any, dict[str, list[Any]]] = {}
    for c in claims:
        by_key.setdefault(key(c), {}).setdefault(_group_key(c.line), []).append(c)
    for groups in by_key.values():
        items = list(groups.values())
        reported = False
        for i, a_group in enumerate(items):
            for b_group in items[i + 1:]:
                if reported:
                    break
                if any(compatible(value(a), value(b)) for a in a_group for b in b_group):
                    continue
                if not same(a_group[0], b_group[0]):
                    continue
                yield a_group[0], b_group[0]
                reported = True


@check("value-conflict")
def value_conflict(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    lines = ctx.lines
    def t_key(t: Threshold) -> tuple[str, str, bool, str]:
        return (t.metric, t.qualifier, t.upper, t.base[1])
    for a, b in _conflicts(thresholds(lines), t_key, lambda t: t.base[0], lambda x, y: abs(x - y) < 1e-9,
                           lambda a, b: _same_subject(a.line, b.line) and _thresholds_related(a, b)):
        if _acknowledged(lines, a.line, b.line, (a.text, b.text)):
            continue
        label = f"{a.qualifier} " if a.qualifier else ""
        yield Hit(f"The {label}threshold for {a.metric} differs: {_place(a.line)} says '{a.text}' "
                  f"({quote(a.line.text)}) but {_place(b.line)} says '{b.text}' ({quote(b.line.text)}).",
                  section=_section(a.line) or _section(b.line),
                  fix=f"Use one {a.metric} threshold in both places (the one the requirement or the risk owner set).",
                  data={"kind": "threshold", "metric": a.metric, "values": [a.text, b.text],
                        "lines": [a.line.number, b.line.number]})
    for fa, fb in _conflicts(frequencies(lines), lambda f: f.activity, lambda f: f.value, lambda x, y: x == y):
        yield Hit(f"The frequency of {fa.activity} differs: {_place(fa.line)} says {fa.value} ({quote(fa.line.text)}) "
                  f"but {_place(fb.line)} says {fb.value} ({quote(fb.line.text)}).",
                  section=_section(fa.line) or _section(fb.line),
                  fix=f"State one frequency for {fa.activity} and use it everywhere it is mentioned.",
                  data={"kind": "frequency", "activity": fa.activity, "values": [fa.value, fb.value],
                        "lines": [fa.line.number, fb.line.number]})
    for ma, mb in _conflicts(milestones(lines), lambda m: m.name, lambda m: m.value, same_time,
                             lambda a, b: _same_models(a.line, b.line)):
        yield Hit(f"Two dates for {ma.name}: {_place(ma.line)} says '{ma.text}' ({quote(ma.line.text)}) but "
                  f"{_place(mb.line)} says '{mb.text}' ({quote(mb.line.text)}).",
                  section=_section(ma.line) or _section(mb.line),
                  fix=f"Give {ma.name} one date (from the delivery plan) in every place it is mentioned.",
                  data={"kind": "milestone", "milestone": ma.name, "values": [ma.text, mb.text],
                        "lines": [ma.line.number, mb.line.number]})
    _ = (Frequency, Milestone)


# ===================================================================================================
# Placeholders and structure
# ===================================================================================================
_LATER = re.compile(r"TBD|TBC")
# "TBC at contract award", "TBD (pending the DPIA)", "TBC until ...": an unknown stated with when or why it will
# be known is the author's open point, not a template left unfilled (a template's TBD says nothing after it).
# So is one the author explains in a parenthesis or after a dash ("TBD (pilot)", "TBD — must support UK-only
# inference") or says how it will be settled ("TBD via procurement").
_REASONED = re.compile(r"\s*(?:[(:,–—-]?\s*(?:at|on|until|after|when|once|pending|awaiting|following|subject\s+to|"
                       r"upon|by|before|per|due|as|because|depends?|dependent|via|through|during|in)\b\s*\w"
                       r"|(?:\(|[–—]|-\s)\s*[A-Za-z]{3,})", re.IGNORECASE)


def reasoned_unknown(text: str, end: int) -> bool:
    """Whether the "TBD"/"TBC" ending at `end` of `text` is followed by its reason or condition."""
    return _REASONED.match(text, end) is not None


def _optional_cells(ctx: ReviewContext) -> set[tuple[int, str]]:
    """(section, column header) of the columns the rules allow to be blank (`optional_columns`)."""
    fields = {info.field: info.number for info in SECTIONS}
    out = set()
    for dotted in ctx.rules.vocab("optional_columns"):
        parts = dotted.split(".")
        if parts[0] in fields:
            out.add((fields[parts[0]], parts[-1].replace("_", "").casefold()))
    return out


def stated_unknown(row: Line | None) -> bool:
    """Whether a row that says "TBD"/"TBC" somewhere is otherwise filled: the author's stated unknown (a
    Year-1 estimate beside its target, a name beside the role and team), not a template left unfilled.
    The template's own placeholders are bracketed ("[TBD]") and are reported whatever the row holds."""
    if row is None or len(row.cells) < 3:
        return False
    return any(cell and not _LATER.search(cell) and cell not in ("-", "—") for cell in row.cells[1:])


def _in_optional_cell(raw: Line, row: Line | None, at: int, optional: set[tuple[int, str]]) -> bool:
    """Whether position `at` of the raw table line `raw` is in a column the rules allow to be blank."""
    if row is None or row.section is None or not raw.text.startswith("|"):
        return False
    cell = raw.text[:at].count("|") - 1
    header = row.header[cell] if 0 <= cell < len(row.header) else ""
    return (row.section, re.sub(r"[^a-z0-9]", "", header.casefold())) in optional


def _open_in_sources(ctx: ReviewContext, row: Line | None) -> bool:
    """A "TBD" in a row whose label the project's own documents also leave TBD ("| Product Owner | TBD |" in the
    requirements' stakeholder table): an open item carried from the sources, not a template left unfilled."""
    if row is None or not row.cells or ctx.sources is None:
        return False
    if _LATER.search(row.cells[0]):
        return False
    # "Security Architect / CISO": any one of the roles the label names
    labels = [p.strip(" *").casefold() for p in re.split(r"[/;,]", re.sub(r"\s+", " ", row.cells[0]))]
    labels = [p for p in labels if len(p) >= 4]
    return any(label in line for line in ctx.sources.open_item_lines for label in labels)


# "Named individuals are TBD": the word used in a sentence says a value is not known yet; a template's slot is a
# bare token standing for the value.
_SAID_UNKNOWN = re.compile(r"(?i)\b(?:is|are|remains?|still|currently|left|marked(?: as)?)\s+$")


def said_unknown(text: str, start: int) -> bool:
    return _SAID_UNKNOWN.search(text[max(0, start - 20):start]) is not None


# The unnumbered tables' rows, by the kind of their heading: the template prints some of their cells blank.
_UNNUMBERED_ROWS: dict[str, type[Row]] = {"approval": ApprovalRow}


def _blank_in_template(line: Line, at: int) -> bool:
    """Whether position `at` of the raw table line `line` is in a column the template prints blank (the Approval
    table's Name): a "TBD" there is an approver not chosen yet, which the template's blank also allows."""
    row_type = _UNNUMBERED_ROWS.get(heading_kind(line.heading)[0])
    if row_type is None or not line.header or not line.text.startswith("|"):
        return False
    cell = line.text[:at].count("|") - 1
    return 0 <= cell < len(line.header) and line.header[cell] in row_type.blank_in_template()


@check("template-unfilled")
def template_unfilled(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.markdown is None:
        return
    hits: dict[int | None, list[str]] = {}
    optional = _optional_cells(ctx)
    rows = {line.number: line for line in ctx.lines if line.cells}
    for line in ctx.all_lines:
        if line.fenced:
            continue  # a card or config template to copy per model: its slots are meant to stay bracketed
        for m in _PLACEHOLDER.finditer(line.text):
            row = rows.get(line.number)
            bare = _LATER.fullmatch(m.group(0))
            # "TBD", or "[TBD]" as the template writes a value not known yet (Performance Requirements' Current):
            # where a blank is allowed, a reason follows or the sources leave the same item open, no slot is unfilled
            if _LATER.fullmatch(m.group(0).strip("[]")) and (_in_optional_cell(line, row, m.start(), optional)
                                                             or _blank_in_template(line, m.start())
                                                             or reasoned_unknown(line.text, m.end())
                                                             or _open_in_sources(ctx, row)):
                continue
            if bare and (stated_unknown(row) or said_unknown(line.text, m.start())):
                continue  # the author's stated unknown in a filled row
            hits.setdefault(_section(line), []).append(m.group(0))
    total = sum(len(v) for v in hits.values())
    if not total:
        return
    for section, found in sorted(hits.items(), key=lambda kv: kv[0] or 0):
        shown = ", ".join(dict.fromkeys(found[:6]))
        where = f"Section {section}" if section else "Outside the numbered sections,"
        yield Hit(f"{where} still has {len(found)} template placeholder(s): {shown}.", section=section,
                  data={"placeholders": found})


_CYCLE_MONTHS = {"Monthly": 1, "Quarterly": 3, "Annual": 12}


def _plus_months(day: Any, months: int) -> Any:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


@check("review-date")
def review_date(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    dc = ctx.strategy.document_control
    cycle = dc.review_cycle.value if dc.review_cycle is not None else ""
    months = _CYCLE_MONTHS.get(cycle)
    if months is None or dc.next_review_date is None:
        return
    starts = [d for d in (dc.created_date, dc.last_modified) if d is not None]
    if not starts:
        return
    due = dc.next_review_date
    # a few days' slack: "+3 months" from 31 January is 28 April or 1 May depending on who counts
    if any(abs((due - _plus_months(start, months)).days) <= 3 for start in starts):
        return
    start = max(starts)
    yield Hit(f"Document Control says Review Cycle {cycle} but Next Review Date {due.isoformat()}, which is not "
              f"{months} month(s) after {start.isoformat()} (created / last modified).",
              data={"next_review": due.isoformat(), "cycle": cycle})


@check("structure-differs")
def structure_differs(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    for move in ctx.moves:
        if move.kind != "relocated":
            continue
        yield Hit(f"Structure differs from the template: {move.describe()}. The content was read there.",
                  section=move.section)
    for block in ctx.strategy.extra_content:
        first = block.markdown.strip().splitlines()[0] if block.markdown.strip() else ""
        if block.section is None and first.startswith("## "):
            yield Hit(f"Structure differs from the template: '{first[3:].strip()}' is not a template section; "
                      "it was kept as extra content.", section=None,
                      fix="Move its content into the template section it belongs to, or keep it as an annex.")


# ===================================================================================================
# Marking and risk tier
# ===================================================================================================
_MARKINGS = ("PUBLIC", "OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET")
_MARKING_TEXT = re.compile(r"\b(OFFICIAL-SENSITIVE|OFFICIAL SENSITIVE|TOP SECRET|SECRET|OFFICIAL|PUBLIC)\b")


@check("marking-missing")
def marking_missing(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    cls = ctx.strategy.document_control.classification
    stated = cls.value if cls is not None else None
    if stated is None and ctx.markdown:
        head = "\n".join(ctx.markdown.splitlines()[:40])
        row = next((cells for line in head.splitlines() if line.lstrip().startswith("|") and len(cells := split_row(line)) > 1
                    and cells[0].strip("* ").casefold() == "classification"), None)
        m = _MARKING_TEXT.search(row[1]) if row else _MARKING_TEXT.search(head)
        if m:
            stated = m.group(1).replace("OFFICIAL SENSITIVE", "OFFICIAL-SENSITIVE")
    if stated is None:
        yield Hit("The document has no security marking (Document Control Classification is empty or not a "
                  "Government Security Classification).",
                  fix="Set Classification to the marking of its most restrictive source (e.g. OFFICIAL or "
                      "OFFICIAL-SENSITIVE).", data={"kind": "none"})
        return
    sources = ctx.sources
    if sources is None or sources.facts is None:
        return
    marking = sources.facts.marking()
    level = getattr(marking, "level", None) or (marking if isinstance(marking, str) else None)
    if level in _MARKINGS and stated in _MARKINGS and _MARKINGS.index(level) > _MARKINGS.index(stated):
        origin = next((f.source for f in sources.facts.marking_sources() if f.level == level), None)
        where = f" ({origin.document}: {quote(origin.text, 80)})" if origin is not None else ""
        yield Hit(f"The document is marked {stated} but its sources are marked {level}{where}.",
                  fix=f"Mark the strategy {level} (the most restrictive marking of its sources).")


_RISK_TEXT = re.compile(
    r"(?i)(?:risk\s*(?:level|tier|rating|classification|category|band)\s*(?:is|of|:|\||=|-)?\s*|"
    r"(?:classified|assessed|rated|categori[sz]ed)\s+as\s+(?:an?\s+)?)(?:\*\*)?(very high|high|medium|moderate|low|"
    r"minimal|limited|critical|tier\s*[1-4])\b|\b(very high|high|medium|low)[- ]risk\s+(?:ai\s+)?(?:system|model|"
    r"service|tool|use|classifier)\b")


_RISK_COLUMN = re.compile(r"(?i)\brisk\b.*\b(?:level|tier|rating|class\w*|categor\w*|band)\b|^\s*risk\s*$")
_LEVEL = re.compile(r"(?i)\b(?:very high|high|medium|moderate|low|minimal|limited|critical|tier\s*[1-4])\b")


def _rated_in_a_table(ctx: ReviewContext) -> set[int]:
    """Catalogued models (by position) that a table row outside the catalog rates: a Model Risk Classification
    keyed by model ID ("| MOD-002 | HIGH | ...") gives the level as much as the catalog's column does. The
    template's own scale ("| High | Significant impact |") names no model and rates none."""
    out: set[int] = set()
    for line in ctx.lines:
        if not line.cells:
            continue
        levels = [c for i, c in enumerate(line.cells) if i < len(line.header) and _RISK_COLUMN.search(line.header[i])
                  and _LEVEL.search(c) and not _PLACEHOLDER.search(c)]
        if not levels:
            continue
        for n, model in enumerate(ctx.models):
            names = [x for x in (model.model_id, model.name) if x]
            if any(cell.strip() in names for cell in line.cells if not _LEVEL.fullmatch(cell.strip())):
                out.add(n)
    return out


# A risk level cell that gives no level yet.
_NO_LEVEL = re.compile(r"(?i)^\W*(?:tbc|tbd|tba|to be (?:confirmed|decided|agreed|assessed|determined)|unknown|"
                       r"not (?:yet )?(?:assessed|rated|classified)|\?+)\W*$")


@check("model-risk-tier")
def model_risk_tier(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    elsewhere = _rated_in_a_table(ctx)
    def stated(model: Any) -> bool:
        # a level written in the author's own words counts; "TBC" or "pending" is no level yet
        text = model.extra.get("Risk Level", "").strip(" —-*")
        return bool(text) and not _NO_LEVEL.match(text) and not is_pending(text)

    rated = [m for n, m in enumerate(ctx.models) if m.risk_level is not None or n in elsewhere or stated(m)]
    if rated:
        unrated = [m for n, m in enumerate(ctx.models) if m.risk_level is None and n not in elsewhere
                   and not stated(m)]
        for model in unrated:
            yield Hit(f"{ctx.model_label(model)} has no risk tier in the Model Catalog or any risk "
                      f"classification table, while "
                      f"{', '.join(ctx.model_label(m) for m in rated[:3])} have one.",
                      fix=f"Give {ctx.model_label(model)} a Risk Level and list it in the Model Risk Classification.")
        return
    for line in ctx.lines:
        if "risk classification" in line.heading.casefold() and line.section == 2:
            continue  # the scale's definitions, not the system's own level
        if _RISK_TEXT.search(line.text):
            return
    if not ctx.models and not any(line.section == 2 for line in ctx.lines):
        return
    names = ", ".join(ctx.model_label(m) for m in ctx.models[:5]) or "the models"
    yield Hit(f"No risk tier or risk classification is given for {names}: the Model Catalog has no Risk Level and "
              "no section states the system's risk level.",
              fix="Give each model a Risk Level (Low / Medium / High / Very High) from the AI Playbook assessment, "
                  "and the governance that level requires.")


# ===================================================================================================
# Against the project's documents
# ===================================================================================================
_DOC_ID = re.compile(r"\bARC-(\d{3}|[A-Z0-9]+)-([A-Z]{2,})(?:-(\d+))?(?:-v(\d+(?:\.\d+)*))?\b")
_FILE = re.compile(r"(?<![\w/.-])([\w][\w.()&'-]{0,80}?\.(?:md|pdf|docx?|xlsx?|pptx?|csv|odt|ods))\b", re.I)


_REFERENCE_HEADING = re.compile(r"(?i)reference|related document|source document|bibliograph")
_ACKNOWLEDGED = re.compile(r"(?i)\bnot (?:yet )?(?:provided|available|ingested|received|supplied|uploaded|generated|"
                          r"produced|written|created)\b|\b(?:has|have) (?:not )?been (?:generated|produced|written|"
                          r"created) yet\b|\bdoes not (?:yet )?exist\b|\bnot been (?:generated|produced|written)\b|"
                          r"\bexists? yet\b|\bmissing\b")  # "No data model exists yet (ARC-001-DATA-v* missing)"


@check("unknown-reference")
def unknown_reference(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    sources = ctx.sources
    if sources is None or not sources.documents:
        return
    own = ctx.strategy.document_id
    known_names = {n.casefold() for n in sources.documents}
    known_stems = {re.sub(r"\.[a-z0-9]+$", "", n.casefold()) for n in sources.documents}
    seen: set[str] = set()
    # Documents the author says anywhere are not produced yet ("No AI Playbook assessment (ARC-001-AIPB) has been
    # generated yet"): a reference to one elsewhere (as evidence a later gate will need) claims no existing file.
    pending = {(m.group(1), m.group(2)) for line in ctx.all_lines if _ACKNOWLEDGED.search(line.text)
               for m in _DOC_ID.finditer(line.text)}
    for line in ctx.all_lines:
        if _ACKNOWLEDGED.search(line.text):
            continue  # the author already says the document is missing
        for m in _DOC_ID.finditer(line.text):
            ref, code = m.group(0), m.group(2)
            if ref in seen or code in ("MLOPS", "MLOP") or ref == own or (m.group(1), code) in pending:
                continue
            series = f"ARC-{m.group(1)}-{code}" + (f"-{m.group(3)}" if m.group(3) else "")
            if any(d in (ref, series) or d.startswith(series + "-v") for d in sources.doc_ids):
                continue
            if m.group(4) is None and code in sources.type_codes:
                continue
            scope = m.group(1)
            if (scope == "000" or not scope.isdigit()) and not any(d.startswith(f"ARC-{scope}-")
                                                                     for d in sources.doc_ids):
                continue  # ArcKit's global documents (projects/000-global, "ARC-GLB-") were not ingested: unchecked
            seen.add(ref)
            yield Hit(f"{_place(line).capitalize()} refers to {ref}, which is not among the project's documents "
                      f"({_list(sorted(sources.doc_ids) or sources.documents)}): {quote(line.text)}.",
                      section=_section(line),
                      fix=f"Ingest {ref} into the project, or correct the reference to the document it means.",
                      data={"reference": ref})
        for m in _FILE.finditer(line.text):
            name = m.group(1).strip().split("/")[-1]
            low = name.casefold()
            if low in seen or low in known_names or re.sub(r"\.[a-z0-9]+$", "", low) in known_stems:
                continue
            named = _DOC_ID.search(name)
            if named and any(name.startswith(d) for d in sources.doc_ids):
                continue
            if named and (named.group(1) == "000" or not named.group(1).isdigit()) and \
                    not any(d.startswith(f"ARC-{named.group(1)}-") for d in sources.doc_ids):
                continue  # a global document's file (projects/000-global), outside what was ingested: unchecked
            if not _DOC_ID.search(name) and low.endswith((".md", ".csv")) and not _REFERENCE_HEADING.search(line.heading):
                continue  # a repository artefact (MODEL_CARD.md, golden_set.csv), not a project document
            seen.add(low)
            yield Hit(f"{_place(line).capitalize()} refers to the file '{name}', which is not in the project: "
                      f"{quote(line.text)}.", section=_section(line),
                      fix=f"Ingest '{name}', or remove the reference.", data={"reference": name})


def _list(items: list[str], limit: int = 5) -> str:
    return ", ".join(items[:limit]) + (f" and {len(items) - limit} more" if len(items) > limit else "")


@lru_cache(maxsize=1)
def _sensitive() -> dict[str, re.Pattern[str]]:
    return {name: term_regex(terms) for name, terms in vocabulary()["sensitive"].items()}


# ("Special Category Data (GDPR Art 9): NONE"; "Special category data: [ ] Yes / [x] No")
_NEGATED_AFTER = re.compile(r"(?i)[\w'’ ()/.-]{0,30}?(?:\*\*)?\s*[|:=?\-–—]+\s*(?:[\w ]{1,20}:\s*)?(?:\*\*)?\s*"
                            r"(?:no\b|none\b|not\b|n/a\b|never\b|out of scope|❌|"
                            r"\[\s\]\s*yes\W{0,4}\[[xX]\]\s*no\b)")
# The rest of the sentence says the system does not use what the list names: "protected characteristics (gender,
# ethnicity, ...): the AI feature is identity-blind"
_NOT_USED = re.compile(r"(?i)\b(?:identity[- ]blind|blind to|(?:does|do|will) not (?:use|process|collect|see|receive|"
                       r"store|infer)|(?:is|are) not (?:used|processed|collected|stored|captured|inferred)|never "
                       r"(?:used|processed|collected|stored))\b")
# A heading that names the term, answered by the paragraph under it: "## 13. Children's Data" / "**Not applicable**".
_ANSWERED_NO = re.compile(r"(?i)[\w'’ -]{0,25}?\s*(?:\*\*)?[ \t]*\n+\s*(?:\*\*)?\s*(?:not applicable|n/a|none|no)\b")


# Words before a term that make it a machine's, not a person's ("key fingerprint", "device fingerprint").
_NOT_A_PERSON = re.compile(r"(?i)\b(?:key|signature|certificate|cert|hash|ssh|tls|ssl|gpg|pgp|device|browser|"
                           r"digital|file|image|artefact|artifact|bundle|public-key|host)\s+$")


_SCREENING = re.compile(r"(?i)\b(?:triggering factors?|triggers?|screening|criteria|criterion)\b[^\n]{0,40}"
                        r"(?:\n\s*(?:\d+[.)]|[-*]))?$")


# The law's rule for when a DPIA is needed, quoted in a document, is not the system's processing.
_DPIA_RULE = re.compile(r"(?i)\bArticle\s*35\b|\brequires?\s+(?:an?\s+)?DPIA\b|\bDPIA\s+(?:is\s+)?(?:required|mandatory)\b")


def _before(at: int, sources: Any) -> str:
    """The sources' text just before position `at` (a sentence's list lead-in line); nothing when `at` is not
    a position in it."""
    return sources.all_text[max(0, at - 80):at].rstrip() if at > 0 else ""


def _negated_list(text: str, start: int) -> bool:
    """Whether the term at `start` is an item of a parenthesised list that a negation governs: "No Article 9
    special-category data (health, racial or ethnic origin, biometric, ...)"."""
    opening = text.rfind("(", 0, start)
    if opening < 0 or ")" in text[opening:start]:
        return False
    return bool(_negation().search(text[max(0, opening - 60):opening]))


def _after(text: str, end: int, at: int, sources: Any) -> str:
    """What follows a term ending at `end` of `text`, found at `at` of the sources' text: in the document's text
    (a table cell is a sentence of its own), or in the sentence when it is not found there."""
    return sources.all_text[at + end:at + end + 40] if at >= 0 else text[end:end + 40]


@lru_cache(maxsize=1)
def _addressed() -> dict[str, re.Pattern[str]]:
    return {name: term_regex(terms) for name, terms in (vocabulary().get("sensitive_addressed") or {}).items()}


@lru_cache(maxsize=1)
def _negation() -> re.Pattern[str]:
    return term_regex(vocabulary()["negations"])


_AUTHORITIES = ("REQ", "DPIA", "DATA", "AIPB", "ATRS", "STKE")


def _authority(name: str, sources: Any) -> bool:
    """Requirements, DPIA and data documents name the processing (research and options papers do not)."""
    if sources.facts is not None:
        for info in sources.facts.infos():
            if info.document == name and (info.type_code or info.arckit):
                # an ArcKit document of another kind (a data-source discovery's candidate list, a runbook) names
                # things the system may never process
                return info.type_code in _AUTHORITIES
    named = re.match(r"ARC-\d{3}-([A-Z]+)-", name)  # an ArcKit file the facts layer has no record of
    return named is None or named.group(1) in _AUTHORITIES


@check("sensitive-processing")
def sensitive_processing(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    sources = ctx.sources
    if sources is None:
        return
    strategy_text = " ".join(line.text for line in ctx.lines)
    addressed = _addressed()
    for name, rx in _sensitive().items():
        if rx.search(strategy_text) or (name in addressed and addressed[name].search(strategy_text)):
            continue
        evidence = None
        for sentence in sources.sentences:
            m = rx.search(sentence.text)
            if not m or not _authority(sentence.document, sources):
                continue
            before = sentence.text[max(0, m.start() - 50):m.start()]
            if _NOT_A_PERSON.search(before[-25:]):
                continue  # "signature key fingerprint": a key's, not a person's
            if re.search(r"(?i)protected characteristics?", sentence.text[max(0, m.start() - 90):m.start()]):
                continue  # a list of protected characteristics is the fairness analysis's scope, not data processed
            at = sources.all_text.find(sentence.text)  # where the sentence sits, for what comes before and after
            if _SCREENING.search(_before(at, sources)) or _DPIA_RULE.search(sentence.text) or \
                    re.search(r"(?i)\bor (?:other )?personal data\b", sentence.text[m.end():m.end() + 40]):
                continue  # a DPIA screening criterion ("Triggering Factors: large-scale processing of special
                #           category data or personal data") says when a DPIA is needed, not what is processed
            after = _after(sentence.text, m.end(), at, sources)
            if _negation().search(before) or _NEGATED_AFTER.match(after) or _ANSWERED_NO.match(after) or \
                    _negated_list(sentence.text, m.start()) or _NOT_USED.search(sentence.text[m.end():m.end() + 150]):
                continue  # "no biometric data"; "Automated decision-making | No", "children: not in scope"
            evidence = (sentence, m.group(0))
            break
        if evidence is None:
            continue
        sentence, term = evidence
        yield Hit(f"The sources name {name} ('{term}' in {sentence.document}: {quote(sentence.text)}) but the "
                  f"strategy never addresses {name}.",
                  fix=f"Say how the system handles {name}: the DPIA control, the safeguard in the pipeline and the "
                      "human oversight that applies (sections 3, 12 and 13).",
                  data={"category": name, "source": sentence.document})


# ----- figures no project document states --------------------------------------------------------------------
# ("DPA 2018 s.49-50" cites a section of an Act: "s." before a number is no unit of seconds)
_FIGURE = re.compile(r"(?P<cur>£|\$|€)\s?(?P<money>\d[\d,]*(?:\.\d+)?)\s?(?P<mult>[km]|bn|million|billion)?\b|"
                     r"(?P<cmp>[<>≤≥])\s?(?P<thr>\d+(?:\.\d+)?)(?![\d.,])(?!\s?(?:%|ms|s\b|seconds?|minutes?|hours?|days?))|"
                     r"(?<![\w.-])(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>%|ms\b|milliseconds?\b|seconds?\b|secs?\b|s\b(?!\.\d)|"
                     r"minutes?\b|mins?\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|years?\b|gb\b|tb\b|"
                     r"req(?:uest)?s?/s\b|requests? per second\b|rps\b|users?\b|languages?\b|million\b|billion\b|"
                     r"[a-z]+(?:\s[a-z]+)?\s+per\s+(?:second|minute|hour|day|week|month|year)\b)", re.I)
_ANNOTATED = re.compile(r"(?i)\((?:recommendation|assumption)\b|open question")
# "42d" is how a plan's Gantt chart writes 42 days.
_SOURCE_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:\s?(%|ms\b|milli\w*|sec\w*|s\b|min\w*|hours?|hrs?|h\b|days?|d\b|weeks?|"
                            r"months?|years?|k\b|m\b|bn\b|million\b|billion\b))?", re.I)
# Numbers written as words in a source ("within five working days") state the figure as much as digits do.
_WORD_NUMBERS = {w: float(i) for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])} | {
    "fifteen": 15.0, "twenty": 20.0, "thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "ninety": 90.0,
    "hundred": 100.0}
_SOURCE_WORD_NUMBER = re.compile(r"(?i)\b(" + "|".join(_WORD_NUMBERS) + r")[\s-]+(?:\w+\s+)?(%|per ?cent|ms\b|"
                                 r"milli\w*|sec\w*|min\w*|hours?|days?|weeks?|months?|years?)")
_SCALE = {"k": 1e3, "m": 1e6, "bn": 1e9, "million": 1e6, "billion": 1e9}


def _unit_class(unit: str) -> str:
    u = unit.casefold().strip()
    if not u:
        return ""
    if u == "%":
        return "%"
    if u in _SCALE:
        return ""  # "1.8 million" is a count, not a time ("milli-")
    if re.match(r"ms|milli|sec|s$|min|hour|hr|h$|day|d$|week|month|year", u):
        return "time"
    return "other"


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _source_numbers(sources: Any) -> dict[float, set[str]]:
    """Every number in the sources with the unit classes it is written with ("" when bare)."""
    cached = getattr(sources, "_numbers", None)
    if cached is None:
        cached = {}
        for m in _SOURCE_NUMBER.finditer(sources.all_text):
            value = _number(re.match(r"[\d,.]+", m.group(0)).group(0).rstrip(".,"))  # type: ignore[union-attr]
            if value is None:
                continue
            for v in _equivalents(value, m.group(1) or ""):
                cached.setdefault(v, set()).add(_unit_class(m.group(1) or ""))
        for m in _SOURCE_WORD_NUMBER.finditer(sources.all_text):
            unit = "%" if m.group(2).casefold().startswith("per") else m.group(2)
            for v in _equivalents(_WORD_NUMBERS[m.group(1).casefold()], unit):
                cached.setdefault(v, set()).add(_unit_class(unit))
        sources._numbers = cached
    return cached


def _supported(value: float, unit: str, numbers: dict[float, set[str]]) -> bool:
    """Stated in a source with the same kind of unit, or as a bare number (a table cell's "13" under "Months")."""
    wanted = _unit_class(unit) if unit.casefold() in ("%",) or _unit_class(unit) == "time" else ""
    for v in _equivalents(value, unit):
        classes = numbers.get(v)
        if classes and (not wanted or wanted in classes):
            return True
    return False


def _equivalents(value: float, unit: str) -> set[float]:
    """The same figure in the other units a source may use (2 s = 2000 ms, 0.2 = 20%)."""
    u = unit.casefold()
    out = {round(value, 6)}
    if u in _SCALE:
        out.add(round(value * _SCALE[u], 6))  # "1.8 million" = 1,800,000; "£1.5M" = £1,500,000
    elif u.startswith("ms") or u.startswith("milli"):
        out.add(round(value / 1000, 6))
    elif u in ("s", "sec", "secs", "second", "seconds"):
        out.add(round(value * 1000, 6))
    elif u == "%":
        out.add(round(value / 100, 6))
    elif u.startswith("min"):
        out.add(round(value * 60, 6))
    return out


def nearest_wording(line_text: str, sources: Any) -> Any:
    """The source sentence sharing most words with the line (at least two), or None."""
    wanted = words(re.sub(r"\d", " ", line_text))
    cached = getattr(sources, "_sentence_words", None)
    if cached is None:
        cached = [(sentence, words(sentence.text)) for sentence in sources.sentences]
        sources._sentence_words = cached
    best, score = None, 0
    for sentence, got in cached:
        shared = len(wanted & got)
        if shared > score:
            best, score = sentence, shared
    return best if score >= 2 else None


# Monitoring-table columns whose values the author sets (alert bands around a requirement's threshold)
_ALERT_LEVEL = re.compile(r"\b(?:warn\w*|alert\w*|amber|red|critical|page|escalat\w*)\b", re.IGNORECASE)


# Columns that hold the strategy's own settings (a threshold, an alert level, a budget for a part, a schedule),
# which no source is expected to state; a figure whose own cell names a requirement is not one.
_DESIGN_COLUMN = re.compile(r"(?i)threshold|alert|trigger|warning|critical|target|limit|budget|gate|tolerance|\bcap\b|"
                            r"\bslo\b|objective|canary|split|window|interval|frequency|schedule|cadence|action|"
                            r"condition|duration|run ?time|traffic")


def _design_choice(line: Line, cell: int) -> bool:
    """Whether a figure is the strategy's own setting rather than a claim about the project."""
    if line.cells:
        header = line.header[cell] if cell < len(line.header) else ""
        own = line.cells[cell] if cell < len(line.cells) else ""
        # a setting in its own column ("Target", "Condition", "Action"); its requirement, if any, is checked by
        # target-vs-requirement, which compares like with like
        return bool(_DESIGN_COLUMN.search(header)) and not _ID.search(own)
    # In prose a figure is not told apart from a claim about the project ("the alert fires above 37%" may restate
    # a source or invent one): it is still checked.
    return False


# A figure the strategy sets rather than reports: a bound on a metric ("PSI > 0.2", "at least 95%"), an estimate
# of a duration ("~6 hours"), or a monitoring setting named beside it ("a drift alert at 0.3"). The strategy's
# author chooses these; no source is expected to state them. Whether they meet a requirement is
# target-vs-requirement's question, which compares like with like. "within 30 days" is not a bound here: a deadline
# for a process (retention, revocation, an ATRS update) is an obligation a source sets.
_BOUND_BEFORE = re.compile(r"(?i)(?:[<>≤≥]=?|=<|=>|\bat (?:least|most)|\bno (?:more|less|fewer) than|\b(?:less|more|"
                           r"greater|fewer) than|\babove|\bbelow|\bunder|\bover|\bexceed\w*|\bup to|\b(?:minimum|"
                           r"maximum) of|\bmax\.?|\bmin\.?)\s*$")
_ESTIMATE_BEFORE = re.compile(r"(?i)(?:~|≈|\bapprox\w*\.?|\babout|\baround|\bcirca|\bc\.|\broughly)\s*$")
_SETTING_NEAR = re.compile(r"(?i)\b(?:threshold|thresholds|alert\w*|trigger\w*|warn\w*|budget|tolerance|"
                           r"sample|sampled|sampling|window|p-?value|psi|drift|parity|disparit\w*|ratio|confidence|"
                           r"slo)\b")


def _strategy_setting(line: Line, m: re.Match[str]) -> bool:
    """Whether the figure `m` is the strategy's own setting (see _BOUND_BEFORE), on a line that attributes it
    to no requirement or document: a figure beside "FR-006" or "ARC-001-REQ" is a claim about that source."""
    if _ID.search(line.text) or _DOC_ID.search(line.text):
        return False
    before = line.text[max(0, m.start() - 30):m.start()]
    if m.group("thr") or _BOUND_BEFORE.search(before):
        return True
    unit = _unit_class(m.group("unit") or "") if m.group("num") else ""
    if unit == "time" and _ESTIMATE_BEFORE.search(before):
        return True
    # the setting's own name within its clause ("alert at 80%", "a sample of 2%"). A traffic share in prose is still
    # checked: the planted benchmark holds an unsourced canary share in prose to be a claim (in a table's Traffic
    # column it is a setting).
    clause = re.split(r"[.;:|]", line.text[max(0, m.start() - 40):m.start()])[-1] + \
        re.split(r"[.;:|,]", line.text[m.end():m.end() + 25])[0]
    return m.group("money") is None and bool(_SETTING_NEAR.search(clause))


@check("unsupported-figure")
def unsupported_figure(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    sources = ctx.sources
    if sources is None or not sources.texts:
        return
    numbers = _source_numbers(sources)
    for line in ctx.lines:
        if _ANNOTATED.search(line.text) or line.section in (None, 14):
            continue  # declared recommendations and assumptions; costs are estimates by nature
        missing = []
        figures = list(_FIGURE.finditer(line.text))
        supported: list[bool] = []
        for m in figures:
            if m.group("money"):
                value = _number(m.group("money"))
                unit = (m.group("mult") or "").casefold()  # "£1.5M" is £1,500,000 in a source's table
            elif m.group("thr"):
                value = _number(m.group("thr"))
                unit = ""
            else:
                value = _number(m.group("num"))
                unit = m.group("unit") or ""
            ok = value is None or (value in (0, 1) and unit.casefold() not in ("%", "ms")) or \
                _supported(value, unit, numbers)
            supported.append(ok)
        levels = {i for i, h in enumerate(line.header) if _ALERT_LEVEL.search(h)} if line.cells else set()
        cell_of = [line.text[:m.start()].count(" | ") for m in figures]
        # a warning/alert band set around a sourced threshold in the same row ("> 70% (FR-003) | < 72%") is the
        # strategy's own design choice; a level with no sourced figure beside it still needs its basis
        banded = any(ok and cell not in levels for ok, cell in zip(supported, cell_of, strict=True))
        for i, m in enumerate(figures):
            if supported[i]:
                continue
            if banded and cell_of[i] in levels:
                continue
            if _design_choice(line, cell_of[i]) or _strategy_setting(line, m):
                continue
            # "84 months (7 years)": a conversion of a figure the sources state is not a new figure
            after = line.text[m.end():m.end() + 3]
            if i + 1 < len(figures) and supported[i + 1] and "(" in after:
                continue
            if i > 0 and supported[i - 1] and re.fullmatch(r"\s*\(\s*", line.text[figures[i - 1].end():m.start()]):
                continue
            missing.append(m.group(0).strip())
        if not missing:
            continue
        near = nearest_wording(line.text, sources)
        nearest = f" Nearest source wording: {near.document}: {quote(near.text)}." if near is not None else \
            " No source sentence is close."
        yield Hit(f"{_place(line).capitalize()}: figure(s) {', '.join(repr(f) for f in dict.fromkeys(missing))} "
                  f"found in no project document ({quote(line.text)}).{nearest}",
                  section=_section(line),
                  fix="Cite the document that sets the figure, or mark it as a recommendation or assumption with "
                      "its basis, or raise an open question.",
                  data={"figures": missing, "line": line.number})


# ----- targets against their requirement, matched by subject -------------------------------------------------
def _requirement_text(ctx: ReviewContext, rid: str) -> tuple[str, str] | None:
    """(title, statement) of a requirement from the facts layer, else from the requirement set."""
    if ctx.sources is not None and rid in ctx.sources.requirements:
        fact = ctx.sources.requirements[rid]
        return fact.title or "", fact.statement or fact.clause or ""
    if ctx.requirements is not None:
        req = ctx.requirements.get(rid)
        if req is not None and req.statement:
            heading = (req.heading or "").split(" > ")[-1]
            title = re.sub(r"^\s*" + re.escape(rid) + r"\s*[:\-–—]?\s*", "", heading) if rid in heading else ""
            return title, req.statement
    return None


def _stated_in_requirement(ctx: ReviewContext, rid: str, value: float, dim: str) -> bool:
    """Whether the requirement's whole section (acceptance criteria included) states this very figure."""
    block = ctx.sources.requirement_body(rid) if ctx.sources is not None else ""
    return any(m.group("unit") and _to_base(float(m.group("num")), _unit(m.group("unit"))) == (value, dim)
               for m in _THRESHOLD.finditer(block))


# Requirement families number from 1 in ArcKit's older REQ documents (FR-1, NFR-SEC-6), as the shared pattern reads.
_ID = re.compile(r"\b(?:BR|FR|NFR|INT|DR|UR|TR|SR|CR)(?:-[A-Z]{1,5}){0,2}-\d{1,4}[a-z]?\b")


@check("target-vs-requirement")
def target_vs_requirement(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.requirements is None and ctx.sources is None:
        return

    seen: set[tuple[int, str]] = set()
    for line in ctx.lines:
        ids = _ID.findall(line.text)
        if len(set(ids)) != 1:
            continue  # one requirement on the line: its figure is that requirement's target
        rid = ids[0]
        req = _requirement_text(ctx, rid)
        if req is None:
            continue
        statement = f"{req[0]}. {req[1]}"
        req_q = [(m, _to_base(float(m.group("num")), _unit(m.group("unit")))) for m in _THRESHOLD.finditer(statement)
                 if m.group("unit")]
        for m in _THRESHOLD.finditer(line.text):
            if not m.group("unit") or (line.number, m.group(0)) in seen:
                continue
            value, dim = _to_base(float(m.group("num")), _unit(m.group("unit")))
            # A bound the other way round is another metric: an escalation rate kept "< 10%" is not a
            # satisfaction score held "> 70%", though both are percentages.
            upper = m.group("cmp").casefold() in _UPPER
            same = [(rm, rv) for rm, (rv, rd) in req_q if rd == dim and (rm.group("cmp").casefold() in _UPPER) == upper]
            if len(same) != 1:
                continue  # none, or several: which one this target implements is not clear
            subject_here = words(line.text[max(0, m.start() - 60):m.start()])
            subject_req = words(statement[max(0, same[0][0].start() - 80):same[0][0].start()])
            named_here = {w for w in subject_here - _GENERIC_SUBJECT if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*-\d+[a-z]?", w)}
            if named_here and subject_req and not (_stems(subject_here) & _stems(subject_req)):
                # a different subject (a typeahead target beside a search requirement; a feedback rate on a line
                # citing a satisfaction-score requirement), even when the requirement states one figure only
                continue
            rm, rv = same[0]
            if abs(rv - value) < 1e-9 or _stated_in_requirement(ctx, rid, value, dim):
                continue  # the requirement states this very figure (in its acceptance criteria, say)
            here_parts = words(line.text[max(0, m.start() - 60):m.start()]) & _COMPONENTS
            if here_parts - words(statement):
                continue  # a budget for one part ("LLM response < 1.5 s") under an end-to-end requirement
            lower_better = rm.group("cmp").casefold() in ("<", "<=", "≤", "=<", "at most", "no more than", "less than",
                                                         "fewer than", "below", "under", "within", "up to",
                                                         "maximum of")
            looser = value > rv if lower_better else value < rv
            own = {w for w in subject_here - _GENERIC_SUBJECT if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*-\d+[a-z]?", w)}
            if not looser and own and not (subject_here & subject_req):
                continue  # a stricter figure is a defect only when it is plainly the requirement's own subject
            seen.add((line.number, m.group(0)))
            verdict = "looser than" if looser else "stricter than"
            yield Hit(f"{_place(line).capitalize()} sets '{m.group(0).strip()}' for {rid}, {verdict} the requirement's "
                      f"'{rm.group(0).strip()}' ({rid}: {quote(statement)}); the strategy says {quote(line.text)}.",
                      section=_section(line),
                      fix=f"Use {rid}'s target ('{rm.group(0).strip()}'), or record why it differs and who agreed.",
                      data={"requirement": rid, "looser": looser, "lines": [line.number]})


def _stems(found: set[str]) -> set[str]:
    """Words cut to five letters, so "suggestions" and "suggested" name one subject."""
    return {w[:5] for w in found}


# Words that name no subject of their own: "the target for FR-002 is ..." is about the requirement itself.
_GENERIC_SUBJECT = frozenset(["target", "targets", "requirement", "threshold", "level", "value", "goal", "set", "sets",
                              "more", "less", "than", "least", "most"])


# ----- retention periods against the sources ---------------------------------------------------------------------
# Words that say a period is a retention, not what is kept ("Data Retention", "retention period").
_KEPT_GENERIC = frozenset(["retention", "retained", "retain", "period", "periods", "data", "policy", "the", "of", "for",
                           "and", "all", "any", "minimum", "maximum", "default", "standard"])


def _kept_words(text: str) -> list[str]:
    """What a retention is about, word by word, plurals folded ("Audit Logs (citizen interactions)" ->
    audit, log, citizen, interaction); generic words dropped."""
    return [w[:-1] if w.endswith("s") and len(w) > 3 else w
            for w in re.findall(r"[a-z]+", text.casefold()) if w not in _KEPT_GENERIC]


def _what_kept(fact: Any) -> list[str]:
    # the record type a table row or label names; else the clause's subject, without its parenthesis
    return _kept_words(re.sub(r"\([^)]*\)", " ", fact.record_type or fact.subject))


_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30.4, "year": 365.25}


def _period_days(fact: Any) -> float | None:
    unit = (fact.unit or "").casefold().rstrip("s")
    try:
        return float(fact.value) * _DAYS[unit] if unit in _DAYS else None
    except ValueError:
        return None


def _keeps_the_same(kept: set[str], words: list[str]) -> bool:
    """The strategy's record type (its words) is the one a source keeps: the source's head word, and one more of
    its words when it names more ("Chat Transcripts" -> transcript)."""
    return words[-1] in kept and (len(set(words)) == 1 or len(kept & set(words)) >= 2)


@check("retention-conflict")
def retention_conflict(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    """A period the strategy keeps a kind of record for that no source gives for that kind, where the sources give
    it another: matched by the head word of what the source keeps ("Chat Transcripts" -> transcript) and, when
    the source names more, one more of its words."""
    sources = ctx.sources
    if sources is None:
        return
    # every period a source gives as (fact, what it keeps, its period in days, its clause's words), each read once;
    # a conditional one ("If opt-out: logged for security (90 days)") supports the same period in the strategy but
    # sets no period the strategy must follow
    given = [(f, words, days, set(_kept_words(f.clause))) for f in sources.facts_of("retention", asserted=False)
             if not f.negated and f.checked is not False
             for words, days in [(_what_kept(f), _period_days(f))] if words and days]
    stated = [entry for entry in given if entry[0].asserted]
    if not stated:
        return
    mine = [f for f in extract_document_facts(ctx.text, ctx.filename or "strategy.md").facts
            if f.kind == "retention" and f.asserted and _period_days(f)]
    reported: set[tuple[str, ...]] = set()
    for fact in mine:
        kept_words = _what_kept(fact)
        if not kept_words:
            continue
        kept = set(kept_words)
        same = [(s, days) for s, words, days, _ in stated if _keeps_the_same(kept, words)]
        if not same:
            continue
        mine_days = _period_days(fact) or 0
        if any(abs(days - mine_days) < 1 and (_keeps_the_same(kept, words) or kept_words[-1] in clause)
               for _, words, days, clause in given):
            # a source gives this very period for this kind of record, perhaps under a label that is a case of
            # it ("If opt-out: conversation still logged for security (90 days)")
            continue
        key = tuple(sorted(kept))
        if key in reported:
            continue
        reported.add(key)
        line = next((ln for ln in ctx.lines if fact.clause[:40] and fact.clause[:40] in ln.text), None)
        source = same[0][0]
        where = f"{_place(line)}: " if line is not None else ""
        yield Hit(f"{where.capitalize()}'{fact.record_type or fact.subject}' kept for {fact.value} {fact.unit}, but "
                  f"{source.source.document} keeps '{source.record_type or source.subject}' for {source.value} "
                  f"{source.unit} ({quote(source.clause)}); the strategy says {quote(fact.clause)}.",
                  section=_section(line) if line is not None else None,
                  fix=f"Keep it for the period the sources set ({source.value} {source.unit}), or record why it "
                      "differs and who agreed.",
                  data={"line": line.number if line is not None else None, "period": f"{fact.value} {fact.unit}",
                        "source_period": f"{source.value} {source.unit}"})


# ----- requirement IDs described unlike the requirements document ---------------------------------------------
_DESCRIPTION_HEADER = re.compile(r"(?i)requirement|description|title|name|summary")


_OTHER_ID = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+\b")


def _description(line: Line, rid: str) -> str | None:
    """What the strategy calls the requirement: a traceability row's description cell, or "FR-013 (Title)"."""
    if line.cells:
        if line.section != 15:
            return None
        for i, cell in enumerate(line.cells):
            if cell.strip() != rid:
                continue
            for j in range(i + 1, min(i + 3, len(line.cells))):
                header = line.header[j] if j < len(line.header) else ""
                if _DESCRIPTION_HEADER.search(header) and not _ID.search(line.cells[j]):
                    return re.sub(r"\[[A-Z]+-C\d+\]|\((?:Recommendation|Assumption)[^)]*\)", "", line.cells[j]).strip()
        return None
    m = re.search(re.escape(rid) + r"\s*\(([^)]{4,80})\)", line.text)
    if m:
        # "FR-003 (finding REQ-004)": a parenthesis naming another identifier is a cross-reference, not a title
        return None if _OTHER_ID.search(m.group(1)) else m.group(1)
    # "Quality Feedback (FR-013)": a title-cased phrase of its own clause, never the tail of another identifier
    # ("in line with NFR-O-002's criterion, and carries a correlation ID (NFR-O-001)")
    m = re.search(r"(?<![\w-])([A-Z][^.;(),]{3,60}?)\s*\(" + re.escape(rid) + r"\)", line.text)
    if not m or _OTHER_ID.search(m.group(1)) or _STATES.search(m.group(1)):
        return None  # a statement citing the requirement ("Alerts route to named owners (NFR-M-002)") is no name
    return m.group(1)


# A clause with a verb of its own says what the strategy does, citing the requirement; a name for it does not
_STATES = re.compile(r"(?i)\b(?:is|are|was|were|be|been|runs?|routes?|must|will|shall|should|can|may|has|have|uses?|"
                     r"needs?|goes|gets|sends?|stays?|keeps?|follows?|applies|covers?|meets?|sits?|lives?|"
                     r"happens?|takes?|makes?)\b")


def _lines(requirement: str) -> list[str]:
    """Each line of the requirement's body (stored text may keep no blank lines between its parts)."""
    return list(dict.fromkeys(ln.strip()[:400] for ln in requirement.splitlines() if len(ln.strip()) >= 20))[:20]


# A single line matches by chance more often than a requirement's opening: it must be closer by this much.
LINE_MARGIN = 0.10


def closeness(description: str, requirement: str) -> float:
    """How close a description is in meaning to the requirement: to its opening, or (less a margin) to one line of
    its body, since a description may name any part of it ("UK data residency" for a GDPR requirement whose body
    sets the residency). Each text is embedded on its own: in a batch, int8 quantisation moves a vector with its
    batch-mates (a score near the threshold would come and go with the other pairs)."""
    vectors = embed_each([description, requirement[:400], *_lines(requirement)])
    scores = vectors[1:] @ vectors[0]
    return max(float(scores[0]), float(scores[1:].max(initial=-1.0)) - LINE_MARGIN)


@check("requirement-misdescribed")
def requirement_misdescribed(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.requirements is None and ctx.sources is None:
        return
    pairs: list[tuple[Line, str, str, str]] = []
    for line in ctx.lines:
        for rid in dict.fromkeys(_ID.findall(line.text)):
            req = _requirement_text(ctx, rid)
            desc = _description(line, rid)
            if req is None or not desc or len(words(desc)) < 2:
                continue
            full = f"{req[0]} {req[1]}"
            if ctx.sources is not None:
                full += " " + ctx.sources.requirement_body(rid)  # the whole requirement, bullets included
            shared = words(desc) & words(full)
            if len(shared) >= 2 or (shared and len(words(desc)) <= 3):
                continue
            pairs.append((line, rid, desc, full))
    if not pairs:
        return
    for line, rid, desc, full in pairs:
        if closeness(desc, full) >= 0.45:
            continue
        title, statement = _requirement_text(ctx, rid) or ("", "")
        said = f"'{title}': {quote(statement)}" if title else quote(statement)
        yield Hit(f"{_place(line).capitalize()} describes {rid} as {quote(desc, 80)}, but the requirements define "
                  f"{rid} as {said}.", section=_section(line),
                  fix=f"Correct the ID (the requirement meant may have another number) or the description of {rid}.",
                  data={"requirement": rid})


# ----- ML-related requirements by meaning -------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _prototypes() -> np.ndarray:
    return embed_texts(list(vocabulary()["ml_prototypes"]))


ML_SIMILARITY = 0.5  # close to an ML use by meaning alone
KEYWORD_AND_MEANING = 0.35  # with an ML keyword in the statement (set in round 2 of the unplanted check)


def ml_similarity(texts: list[str]) -> list[float]:
    """How close each requirement text is in meaning to an ML use (transcription, search, forecasting...)."""
    if not texts:
        return []

    keys = [t[:500] for t in texts]
    todo = list(dict.fromkeys(k for k in keys if k not in _ML_SIMILARITY_CACHE))
    if todo:
        # one text at a time: in a batch, int8 quantisation moves a vector with its batch-mates, and a requirement
        # near the threshold came and went as other requirements joined or left the candidates
        for key, row in zip(todo, embed_each(todo) @ _prototypes().T, strict=True):
            if len(_ML_SIMILARITY_CACHE) >= _CACHE_LIMIT:
                _ML_SIMILARITY_CACHE.pop(next(iter(_ML_SIMILARITY_CACHE)))
            _ML_SIMILARITY_CACHE[key] = float(row.max())
    return [_ML_SIMILARITY_CACHE[k] for k in keys]


# A project's requirements are reviewed again and again while their text stays the same: each text's closeness to
# an ML use is computed once per process (oldest dropped first past the limit).
_ML_SIMILARITY_CACHE: dict[str, float] = {}
_CACHE_LIMIT = 4096


def ml_related_by_meaning(texts: list[str]) -> list[bool]:
    return [s >= ML_SIMILARITY for s in ml_similarity(texts)]
