"""Offline PII detection with UK recognisers, and redaction with stable placeholders.

Why not presidio's `AnalyzerEngine`: it needs an NLP engine (spaCy or transformers model) we do not ship,
and importing `presidio_analyzer` at all pulls in torch, transformers and spaCy (about 10 s on the target
machine), far too slow for `guard scan` and for a gate that every provider call passes. So the recognisers
below are plain compiled regexes with validators, following presidio's pattern-recogniser design and
porting its UK patterns (UkNinoRecognizer, NhsRecognizer, UkPostcodeRecognizer, UkDrivingLicenceRecognizer,
UkPassportRecognizer; presidio-analyzer, MIT licence). `evals/guardrails_eval.py` cross-checks them
against presidio's own recognisers when it is installed.

Weak patterns (8-digit account numbers, sort codes, passport numbers, dates) count only with a context word
nearby ("sort code", "passport", "date of birth"...), as presidio's context enhancement would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, Field

from assistant.guardrails.pii_prose import address_spans, person_spans

# Entity types: also the placeholder prefixes ("[NI_NUMBER_1]").
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON", "EMAIL", "PHONE", "POSTCODE", "NI_NUMBER", "NHS_NUMBER", "SORT_CODE", "BANK_ACCOUNT",
    "PASSPORT", "DRIVING_LICENCE", "DATE_OF_BIRTH", "CREDIT_CARD", "IBAN", "ADDRESS",
)


class PiiSpan(BaseModel):
    """One detected item. `text` is the personal value itself: kept in memory, never serialised."""

    type: str
    start: int
    end: int
    score: float = Field(default=1.0, exclude=True)
    text: str = Field(default="", exclude=True, repr=False)


# ----- validators -------------------------------------------------------------------------------
def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def nhs_checksum_ok(value: str) -> bool:
    """NHS number mod-11: weights 10..2 over the first nine digits; check = 11 - (sum mod 11), 11 -> 0."""
    d = _digits(value)
    if len(d) != 10 or len(set(d)) == 1:
        return False
    check = 11 - sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1), strict=False)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(d[9])


def luhn_ok(value: str) -> bool:
    d = _digits(value)
    total = 0
    for i, c in enumerate(reversed(d)):
        n = int(c) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return 13 <= len(d) <= 19 and total % 10 == 0


def iban_ok(value: str) -> bool:
    s = re.sub(r"\s", "", value).upper()
    if not 15 <= len(s) <= 34:
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _uk_phone_ok(value: str) -> bool:
    d = _digits(value)
    national = d[2:] if value.lstrip().startswith("+") else d[1:]
    national = national[1:] if national.startswith("0") else national  # "+44 (0)20 ..."
    return len(national) in (9, 10) and national[0] in "1235789"


def _plausible_birth_year(value: str) -> bool:
    years = re.findall(r"(?:19|20)\d{2}", value)
    return bool(years) and int(years[-1]) <= date.today().year


# ----- recognisers ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recognizer:
    entity: str
    pattern: re.Pattern[str]
    score: float
    validate: Callable[[str], bool] | None = None
    context: tuple[str, ...] = ()
    context_required: bool = False
    group: str | int = 0


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)\d{{2}}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+(?:19|20)\d{{2}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}})")
_NAME = r"(?:[A-Z]\.?\s+)*[A-Z][a-z][a-zA-Z'’-]*(?:[ \t]+(?:[A-Z]\.?[ \t]+)*[A-Z][a-zA-Z'’-]+){0,2}"
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Rev|Revd|Cllr|Councillor)"
_NAME_LABELS = (r"(?i:full[ \t]+name|name|patient|applicant|claimant|contact|employee|citizen|customer|"
                r"signed(?:[ \t]+by)?|author|requested[ \t]+by|prepared[ \t]+by|approved[ \t]+by|next[ \t]+of[ \t]+kin)")
# Capitalised words that show a "name" is a team, role or thing rather than a person.
_NOT_NAME = frozenset(["team", "service", "services", "department", "dept", "office", "unit", "board", "lead", "manager", "officer", "data", "system", "systems", "platform", "director", "head", "group", "ministry", "council", "nhs", "tbd", "tbc", "trust", "agency", "authority", "directorate", "division", "programme", "project", "owner", "architect", "scientist", "engineer", "analyst", "the", "of", "and", "for", "ml", "ai", "mlops", "strategy", "model", "models", "government", "hmrc", "dwp", "mod", "home", "cabinet", "digital", "security", "policy", "name", "role", "n/a", "none", "unknown", "yes", "no", "not", "required", "see", "below", "above", "type", "purpose", "framework", "responsibility", "description", "value", "status", "date", "signature", "version", "id", "risk", "level", "source", "owner", "approval", "approved", "reviewed", "changes", "notes", "comments", "details"])  # table column headers

RECOGNIZERS: tuple[Recognizer, ...] = (
    Recognizer("EMAIL", re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"), 0.95),
    # presidio UkNinoRecognizer pattern (MIT), spaces allowed between groups.
    Recognizer("NI_NUMBER", re.compile(
        r"\b(?!BG|GB|NK|KN|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
        re.IGNORECASE), 0.85, context=("national insurance", "ni number", "nino", "ni no")),
    # Any two letters (e.g. the "QQ" specimen prefix) when a National Insurance context word is near.
    Recognizer("NI_NUMBER", re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE), 0.7,
               context=("national insurance", "ni number", "nino", "ni no", "ni:"), context_required=True),
    Recognizer("NHS_NUMBER", re.compile(r"(?<![\d-])\d{3}[- ]?\d{3}[- ]?\d{4}(?![\d-])"), 0.85, nhs_checksum_ok,
               context=("nhs", "national health service", "health", "patient", "chi number")),
    Recognizer("DRIVING_LICENCE", re.compile(
        r"\b[A-Z9]{5} ?\d(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12]\d|3[01])\d ?[A-Z9]{2}\d[A-Z]{2}(?: ?\d{2})?\b"),
        0.9),
    Recognizer("CREDIT_CARD", re.compile(r"\b[3-6]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{1,4}(?:\d{0,3})\b"), 0.9, luhn_ok),
    Recognizer("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"), 0.95, iban_ok),
    Recognizer("PHONE", re.compile(
        r"(?<![\w+/.-])(?:\+44[ \t-]?(?:\(0\)[ \t-]?)?|\(?0)\d{2,4}\)?[ \t-]?\d{3,4}[ \t-]?\d{3,4}(?![\w-])"),
        0.75, _uk_phone_ok),
    # presidio UkPostcodeRecognizer pattern (MIT): upper case, position-specific letters.
    Recognizer("POSTCODE", re.compile(
        r"\b(?:GIR ?0AA|[A-PR-UWYZ]\d[ABCDEFGHJKPSTUW]? ?\d[ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ]\d{2} ?\d[ABD-HJLNP-UW-Z]{2}"
        r"|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRVWXY]? ?\d[ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y]\d{2} ?\d[ABD-HJLNP-UW-Z]{2})\b"),
        0.7),
    Recognizer("SORT_CODE", re.compile(r"(?<![\d-])\d{2}[- ]?\d{2}[- ]?\d{2}(?![\d-])"), 0.8,
               context=("sort code", "sort-code", "sortcode", "s/c", "bank"), context_required=True),
    Recognizer("BANK_ACCOUNT", re.compile(r"(?<![\d-])\d{8}(?![\d-])"), 0.8,
               context=("account", "acc no", "acct", "a/c", "bank"), context_required=True),
    Recognizer("PASSPORT", re.compile(r"\b(?:\d{9}|[A-Z]{2}\d{7})\b"), 0.8,
               context=("passport", "travel document"), context_required=True),
    Recognizer("DATE_OF_BIRTH", re.compile(_DATE), 0.8, _plausible_birth_year,
               context=("date of birth", "dob", "d.o.b", "born", "birth date", "birthdate", "birthday"),
               context_required=True),
    Recognizer("PERSON", re.compile(rf"\b{_TITLES}\.?[ \t]+(?P<name>{_NAME})"), 0.7, group="name"),
    Recognizer("PERSON", re.compile(
        rf"(?m)(?:^|[|\s(])(?:\*\*)?{_NAME_LABELS}(?:\*\*)?[ \t]*[:|][ \t]*(?:\*\*)?[ \t]*(?P<name>{_NAME})"),
        0.65, group="name"),
)

_CONTEXT_BEFORE, _CONTEXT_AFTER = 48, 24
_LOOSE_DATE = re.compile(_DATE)


def _has_context(text: str, start: int, end: int, words: Iterable[str]) -> bool:
    window = text[max(0, start - _CONTEXT_BEFORE):start].lower() + " " + text[end:end + _CONTEXT_AFTER].lower()
    return any(w in window for w in words)


def _person_ok(name: str) -> bool:
    words = [w.strip(".'’-").lower() for w in name.split()]
    if any(w in _NOT_NAME for w in words):
        return False
    return len([w for w in words if len(w) > 1]) >= 1


def detect_pii(text: str, entities: Iterable[str] | None = None) -> list[PiiSpan]:
    """All PII spans in `text`, non-overlapping, in order. `entities` limits the types looked for."""
    wanted = set(entities) if entities is not None else set(ENTITY_TYPES)
    found: list[PiiSpan] = []
    lowered = text.lower()
    for rec in RECOGNIZERS:
        if rec.entity not in wanted:
            continue
        if rec.context_required and not any(w in lowered for w in rec.context):
            continue  # no context word anywhere: skip the (slow, weak) pattern
        for m in rec.pattern.finditer(text):
            start, end = m.span(rec.group)
            value = m.group(rec.group)
            if rec.validate is not None and not rec.validate(value):
                continue
            score = rec.score
            if rec.context:
                has = _has_context(text, start, end, rec.context)
                if rec.context_required and not has:
                    continue
                score = min(1.0, score + 0.1) if has else score
            if rec.entity == "PERSON" and not _person_ok(value):
                continue
            if rec.entity == "NHS_NUMBER" and value.startswith("0") and not _has_context(
                    text, start, end, rec.context):
                score = 0.4  # a 10-digit number starting 0 without NHS context is more likely a phone number
            found.append(PiiSpan(type=rec.entity, start=start, end=end, score=score, text=value))

    if "PERSON" in wanted:  # names in running prose, not only after a title or a label
        found.extend(PiiSpan(type="PERSON", start=a, end=b, score=0.6, text=value)
                     for a, b, value in person_spans(text) if _person_ok(value))
    if "ADDRESS" in wanted:
        found.extend(PiiSpan(type="ADDRESS", start=a, end=b, score=0.8, text=value) for a, b, value in address_spans(text))
    found.extend(_dates_near_names(text, found) if "DATE_OF_BIRTH" in wanted else [])
    return _resolve_overlaps(found)


def _dates_near_names(text: str, spans: list[PiiSpan]) -> list[PiiSpan]:
    """A date right after a person's name ("Jane Smith, 04/07/1981") is treated as a date of birth."""
    people = [s for s in spans if s.type == "PERSON"]
    if not people:
        return []
    out: list[PiiSpan] = []
    for m in _LOOSE_DATE.finditer(text):
        near = any(0 <= m.start() - p.end <= 40 for p in people)
        years = re.findall(r"(?:19|20)\d{2}", m.group(0))
        if near and years and int(years[-1]) <= date.today().year - 16:
            out.append(PiiSpan(type="DATE_OF_BIRTH", start=m.start(), end=m.end(), score=0.6, text=m.group(0)))
    return out


