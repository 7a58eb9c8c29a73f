"""Offline answers that lead with the answer: the figure with its unit and subject, or the named thing,
then the quoted source.

    lead_answer("What latency must search meet?", hits) ->
        Answer("Search results within 2 s (NFR-P-001)", evidence=hits[0], sentence="...")

The answer is read from the retrieved passages (no model): the sentence that best matches the question,
and in it the figure the question asks for (a number with its unit) or the requirement it names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from assistant.documents.excerpts import excerpt
from assistant.documents.ids import find_requirement_ids
from assistant.drafting.answer_forms import (
    Labelled,
    answer_form,
    asked_phrase,
    first_statement,
    head_noun,
    labelled_values,
    placeholder,
    roles,
    thing_asked,
    yes_no_lead,
)
from assistant.drafting.clauses import own_part, qualifier_fit, qualifiers
from assistant.drafting.evidence import Evidence
from assistant.drafting.offline.precision import type_code
from assistant.drafting.passage_rank import (
    ABOUT_MAKING,
    DECISION_HEADING,
    DECISION_VERB,
    is_diagram,
    named_types,
    stemmed_terms,
)
from assistant.facts.arckit import is_footer_line
from assistant.markdown_tables import is_delimiter_row, split_row

_WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_STOP = frozenset(re.findall(r"\S+", "describe describes explain summarise summarize tell a an and are as at be by can do does for from has have how i in is it its of "
                             "on or our should that the their this to was we what when where which who will with "
                             "would must may about say says require requires required requirement requirements you "
                             "did put set there any many much long often whats hows whos wheres whens if me my us"))
# A figure with its unit: "2 s", "200 ms", "0.2", "95%", "99.9 %", "£4,000", "30 days", "< 100 ms".
QUANTITY = re.compile(
    r"(?P<cmp>(?:[<>≤≥]=?|at least|at most|no more than|no less than|within|under|over|above|below|exceeds?|up to)\s*)?"
    r"(?P<cur>£|\$|€)?(?P<num>\d+(?:[.,]\d+)*)\s?"
    r"(?P<unit>%|percent|ms|milliseconds?|seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|h\b|days?|weeks?|months?|years?|"
    r"k\b|m\b|gb|tb|mb|pb|requests?(?:\s*/\s*|\s+per\s+)(?:second|s|minute|min)|req/s|rps|tps|users?|"
    r"concurrent users|languages?|documents?|records?|transactions?)?", re.I)
_NUMERIC_QUESTION = re.compile(r"(?i)\b(how (many|much|long|often|fast|quickly)|longest|shortest|what (is|are|'s) the (target|threshold|"
                               r"limit|latency|accuracy|rate|percentage|budget|cost|availability|uptime|retention)|"
                               r"threshold|target|latency|accuracy|percentage|per cent|budget(?:ed)?|costs?|availability|uptime|"
                               r"retention|p9\d|percentile|how soon|time limit|sla|throughput|capacity|(?:minimum|maximum|peak)"
                               r"|score|rate limit|horizon|weight(?:ed|ing|s)?|after how|(?:what|which) date|by when|"
                               r"aim(?:ing)? for|goal|time to \w+|(?:what|which)\s+(?:\w+\s+)?value|savings?|"
                               r"reductions?|total|investment|tco|npv|bcr|benefit[- ]cost ratio|how big|how large|(?:what|which)\s+(?:\w+\s+)?level)\b")
_TIME_QUESTION = re.compile(r"(?i)\bhow (long|fast|quickly|soon)\b|\b(?:longest|shortest)\b|\blatency\b|\bresponse[- ]time\b|\bturnaround\b")
_TIME_UNIT = re.compile(r"(?i)ms|milliseconds?|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?")
# "How often ...?": the answer is a cadence, not a number with a unit.
_FREQUENCY_QUESTION = re.compile(r"(?i)\bhow (often|frequently)\b|\bfrequency\b|\bcadence\b|\bhow regularly\b")
FREQUENCY = re.compile(r"(?i)\b(daily|weekly|fortnightly|monthly|quarterly|annually|yearly|hourly|nightly|bi-?annually|"
                       r"every\s+(?:\d+\s+)?(?:day|week|month|quarter|year|hour|minute|sprint|release)s?|"
                       r"(?:each|per|a|once a|twice a)\s+(?:day|week|month|quarter|year)|real[- ]time|continuous(?:ly)?|"
                       r"on every \w+|at least (?:once )?(?:a |per |every )?\w+ly)\b")
_WHICH_REQUIREMENT = re.compile(r"(?i)\b(which|what) (requirements?|req|nfr|fr)\b")
# ("the recommended option" is the project's own choice, named in its business case: not what guidance recommends)
_RECOMMENDED = r"recommend(?:s|ed)?(?<!(?:the|our|its) recommended)(?<!(?:the|our|its) recommends)"
_GUIDANCE = re.compile(r"(?i)\b(guidance|playbook|atrs|ico\b|ncsc|jsp ?936|gds|standard says|best practice|"
                       + _RECOMMENDED + r"|good practice|should we|what should|is it required by|law|legal|uk gdpr|"
                       r"equality act|secure by design|government says|sensible)\b")
_ABOUT_DRAFT = re.compile(r"(?i)\b(did you|have you|you (put|set|wrote|write|chose|choose|used|use|give|gave|propose|"
                          r"proposed)|in (the|your|my|our) draft|the draft|our strategy|the strategy say|in section \d+|"
                          r"section \d+ (say|says|use|uses|set|sets))\b")


def terms(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP and len(w) > 1}


# The project's own assessment against a standard ("what did the AI Playbook assessment give?") is a project
# document: a question about what it says is about the project, not about the guidance.
_PROJECT_ASSESSMENT = re.compile(r"(?i)\b(?:playbook|atrs|tcop|jsp ?936|gds|ncsc|secure by design)\s+(?:compliance\s+)?"
                                 r"(?:assessment|record|review|report|self-assessment)\b")


# Words that ask what guidance or the law says, whatever document the question also names.
_ASKS_GUIDANCE = re.compile(r"(?i)\b(guidance|standard says|best practice|good practice|law|legal|required by|"
                            r"should we|what should|" + _RECOMMENDED + r"|government says)\b")


def about_guidance(question: str, project_name: str = "") -> bool:
    """A question about UK guidance or practice (only then are knowledge notes quoted). Not one that names a
    document of the project as its source ("does the DPIA say ... the ICO?", "in the ATRS, what ...") unless it
    asks what guidance says, nor one whose cue is a word of the project's own name ("the Playbook platform")."""
    text = _PROJECT_ASSESSMENT.sub(" ", question)
    for word in {w for w in _WORD.findall(project_name.casefold()) if len(w) > 3}:
        text = re.sub(rf"(?i)\b{re.escape(word)}\b", " ", text)
    if not _GUIDANCE.search(text):
        return False
    return not named_types(question) or bool(_ASKS_GUIDANCE.search(question))


