"""Data sources that a requirements document's integration requirements (INT-...) bring data in from.

An ArcKit integration requirement names the other system in its title and says which way the data goes: in its
purpose ("Receive ...", "Ingest ...", "reads ..."), its integration type ("One-way (Sender to Us)",
"bi-directional") or its data-exchange lines ("From Sender to Us: readings"). Only an integration whose data
flows in is a source: one that publishes, sends, authenticates, takes payments or notifies is not. Its refresh
cadence is what the requirement itself states for the inbound flow (the Frequency field, the cadence beside the
inbound data-exchange line, or the SLA's delivery clause), never a guess from the integration's kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.facts.models import DataSourceFact, DocumentInfo, SourceSpan
from assistant.facts.text import Clause

_INTEGRATION_ID = re.compile(r"^INT(?:-[A-Z]{1,5})?-\d+[a-z]?$")
# The purpose's first words when the integration's job is to send, publish, authenticate or pay: not a source.
_OUTBOUND_LEAD = re.compile(
    r"\b(?:publish|submit|send|deliver|report|notif|notification|create|generat|authenticat|sign[- ]in|sign on|"
    r"payment|process|power|persist|provide|listing|centralis|centraliz|federated|transactional|underlying|"
    r"surfaces?|alert|export)\w*", re.I)
# Words saying the system takes data in.
_INBOUND = re.compile(
    r"\b(?:receiv|ingest|retriev|import|pull|fetch|collect|consum)\w*|\breads?\b|\bread-only\b|\bbi-?directional\b|"
    r"\bmigrat\w*\b[^.]{0,80}\bfrom\b|\bverif\w*\b[^.]{0,60}\bagainst\b", re.I)
_ONE_WAY = re.compile(r"\bone[- ]way\s*\((?P<sender>[^()]+?)\s+to\s+(?P<receiver>[^()]+?)\)", re.I)
_FROM_LINE = re.compile(r"^from\s+(?P<sender>.+?)\s+to\s+(?P<receiver>.+)$", re.I)
_NONE = re.compile(r"^\W*(?:none|n/?a|nothing)\b", re.I)
_CADENCE = re.compile(
    r"\b(?:real[- ]time|streaming|continuous(?:ly)?|hourly|daily|nightly|weekly|monthly|quarterly|annual(?:ly)?|"
    r"yearly|on[- ]demand|event[- ]driven|webhooks?|batch|every\s+(?:\d+\s*)?\w+|within\s+\d+\s*\w+)\b|"
    r"[<≤]\s*\d+\s*(?:ms|milliseconds?|seconds?|s|minutes?|mins?|hours?|h|days?)\b", re.I)
_PERIODIC = re.compile(r"\b(?:hourly|daily|nightly|weekly|monthly|quarterly|annual(?:ly)?|yearly)\b", re.I)
_DELIVERY = re.compile(r"\b(?:deliver|transfer|sync|refresh|update|batch|event|feed|arriv|ingest)\w*", re.I)
# A call made per request to look one thing up (verify a company, fetch the signed-in citizen's records) is a runtime
# dependency of the service, not a source its data pipeline takes in, unless a periodic delivery is stated as well.
_PER_REQUEST = re.compile(r"\bverif(?:y|ies|ication)\b|request[/ -]response|\bsynchronous\b|\blook-?ups?\b|"
                          r"\bpersonali[sz]ed\b", re.I)
_TITLE_TAIL = re.compile(r"\s+(?:integration|interface|connector)s?$", re.I)
_GENERIC = frozenset({"the", "and", "of", "to", "for", "with", "system", "systems", "data", "service", "services",
                      "api", "apis", "integration", "platform", "feed"})


def _words(text: str) -> set[str]:
    """Significant words, cut to five letters so "charge" and "charging" meet."""
    return {w[:5] for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in _GENERIC and len(w) > 1}


def _labelled(items: list[Clause], *labels: str) -> str:
    wanted = {label.casefold() for label in labels}
    return " ".join(_value(c) for c in items if c.label.casefold() in wanted)


def _value(clause: Clause) -> str:
    """A labelled clause's text after its label ("**SLA**: x" -> "x")."""
    text = re.sub(r"^\s*(?:[-*+]\s+)?\**[^:*]{2,60}?\**\s*:\**\s*", "", clause.text, count=1)
    return re.sub(r"[*_`]+", "", text).strip()


def _title(rid: str, items: list[Clause]) -> str:
    for part in reversed(items[0].heading):
        if part.startswith(rid):
            return _TITLE_TAIL.sub("", part[len(rid):].strip(" :-–—").strip())
    return ""


