"""Which part of a passage answers a question: the clause that carries a figure, and the qualifiers that tell
one figure of a clause from its neighbours.

A requirement often states several figures of one kind in one clause ("citizen-facing agents 99.9 %; internal
agents 99.5 %", "Tier-3 RTO 4 hours; Tier-2 RTO 8 hours"). The answer is the figure whose own part of the clause
names what the question asks about, and never one that carries another qualifier of the same family (Tier-3 when
Tier-2 is asked, p99 when p95 is asked).

    qualifiers("What RTO applies to a Tier-2 agent?")            -> {"tier2": "tier"}
    own_part("internal ≥ 99.5 %; external ≥ 99.9 %", "99.9")     -> "external ≥ 99.9 %"
    qualifier_fit({"tier2": "tier"}, "Tier-3 RTO ≤ 4 hours", ...) -> negative
"""

from __future__ import annotations

import re

# A qualifier a question can name: a tier, level, phase, priority, percentile or an ID-like token ("AI-005").
_FAMILY = (r"tier|level|phase|stage|class|category|priority|severity|sev|band|wave|release|grade|p|"
           r"[a-z]{2,4}(?=-\d)")
_QUALIFIER = re.compile(rf"(?i)(?<![\w-])({_FAMILY})[\s-]?(\d{{1,3}})(?![\d.,%]|\s*%)\b")
_PERCENTILE = re.compile(r"(?i)\b(\d{2})(?:th|st|nd|rd)\s+percentile\b")
# Where a clause's parts end: a semicolon, a sentence, a table cell, a line.
_PART_END = re.compile(r";|(?<=[.!?])\s+(?=[A-Z(])|\s\|\s|\n+")


def qualifiers(text: str) -> dict[str, str]:
    """The qualifiers a text names, normalised ("Tier-2", "tier 2" -> "tier2"; "95th percentile" -> "p95"),
    each with its family ("tier")."""
    found = {f"{m.group(1).casefold()}{int(m.group(2))}": m.group(1).casefold() for m in _QUALIFIER.finditer(text)}
    found.update({f"p{m.group(1)}": "p" for m in _PERCENTILE.finditer(text)})
    return found


def own_part(clause: str, value: str) -> str:
    """The part of a clause (between semicolons, sentences, table cells) that holds the figure `value`; the
    whole clause when no part does."""
    figure = re.compile(r"(?<![\d.,])" + re.escape(value) + r"(?![\d])")
    for part in _PART_END.split(clause):
        if part and figure.search(part):
            return part
    return clause


def qualifier_fit(wanted: dict[str, str], own: str, clause: str = "") -> float:
    """How far a figure's own part carries the question's qualifiers: a point and a half for each it names, half
    a point for each only its wider clause names, minus two for each that names another of the same family."""
    if not wanted:
        return 0.0
    here, around = qualifiers(own), qualifiers(clause)
    score = 0.0
    for key, family in wanted.items():
        if key in here:
            score += 1.5
        elif any(f == family for f in here.values()):
            score -= 2.0  # Tier-3 where Tier-2 is asked
        elif key in around:
            score += 0.5
        elif any(k != key and f == family for k, f in around.items()):
            score -= 1.0
    return score
