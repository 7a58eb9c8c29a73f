"""Names of people in running prose, and UK street addresses (issue 17: names were caught only after a title or
a label, addresses not at all).

Why rules and word lists and not a model: presidio is not installed here and its name recogniser needs a spaCy
model, which cannot be downloaded at run time; the bundled sentence embedder is not a token tagger. So a name in
prose is found from cues a reader uses: a common given name followed by a capitalised surname, a capitalised word
followed by a common surname, an initial and a common surname, or any capitalised pair after a cue such as
"contact", "led by", "assigned to" or before "said", "approved", ", the ...". The word lists
(`data/person_names.yaml`) are our own. A UK street address is a house number (or flat and number) and one to
four capitalised words ending in a street type ("Road", "Close", "Gardens"...), with the town and postcode after
it when present. Both are measured in `evals/security_eval.py` (recall on a set written apart, precision on
PII-free requirements text).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).with_name("data") / "person_names.yaml"

# Capitalised words that start sentences, name things or parts of documents, never a person.
_NOT_PERSON_WORDS = frozenset("""the a an this that these those it its we our you your they their he she his her
i in on at by for from to of and or but if when where which who what how all any each every no not new
section table figure annex appendix part chapter page requirement requirements model models data service
services system systems team teams department office unit board group programme project product platform
policy strategy review version draft status owner lead manager officer director head analyst engineer
scientist architect user users customer customers citizen citizens claimant claimants patient patients
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december spring summer autumn winter uk gb england wales scotland ireland
london british national local central north south east west northern southern eastern western
ministry council trust agency authority government hmrc dwp dvla nhs mod home cabinet digital security
cloud azure aws google amazon microsoft openai anthropic python docker kubernetes mlflow github gitlab
street road avenue lane close drive way court house building floor flat suite unit
must shall should will may can could would might please note see also only per via
production staging development test testing training inference monitoring deployment pipeline release
sprint phase stage level tier risk impact priority high medium low critical major minor
contact email call ask thanks dear hi hello regards attendees attendee present apologies minutes action
""".split())  # noqa: SIM905 - a word list reads better as text
_CUE_BEFORE = re.compile(
    r"(?i:\b(?:contact|contacts|email|e-mail|call|ring|phone|ask|cc|emailed|called|met|meet|thank|thanks|"
    r"led\s+by|owned\s+by|signed\s+off\s+by|approved\s+by|reviewed\s+by|raised\s+by|assigned\s+to|reports\s+to|"
    r"according\s+to|escalate\s+to|speak\s+to|spoke\s+to|spoke\s+with|talk\s+to|interviewed|named|"
    r"our\s+colleague|colleague|manager|supervisor|caseworker|citizen|claimant|resident|tenant|"
    r"applicant|patient|customer|said|says)\s+)$")
_CUE_AFTER = re.compile(
    r"^(?:\s+(?:said|says|told|wrote|asked|approved|signed|leads|owns|confirmed|agreed|noted|reported|"
    r"complained|called|emailed|raised|requested|explained|lives|lived|moved|was\s+born|is\s+the|was\s+the|"
    r"will\s+(?:review|approve|sign|lead|own|confirm)|has\s+(?:agreed|confirmed|approved|asked|requested))\b"
    r"|,\s+(?:the|our|a|who|aged|age|born|from|of)\b|\s+\((?:the|our|a|aged|age|born|DOB|dob)\b|'s\s)")
_WORD = r"(?:Mc|Mac|O'|O’)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
# Lookaheads, so a rejected "Contact Sarah" does not swallow "Sarah Thompson"; with and without a middle name.
_PAIRS = (re.compile(rf"(?<![\w'’-])(?=(?P<first>{_WORD})\s+(?P<middle>[A-Z]\.?|{_WORD})\s+(?P<last>{_WORD})(?![\w'’-]))"),
          re.compile(rf"(?<![\w'’-])(?=(?P<first>{_WORD})\s+(?P<last>{_WORD})(?![\w'’-]))"))
# Surnames that are also everyday words ("Mill Lane", "Data Hall"): a person only after a listed given name.
_WORDLIKE_SURNAMES = frozenset("""lane hall green wood woods hill rose stone west king lord day black white brown page
read reed booth banks marsh bell bird ball cook cox fox gray grant hart hunt knight lamb mills moore park poole
potter price sharp ward webb wells young mason dale holland houghton jordan lowe payne pike quinn rowe slater
spencer tucker turner walker warren watts wright barber baker carter chambers cole curtis dean fisher ford
gardner hooper law short small street swift wall waters""".split())  # noqa: SIM905 - a word list
_INITIAL = re.compile(rf"(?<![\w.])(?P<initials>(?:[A-Z]\.\s?){{1,2}}|[A-Z]\s)(?P<last>{_WORD})(?![\w'’-])")

_STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Place|Pl|Gardens|Gdns|Court|Ct|"
    "Terrace|Terr|Grove|Square|Sq|Hill|Row|Walk|Mews|Park|Rise|Parade|Green|View|Wharf|Yard|Embankment|"
    "Broadway|Circus|Vale|Wynd|Brae|Gate|Quay|Hollow|Meadow|Meadows|Heights|Boulevard|Chase|Croft|End|Fields|"
    "Parkway|Path|Approach")
_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"
_ADDRESS = re.compile(
    r"(?<![\w-])(?:(?:Flat|Apartment|Apt|Unit|Suite|Room|Studio)\s+\d{1,4}[A-Za-z]?,?\s+)?"
    rf"(?:(?:[A-Z][a-z]+\s+){{1,2}}(?:House|Court|Cottage|Lodge|Farm|Mansions|Buildings|Tower),?\s+)?"
    r"\d{1,4}[A-Za-z]?(?:\s*[-–]\s*\d{1,4}[A-Za-z]?)?,?\s+"
    rf"(?:(?:St\.?|Saint|[A-Z][a-z'’]+|[A-Z]{{2,}})\s+){{1,4}}(?:{_STREET_TYPES})\b\.?"
    rf"(?:,?\s+(?!(?:{_STREET_TYPES})\b)[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}){{0,2}}"
    rf"(?:,?\s+{_POSTCODE})?")
# An address without a house number still counts when a postcode closes it ("Rose Cottage, Mill Lane, York YO1 7HH").
_ADDRESS_NO_NUMBER = re.compile(
    r"(?<![\w-])(?:(?:[A-Z][a-z]+\s+){1,2}(?:House|Court|Cottage|Lodge|Farm|Mansions|Buildings|Tower),?\s+)?"
    rf"(?:[A-Z][a-z'’]+\s+){{1,3}}(?:{_STREET_TYPES})\b,?\s+(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?,?\s+){{1,2}}"
    rf"{_POSTCODE}\b")


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return (frozenset(data["given"].split()), frozenset(data["surnames"].split()),
            frozenset(data["ambiguous_given"].split()))


def _plain(word: str) -> str:
    return word.lower().replace("’", "'")


def _person_word(word: str) -> bool:
    return bool(word) and _plain(word) not in _NOT_PERSON_WORDS and not word.isupper()


def _is_person(first: str, last: str, middle: str | None, before: str, after: str) -> bool:
    given, surnames, ambiguous = _names()
    f, surname = _plain(first), _plain(last)
    if not (_person_word(first) and _person_word(last)):
        return False
    if middle and len(middle) > 2 and (not _person_word(middle) or f not in given):
        return False  # a three-word name needs a known given name first ("Contact Priyanka Patel" is two)
    if f in given and f not in ambiguous:
        return True
    if surname in surnames and (f in given or surname not in _WORDLIKE_SURNAMES):
        return True
    return bool(_CUE_BEFORE.search(before[-40:]) or _CUE_AFTER.match(after[:40]))


def person_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of people named in prose; the longest reading wins where they overlap."""
    found: list[tuple[int, int, str]] = []
    _, surnames, _ = _names()
    for pattern in _PAIRS:
        for match in pattern.finditer(text):
            first, last = match.group("first"), match.group("last")
            middle = match.groupdict().get("middle")
            start, end = match.start("first"), match.end("last")
            if _is_person(first, last, middle, text[:start], text[end:]):
                found.append((start, end, text[start:end]))
    for match in _INITIAL.finditer(text):
        if _plain(match.group("last")) in surnames:
            found.append((match.start(), match.end(), match.group(0)))
    kept: list[tuple[int, int, str]] = []
    for span in sorted(found, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def address_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, address) of UK street addresses."""
    found = [(m.start(), m.end(), m.group(0).rstrip(",. ")) for m in _ADDRESS.finditer(text)]
    found += [(m.start(), m.end(), m.group(0)) for m in _ADDRESS_NO_NUMBER.finditer(text)]
    return [(start, start + len(value), value) for start, _end, value in found]