def about_draft(question: str) -> bool:
    """A question about what the draft says ("what threshold did you put for drift?")."""
    return bool(_ABOUT_DRAFT.search(question))


@dataclass
class Answer:
    lead: str  # the answer itself, first
    evidence: Evidence
    sentence: str  # the quoted sentence it comes from
    # Other passages that state the same answer (each document holding the marking, the requirement that sets a
    # figure another document repeats): quoted and cited after the first.
    also: list[Evidence] = field(default_factory=list)


def _sentences(text: str) -> list[str]:
    text = re.sub(r"\*\*|__|`", "", text)
    # a checklist flattened onto one line ("1. ☑ Evaluation — YES ... 2. ☑ Automated ...") is one item a sentence
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(])|\n+|\s\|\s|\s*•\s*|\s+(?=\d{1,2}\.\s*[☑☐☒✅❌✓✔✗✘])", text)
    return [p.strip(" |-*#>") for p in parts if len(p.strip(" |-*#>")) > 3]


def _candidates(text: str) -> list[tuple[str, str]]:
    """The sentences and table cells of a passage, each with the words that say what it is about: a table cell
    with its row's label (the first cell: "AI-004 (Technical Support)" for that row's "Residual risk: LOW"),
    another sentence with nothing more."""
    out: list[tuple[str, str]] = []
    header: list[str] = []  # a markdown table's header row: each cell is also read with its column's name
    for line in text.splitlines():
        if is_delimiter_row(line):
            continue
        cells = [re.sub(r"\*\*|__|`", "", c).strip() for c in split_row(line)] if " | " in line else []
        # a key/value row flattened from a two-column table ("Aspect: Expected impact | Detail: 20% less") is a
        # row as much as a wider one: its value is read with its key
        if len(cells) >= 3 or (len(cells) == 2 and all(_LABEL_ROW.match(c) for c in cells)):
            named = header if len(header) == len(cells) else [""] * len(cells)
            # the row is named by its first cell and, in a flattened row, by its name cells too
            # ("Component ID: C-007 | Name: Patent Search | Estimated Cost: £90K": the cost is Patent Search's)
            label = " ".join([cells[0], *(c for c in cells[1:] if _NAME_CELL.match(c))])
            out += [(said, f"{label if i else ''} {named[i]}".strip())
                    for i, cell in enumerate(cells) for said in _sentences(cell)]
            header = header or cells
        else:
            header = []
            out += [(sentence, "") for sentence in _sentences(line)]
    return out


# A date the answer can be: "2026-08-28", "28 August 2026", "August 2026", "Q3 2026", "Year 1 Q3".
DATE = re.compile(r"(?i)\b\d{4}-\d{2}-\d{2}\b|\b(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
                  r"[a-z]*\.?\s+\d{4}\b|\bQ[1-4]\s+(?:FY)?\d{2,4}\b|\b(?:year|fy)\s*\d{1,4}\s+Q[1-4]\b")
# A question that can only be answered by a date ("by what date"); "when is the maintenance window?" may be
# answered by a weekday and a time.
_DATE_ASKED = re.compile(r"(?i)\b(?:what|which)\s+date\b|\b(?:by|until|till) when\b|\bdeadline\b|\bdue date\b")
_UNTIL_ASKED = re.compile(r"(?i)\b(?:until|till)\s+when\b|\bexpir\w*\b|\bend\s+date\b|\brun\s+(?:until|to)\b")
_DATE_UNTIL = re.compile(r"(?i)\b(?:until|till|through|expires?|expiring|runs?\s+to)\s+(?:on\s+)?")
_DATE_QUESTION = re.compile(_DATE_ASKED.pattern + r"|\bdue\b|\bwhen\s+(?:is|are|was|were|must|should|will|does|do|did)\b")
# Questions that ask for a share ("what accuracy", "what uptime", "how are X weighted"): a percentage answers.
_SHARE_QUESTION = re.compile(r"(?i)\b(accuracy|uptime|availability|percentage|per ?cent|weight(?:ed|ing|s)?|share|"
                             r"proportion|rate)\b")
# An unticked checklist item ("[ ] RTO and RPO requirements documented").
_UNTICKED = re.compile(r"^\s*\[\s\]")
# "How many failures ...": the thing counted, which follows the figure in the answer ("after 3 failures").
# ("how much unplanned downtime": the thing measured, as for a count)
_HOW_MANY = re.compile(r"(?i)\bhow (?:many|much)\s+(?:[a-z-]+\s+){0,3}?([a-z-]+)(?=\s+(?:does|do|did|is|are|was|were|has|have|had|"
                       r"will|would|must|should|can|could|get|go|in|of|on|for|at|per|we|our|the|to|before|after|until|with|"
                       r"without|by|from)\b|\s*[?,.]|$)")
_PER_PERIOD = re.compile(r"(?i)\s+(?:a|an|per|each|every)\s+(?:year|month|week|day|hour|minute|second|quarter)\b")
# A rate's period as a sentence writes it ("per day", "/year", "daily", "annually", "a month").
_PERIOD_SAID = re.compile(r"(?i)(?:\b(?:a|an|per|each|every)\s+|/\s*)(day|week|month|year|quarter)s?\b|"
                          r"\b(?:(dai|week|month|year|quarter)ly|(annual)(?:ly)?)\b")
_PERIOD_NAME = {"dai": "day", "annual": "year"}


def _periods(text: str) -> set[str]:
    """The periods a text counts per ("each day" and "daily" -> day; "/year" and "annually" -> year)."""
    found = set()
    for m in _PERIOD_SAID.finditer(text):
        word = next(g for g in m.groups() if g).casefold()
        found.add(_PERIOD_NAME.get(word, word))
    return found
# A cell of a flattened table row that names the row's item ("Name: Patent Search", "Component: Vector store").
_NAME_CELL = re.compile(r"(?i)^(?:name|title|component|system|service|model|item|tool|product)\s*:")
# A sum of money written in a sentence ("£4,000", "2.5m GBP").
_MONEY = re.compile(r"[£$€]\s?\d|\b\d[\d,.]*\s?(?:k|m|bn|million|billion)?\s?(?:gbp|usd|eur|pounds)\b", re.I)
# A document's version ("Version: 1.0"): a figure that measures nothing asked.
_VERSION_CELL = re.compile(r"(?i)^(?:document\s+)?version\s*:")
# A label row ("Field: ICO Approval", "Document: Bias Audit Report"): it names a thing, it says nothing of it.
_LABEL_ROW = re.compile(r"^[\w /()&'-]{1,40}:\s*(?P<value>.*)$")


