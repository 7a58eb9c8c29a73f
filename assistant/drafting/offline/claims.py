"""The last precision pass over a drafted strategy: every value presented as the project's own must be stated
by the passage it cites; everything else says what it is.

Two classes of unsupported claim reach this point, and both were seen on real ArcKit projects:

- the template's pre-filled practice rows ("pytest", "Weekly", "Data Scientist", "Match expected") left as
  they are, with no provenance or with a requirement cited beside them: these are the ArcKit template's own
  recommendations, so they are labelled as such (the rule is named), never passed off as project facts;
- a value a builder put beside evidence that does not state it (an explainability method the passage rules
  out, a percentage from another clause): the value is removed and the reader gets the open question instead.

A value is "stated" when each of its numbers occurs in a cited passage (with its magnitude words: "4.8M" is
4,800,000) and, for a value without numbers, when its distinctive words occur there in a clause that does not
negate them. This module keeps its own reading of values: it must not share the builders' extraction, or it
could only confirm their mistakes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from enum import Enum
from functools import lru_cache
from typing import Any, cast

from assistant.drafting.offline.evidence import EvidenceChunk, owner_requirement, safe_evidence_id
from assistant.facts import qualify
from assistant.strategy import SECTIONS, Strategy
from assistant.strategy.base import Fact, Provenance, Row, instances

TEMPLATE_RULE = "ArcKit template practice"
# Columns that name what a row is about (its label), not a value the project states.
LABEL_COLUMNS = frozenset({
    "metric", "check", "component", "stage", "test_type", "role", "event", "trigger", "control", "artifact",
    "level", "principle", "dpia_element", "feature_group", "scenario", "step", "text", "requirement_id",
    "requirement", "pattern", "use_case", "model", "model_id", "protected_group", "what", "description",
})
# A unit written against the figure ("<500ms", "5GB") leaves the figure a number; a magnitude letter counts only
# when no other letter follows it ("4.8M users", not the "m" of "500ms").
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?|\.\d+)(?![\d,.]*\d)\s*(?:(k|m|bn|million|billion|thousand)(?![a-z]))?",
                     re.I)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_WORD = re.compile(r"[a-z][a-z0-9+#-]{2,}")
# Words that carry no subject: comparators, units, and the template's own framing.
_PLAIN = frozenset(["the", "and", "for", "with", "per", "from", "into", "than", "less", "more", "below", "above", "under", "over", "within", "each", "every", "not", "any", "all", "its", "our", "their", "this", "that", "target", "floor", "ceiling", "minimum", "maximum", "average", "mean", "percentile", "stated", "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes", "second", "seconds", "yes", "none", "data", "model", "models", "use", "used", "using", "based", "plus", "then", "via", "about"])


def _numbers(text: str) -> set[float]:
    out = set()
    for m in _NUMBER.finditer(text):
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            continue
        out.add(value * _SCALE.get((m.group(2) or "").casefold(), 1.0))
    return out


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in _PLAIN]


# Adjectives whose adverb a row writes for a cadence the source gives as an adjective.
_ADVERB = re.compile(r"\b(annual|continual|continuous|biannual)\b")


def stated_in(value: str, passages: list[str]) -> bool:
    """Whether `value` is stated by one of `passages` (numbers by value, otherwise its distinctive words)."""
    numbers = _numbers(value)
    if numbers:
        found = set().union(*(_numbers(p) for p in passages)) if passages else set()
        return numbers <= found
    words = _words(value)
    if not words:
        return True  # nothing distinctive to check ("Yes", "-")
    for passage in passages:
        low = _ADVERB.sub(r"\1ly", passage.casefold())  # "annual testing" states a row's "Annually"
        hits = [w for w in words if w in low]
        if len(hits) * 2 >= len(words) and any(
            qualify(passage, at, at + len(w)).asserted for w in hits for at in _first_places(low, w)
        ):
            return True
    return False


def _first_places(text: str, word: str, most: int = 3) -> list[int]:
    """Where `word` first occurs in `text`, up to `most` places: a word first written in a placeholder ("[To be
    confirmed - Head of Ports]") and stated two lines below ("Role: Head of Ports") is stated."""
    places: list[int] = []
    at = text.find(word)
    while at >= 0 and len(places) < most:
        places.append(at)
        at = text.find(word, at + 1)
    return places


