"""Government Security Classifications: find the markings in a text and rank them.

The vocabulary (tiers, handling caveats) lives here and nowhere else; what each tier may be sent to lives in
the policy file (`default_policy.yaml`).

Every text is normalised first (`normalise_text`): Unicode compatibility forms, every dash and hyphen (Word's
non-breaking hyphen U+2011, en and em dashes, minus) to "-", non-breaking and zero-width spaces, soft hyphens,
and letter-spaced words ("S E C R E T") that spell a tier or caveat.

A marking counts as the text's classification (`MarkingScan.markings`, *certain*) where it is used *as* a
marking: a banner line (header, footer, a line holding only the marking and its caveats, in upper or title
case: "Secret - UK Eyes Only"), the value of a "Classification" / "Protective marking" field, a paragraph that
starts with an upper-case tier ("OFFICIAL-SENSITIVE: ..."), a tier joined to a caveat by "//" anywhere, a
portion marking opening a paragraph ("(S) ...", "(TS)", "(OS)"), or a sentence saying the document is
classified ("This document is classified as SECRET.").

Marking-like text that is not certain (`MarkingScan.unconfirmed`) is reported with its passage so the higher
tier can be applied until a person confirms it: an upper-case tier above OFFICIAL named in running prose
("the service must not process SECRET data"), a lower-case tier opening a paragraph ("secret: ..."), "data
classified as SECRET". A template choice list ("[PUBLIC / OFFICIAL / OFFICIAL-SENSITIVE / SECRET]") is ignored.

`scan_outbound` is the gate's reading of a prompt: it finds markings anywhere in a line, also after a prompt
template's label ("Message: SECRET//UK EYES ONLY ..."), and never counts prose mentions (the knowledge base
explains the tiers by name).
"""

from __future__ import annotations

import re
import unicodedata
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
# Portion markings (the abbreviation in brackets that opens a paragraph) and the tier each stands for.
PORTION_MARKS: dict[str, str] = {"TS": "TOP SECRET", "S": "SECRET", "OS": "OFFICIAL-SENSITIVE",
                                 "O-S": "OFFICIAL-SENSITIVE", "O": "OFFICIAL"}

_TIER = r"TOP[\s_-]*SECRET|OFFICIAL[\s_-]*SENSITIVE|SECRET|OFFICIAL|PUBLIC"
_TIER_UPPER = re.compile(rf"(?<![\w-])(?:{_TIER})(?![\w-])")
_TIER_ANYCASE = re.compile(rf"(?<![\w-])(?:{_TIER})(?![\w-])", re.IGNORECASE)
_EYES = r"(?:[A-Z]{2,5}(?:\s*/\s*[A-Z]{2,5})*\s+EYES(?:\s+ONLY)?|RELEASABLE\s+TO\s+[A-Z][A-Z ,/]+)"
_CAVEAT_ALTS = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in CAVEATS)
_CAVEAT = re.compile(r"(?<![\w-])(" + _EYES + "|" + _CAVEAT_ALTS + r")(?![\w-])")  # upper case: "policy" is prose
_CAVEAT_ANYCASE = re.compile(r"(?<![\w-])(" + _EYES + "|" + _CAVEAT_ALTS + r")(?![\w-])", re.IGNORECASE)
_FIELD = re.compile(
    r"^[\s>|*_#-]*(?:security\s+|protective\s+|government\s+security\s+|sensitivity\s+)?"
    r"(?:classification|marking|sensitivity\s+label|label)"
    r"(?:\s+level)?[\s*_]*(?:[:|=-]|\bis\b)\s*(?P<value>[^|\n]*)", re.IGNORECASE | re.MULTILINE)
_DECOR = re.compile(r"[\s*_#>|\[\]()=~`:\-/.,;]+")
_LINE_LEAD = re.compile(rf"^[\s*_#>|\[(=-]*(?P<tier>{_TIER})(?![\w-])(?P<rest>.*)$", re.IGNORECASE)
_LEAD_SEPARATOR = re.compile(r"\s*(?::|//|\s-\s|\s*\(|$)")
_SLASHED = re.compile(rf"(?<![\w-])(?P<tier>{_TIER})\s*//\s*(?P<rest>[A-Z][A-Z /]*)")
_PORTION = re.compile(
    r"^[\s*_#>|-]*(?:\d+(?:\.\d+)*\.?\s+|[a-z]\)\s+)?\((?P<mark>TS|S|OS|O-S|O)(?://(?P<rest>[A-Z /]+))?\)\s+\S")
