"""Reading values for the real-document scorers: quantities with units, names, enum words, subjects.

Written apart from the drafter's extraction on purpose (the scorers must not share its mistakes). Every
comparison is lenient in form (units converted, case and punctuation ignored) and strict in content (another
number, another unit dimension or the opposite bound is a different value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

VOCAB_FILE = Path(__file__).with_name("real_vocab.yaml")


@lru_cache(maxsize=1)
def vocab() -> dict:
    return yaml.safe_load(VOCAB_FILE.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------ quantities

@dataclass(frozen=True)
class Quantity:
    value: float
    dim: str | None       # time (seconds), percent, money (GBP), bytes, or None (a count / bare number)
    comparator: str = ""  # "<" or ">" (direction only), "" when unbounded

    def same(self, other: Quantity) -> bool:
        if self.comparator and other.comparator and self.comparator != other.comparator:
            return False
        a, b = self._comparable(other)
        return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))

    def _comparable(self, other: Quantity) -> tuple[float, float]:
        # A fraction (0.92) and a percentage (92%) state the same target.
        if {self.dim, other.dim} == {"percent", None}:
            frac, pct = (self, other) if self.dim is None else (other, self)
            if frac.value <= 1:
                return frac.value * 100, pct.value
        if self.dim and other.dim and self.dim != other.dim:
            return float("nan"), 0.0
        return self.value, other.value


_NUMBER = re.compile(
    r"(?P<cmp><=|>=|≤|≥|<|>|\bunder\b|\bless than\b|\bbelow\b|\bup to\b|\bwithin\b|\bat most\b|\bmax(?:imum)?\b|"
    r"\bover\b|\bmore than\b|\babove\b|\bat least\b|\bmin(?:imum)?\b|\bexceeds?\b)?\s*"
    r"(?P<cur>£|\$|€|GBP\s?|AED\s?)?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<mag>k\b|K\b|m\b|M\b|bn\b|B\b|thousand\b|million\b|billion\b)?\s*"
    r"(?P<unit>%|percent\b|ms\b|milliseconds?\b|msec\b|s\b|secs?\b|seconds?\b|mins?\b|minutes?\b|h\b|hrs?\b|"
    r"hours?\b|days?\b|weeks?\b|months?\b|years?\b|yrs?\b|GBP\b|TB\b|GB\b|MB\b|PB\b|KB\b)?",
    re.IGNORECASE,
)
_SECONDS = {"ms": 0.001, "millisecond": 0.001, "msec": 0.001, "s": 1, "sec": 1, "second": 1, "min": 60,
            "minute": 60, "h": 3600, "hr": 3600, "hour": 3600, "day": 86400, "week": 604800,
            "month": 2629800, "year": 31557600, "yr": 31557600}
_BYTES = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15}
_MAGNITUDE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9, "billion": 1e9}
_LESS = ("<", "<=", "≤", "under", "less than", "below", "up to", "within", "at most", "max", "maximum")
_MORE = (">", ">=", "≥", "over", "more than", "above", "at least", "min", "minimum", "exceed", "exceeds")


def _unit_key(unit: str) -> str:
    unit = unit.lower().strip()
    if unit in ("ms", "msec") or unit.startswith("millisecond"):
        return "ms"
    return unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit


def quantities(text: str, *, unit_hint: str = "", comparator_hint: str = "") -> list[Quantity]:
    """Every number in `text` with its unit dimension; `unit_hint` applies to numbers written without a unit."""
    out: list[Quantity] = []
    hint = unit_hint.strip()
    for m in _NUMBER.finditer(text):
        num = float(m.group("num").replace(",", ""))
        mag, unit, cur = m.group("mag") or "", m.group("unit") or "", (m.group("cur") or "").strip()
        if mag and not unit and mag in ("m", "M") and not cur and re.match(r"\s*(in|to)\b", text[m.end():]):
            mag = ""  # "5 m in" is metres/minutes ambiguity: keep the bare number
        if mag:
            num *= _MAGNITUDE[mag.lower()]
        dim: str | None = None
        if not unit and not cur and hint:
            unit_text = hint.lower()
            if unit_text.startswith(("gbp", "£")):
                cur = "GBP"
            elif unit_text.startswith(("%", "percent")):
                unit = "%"
            else:
                hm = re.match(r"(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|"
                              r"weeks?|months?|years?|tb|gb|mb|pb|kb)\b", unit_text + " ")
                unit = hm.group(1) if hm else ""
        if cur:
            dim = "money"
        elif unit:
            key = _unit_key(unit)
            if key in ("%", "percent"):
                dim = "percent"
            elif key in _SECONDS:
                dim, num = "time", num * _SECONDS[key]
            elif key.lower() in _BYTES:
                dim, num = "bytes", num * _BYTES[key.lower()]
            elif key.lower() == "gbp":
                dim = "money"
        cmp_word = (m.group("cmp") or comparator_hint or "").lower().strip()
        comparator = "<" if cmp_word in _LESS else ">" if cmp_word in _MORE else ""
        out.append(Quantity(num, dim, comparator))
    return out


def quantity_match(draft: str, gold_value: str, gold_unit: str = "", gold_comparator: str = "") -> bool:
    """Does any quantity the draft states equal one the gold states (after unit conversion)?"""
    gold = quantities(gold_value, unit_hint=gold_unit, comparator_hint=gold_comparator)
    drafted = quantities(draft)
    return any(d.same(g) for d in drafted for g in gold)


# ------------------------------------------------------------------------------------------ words

_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-+][a-z0-9]+)*")


def _stem(word: str) -> str:
    for suffix in ("ies", "ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def tokens(text: str, stop: frozenset[str] | None = None) -> set[str]:
    """Significant lower-case word stems; `stop` words (and the generic ones in the vocabulary) left out."""
    generic = _generic()
    words = {_stem(w) for w in _TOKEN.findall(text.lower().replace("’", "'"))}
    return {w for w in words if w not in generic and (stop is None or w not in stop) and len(w) > 1}


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(_stem(w) for w in map(str, vocab()["generic_words"]))


@lru_cache(maxsize=1)
def _subject_stop() -> frozenset[str]:
    return frozenset(_stem(w) for w in map(str, vocab()["subject_stop_words"]))


def _aliased(text: str) -> str:
    out = f" {text.lower()} "
    for canonical, aliases in vocab()["aliases"].items():
        for alias in aliases:
            out = re.sub(rf"(?<![a-z0-9]){re.escape(alias.lower())}(?![a-z0-9])", f" {canonical} ", out)
    return out


def name_score(draft: str, gold: str) -> float:
    """How well two names agree: 0 unless at least half of the shorter name's significant tokens (and two, unless
    it has one) are in the other ("Met Office Weather Feed" ~ "Met Office DataPoint API"); then their Jaccard
    overlap (for ranking)."""
    a, b = tokens(_aliased(draft)), tokens(_aliased(gold))
    if not a or not b:
        return 0.0
    shared, shorter = a & b, min(len(a), len(b))
    # One shared word names the same thing only when the shorter name is that one word.
    if len(shared) < max(0.5 * shorter, 1 if shorter == 1 else 2):
        return 0.0
    return len(shared) / len(a | b)


def canonical(key: str, text: str) -> set[str]:
    """The enum words of `key`'s vocabulary that `text` expresses (empty when the key has no vocabulary)."""
    table = vocab()["enums"].get(key) or {}
    low = f" {text.lower()} "
    found = set()
    for word, patterns in table.items():
        if any(re.search(p, low) for p in patterns):
            found.add(word)
    return found