def _label_only(sentence: str, wanted: set[str]) -> bool:
    """A label row that only names what the question names ("Document: Bias Audit Report" for "do we need a bias
    audit report?"): no figure, and no word after its label that the question does not already hold."""
    m = _LABEL_ROW.match(sentence)
    value = m.group("value") if m else sentence
    said = stemmed_terms(value)
    return not re.search(r"\d", value) and len(said) <= 6 and said <= wanted


def _kind_fit(question: str, sentence: str) -> float:
    """How far the sentence holds a figure of the kind the question asks for: a duration for "how quickly", a
    percentage for an accuracy, the thing counted for "how many", a date for "by what date"."""
    score = 0.0
    units = [(m.group("unit") or "").casefold() for m in QUANTITY.finditer(sentence) if m.group("unit")]
    if _TIME_QUESTION.search(question) and any(_TIME_UNIT.fullmatch(u) for u in units):
        score += 1.0
    if _SHARE_QUESTION.search(question) and any(u in ("%", "percent") for u in units):
        score += 1.0
    if _RATE_QUESTION.search(question) and _RATE.search(sentence):
        score += 1.0
    if _MONEY_QUESTION.search(question) and _MONEY.search(sentence):
        score += 1.0
    counted = _HOW_MANY.search(question)
    if counted and _counted(counted.group(1), sentence):
        score += 1.5
    if _DATE_QUESTION.search(question) and DATE.search(sentence):
        score += 2.0
    return score


_HYPHEN_UNIT = re.compile(r"-(second|minute|hour|day|week|month|year)s?\b", re.I)
# A count of things ("500 messages", "3 failures"): a figure as much as one with a unit.
_COUNT = re.compile(r"(?<![\w./-])\d+(?:[.,]\d+)*\s+(?!and\b|or\b|to\b|of\b)[a-z]{3,}", re.I)
# A bare decimal ("threshold (0.7)"), not a version ("v1.0") nor a section number ("3.4.1").
_DECIMAL = re.compile(r"(?<![\w.-])\d+\.\d+(?![\w.])")
# "How much data a day must it ingest?", "what storage capacity?": a data size answers, not a latency or a count.
_SIZE_QUESTION = re.compile(r"(?i)\bhow much\s+(?:[a-z-]+\s+){0,2}data\b|\bdata\s+volumes?\b|\bstorage\b|\bingest\w*\b")
_SIZE_UNIT = frozenset(("kb", "mb", "gb", "tb", "pb"))
# "How much investment", "what's the 3-year TCO": a sum of money answers, not the period it is spent over.
_MONEY_QUESTION = re.compile(r"(?i)\b(?:costs?|budget\w*|investment|invest|spend\w*|price|tco|funding|savings?|"
                             r"contract value|capex|opex|how much (?:money|funding|will|would|does|do|is|are))\b")
_RATE_QUESTION = re.compile(r"(?i)\b(throughput|per (?:second|minute|hour)|requests|transactions|tps|rps|load)\b")
_RATE = re.compile(r"(?i)\bper\s+(?:second|sec|minute|min|hour)\b|/\s*(?:s|sec|min|h)\b|\b(?:tps|rps|qps)\b")


# Counts written as words ("two providers").
NUMBER_WORDS = tuple(re.findall(r"\S+", "one two three four five six seven eight nine ten eleven twelve fifteen "
                                       "twenty thirty fifty hundred"))
# A table cell whose value is a figure alone ("Value: 125", "Total: **£4,000**"): its row says what it counts.
# ("Volume: ~30,000/year" counts a year's worth: its period is part of the figure)
_FIGURE_CELL = re.compile(r"^[\w /()&'-]{1,40}:\s*[<>≤≥~]?\s*[£$€]?\d[\d,.]*\s*(?:%|\s*/\s*(?:year|yr|month|week|day)|"
                          r"\s+(?:per|a|each)\s+(?:year|month|week|day))?$", re.I)
# A count in words ("two providers", "three production-tested regions"); "one" is too often not a count.
_WORD_COUNT = re.compile(r"(?i)\b(?:" + "|".join(w for w in NUMBER_WORDS if w != "one") + r")\s+(?:[a-z]+-[a-z-]+\s+)?"
                         r"[a-z]{3,}")


def _has_figure(sentence: str) -> bool:
    """A figure with its unit or comparator, a count of things (in figures or words), a bare decimal, a date or
    a table cell holding only a figure."""
    return (any(m.group("unit") or m.group("cmp") for m in QUANTITY.finditer(sentence)) or bool(_COUNT.search(sentence))
            or bool(_DECIMAL.search(sentence)) or bool(DATE.search(sentence)) or bool(_FIGURE_CELL.match(sentence))
            or bool(_WORD_COUNT.search(sentence)))


# A count written with a multiplier ("10M patents", "1.5 million users") or as a word ("two providers").
_COUNT_OF = (r"(?<![\w./])((?:(?:at least|at most|up to|over|under|about|around|minimum(?: of)?|maximum(?: of)?)\s+)?"
          r"(?:\d+(?:[.,]\d+)*(?:\s?(?:[kmb]n?|million|billion|thousand)\b)?\+?|(?:" + "|".join(NUMBER_WORDS) + r")\b))")
# the count, then the counted word straight after it or after one or two words that describe it ("two tested
# providers", "3 production-tested providers")
_COUNTED_BY = tuple(re.compile(_COUNT_OF + r"\s+" + r"(?:[a-z][a-z-]*\s+)" * k + r"([a-z-]+)", re.I) for k in (0, 1, 2))


def thing_measured(question: str) -> str | None:
    """What a "how many" or "how much" question counts or measures ("how many applications a year" ->
    applications, not the year; "how much unplanned downtime" -> downtime)."""
    how_many = _HOW_MANY.search(_PER_PERIOD.sub(" ", question))
    # "how much does it cost": an auxiliary straight after "how much" names nothing measured
    return how_many.group(1) if how_many and how_many.group(1).casefold() not in _STOP else None


def _counted(thing: str, sentence: str) -> re.Match[str] | None:
    """The figure in the sentence that counts `thing` ("3 failures" for "how many failures", "two providers",
    "10M patents")."""
    root = stemmed_terms(thing)
    for pattern in _COUNTED_BY:
        for m in pattern.finditer(sentence):
            if root & stemmed_terms(m.group(2)):
                return m
    return None


# "the LLM call itself, separate from the end-to-end response": what follows names what is NOT asked
_EXCLUDED = re.compile(r"(?i)\b(?:separate(?:ly)? from|rather than|as opposed to|other than|excluding|not including|"
                       r"apart from|besides|distinct from|instead of)\b[^,;?.]*|"
                       # "the LLM call itself, not the whole response": a clause set off by a comma
                       r",\s*(?:but\s+)?not\s+(?:the|a|an|our|its|their|any)\b[^,;?.]*")