_PORTION_INLINE = re.compile(r"(?:^|(?<=[\s:>]))\((?P<mark>TS|S|OS|O-S)(?://(?P<rest>[A-Z /]+))?\)(?=\s+\S)")
_SELF_CLASSIFIED = re.compile(
    r"\b(?:this|the)\s+(?:document|file|report|paper|material|information|annex|appendix|page|email|message)"
    r"\b[^.\n]{0,60}?\b(?:is|are|has\s+been|have\s+been)\s+(?:classified|marked|graded)\s+(?:as|at)\s+"
    rf"(?P<tier>{_TIER})(?![\w-])", re.IGNORECASE)
_CLASSIFIED_AS = re.compile(rf"\b(?:classified|marked|graded)\s+(?:as|at)\s+(?P<tier>{_TIER})(?![\w-])",
                            re.IGNORECASE)
# A prompt template's label before the user's text: "Message: ", "Question: ", "User said: ".
_LABEL = re.compile(r"(?:^|(?<=\s))[A-Za-z][A-Za-z ]{0,30}:\s+")

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TRANSLATE = {**dict.fromkeys(map(ord, _DASHES), "-"), **dict.fromkeys(map(ord, _SPACES), " "),
              **dict.fromkeys(map(ord, _INVISIBLE), None)}
# Single letters separated by spaces, dots or hyphens ("S E C R E T", "T.O.P S.E.C.R.E.T").
_SPACED = re.compile(r"(?<![A-Za-z])(?:[A-Za-z][ .\-]{1,3}){3,}[A-Za-z](?![A-Za-z])")
_SPELLED = ("TOPSECRET", "OFFICIALSENSITIVE", "SECRET", "OFFICIAL", "UKEYESONLY", "UKEO", "PERSONAL",
            "COMMERCIAL")
_SPELLED_AS = {"TOPSECRET": "TOP SECRET", "OFFICIALSENSITIVE": "OFFICIAL-SENSITIVE", "UKEYESONLY": "UK EYES ONLY"}


def _unspace(match: re.Match[str]) -> str:
    """'S E C R E T' -> 'SECRET' when the letters spell tiers and caveats only; anything else unchanged."""
    raw = match.group(0)
    letters = re.sub(r"[^A-Za-z]", "", raw).upper()
    words: list[str] = []
    while letters:
        word = next((w for w in _SPELLED if letters.startswith(w)), None)
        if word is None:
            return raw
        words.append(_SPELLED_AS.get(word, word))
        letters = letters[len(word):]
    text = " ".join(words)
    return text if raw.isupper() or not any(c.islower() for c in raw) else text.title()