def subject_match(context: str, subject: str, ignore: frozenset[str] = frozenset()) -> bool | None:
    """Does the draft cell's context name the gold statement's subject? None when either side names nothing.
    `ignore`: words that name the whole project ("HMRC"), which tell no two subjects apart."""
    a, b = _subject_tokens(context) - ignore, _subject_tokens(subject) - ignore
    if not a or not b:
        return None
    return bool(a & b)


def _subject_tokens(text: str) -> set[str]:
    """Words that can name a subject: no numbers, units or metric words."""
    return {t for t in tokens(_aliased(text), _subject_stop()) if not re.search(r"\d", t)}


def passage_has_value(passage: str, value: str, kind: str) -> bool:
    """Does a cited passage contain the cell's value (its numbers for a quantity, its words for a name)?"""
    if kind == "quantity":
        drafted = quantities(value)
        if drafted:
            found = quantities(passage)
            return all(any(d.same(Quantity(f.value, f.dim)) or d.same(f) for f in found) for d in drafted)
    want = tokens(_aliased(value))
    if kind == "enum":
        words = canonical_any(value)
        if words:
            return bool(words & canonical_any(passage))
    have = tokens(_aliased(passage))
    return bool(want) and want <= have


def canonical_any(text: str) -> set[str]:
    return {f"{key}:{w}" for key in vocab()["enums"] for w in canonical(key, text)}


def passage_has_subject(passage: str, context: str) -> bool:
    want = _subject_tokens(context)
    return not want or bool(want & _subject_tokens(passage))