def asked_part(question: str) -> str:
    """The question (or a source's clause) without the part it sets aside ("X, separate from Y" -> "X";
    "<200ms excluding LLM time" -> "<200ms")."""
    return _EXCLUDED.sub(" ", question)


def _heading_terms(hit: Evidence) -> set[str]:
    """The stemmed words of the passage's own (last) heading: what its lines are about."""
    return stemmed_terms(hit.heading.split(">")[-1]) if hit.heading else set()


def best_sentence(question: str, hits: list[Evidence]) -> tuple[Evidence, str] | None:
    """The sentence sharing most terms with the question; earlier hits win ties (retrieval's order)."""
    # stemmed: "escalated" in a question meets "escalation" in a sentence; what the question sets aside is
    # not asked for
    wanted = stemmed_terms(asked_part(question))
    asked_ids = set(_ids(question))
    asked_qualifiers = qualifiers(question)
    frequency = bool(_FREQUENCY_QUESTION.search(question))
    dated = bool(_DATE_ASKED.search(question))
    numeric = bool(_NUMERIC_QUESTION.search(question)) and not frequency
    when = bool(_DATE_QUESTION.search(question)) and not numeric  # (a numeric question's date fit is its kind fit)
    best: tuple[float, Evidence, str] | None = None
    making = bool(ABOUT_MAKING.search(question))
    counted_thing = thing_measured(question)
    asked_periods = _periods(" ".join(m.group(0) for m in _PER_PERIOD.finditer(question)))
    # figures the question itself gives ("who signs off spend between £20M and £50M") pick out the row or clause it
    # is about; not when a date or a figure is asked, whose answer is another cell of the row that names them
    given = set() if numeric or when or dated or frequency else _given_figures(question)
    candidates = []
    for rank, hit in enumerate(hits):
        heading = _heading_terms(hit)
        for sentence, row in _candidates(hit.text):
            if is_diagram(sentence):
                continue  # a diagram's source is never the answer
            if not making and is_footer_line(sentence):
                continue  # a generation footer says how the document was made, not what it says
            # a figure asked: the row's words count for its cells that hold a figure, not for a sibling cell
            # that only restates the subject ("Details: across the sector" beside "Count: 125")
            got = stemmed_terms(sentence) | (stemmed_terms(row) if not numeric or _has_figure(sentence) else set())
            # a sentence sharing no word or given figure with the question does not answer it
            figures = given & _given_figures(sentence) if given else set()
            if wanted & got or figures:
                candidates.append((rank, hit, heading, sentence, got, figures))
    # A word of the question that few candidate sentences share tells them apart ("quorum" among sentences that
    # all say "vendor evaluation"): it counts for up to twice a word they all share.
    shared = Counter(t for *_, got, _ in candidates for t in wanted & got)
    for rank, hit, heading, sentence, got, figures in candidates:
        # a line under a heading is about the heading's subject ("Target: 5 measured by 2026-08-28" under
        # "Goal G-5: Fairness measurement baselined"): its words count, for half
        score = sum(1 + 1 / shared[t] for t in wanted & got) + 0.5 * len(wanted & heading - got) - 0.15 * rank
        if asked_ids & set(_ids(sentence)):
            score += 3
        score += min(len(figures), 2)
        # a figure cell counts the thing its row names ("Data Subject Type: Children | Volume: ~30,000/year")
        counts = counted_thing is not None and (_counted(counted_thing, sentence) is not None or bool(
            _FIGURE_CELL.match(sentence) and stemmed_terms(counted_thing) & got))
        if numeric:
            # a figure is asked: a sentence without one cannot give it; "how many providers" is answered by
            # "two providers" as well as by "2 providers"
            # ("how many records": a date counts nothing, so a sentence whose only figure is a date has none)
            figure = _has_figure(DATE.sub(" ", sentence) if counted_thing else sentence) and \
                not _VERSION_CELL.match(sentence)
            score += (2.5 if counts else 1.5 if figure else -1.0) + _kind_fit(question, sentence)
        if frequency and FREQUENCY.search(sentence):
            score += 2
        if when and DATE.search(sentence):
            score += 1.0  # "when is X planned": the cell with the date, not the one naming X again
        if dated and not DATE.search(sentence):
            score -= 2.0  # "by what date": a sentence with no date cannot give it
        if asked_periods:
            # "how many conversations each day": a figure per day answers, one per year or a monthly review does not
            said = _periods(sentence)
            score += 0.5 if said & asked_periods else -1.0 if said else 0.0
        if _UNTICKED.match(sentence):
            score -= 2.0  # an unticked checklist item names something to do, it states nothing
        if _label_only(sentence, wanted):
            score -= 1.5  # a label row names the thing the question names; its answer is elsewhere
        score += qualifier_fit(asked_qualifiers, sentence)
        if best is None or score > best[0]:
            best = (score, hit, sentence)
    if best is None or best[0] <= 0:
        return None
    return best[1], best[2]


def _given_figures(text: str) -> set[str]:
    """The figures of two or more digits a text states, outside requirement IDs and dates ("£20M" -> "20")."""
    for rid in _ids(text):
        text = text.replace(rid, " ")
    text = DATE.sub(" ", text)
    return {n.replace(",", "") for n in re.findall(r"(?<![\w.-])\d{2,}(?:[.,]\d+)*", text)}


def _ids(text: str) -> list[str]:
    return list(find_requirement_ids(text))


_RATIO_ASKED = re.compile(r"(?i)\bratios?\b")
_RATIO = re.compile(r"(?<![\d.:])\d+(?:\.\d+)?\s*:\s*1(?![\d.:])")