def normalise_text(text: str) -> str:
    """The text as the scanner reads it: NFKC, one hyphen, plain spaces, no invisible characters, no spacing."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _SPACED.sub(_unspace, text) if re.search(r"[A-Za-z][ .\-][A-Za-z][ .\-][A-Za-z]", text) else text


def normalise_level(raw: str) -> str | None:
    """'official sensitive' / 'Official-Sensitive' / 'TOP_SECRET' / '(S)' -> canonical tier, or None."""
    key = re.sub(r"[\s_-]+", " ", normalise_text(raw).strip().upper())
    if key.startswith("(") and key.endswith(")") and key[1:-1].replace(" ", "-") in PORTION_MARKS:
        return PORTION_MARKS[key[1:-1].replace(" ", "-")]
    return {"PUBLIC": "PUBLIC", "OFFICIAL": "OFFICIAL", "OFFICIAL SENSITIVE": "OFFICIAL-SENSITIVE",
            "OFFICIALSENSITIVE": "OFFICIAL-SENSITIVE", "SECRET": "SECRET", "TOP SECRET": "TOP SECRET",
            "TOPSECRET": "TOP SECRET"}.get(key)


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


@dataclass(frozen=True)
class UnconfirmedMarking:
    """Marking-like text that is not certainly a marking: applied as `marking` until a person confirms."""

    marking: Marking
    passage: str
    reason: str


def parse_marking(raw: str) -> Marking | None:
    """Parse a marking string such as "OFFICIAL-SENSITIVE PERSONAL", "Secret - UK Eyes Only" or "(S)".

    A lone caveat ("UK EYES ONLY") is returned with the tier OFFICIAL: a caveat is only ever applied to
    classified material. Returns None when the string holds neither a tier nor a caveat.
    """
    raw = normalise_text(raw).upper()
    portion = re.fullmatch(r"\s*\((TS|S|OS|O-S|O)\)\s*", raw)
    if portion:
        return Marking(PORTION_MARKS[portion.group(1)])
    tiers = [t for m in _TIER_ANYCASE.finditer(raw) if (t := normalise_level(m.group(0)))]
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
    """Markings found in one text: certain ones, unconfirmed ones (with passages), and tiers named in prose."""

    markings: list[Marking] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    unconfirmed: list[UnconfirmedMarking] = field(default_factory=list)

    @property
    def strongest(self) -> Marking | None:
        """The most restrictive certain marking."""
        return most_restrictive(self.markings)

    @property
    def effective(self) -> Marking | None:
        """The most restrictive marking once unconfirmed ones are applied (the fail-safe reading)."""
        return most_restrictive([*self.markings, *(u.marking for u in self.unconfirmed)])

    @property
    def pending(self) -> list[UnconfirmedMarking]:
        """Unconfirmed markings that would raise the tier above every certain marking (what a person checks)."""
        floor = RANK[self.strongest.level] if self.strongest else RANK["OFFICIAL"]
        seen: set[str] = set()
        out = []
        for item in sorted(self.unconfirmed, key=lambda u: -RANK[u.marking.level]):
            if RANK[item.marking.level] > floor and item.passage not in seen:
                seen.add(item.passage)
                out.append(item)
        return out


def _is_choice_list(value: str) -> bool:
    """A template placeholder offering options: "[PUBLIC / OFFICIAL / SECRET]"."""
    return len({normalise_level(m.group(0)) for m in _TIER_ANYCASE.finditer(value)}) > 1 and "/" in value


def _only_marking(line: str, *, anycase: bool = False) -> bool:
    """True when the line holds nothing but tiers, caveats and decoration (a banner)."""
    rest = (_TIER_ANYCASE if anycase else _TIER_UPPER).sub(" ", line)
    rest = (_CAVEAT_ANYCASE if anycase else _CAVEAT).sub(" ", rest)
    return not _DECOR.sub("", rest)


def _written_as_marking(word: str) -> bool:
    """Upper case ("SECRET") or title case ("Secret", "Official-Sensitive", "Top Secret"): how markings are set."""
    letters = [w for w in re.split(r"[\s_-]+", word) if w]
    return word.isupper() or all(w[:1].isupper() and w[1:].islower() for w in letters)


def _passage(line: str) -> str:
    return " ".join(line.split())[:240]


def _caveated(text: str) -> Marking | None:
    """`text` upper-cased, parsed with its caveats (title-case banners name caveats in title case too)."""
    return parse_marking(text.upper())


def _scan_line(line: str, scan: MarkingScan) -> None:
    field_match = _FIELD.match(line)
    if field_match and _TIER_ANYCASE.search(field_match.group("value")):
        value = field_match.group("value")
        if _is_choice_list(value) or "[" in value and "]" in value and "/" in value:
            return
        value = re.split(r"\(|;|,", value, maxsplit=1)[0]
        parsed = _caveated(value)
        if parsed and _TIER_ANYCASE.search(value) and _only_marking(value, anycase=True):
            scan.markings.append(parsed)
            return
    if _is_choice_list(line):
        return
    portion = _PORTION.match(line)
    if portion:
        level = PORTION_MARKS[portion.group("mark")]
        caveats = parse_marking(portion.group("rest") or "")
        scan.markings.append(Marking(level, caveats.caveats if caveats else ()))
        return
    tiers = list(_TIER_ANYCASE.finditer(line))
    if not tiers:
        return
    if _only_marking(line, anycase=True):
        first = tiers[0].group(0)
        parsed = _caveated(line)
        if parsed is None:
            return
        if _written_as_marking(first):
            scan.markings.append(parsed)
        else:
            scan.unconfirmed.append(UnconfirmedMarking(parsed, _passage(line), "a tier in lower case alone on a line"))
        return
    slashed = _SLASHED.search(line)
    if slashed:
        scan.markings.append(_caveated(slashed.group(0)) or Marking(normalise_level(slashed.group("tier")) or "SECRET"))
        return
    declared = _SELF_CLASSIFIED.search(line)
    if declared:
        scan.markings.append(Marking(normalise_level(declared.group("tier")) or "OFFICIAL"))
        return
    lead = _LINE_LEAD.match(line)
    if lead:
        tier, rest = lead.group("tier"), lead.group("rest")
        caveat_next = _CAVEAT.match(rest.lstrip(" -/"))
        if _LEAD_SEPARATOR.match(rest) or caveat_next:
            head = tier + " " + rest.split(":")[0] if caveat_next else tier
            parsed = _caveated(head) if caveat_next else Marking(normalise_level(tier) or "OFFICIAL")
            if parsed is None:
                return
            if tier.isupper() or caveat_next and _written_as_marking(tier):
                scan.markings.append(parsed)
            else:
                scan.unconfirmed.append(UnconfirmedMarking(parsed, _passage(line), "a tier opening a paragraph"))
            return
    classified = _CLASSIFIED_AS.search(line)
    if classified:
        level = normalise_level(classified.group("tier")) or "OFFICIAL"
        scan.unconfirmed.append(UnconfirmedMarking(Marking(level), _passage(line), "'classified as' in prose"))
    for match in _TIER_UPPER.finditer(line):
        level = normalise_level(match.group(0)) or match.group(0)
        scan.mentions.append(level)
        if level in RANK and RANK[level] > RANK["OFFICIAL"]:
            scan.unconfirmed.append(UnconfirmedMarking(Marking(level), _passage(line), "an upper-case tier in prose"))


def scan_markings(text: str) -> MarkingScan:
    """Find the classification markings in `text`: certain, unconfirmed and mentioned (module docstring)."""
    scan = MarkingScan()
    text = normalise_text(text)
    if not _TIER_ANYCASE.search(text) and not re.search(r"\((?:TS|S|OS|O-S|O)\)", text):
        return scan
    for line in text.splitlines():
        _scan_line(line, scan)
    return scan


def scan_outbound(text: str) -> list[Marking]:
    """The markings in a prompt, wherever they stand in a line (see the module docstring). Tiers named in
    running prose do not count, so the knowledge base's explanation of the tiers passes; a tier opening a
    line or a labelled value counts in any case ("Note: secret: ..."), since no one is there to confirm it."""
    text = normalise_text(text)
    if not _TIER_ANYCASE.search(text) and not re.search(r"\((?:TS|S|OS|O-S)\)", text):
        return []
    found: list[Marking] = []
    for line in text.splitlines():
        candidates = [line] + [line[m.end():] for m in _LABEL.finditer(line)]
        for candidate in candidates:
            scan = MarkingScan()
            _scan_line(candidate, scan)
            found.extend(scan.markings)
            # A tier opening the text in any case ("secret: ...") is applied: there is no one to confirm it.
            found.extend(u.marking for u in scan.unconfirmed if u.reason == "a tier opening a paragraph")
        for match in _PORTION_INLINE.finditer(line):
            rest = parse_marking(match.group("rest") or "")
            found.append(Marking(PORTION_MARKS[match.group("mark")], rest.caveats if rest else ()))
        for match in re.finditer(rf"(?<![\w-])(?:{_TIER})(?![\w-])[\s/-]+(?:{_EYES}|{_CAVEAT_ALTS})(?![\w-])", line):
            parsed = parse_marking(match.group(0))
            if parsed and _TIER_UPPER.match(match.group(0)):
                found.append(parsed)
    return found


@dataclass
class DocumentMarkings:
    """A document's markings for the record: `levels` applies unconfirmed ones (fail-safe) until a person
    confirms; `review` says what is unconfirmed and where (empty when everything is certain)."""

    levels: list[str]
    certain: list[str]
    review: dict[str, object]


def document_markings(text: str, *, max_passages: int = 5) -> DocumentMarkings:
    """Scan a document's text (body and marking sources) into the levels to record and what needs review."""
    scan = scan_markings(text)
    certain = {m.level for m in scan.markings}
    pending = scan.pending
    applied = certain | {u.marking.level for u in pending}
    review: dict[str, object] = {}
    if pending:
        top = max((u.marking.level for u in pending), key=RANK.__getitem__)
        review = {"status": "unconfirmed", "level": top,
                  "certain": [level for level in LEVELS if level in certain],
                  "passages": [{"level": u.marking.level, "text": u.passage, "reason": u.reason}
                               for u in pending[:max_passages]]}
    return DocumentMarkings(levels=[level for level in LEVELS if level in applied],
                            certain=[level for level in LEVELS if level in certain], review=review)