def _resolve_overlaps(spans: list[PiiSpan]) -> list[PiiSpan]:
    kept: list[PiiSpan] = []
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), -s.score, s.start)):
        if all(s.end <= k.start or s.start >= k.end for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: s.start)


# ----- redaction --------------------------------------------------------------------------------
def _normalise_value(entity: str, value: str) -> str:
    if entity in ("PERSON",):
        return " ".join(value.split()).casefold()
    if entity == "EMAIL":
        return value.strip().casefold()
    if entity == "DATE_OF_BIRTH":
        return " ".join(value.split()).casefold()
    return re.sub(r"[\s()+-]", "", value).upper()


@dataclass
class Redactor:
    """Stable placeholders for one request: the same value gets the same placeholder in every message.

    `mapping` (placeholder -> original) stays in memory with the caller; it is never logged or serialised.
    """

    entities: frozenset[str] = frozenset(ENTITY_TYPES)
    mapping: dict[str, str] = field(default_factory=dict, repr=False)
    _keys: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _counts: dict[str, int] = field(default_factory=dict)

    def placeholder(self, entity: str, value: str) -> str:
        key = (entity, _normalise_value(entity, value))
        if key not in self._keys:
            self._counts[entity] = self._counts.get(entity, 0) + 1
            token = f"[{entity}_{self._counts[entity]}]"
            self._keys[key] = token
            self.mapping[token] = value
        return self._keys[key]

    def learn(self, text: str) -> list[PiiSpan]:
        """Detect PII in `text` and give each value its placeholder now (so numbering follows first use)."""
        spans = detect_pii(text, self.entities)
        for s in spans:
            self.placeholder(s.type, s.text)
        return spans

    def redact(self, text: str) -> tuple[str, list[PiiSpan]]:
        """Replace detected PII, and every further occurrence of a value already seen in this request
        ("Mr John Smith ... John Smith": the bare second mention has no title to find it by)."""
        spans = self.learn(text)
        taken = [(s.start, s.end) for s in spans]
        for token, value in list(self.mapping.items()):
            if len(value) < 4:
                continue
            for m in re.finditer(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text):
                if all(m.end() <= a or m.start() >= b for a, b in taken):
                    entity = token[1:].rsplit("_", 1)[0]
                    spans.append(PiiSpan(type=entity, start=m.start(), end=m.end(), score=0.5, text=value))
                    taken.append(m.span())
        spans.sort(key=lambda s: s.start)
        out, pos = [], 0
        for s in spans:
            out.append(text[pos:s.start])
            out.append(self.placeholder(s.type, s.text))
            pos = s.end
        out.append(text[pos:])
        return "".join(out), spans

    @property
    def counts(self) -> dict[str, int]:
        """Distinct values replaced, per entity type."""
        return dict(self._counts)


def redact_text(text: str, entities: Iterable[str] | None = None) -> tuple[str, dict[str, str]]:
    """Redact one text; returns (redacted text, placeholder -> original)."""
    redactor = Redactor(frozenset(entities) if entities is not None else frozenset(ENTITY_TYPES))
    redacted, _ = redactor.redact(text)
    return redacted, redactor.mapping
