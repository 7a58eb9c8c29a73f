"""Government Security Classifications: find the markings in a text and rank them.

The vocabulary (tiers, handling caveats) lives here and nowhere else; what each tier may be sent to lives in
the policy file (`default_policy.yaml`).

A marking counts as the text's classification only where it is used *as* a marking: a banner line (header,
footer, a line holding only the marking and its caveats), the value of a "Classification" / "Protective
marking" field, or a paragraph that starts with it ("OFFICIAL-SENSITIVE: ..."). An upper-case tier named in
running prose ("the service must not process SECRET data") is reported in `mentions` but does not classify
the text, and a template choice list ("[PUBLIC / OFFICIAL / OFFICIAL-SENSITIVE / SECRET]") is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Least to most restrictive. OFFICIAL-SENSITIVE is a handling marking within OFFICIAL (GSCP), ranked above it.
LEVELS: tuple[str, ...] = ("PUBLIC", "OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET")
RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}

# Handling caveats / descriptors / national caveats we recognise after a tier (normalised spelling).
CAVEATS: tuple[str, ...] = (
    "PERSONAL", "COMMERCIAL", "LOCSEN", "UK EYES ONLY", "UKEO", "HMG", "CABINET", "EMBARGOED",
    "RECIPIENTS ONLY", "NATO", "ATOMIC", "MEDICAL", "LEGAL", "POLICY", "SECURITY", "STAFF", "CONTRACTS",
)

_TIER = r"TOP[\s_-]*SECRET|OFFICIAL[\s_-]*SENSITIVE|SECRET|OFFICIAL|PUBLIC"
_TIER_UPPER = re.compile(rf"(?<![\w-])(?:{_TIER})(?![\w-])")
_TIER_ANYCASE = re.compile(rf"(?<![\w-])(?:{_TIER})(?![\w-])", re.IGNORECASE)
_EYES = r"(?:[A-Z]{2,5}(?:\s*/\s*[A-Z]{2,5})*\s+EYES(?:\s+ONLY)?|RELEASABLE\s+TO\s+[A-Z][A-Z ,/]+)"
_CAVEAT = re.compile(
    r"(?<![\w-])(" + _EYES + "|" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in CAVEATS)
    + r")(?![\w-])")  # upper case only: "policy" in prose is not a caveat
_FIELD = re.compile(
    r"^[\s>|*_#-]*(?:security\s+|protective\s+|government\s+security\s+)?(?:classification|marking)"
    r"(?:\s+level)?[\s*_]*(?:[:|=-]|\bis\b)\s*(?P<value>[^|\n]*)", re.IGNORECASE | re.MULTILINE)
_DECOR = re.compile(r"[\s*_#>|\[\]()=~`:\-–—/.,]+")
_LINE_LEAD = re.compile(rf"^[\s*_#>|\[(=-]*(?P<tier>{_TIER})(?![\w-])(?P<rest>.*)$")


def normalise_level(raw: str) -> str | None:
    """'official sensitive' / 'Official-Sensitive' / 'TOP_SECRET' -> canonical tier, or None."""
    key = re.sub(r"[\s_-]+", " ", raw.strip().upper())
    return {"PUBLIC": "PUBLIC", "OFFICIAL": "OFFICIAL", "OFFICIAL SENSITIVE": "OFFICIAL-SENSITIVE",
            "SECRET": "SECRET", "TOP SECRET": "TOP SECRET"}.get(key)


def _normalise_caveat(raw: str) -> str:
    text = re.sub(r"\s+", " ", raw.strip().upper())
    text = re.sub(r"\s*/\s*", "/", text)
    return "UK EYES ONLY" if text in {"UKEO", "UK EYES"} else text


@dataclass(frozen=True)
class Marking:
    """One parsed marking: a tier and its caveats ("OFFICIAL-SENSITIVE PERSONAL" -> OS + [PERSONAL])."""

    level: str
    caveats: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return " ".join((self.level, *self.caveats))


def parse_marking(raw: str) -> Marking | None:
    """Parse a marking string such as "OFFICIAL-SENSITIVE PERSONAL" or "SECRET UK EYES ONLY".

    A lone caveat ("UK EYES ONLY") is returned with the tier OFFICIAL: a caveat is only ever applied to
    classified material. Returns None when the string holds neither a tier nor a caveat.
    """
    raw = raw.upper()
    tiers = [normalise_level(m.group(0)) for m in _TIER_ANYCASE.finditer(raw)]
    tiers = [t for t in tiers if t]
    caveats = tuple(dict.fromkeys(_normalise_caveat(m.group(1)) for m in _CAVEAT.finditer(raw)))
    if not tiers and not caveats:
        return None
    level = max(tiers, key=RANK.__getitem__) if tiers else "OFFICIAL"
    return Marking(level, caveats)


def most_restrictive(markings: Iterable[Marking]) -> Marking | None:
    """The highest tier seen, carrying every caveat seen (caveats accumulate; none is dropped)."""
    items = list(markings)
    if not items:
        return None
    level = max((m.level for m in items), key=RANK.__getitem__)
    caveats = tuple(dict.fromkeys(c for m in items for c in m.caveats))
    return Marking(level, caveats)


@dataclass
class MarkingScan:
    """Markings found in one text: those that classify it, and upper-case tiers merely mentioned."""

    markings: list[Marking] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)

    @property
    def strongest(self) -> Marking | None:
        return most_restrictive(self.markings)


def _is_choice_list(value: str) -> bool:
    """A template placeholder offering options: "[PUBLIC / OFFICIAL / SECRET]"."""
    return len({normalise_level(m.group(0)) for m in _TIER_ANYCASE.finditer(value)}) > 1 and "/" in value


def _only_marking(line: str) -> bool:
    """True when the line holds nothing but upper-case tiers, caveats and decoration (a banner)."""
    rest = _TIER_UPPER.sub(" ", line)
    rest = _CAVEAT.sub(" ", rest)
    return not _DECOR.sub("", rest)


def scan_markings(text: str) -> MarkingScan:
    """Find the classification markings used as markings in `text` (see the module docstring)."""
    scan = MarkingScan()
    if not _TIER_ANYCASE.search(text):
        return scan
    for line in text.splitlines():
        if not _TIER_ANYCASE.search(line):
            continue
        field_match = _FIELD.match(line)
        if field_match:
            value = field_match.group("value")
            if _is_choice_list(value) or "[" in value and "]" in value and "/" in value:
                continue
            value = re.split(r"\(|;|,", value, maxsplit=1)[0]
            parsed = parse_marking(value)
            if parsed and _TIER_ANYCASE.search(value) and _only_marking(value.upper()):
                scan.markings.append(parsed)
                continue
        if _is_choice_list(line):
            continue
        if _TIER_UPPER.search(line) and _only_marking(line):
            parsed = parse_marking(line)
            if parsed:
                scan.markings.append(parsed)
            continue
        lead = _LINE_LEAD.match(line)
        if lead and re.match(r"\s*(?::|//|\s[-–—]\s|\s*\(|$)", lead.group("rest")) or (
                lead and _CAVEAT.match(lead.group("rest").lstrip())):
            head = lead.group("tier") + " " + lead.group("rest").split(":")[0]
            parsed = parse_marking(head if _CAVEAT.search(head) else lead.group("tier"))
            if parsed:
                scan.markings.append(parsed)
            continue
        scan.mentions.extend(normalise_level(m.group(0)) or m.group(0) for m in _TIER_UPPER.finditer(line))
    return scan