def _figure(question: str, sentence: str) -> str | None:
    """The figure the question asks for, with its comparator, unit and the words that say what it measures
    ("within 300 ms at p99 latency for the claims API", "99.9% availability")."""
    wanted = terms(asked_part(question))
    # a number the question itself states ("a case with 10,000 items") is a given, not the figure asked for
    given = {n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", question)}
    timed = bool(_TIME_QUESTION.search(question))
    share = bool(_SHARE_QUESTION.search(question))
    rate = bool(_RATE_QUESTION.search(question))
    sized = bool(_SIZE_QUESTION.search(question))
    money = bool(_MONEY_QUESTION.search(question))
    counted_thing = thing_measured(question)
    counted = _counted(counted_thing, sentence) if counted_thing else None
    asked = qualifiers(question)
    variable = _VARIABLE_ASKED.search(question)
    if variable:
        # "what k value": the figure set for that variable, as written ("k≥5", "k = 5")
        said = re.search(rf"(?<![\w-]){re.escape(variable.group(1) or variable.group(2))}\s*(?:[<>≤≥=]=?|of)\s*\d+(?:[.,]\d+)*", sentence)
        if said:
            return said.group(0)
    if _RATIO_ASKED.search(question) and (ratio := _RATIO.search(sentence)):
        return ratio.group(0)  # "what benefit-cost ratio": "20.9:1", not the sums it divides
    if counted is not None and counted_thing and not counted.group(1)[:1].isdigit() and \
            _counted(counted_thing, sentence[counted.end():]) is None:
        return counted.group(0)  # "at least two providers": the count in words (an "Article 46" after it counts none)
    best: tuple[float, str] | None = None
    for m in QUANTITY.finditer(sentence):
        num, unit, cmp = m.group("num"), m.group("unit") or "", (m.group("cmp") or "").strip()
        if num.replace(",", "") in given:
            continue
        if sentence[max(0, m.start() - 1):m.start()] == "/":
            continue  # the total of a score ("8/9 criteria met"), not the figure
        if re.fullmatch(r"\d{1,3}", num) and not unit and not cmp:
            before = sentence[max(0, m.start() - 6):m.start()]
            if re.search(r"[A-Z]-$|-$|\bv$", before):
                continue  # part of an ID ("NFR-P-001") or a version
        if re.fullmatch(r"(19|20)\d\d", num) and not unit:
            continue  # a year
        if not m.group("cur") and not cmp and re.search(r"[A-Za-z]$", sentence[:m.start("num")]):
            continue  # part of a name ("WP248", "ISO27001")
        if not unit and _REFERENCE_BEFORE.search(sentence[:m.start("num")]):
            continue  # a reference to a part of a text ("Article 35(3)(c)", "section 4")
        near = terms(sentence[max(0, m.start() - 60):m.end() + 40])
        # the question's words around the figure, to a point: in a sentence all about the subject, every figure
        # is near them, and its kind decides
        counts = bool(not unit and _COUNT.match(sentence, m.start("num")))
        hyphened = None if unit else _HYPHEN_UNIT.match(sentence, m.end())  # "35-day"
        if hyphened:
            unit = hyphened.group(1)
        score = min(len(wanted & near), 3) + (1 if unit or counts else 0) + (0.5 if cmp else 0)
        if re.search(r"\(\s*$", sentence[:m.start()]):
            score -= 1.0  # an aside in brackets ("(10x normal load)") restates; the figure before it answers
        if timed and _TIME_UNIT.fullmatch(unit):
            score += 1.5  # "how quickly": a duration answers, a count does not
        if share and unit in ("%", "percent"):
            score += 1.0
        if sized and unit.casefold() in _SIZE_UNIT:
            score += 2.0  # "how much data": a size in bytes
        elif money and m.group("cur"):
            score += 2.0  # "how much investment": a sum of money
        if rate and _RATE.search(sentence[m.end():m.end() + 30]):
            score += 2.0  # "what throughput": the figure counted per second
        if counted is not None and counted.start(1) == m.start("num"):
            score += 2.5  # "how many failures": the figure that counts failures
        # a change "from 18 months to 12 months" aims at its second figure, not its starting point
        if re.search(r"(?i)\bfrom\s*$", sentence[:m.start()]):
            score -= 1.5
        elif re.search(r"(?i)\bfrom\s+\S+(?:\s+\S+){0,3}?\s+(?:to|down to|up to)\s*$", sentence[:m.start()]):
            score += 1.0
        own = own_part(sentence, num)
        if own != sentence:
            score += 0.75 * min(len(wanted & terms(own)), 3)  # its own part of the sentence names the subject
        score += qualifier_fit(asked, own, sentence)
        # the figure as the source writes it ("24h", "2 s", "£4,000"), its comparator before it
        end = hyphened.end() if hyphened else m.end()
        per = re.match(r"\s*/\s*(?:day|d|s|sec|second|min|minute|hour|h|week|month|year)\b", sentence[end:])
        if unit and per:
            end += per.end()  # "5TB/day": the rate's period is part of the figure
        written = re.sub(r"\s+", " ", sentence[m.start("cur") if m.group("cur") else m.start("num"):end]).strip()
        out_of = re.match(r"\s*(?:/|out of)\s*\d+(?![\d.])", sentence[end:])  # "42/60", "42 out of 60"
        if out_of:
            written += out_of.group(0).rstrip() if not out_of.group(0).strip().startswith("/") else \
                out_of.group(0).strip()
        start = re.search(r"(?<![\w.,-])\d+(?:[.,]\d+)*\s*(?:-|–|to)\s*$", sentence[:m.start()])
        if start and not cmp and not re.search(r"(?i)\bfrom\s*$", sentence[:start.start()]):
            written = sentence[start.start():m.start()] + written  # a range ("3-5 years"), not its upper end
        text = " ".join(p for p in (cmp, written) if p)
        # the figure's own scope written straight after it ("< 5 seconds (p95)")
        pos = end + (out_of.end() if out_of else 0)
        scope = re.match(r"\s*(\((?:p\d{2}|\d{2}(?:th|st|nd|rd)\s+percentile|peak|average|median)\))", sentence[pos:], re.I)
        if scope:
            text += " " + scope.group(1)
        rest = sentence[pos + (scope.end() if scope else 0):]
        after = re.split(r"(?<!\d)\.|\.(?!\d)|[;|(]|\s-\s", rest, maxsplit=1)[0].split()[:9]  # not "2.5M"
        before = re.split(r"[.;:|)]", sentence[:m.start()])[-1]
        # the clause that holds the figure: "given X, then results returned in" -> "results returned"
        before = re.split(r"(?i),|\bthen\b|\bwhen\b|\bgiven\b", before)[-1]
        before = re.sub(r"(?i)\s*\b(?:in|within|of|at|to|by|under|over|is|are|be|must|should|shall)\s*$", "", before.strip())
        words_before = before.split()[-7:]
        context = " ".join(after) if terms(" ".join(after)) else ""
        if not context and words_before:
            text = f"{text}, " + " ".join(words_before)
        elif context:
            text = f"{text} {context}"
        if best is None or score > best[0]:
            best = (score, text.strip(" ,"))
    return best[1] if best else None


# Words that number a part of a text: the number after them refers, it measures nothing.
_REFERENCE_BEFORE = re.compile(r"(?i)\b(?:article|art\.|section|clause|annex|schedule|paragraph|para|chapter|part|"
                               r"regulation|recital)\s*$")


# "what k value", "which n": a one-letter variable the question asks the value of
_VARIABLE_ASKED = re.compile(r"(?i)\b(?:what|which)\s+([a-z])\s+(?:value|threshold|setting|parameter)\b|"
                             r"\bvalue of\s+([a-z])\b")


def _subject(question: str, hit: Evidence, sentence: str) -> str:
    ids = _ids(sentence) or list(hit.requirement_ids)
    heading = hit.heading.split(">")[-1].strip() if hit.heading else ""
    where = ", ".join(ids[:2]) if ids else heading
    return where


def _where(hit: Evidence) -> str:
    ids = list(hit.requirement_ids)
    heading = hit.heading.split(">")[-1].strip() if hit.heading else ""
    return heading or ", ".join(ids[:2])


# Words of a label that say it holds the role's holder ("SRO Name", "SRO Role"), not whose role it is.
_HOLDER_WORDS = frozenset(stemmed_terms("name role title post person holder position details"))


def _role_free(text: str) -> set[str]:
    """The stems of a text's words other than its role words and holder words ("Risk Owner" -> {"risk"},
    "SRO Name" -> set())."""
    return stemmed_terms(" ".join(w for w in re.findall(r"[\w'-]+", text) if not roles(w))) - _HOLDER_WORDS


def who_lead(question: str, hits: list[Evidence]) -> Answer | None:
    """For "who owns / approves / is responsible for X": the value of the label naming the role asked, in the
    passage about X ("Risk Owner: DPO" rather than the same row's "Action Owner: CISO"), or the person of a
    stakeholder row whose role is the one asked ("Stakeholder: A. Person | Involvement: Product Owner")."""
    asked = roles(question)
    if not asked:
        return None
    if "sro" in asked:
        asked = {"sro"}  # "the senior responsible owner": that role, not any owner or anyone responsible
    wanted = _role_free(question)
    best: tuple[float, Answer] | None = None
    for rank, hit in enumerate(hits):
        last = hit.heading.split(">")[-1].strip() if hit.heading else ""
        if _NOT_HOLDERS.search(last):
            continue  # a glossary defines a role, a revision history names editors: neither says who holds it
        heading = stemmed_terms(last)
        for item in labelled_values(hit.text):
            if roles(item.label) & asked:
                # a label's other words say whose role it is ("Action Owner" is not the risk's owner)
                words, value, lead = _role_free(item.label), item.value, f"{item.label}: {first_statement(item.value)}"
                unasked = len(words - wanted)
            elif item.key and item.key != item.value and not _ROUTE_LABEL.search(item.label) \
                    and roles(item.value) & asked:
                # the role is the row's value: the row's key names who holds it; the value's other words describe
                words, value = _role_free(item.value), item.key
                lead = f"{first_statement(item.key)} ({first_statement(item.value, 80)})"
                unasked = 0
            elif item.key and _PERSON_LABEL.match(item.label) and roles(item.key) & asked:
                # a row that names the role first and then who holds it ("Role: Data Controller | Name: A. Person")
                words, value = _role_free(item.key), item.value
                lead = f"{first_statement(item.value)} ({first_statement(item.key, 80)})"
                unasked = -1  # the row states the role as its field: the most direct statement of who holds it
            else:
                continue
            about = len(wanted & (stemmed_terms(f"{item.row} {item.key}") | heading))
            score = 1 + 2 * len(words & wanted) - unasked + 0.5 * min(about, 6) - 0.3 * rank
            if not words:
                score += 0.5  # the label is the role itself ("SRO: A. Person"), nobody else's role
            if _DUTY.match(value):
                score -= 1.5  # "Accountable for accuracy": what the role does, not who holds it
            if placeholder(value):
                score -= 3  # "[PENDING]": a role with no one named yet answers only when nothing else does
            if best is None or score > best[0]:
                where = _where(hit)
                best = (score, Answer(lead + (f" ({where})" if where and where not in lead else ""), hit,
                                      _trim(item.row)))
    return best[1] if best is not None and best[0] > 0 else None


# The label of a cell whose value names a role to go to ("Escalation Path: SRO"), not the role of the row's first
# cell ("Stakeholder: A. Person | Involvement: Product Owner").
_ROUTE_LABEL = re.compile(r"(?i)\b(?:escalat\w*|path|route|routing|reports? to|refer\w*|notif\w*|inform\w*|next|"
                          r"hand-?off|handover)\b")
# Parts of a document that name roles without saying who holds them for the system.
_NOT_HOLDERS = re.compile(r"(?i)\b(?:glossary|revision history|change (?:log|history)|references|bibliography|"
                          r"citations?|traceability)\b")
# A value that says what a role does rather than who holds it.
_DUTY = re.compile(r"(?i)^\W*(?:accountable|responsible|ensur\w*|oversees?|owns|approves?|leads?|manages?|"
                   r"provides?|reviews?|signs?)\b")
# The label of a cell that says who holds the row's role ("Role: Data Controller | Name: ..."; a Document Control
# row "Field: Owner | Value: ...").
_PERSON_LABEL = re.compile(r"(?i)^(?:name|person|holder|post ?holder|who|individual|named person|value)$")
_ID_OF = r"\b{}-\d{{1,4}}[a-z]?\b"


def which_lead(question: str, hits: list[Evidence]) -> Answer | None:
    """For "which/what X": the value of the label naming X ("Embedding Model: ..."), the item whose ID is of
    kind X ("which gap" -> "GAP-008: ..."), or the decision a decision record took ("which service did the ADR
    pick")."""
    thing = thing_asked(question)
    head = head_noun(question)
    if not thing or _WHICH_REQUIREMENT.search(question):
        return None
    wanted = stemmed_terms(question) - thing
    named = named_types(question)
    phrase = asked_phrase(question)
    # "which gap" -> GAP-008; "which DPIA risk" -> DPIA-010 or R-001 (a register's one-letter prefix is its
    # kind's initial)
    kinds = [w.upper() for w in phrase.split() if len(w) >= 2 and w.isalpha()]
    id_kind = re.compile(_ID_OF.format("(?:" + "|".join([*map(re.escape, kinds), kinds[-1][0]]) + ")") if kinds
                         else r"(?!)")
    decided = bool(DECISION_VERB.search(question))
    best: tuple[float, Answer] | None = None

    def consider(score: float, lead: str, hit: Evidence, sentence: str) -> None:
        nonlocal best
        if best is None or score > best[0]:
            best = (score, Answer(lead, hit, sentence))

    for rank, hit in enumerate(hits):
        heading = _heading_terms(hit)
        source = 1.0 if named and hit.document and type_code(hit.document) in named else 0.0
        for item in labelled_values(hit.text):
            words = stemmed_terms(item.label)
            named_last = stemmed_terms(item.label.split()[-1]) if item.label.split() else set()
            # the label names an X ("Embedding Model" for "which model"); "Risk reduction" is no risk
            if head not in named_last and len(words & thing) < 2:
                continue
            about = len(wanted & (stemmed_terms(f"{item.row} {item.key}") | heading))
            score = 2 * len(words & thing) - 0.5 * len(words - thing - wanted) + 0.5 * min(about, 6) \
                - 0.3 * rank + source - (3 if placeholder(item.value) else 0)
            where = _where(hit)
            consider(score, f"{item.label}: {first_statement(item.value)}" + (f" ({where})" if where else ""),
                     hit, _trim(item.row))
        for line in hit.text.splitlines():
            # a table row whole (its other cells say what the item is and how it is rated), else each sentence
            for said in [re.sub(r"\*\*|__|`", "", line).strip(" |-*#>")] if " | " in line else _sentences(line):
                ident = id_kind.search(said)
                if not ident:
                    continue
                about = len(wanted & stemmed_terms(said))
                consider(1.0 + about - 0.3 * rank + source, f"{ident.group(0)}: {_trim(said)}"
                         if not said.startswith(ident.group(0)) else _trim(said), hit, said)
        if decided:
            stated = _decision_statement(hit)
            if stated:
                about = len(wanted & stemmed_terms(f"{hit.heading} {hit.text}"))
                consider(2.0 + 0.5 * min(about, 6) - 0.3 * rank + source, _trim(stated), hit, stated)
    return best[1] if best is not None and best[0] > 1 else None


# Label words that name no attribute of their own ("Value: ...", "Details: ...").
_GENERIC_LABEL = frozenset(stemmed_terms("value values detail details description notes note comment comments item "
                                         "field fields information info status type"))
# A line that titles the lines after it ("**2. Concept Drift** (Input-Output Relationship Changes):").
_BLOCK_TITLE = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?[^:|]{3,80}:\s*(?:\*\*|__)?\s*$")


def _labelled_in_context(text: str) -> list[tuple[Labelled, str]]:
    """The passage's labelled values, each with the title of the block it sits in ("Alert: accuracy below 90%"
    under "Concept Drift:"): a label repeated per block is told apart by its block."""
    out: list[tuple[Labelled, str]] = []
    title = ""
    for line in text.splitlines():
        found = labelled_values(line)
        if not found and _BLOCK_TITLE.match(line):
            title = re.sub(r"\*\*|__", "", line).strip(" -*:")
            continue
        out += [(item, title) for item in found]
    return out


def label_lead(question: str, hits: list[Evidence]) -> tuple[int, Answer] | None:
    """For a question that names a label a passage gives a value under ("which of the 4Ts ..." -> "4Ts:
    TOLERATE", "the LLM response time target" -> "LLM response time: <1.5s (p95)", "owner of goal G-1" -> "Goal
    Owner: ..."): that value, from the row, block or passage about the question's subject, with how much of the
    question it covers (the label's words count twice: the question names the attribute). Every word of the
    label must be in the question: a label with a word the question lacks ("API response time") is another
    attribute."""
    asked = stemmed_terms(asked_part(question))
    if _TIME_QUESTION.search(question):
        asked |= {"time"}  # "how long to resolve" asks for a "Resolution Time"
    numeric = bool(_NUMERIC_QUESTION.search(question))
    named = named_types(question)  # "in the ATRS": a value from that document is the one asked about
    by_value = answer_form(question) in ("who", "which")
    asked_roles = roles(question)
    best: tuple[float, int, Answer] | None = None
    for rank, hit in enumerate(hits):
        heading = _heading_terms(hit)
        for item, title in _labelled_in_context(hit.text):
            label, value = stemmed_terms(item.label) - _GENERIC_LABEL, stemmed_terms(item.value)
            if placeholder(item.value) or not label:
                continue
            if value <= asked:
                # the question names this cell's value ("which group is rated HIGH resistance risk", "who is the
                # financial evaluator"): the row it is in answers, by its first cell, when a thing or a person is
                # asked; otherwise the value only restates the question ("Severity: Severity 2")
                if not by_value or not item.key or stemmed_terms(item.key) <= asked or \
                        not (label <= asked or len(value) >= 2):
                    continue
                covered = 2 * len(value) + len(label & asked)
                lead = f"{first_statement(item.key)} ({item.label}: {first_statement(item.value, 80)})"
            else:
                if not label <= asked:
                    continue  # the label names another attribute ("API response time" for "LLM response time")
                if numeric and not re.search(r"\d", item.value) and not roles(item.label):
                    continue  # a figure is asked: a value without one is not it (a role's holder is a name)
                about = len((asked - label) & (stemmed_terms(f"{item.row} {item.key} {title}") | heading))
                if not about and len(label) < 2:
                    continue  # one label word and nothing of the subject: another thing's attribute
                # "the owner of the red-teaming action": the label naming the role asked ("Owner"), not the
                # sibling label naming its subject ("Action")
                covered = 2 * len(label) + about + (1 if roles(item.label) & asked_roles else 0)
                lead = f"{item.label}: {first_statement(item.value)}"
            score = covered - 0.3 * rank + (1.0 if hit.document and type_code(hit.document) in named else 0.0)
            if score >= 4 and (best is None or score > best[0]):
                where = _where(hit)
                best = (score, covered, Answer(lead + (f" ({where})" if where and where not in lead else ""), hit,
                                               _trim(item.row)))
    return (best[1], best[2]) if best is not None else None


def _decision_statement(hit: Evidence) -> str:
    """What a passage under a decision heading ("5.1 Chosen Option") states was decided: its first sentence of
    some length, never the generation footer that may end the passage; "" under any other heading."""
    last = hit.heading.split(">")[-1].strip() if hit.heading else ""
    heading = DECISION_HEADING.match(last)
    if not heading:
        return ""
    named = last[heading.end():].strip(" :-–—")
    if len(named.split()) >= 2:
        return f"{last[:heading.end()].strip(' :-–—')}: {named}"  # "Chosen Option: Option 2 -- Azure UK Regions"
    return next((s for s, _ in _candidates(hit.text) if len(s.split()) >= 4 and not is_footer_line(s)), "")


def decision_lead(question: str, hits: list[Evidence]) -> Answer | None:
    """The statement under a decision record's decision heading ("5.1 Chosen Option"), from the first such hit."""
    for hit in hits:
        stated = _decision_statement(hit) if hit.document and type_code(hit.document) == "ADR" else ""
        if stated:
            return Answer(_trim(stated), hit, stated)
    return None


def lead_answer(question: str, hits: list[Evidence]) -> Answer | None:
    """The answer to lead with, or None when no passage answers the question: by the form of answer asked
    (a person or role, a named thing, yes or no, a figure), else the sentence that best matches."""
    form = answer_form(question)
    if form == "who":
        named = who_lead(question, hits)
        if named is not None:
            return named
    if DECISION_VERB.search(question) and "ADR" in named_types(question) and not _NUMERIC_QUESTION.search(question):
        # "what did the data portability ADR pick?", "what cloud platform did ADR-001 choose?": what the record
        # decided, from its decision part (before any other field of the record, such as its status)
        decided = decision_lead(question, hits)
        if decided is not None:
            return decided
    # "what minimum score", "what k value": the thing asked is a figure, which the figure reader finds
    phrase = asked_phrase(question)
    if form == "which" and not _NUMERIC_QUESTION.search(f"what {phrase}. what is the {phrase}"):
        named = which_lead(question, hits)
        if named is not None:
            return named
    asked = stemmed_terms(asked_part(question))
    labelled = label_lead(question, hits) if form != "yesno" else None
    found = plain_lead(question, hits)
    stated = stemmed_terms(found.sentence) if found is not None else set()
    if found is not None and labelled is not None and found.evidence.heading != labelled[1].evidence.heading:
        # the sentence's heading counts as the label's does ("Goal G-1: Open Data API" says what its line is
        # about); under the label's own heading it tells the two apart no more than it does the label
        stated |= _heading_terms(found.evidence)
    if labelled is not None and (found is None or labelled[0] > len(asked & stated)):
        # the value of the attribute the question names, unless a sentence states more of what is asked
        return labelled[1]
    if found is None:
        return None
    if form == "who" and roles(question) and not roles(found.sentence):
        # the passages name no one in the role asked: say so, and quote the nearest
        return Answer("Not stated in the passages found: they name no one in that role (nearest quoted below)",
                      found.evidence, found.sentence)
    # Yes or No only from a sentence about most of what is asked: one that shares a word or two states or
    # denies something else
    if form == "yesno" and len(asked & stemmed_terms(found.sentence)) >= max(2, (len(asked) + 1) // 2):
        said = yes_no_lead(question, found.sentence)
        if said:
            return Answer(f"{said}: {_trim(found.sentence)}", found.evidence, found.sentence, found.also)
    return found


def plain_lead(question: str, hits: list[Evidence]) -> Answer | None:
    """The lead from the sentence that best matches the question: its figure, date, cadence or the sentence."""
    found = best_sentence(question, hits)
    if found is None:
        return None
    hit, sentence = found
    subject = _subject(question, hit, sentence)
    if _WHICH_REQUIREMENT.search(question):
        ids = _ids(sentence) or list(hit.requirement_ids)
        if ids:
            title = hit.heading.split(">")[-1].strip() if hit.heading else ""
            named = ids[0] + (f" ({title})" if title and ids[0] not in title else "")
            return Answer(f"{named}: {_trim(sentence)}", hit, sentence)
    date = DATE.search(sentence) if _DATE_QUESTION.search(question) else None
    if date and _UNTIL_ASKED.search(question):
        # "until when does X run": the date it runs to, not the date it was made or changed
        until = _DATE_UNTIL.search(sentence)
        date = (DATE.match(sentence, until.end()) if until else None) or date
    if date:
        return Answer(f"By {date.group(0)}" + (f" ({subject})" if subject else "") + f": {_trim(sentence)}", hit, sentence)
    cadence = FREQUENCY.search(sentence) if _FREQUENCY_QUESTION.search(question) else None
    if cadence:
        said = cadence.group(0)
        return Answer(f"{said[0].upper() + said[1:]}" + (f" ({subject})" if subject else "") + f": {_trim(sentence)}",
                      hit, sentence)
    if _NUMERIC_QUESTION.search(question):
        figure = _figure(question, sentence)
        if figure:
            # a sentence's first letter is capitalised, a variable's name ("k≥5") is not
            first = figure[0] if re.match(r"[a-z]\s*[<>≤≥=]", figure) else figure[0].upper()
            lead = first + figure[1:] + (f" ({subject})" if subject and subject not in figure else "")
            return Answer(lead, hit, sentence)
    # the answer in our words keeps a figure and its percent sign together ("5 %" -> "5%"); the quote stays verbatim
    said = re.sub(r"(\d)\s+%", r"\1%", _trim(sentence))
    return Answer(said + (f" ({subject})" if subject and subject not in sentence else ""), hit, sentence)


def follow_on_answer(question: str, passage: Evidence) -> Answer | None:
    """The second ask of a joined question answered from the passage that answered the first, when that passage
    states what is asked ("what fairness threshold is monitored, and how often?": the row holding the threshold
    holds its review cadence): a cadence for "how often", a figure with its unit for a numeric ask; else None."""
    for sentence in _sentences(passage.text):
        if _FREQUENCY_QUESTION.search(question):
            cadence = FREQUENCY.search(sentence)
            if cadence:
                said = cadence.group(0)
                subject = _subject(question, passage, sentence)
                return Answer(said[0].upper() + said[1:] + (f" ({subject})" if subject else "") + f": {_trim(sentence)}",
                              passage, sentence)
        elif _NUMERIC_QUESTION.search(question) and any(m.group("unit") for m in QUANTITY.finditer(sentence)):
            figure = _figure(question, sentence)
            if figure:
                return Answer(figure[0].upper() + figure[1:], passage, sentence)
    return None


def _topic(question: str) -> str:
    """The subject the question names ("search response time" from "what latency must search meet?")."""
    q = re.sub(r"(?i)^(what|which|how \w+|when|who)\s+(is|are|was|were|does|do|did|must|should|will)?\s*", "", question)
    q = re.sub(r"(?i)\b(the|a|an|target|threshold|limit|value|figure|requirement|required|for|of|in|on|what|is)\b", " ", q)
    q = re.sub(r"[?.!]", "", q)
    q = re.sub(r"\s+", " ", q).strip()
    return q[:60]


def _trim(sentence: str, limit: int = 220) -> str:
    return excerpt(sentence, limit)  # whole sentences: a quote never ends in a cut word


def draft_passages(markdown: str, document: str, version: Any) -> list[Evidence]:
    """The draft as passages (one per sub-section), so questions about it are answered from it."""
    passages: list[Evidence] = []
    h2 = h3 = ""
    buf: list[str] = []

    def flush() -> None:
        text = "\n".join(buf).strip()
        if text:
            heading = f"{h2} > {h3}" if h3 else h2
            passages.append(Evidence(id=f"draft-v{version}-{len(passages) + 1}", text=text, document=document,
                                     heading=heading, kind="draft"))
        buf.clear()

    for line in markdown.splitlines():
        if line.startswith("## "):
            flush()
            h2, h3 = line[3:].strip(), ""
        elif line.startswith("### "):
            flush()
            h3 = line[4:].strip()
        elif not is_delimiter_row(line):
            buf.append(line)
    flush()
    return passages


def rank_passages(question: str, passages: list[Evidence], k: int = 5) -> list[Evidence]:
    """Passages ordered by the terms they share with the question (section numbers named count double)."""
    wanted = terms(question)
    sections = set(re.findall(r"(?i)section\s*(\d{1,2})", question))

    def score(p: Evidence) -> float:
        s = float(len(wanted & terms(p.text + " " + p.heading)))
        m = re.match(r"(\d{1,2})\.", p.heading)
        if m and m.group(1) in sections:
            s += 3
        return s

    ranked = sorted(passages, key=score, reverse=True)
    return [p for p in ranked[:k] if score(p) > 0]