def _rows(obj: object) -> Iterator[Row | Fact[Any]]:
    # The shared walker finds both kinds; mypy joins a tuple of kinds to their base class, hence the cast.
    return cast("Iterator[Row | Fact[Any]]", instances(obj, (Row, Fact)))


def _signature(item: Row | Fact[Any]) -> tuple[Any, ...]:
    if isinstance(item, Fact):
        return ("fact", item.value)
    return (type(item).__name__, *(getattr(item, name) for _, name, _ in item.COLUMNS))


@lru_cache(maxsize=1)
def _template_signatures() -> frozenset[tuple[Any, ...]]:
    """The template's pre-filled rows (the same for every project: names and numbers are not in them)."""
    fresh = Strategy.new("000", "Template")
    return frozenset(_signature(item) for info in SECTIONS for item in _rows(getattr(fresh, info.field))
                     if isinstance(item, Row))


def _values(item: Row | Fact[Any]) -> dict[str, str]:
    """The row's value cells as text (labels, enums and booleans are not claims this pass can check)."""
    if isinstance(item, Fact):
        value = item.value
        return {"value": value} if isinstance(value, str) and not isinstance(value, Enum) else {}
    out = {}
    for _, name, _ in item.COLUMNS:
        value = getattr(item, name)
        if name in LABEL_COLUMNS or not isinstance(value, str) or isinstance(value, Enum):
            continue
        out[name] = value
    return out


def passage_lookup(evidence: list[EvidenceChunk]) -> Callable[[str], list[str]]:
    """Evidence ID -> the texts it cites (a requirement ID: every chunk of that requirement)."""
    by_id: dict[str, list[str]] = {}
    for chunk in evidence:
        # The chunk's own heading is the document's text too: a requirement's title ("FR-001: AI Disclosure
        # Review Engine") is stated there, not in the body under it.
        heading = chunk.heading.rsplit(" > ", 1)[-1]
        text = f"{heading}\n{chunk.text}" if heading else chunk.text
        by_id.setdefault(safe_evidence_id(chunk.chunk_id), []).append(text)
        owner = owner_requirement(chunk)
        if owner:
            by_id.setdefault(owner, []).append(text)
    return lambda evidence_id: by_id.get(evidence_id, [])


def audit(strategy: Strategy, passages_of: Callable[[str], list[str]], sections: list[int] | None = None,
          ) -> dict[str, int]:
    """Label template practice and remove unstated values in `sections` (default all), in place.
    `passages_of`: evidence ID -> the texts it cites (`passage_lookup`). Returns counts for the drafting log."""
    template = _template_signatures()
    counts = {"template_practice": 0, "removed": 0}
    for info in SECTIONS:
        if info.number == 15 or (sections is not None and info.number not in sections):
            continue  # traceability rows are built from the requirements themselves
        for item in _rows(getattr(strategy, info.field)):
            prov = item.provenance
            if prov.basis in ("recommendation", "assumption"):
                continue
            if isinstance(item, Row) and _signature(item) in template:
                item.provenance = Provenance.recommendation(TEMPLATE_RULE, *prov.evidence)
                counts["template_practice"] += 1
                continue
            if prov.basis != "evidence":
                continue
            passages = [text for eid in prov.evidence for text in passages_of(eid)]
            if not passages:
                continue  # cites guidance or metadata this pass cannot read: left to the builders' own gate
            for name, value in _values(item).items():
                if stated_in(value, passages):
                    continue
                if isinstance(item, Fact):
                    item.value, item.provenance = None, Provenance()
                elif not type(item).model_fields[name].is_required():
                    setattr(item, name, None)
                else:
                    continue
                counts["removed"] += 1
    return counts