def _inbound_lines(items: list[Clause], title: str) -> list[str]:
    """The data-exchange lines whose sender is the integration's other system, with what they carry."""
    out = []
    for clause in items:
        m = _FROM_LINE.match(clause.label.strip())
        content = _value(clause)
        if m and _words(m.group("sender")) & _words(title) and content and not _NONE.match(content):
            out.append(content)
    return out


_BOTH_WAYS = re.compile(r"\bbi-?directional\b", re.I)


def _direction(purpose: str, kind: str, title: str, inbound_lines: list[str]) -> str | None:
    """"in" when the integration brings data in, "both" when it says only that data goes both ways, else None."""
    lead = " ".join(purpose.split()[:6])
    if _OUTBOUND_LEAD.search(lead):
        return None
    inbound = _INBOUND.search(purpose)
    if inbound and not _BOTH_WAYS.fullmatch(inbound.group(0)):
        return "in"
    if inbound:
        return "both"
    one_way = _ONE_WAY.search(kind)
    if one_way:  # stated before any "potential for bi-directional expansion"
        # The other party (named by the title or the purpose) sends, and the title does not name the receiver.
        towards_us = bool(_words(one_way.group("sender")) & _words(f"{title} {purpose}")) and not (
            _words(one_way.group("receiver")) & _words(title))
        return "in" if towards_us else None
    if _BOTH_WAYS.search(kind):
        return "both"
    return "in" if inbound_lines else None


def _name(title: str, kind: str) -> str:
    """The title, or the sender a one-way integration names when the title names its data instead
    ("EV Charging Network Data" sent by "Charge Point Operators")."""
    one_way = _ONE_WAY.search(kind)
    if one_way and not _words(one_way.group("sender")) <= _words(title):
        return f"{one_way.group('sender').strip()} ({title})"
    return title


def _frequency(items: list[Clause], inbound_lines: list[str], direction: str) -> str | None:
    """The cadence the requirement states for the data coming in, in its own words. Where data goes both ways,
    the requirement's Frequency or SLA may be the outbound flow's: only an inbound exchange line's cadence counts."""
    if direction == "both":
        items = []
    stated = _labelled(items, "frequency", "update frequency", "refresh frequency")
    if stated and _CADENCE.search(stated):
        return stated[:160]
    for line in inbound_lines:
        # "Patent family data (daily), documents (on-demand)": the first item that states a cadence, with it
        for item in re.split(r",\s*(?![^()]*\))", line):
            if _CADENCE.search(item):
                return item.strip()[:160]
    sla = _labelled(items, "sla", "service level")
    clauses = [c.strip() for c in re.split(r"[;,]\s*", sla) if _DELIVERY.search(c) and _CADENCE.search(c)]
    if clauses:
        return "; ".join(clauses)[:160]
    # The integration's kind states a cadence only as a period ("daily sync"): "real-time API" or "event-driven"
    # says how calls are made, not how often the data is refreshed.
    kind = _labelled(items, "integration type", "integration pattern", "pattern")
    found = [m.group(0).lower() for m in _PERIODIC.finditer(kind)]
    return ", ".join(dict.fromkeys(found)) if found else None


def integration_sources(info: DocumentInfo, clauses: Iterable[Clause]) -> list[DataSourceFact]:
    """One source per inbound integration requirement of a requirements document."""
    grouped: dict[str, list[Clause]] = {}
    for clause in clauses:
        if clause.requirement_id and _INTEGRATION_ID.match(clause.requirement_id):
            grouped.setdefault(clause.requirement_id, []).append(clause)
    out = []
    for rid, items in grouped.items():
        title = _title(rid, items)
        if not title or len(title) > 80:
            continue
        purpose = _labelled(items, "purpose", "description")
        kind = _labelled(items, "integration type", "integration pattern", "pattern")
        inbound = _inbound_lines(items, title)
        direction = _direction(purpose, kind, title, inbound)
        if direction is None:
            continue
        frequency = _frequency(items, inbound, direction)
        if _PER_REQUEST.search(f"{purpose} {kind}") and not _PERIODIC.search(frequency or ""):
            continue
        first = items[0]
        span = SourceSpan(document=info.document, doc_id=info.doc_id, heading=first.heading_text, requirement_id=rid,
                          start=first.start, end=items[-1].end, text=first.text[:500])
        out.append(DataSourceFact(source=span, name=_name(title, kind), description=purpose[:200],
                                  frequency=frequency,
                                  via="integration", clause=first.text, conditional=first.conditional))
    return out
