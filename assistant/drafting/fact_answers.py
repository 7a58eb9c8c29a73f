"""Offline answers from the project's facts layer, before any passage search: a question that asks for a
figure (a latency target, an uptime, a retention period, a budget, an RTO), for the requirement that covers
something, for the system's risk level or for the model it uses is answered from the typed facts read at
ingest (`assistant.facts`), which know each value's metric, unit, subject and the requirement that owns it.
The answer leads with that value and its subject; the passage holding the fact's clause is what it cites.
A question the facts do not answer returns None and the caller searches the passages as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from functools import lru_cache

from assistant.drafting.answers import Answer, asked_part, terms, thing_measured
from assistant.drafting.clauses import own_part, qualifier_fit, qualifiers
from assistant.drafting.evidence import Evidence
from assistant.drafting.offline.precision import options_only, type_code
from assistant.drafting.passage_rank import authority, named_instances, named_types, project_passages, stemmed_terms
from assistant.facts import (
    MarkingFact,
    PlatformFact,
    ProjectFacts,
    QuantityFact,
    RequirementFact,
    RetentionFact,
    RiskLevelFact,
    clause_key,
    project_facts,
    squash,
)
from assistant.facts.arckit import authoritative_on
from assistant.facts.models import SourceSpan
from assistant.facts.vocabulary import data as vocabulary

# "which requirement", "which integration / non-functional requirement" (a kind of requirement between)
_WHICH_REQUIREMENT = re.compile(r"(?i)\b(which|what)\s+(?:[a-z-]+\s+){0,2}?(requirements?|reqs?|nfrs?|frs?)\b|"
                                r"\brequirement\s+(covers|for)\b(?!\s+(?:me|us|you)\b)")  # not "check X requirement for me"
_RISK = re.compile(r"(?i)\brisk\s+(level|tier|rating|classification|category)\b|\b(atrs\s+)?tier\b.*\b(record|atrs)\b|"
                   r"\b(?:rated|classed|classified|assessed)\s+(?:as\s+)?(?:a\s+)?(?:high|medium|low)[- ]risk\b")
# "Was it rated high-risk?": the level asked about, to say yes or no against the level stated
_RISK_ASKED = re.compile(r"(?i)^\s*(?:is|was|were|has|had|did)\b.*?\b(high|medium|low)[- ]risk\b")
_MODEL = re.compile(r"(?i)\b(which|what)\s+(llm|model|ai model|foundation model|language model|ml model|agent|ai agent|"
                    r"ai system|ai component)s?\b")
_PLATFORM = re.compile(r"(?i)\b(hosted|hosting|host|which cloud|what cloud|cloud provider|cloud platform|data residency|"
                       r"(?:which|what) regions?)\b")
_RETENTION = re.compile(r"(?i)\bhow long\b.*\b(kept|retained|stored|held|keep|retain)\b|\bretention\b|\bretained for\b")
_HOW_LONG = re.compile(r"(?i)\bhow (long|fast|quickly|soon)\b")
# Question words that name a metric beside the facts vocabulary's own words ("uptime" is availability there).
_METRIC_WORDS = {"cost": r"budget(?:ed|s)?|costs?|costing|spend(?:ing|s)?|spent|funding|funded|price|£", "latency": r"latency|response[- ]time|respond|p9\d|"
                 r"fast|quickly|first[- ]token|time to", "availability": r"uptime|availability|available"}
_GENERIC_NAMES = frozenset(re.findall(r"\S+", "Large Generative Retrieval-augmented Embedding Speech Machine Language "
                                                "Classification Classifier Foundation AI ML Text Image"))
_FILLER = frozenset(re.findall(r"\S+", "target threshold figure value limit level rate kept retained stored held "
                               "achieve meet must need needs system service project covers cover covering "
                               "requirement requirements which what state give platform solution application app tool "
                               "portal product "
                               # the words of the request around the question ("check ... for me")
                               "check confirm tell show find give look remind"))


@lru_cache(maxsize=1)
def _metric_patterns() -> dict[str, re.Pattern[str]]:
    data = vocabulary()["metrics"]
    out = {}
    for metric, spec in data.items():
        words = [w for w in spec.get("words", []) if w]
        extra = _METRIC_WORDS.get(metric)
        alternatives = "|".join([*words, *([extra] if extra else [])])
        if alternatives:
            out[metric] = re.compile(r"(?i)(?<![a-z])(?:" + alternatives + r")(?![a-z])")
    return out


def _metrics_asked(question: str) -> list[str]:
    return [m for m, p in _metric_patterns().items() if p.search(question)]


def _subject_terms(question: str) -> set[str]:
    return {t for t in terms(question) if t not in _FILLER}


def passage_for(source: SourceSpan, clause: str, passages: Iterable[Evidence]) -> Evidence | None:
    """The passage of the fact's document that holds its clause (else its requirement's passage)."""
    needle = clause_key(clause, source.text)
    same_doc = [p for p in passages if p.document == source.document]
    if needle:
        for p in same_doc:
            if needle in squash(p.text):
                return p
    if source.requirement_id:
        for p in same_doc:
            if source.requirement_id in p.requirement_ids:
                return p
    return None


def _overlap(wanted: set[str], *texts: str) -> int:
    return len(wanted & terms(" ".join(texts)))


# The kind of requirement a question names ("which integration requirement") and the IDs of that kind.
_KINDS = {"integration": "INT-", "interface": "INT-", "functional": "FR-", "non-functional": "NFR-",
          "business": "BR-", "data": "DR-"}


def _initialisms(title: str) -> set[str]:
    """"AI / Large Language Model Endpoint" -> {"llm", "lm", ...}: a title's words as the abbreviation a
    question may use for them."""
    words = re.findall(r"[A-Za-z]+", title)
    return {"".join(w[0] for w in words[i:j]).casefold() for i in range(len(words))
            for j in range(i + 2, min(i + 5, len(words) + 1))}


# A question about a requirement's priority ("is X a must-have?", "what priority is X?"): its MoSCoW priority leads.
_PRIORITY = re.compile(r"(?i)\b(must[- ]have|should[- ]have|could[- ]have|won'?t[- ]have|mandatory|optional|"
                       r"moscow|(?:what|which)\s+priority|prioriti[sz]ed?)\b")
_PRIORITY_WORDS = frozenset(("must-have", "should-have", "could-have", "have", "mandatory", "optional", "moscow",
                             "priority", "prioritised", "prioritized", "prioritise", "prioritize", "is", "must"))


def _priority(question: str, project: ProjectFacts, passages: list[Evidence]) -> Answer | None:
    """The priority of the requirement the question names, then the requirement itself."""
    if not _PRIORITY.search(question):
        return None
    found = _requirement(question, project, passages, ignore=_PRIORITY_WORDS)
    if found is None:
        return None
    req = next((r for r in project.requirements().values() if found.lead.startswith(r.id)), None)
    if req is None or not req.priority:
        return None
    return Answer(f"{req.priority} ({found.lead})", found.evidence, found.sentence)


# "Which ADR covers X?", "which decision record should finance check?": the document, by its ID and title.
_WHICH_DOCUMENT = re.compile(r"(?i)\b(?:which|what)\s+(?:[a-z-]+\s+)?(?:document|record|adr|decision record|"
                             r"decision)s?\b(?!\s+(?:say|says|decide|decided|pick|picked|choose|chose|give|gave))")
_DOCUMENT_WORDS = frozenset(stemmed_terms("which what adr decision record document should check cover covers look "
                                          "read find architecture"))


def _which_document(question: str, indexed: tuple[list[Evidence], list[set[str]], dict[str, float]]
                    ) -> Answer | None:
    """The document of the kind the question names whose title and passages name most of its subject (rarity
    weighted), answered with the document's ID and title, quoting its passage that names most."""
    if not _WHICH_DOCUMENT.search(question) or named_instances(question):
        return None  # "what did ADR-004 decide?" names its document: it asks what the document says
    kinds = named_types(question) or ({"ADR"} if re.search(r"(?i)\bdecision\b", question) else set())
    if not kinds:
        return None
    items, bags, idf = indexed
    wanted = stemmed_terms(question) - _DOCUMENT_WORDS
    total = sum(idf.get(t, 1.0) for t in wanted)
    if not total:
        return None
    best: tuple[float, Evidence, str] | None = None
    for passage, bag in zip(items, bags, strict=True):
        if type_code(passage.document) not in kinds or authority(passage) < 0:
            continue
        title = passage.heading.split(" > ")[0] if passage.heading else ""
        share = (2 * sum(idf.get(t, 1.0) for t in wanted & stemmed_terms(title))
                 + sum(idf.get(t, 1.0) for t in wanted & bag)) / total
        if best is None or share > best[0]:
            best = (share, passage, title)
    if best is None or best[0] < 1.0:
        return None  # the best document names under half of what was asked
    _, passage, title = best
    ident = re.search(r"\b(" + "|".join(map(re.escape, kinds)) + r")-(\d{2,4})\b", passage.document)
    name = ident.group(0) if ident else passage.document
    own = re.sub(r"^[^:]*(?:Record|Decision)[^:]*:\s*", "", title).strip()
    sentence = max((line for line in passage.text.splitlines() if line.strip()),
                   key=lambda line: len(wanted & stemmed_terms(line)), default=passage.text)
    return Answer(f"{name}" + (f" ({own})" if own else ""), passage, sentence)


def _requirement(question: str, project: ProjectFacts, passages: list[Evidence],
                 ignore: Collection[str] = ()) -> Answer | None:
    wanted = _subject_terms(question) - set(ignore)
    kind = re.search(r"(?i)\b(which|what)\s+((?:[a-z-]+\s+){1,2})(?:requirements?|reqs?)\b", question)
    prefixes = {_KINDS[w] for w in (kind.group(2).casefold().split() if kind else []) if w in _KINDS}
    wanted -= {w for w in _KINDS if _KINDS[w] in prefixes}
    best: tuple[float, RequirementFact] | None = None
    for req in project.requirements().values():
        if prefixes and not any(req.id.startswith(x) for x in prefixes):
            continue
        title, statement = terms(req.title) | _initialisms(req.title), terms(req.statement)
        score = 2.0 * len(wanted & title) + len(wanted & statement) + 0.5 * len(wanted & terms(req.source.heading))
        if len(wanted & (title | statement)) < min(2, len(wanted)):
            continue
        if best is None or score > best[0]:
            best = (score, req)
    if best is None:
        return None
    req = best[1]
    evidence = passage_for(req.source, req.statement, passages)
    if evidence is None:
        return None
    named = f"{req.id} ({req.title})" if req.title else req.id
    # a statement that is only a label ("**Data Handling**:", "---") says nothing: the passage's first full line
    stated = req.statement if len(re.findall(r"[A-Za-z]{2,}", req.statement)) >= 3 else ""
    sentence = stated or next((line for line in evidence.text.splitlines()
                               if len(re.findall(r"[A-Za-z]{2,}", line)) >= 5), evidence.text)
    return Answer(f"{named}: {_trim(stated)}" if stated else named, evidence, sentence)


_PERIOD = re.compile(r"(?i)\b(\d+(?:\.\d+)?)\s*(hours?|days?|weeks?|months?|years?)\b")


def _counted_from(clause: str, value: str) -> str:
    """The event a retention period is counted from when the clause adds the period to it ("Duration of case + 6
    years" -> "Duration of case + "): without it, "6 years" says something else."""
    m = re.search(r"(?i)([A-Za-z][\w /-]{2,40}?)\s*\+\s*" + re.escape(value) + r"\b", clause)
    return f"{m.group(1).strip()} + " if m else ""


def _nearest_period(wanted: set[str], clause: str) -> str | None:
    """In a clause that keeps different things for different periods ("plates deleted after 24 hours, journey
    times retained 7 years"), the period whose own words match the question, with those words."""
    periods = list(_PERIOD.finditer(clause))
    if len(periods) < 2:
        return None
    best: tuple[int, str] | None = None
    for i, m in enumerate(periods):
        start = periods[i - 1].end() if i else 0
        end = periods[i + 1].start() if i + 1 < len(periods) else len(clause)
        # the words before a period are its own from the last separator on: before it they belong to the
        # previous period ("7 years for compliance logs; 90 days for application logs")
        before, after = re.split(r"[;,]", clause[start:m.start()])[-1], clause[m.end():end]
        own = re.split(r"[,;(]", after)[0] if not terms(before) & wanted else ""
        score = len(wanted & terms(before + " " + own))
        words = re.sub(r"\s+", " ", re.sub(r"[*_|]+", "", before.split(",")[-1] + " " + m.group(0) + own)).strip(" ,:-")
        if best is None or score > best[0]:
            best = (score, words)
    return best[1] if best and best[0] > 0 else None


# Units that a figure of each metric is written in: a line holding one can state that metric.
_METRIC_UNITS = {
    "latency": re.compile(r"(?i)\d\s*(?:ms|milliseconds?|s|secs?|seconds?|minutes?|mins?|hours?|hrs?|days?)\b"),
    "availability": re.compile(r"\d\s*%"),
    "cost": re.compile(r"(?i)[£$€]\s*\d|\d\s*(?:gbp|usd|eur)\b"),
}
# How much more of the question a passage line must name than the fact's own words before it is preferred.
_BETTER_BY = 2


def _named_better_elsewhere(question: str, wanted: set[str], context: str, value: str, metric: str,
                            indexed: tuple[list[Evidence], list[set[str]], dict[str, float]]) -> bool:
    """True when a line of the project names far more of the question's subject than the fact chosen and holds a
    figure in the metric's units ("how quickly must the disclosure review process 10,000 items" is the line
    about the disclosure review, not the page-load target that merely shares "case"): the passage search answers."""
    units = _METRIC_UNITS.get(metric)
    if units is None:
        return False
    # `wanted`: the question's subject words without the project's own name, as for the fact itself
    subject = stemmed_terms(" ".join(wanted - set(_metric_words(question))))
    # what the fact names: its clause, subject, heading and owning requirement's title
    have = len(subject & stemmed_terms(context))
    same = re.compile(r"(?<![\d.,])" + re.escape(value) + r"(?![\d])")
    items, bags, _ = indexed
    for passage, bag in zip(items, bags, strict=True):
        if len(subject & bag) < have + _BETTER_BY or authority(passage) < 0:
            continue
        for line in passage.text.splitlines():
            if units.search(line) and not same.search(line) and len(subject & stemmed_terms(line)) >= have + _BETTER_BY:
                return True  # (a line stating the fact's own figure confirms it)
    return False


def _metric_words(question: str) -> list[str]:
    return [w.casefold() for p in _metric_patterns().values() for w in p.findall(question)]


# Label words a clause opens with ("**Requirement**: ..."): they name no subject.
_LABELS = frozenset(("requirement", "target", "sla", "description", "value", "metric", "latency", "threshold"))


def _states(metric: str, clause: str, value: str) -> bool:
    """Whether the clause gives `value` as this metric: the value follows the metric's own word ("RTO ≤ 4 hours,
    RPO ≤ 15 minutes" gives 15 minutes as the RPO), or the clause names only this metric."""
    pattern = _metric_patterns()[metric]
    found = list(pattern.finditer(clause))
    if not found:
        return False
    others = [m for name, p in _metric_patterns().items() if name != metric for m in p.finditer(clause)]
    if not others:
        return True
    near = re.compile(r"^\W{0,3}(?:[a-z]+\W{1,3}){0,3}?[<>≤≥=~]?\s*" + re.escape(value) + r"(?![\d.])", re.I)
    return any(near.match(clause[m.end():m.end() + 40]) for m in found)


def _roots(text: str) -> set[str]:
    """Stems that meet across plural and doubled-consonant forms ("logs", "logging" -> "log")."""
    out = set()
    for term in stemmed_terms(text):
        if len(term) > 3 and term.endswith("s") and not term.endswith("ss"):
            term = term[:-1]
        if len(term) > 3 and term[-1] == term[-2] and term[-1] not in "aeiou":
            term = term[:-1]
        out.add(term)
    return out


# Words of a "how ..." question that ask for a figure but name no subject.
_HOW_WORDS = frozenset(("quickly", "fast", "soon", "long", "often", "minimum", "maximum", "least", "most", "default",
                        "expected", "required", "allowed", "permitted", "aiming", "aim", "need", "needed", "meet",
                        "sustain", "cope", "handle", "have", "got", "get", "hourly", "daily", "weekly", "monthly",
                        "quarterly", "annual", "annually", "yearly"))


_RETENTION_WORDS = frozenset(_roots("retention retained retain retaining period periods kept keep keeping stored store "
                                    "held hold data deleted delete"))


def _quantity(question: str, project: ProjectFacts, passages: list[Evidence],
              indexed: tuple[list[Evidence], list[set[str]], dict[str, float]] | None = None) -> Answer | None:
    metrics = _metrics_asked(question)
    retention = bool(_RETENTION.search(question))
    if not metrics and not retention:
        return None
    measured = thing_measured(question)
    if measured and metrics and not retention and not any(_metric_patterns()[m].search(measured) for m in metrics):
        # "how much unplanned downtime does the availability requirement allow?": the metric named is where the
        # answer is, not what is measured; the passage that states the downtime answers
        return None
    # the project's own name tells no two of its figures apart ("the RTO for the chatbot" in the HMRC ChatBot)
    wanted = _subject_terms(question) - terms(project.project_name() or "")
    reqs = project.requirements()
    found: list[tuple[float, str, SourceSpan, str, str]] = []
    if retention:
        roots = _roots(" ".join(wanted - _HOW_WORDS))
        kept_what = roots - _RETENTION_WORDS  # what is kept ("backup"), beside the words for keeping it
        for kept in project.of_type(RetentionFact, "retention"):
            # what is kept, named in the clause or in the title of the requirement that owns it ("Audit Logging")
            named = roots & _roots(f"{kept.subject} {kept.clause}")
            titled = roots & _roots(kept.source.heading.split(" > ")[-1])
            if kept_what and len((named | titled) & kept_what) < (2 if len(kept_what) > 2 else 1):
                continue  # another thing's retention period: of a long description of what is kept ("full prompt
                # content kept for incident investigation"), one shared word ("prompt") is not the same thing
            score = len(named | titled) + 0.5 * len(titled) + 1.0 + (0.5 if kept.source.requirement_id else 0.0)
            subject = kept.subject
            if re.fullmatch(r"(?i)(?:[a-z]+\s+)?retention(?:\s+period)?", subject.strip()):
                # "Data Retention: 7 years" under "Entity 1: Conversation": what is kept is the heading's thing
                subject = re.sub(r"^[^:]*:\s*", "", kept.source.heading.split(" > ")[-1]) or subject
            said = _nearest_period(wanted, kept.clause) or f"{_counted_from(kept.clause, kept.value)}{kept.value} " \
                f"{kept.unit} for {subject}"
            found.append((score, said, kept.source, kept.clause, kept.value))
    roles = ("target", "limit", "budget", "estimate") if "cost" in metrics else ("target", "limit")
    # what the figure is about, beside the metric's own words ("critical vulnerability remediated" in "how quickly
    # must a critical vulnerability be remediated?"): a fact that names none of it is another subject's figure
    about = _roots(" ".join(wanted - {w for said in _metric_words(question) for w in said.split()} - _HOW_WORDS))
    asked = qualifiers(question)
    facts = [f for f in (project.quantities(*metrics, roles=roles) if metrics else []) if isinstance(f, QuantityFact)]

    def names_subject(fact: QuantityFact) -> bool:
        req = reqs.get(fact.source.requirement_id or "")
        # what a clause sets aside ("<200ms excluding LLM time") is not its subject
        naming = f"{fact.subject} {asked_part(fact.clause)} {fact.scope} {req.title if req else ''} {fact.source.heading.split(' > ')[-1]}"
        # hyphened words in their parts too ("per-agent" names the agent)
        named = _roots(naming) | _roots(naming.replace("-", " "))
        # one shared word ("first", "time") is not the subject, unless it is a qualifier the question names (Tier-3)
        return len(about & named) >= min(2, len(about)) or (bool(about & named) and qualifier_fit(
            asked, fact.clause) > 0)

    subjects = {f.source.requirement_id or id(f) for f in facts if not about or names_subject(f)}
    for fact in facts:
        req = reqs.get(fact.source.requirement_id or "")
        if (fact.source.requirement_id or id(fact)) not in subjects:
            continue  # another subject's figure (a fact of the requirement that names it is that subject's)
        score = 0.5 + _overlap(wanted, fact.subject, asked_part(fact.clause), fact.scope, req.title if req else "",
                         fact.source.heading.split(" > ")[-1])
        # several figures in one clause ("citizen-facing 99.9 %; internal 99.5 %"): the one whose own part of the
        # clause names what the question qualifies it by, and never one qualified otherwise (Tier-3 for Tier-2)
        own = own_part(fact.clause, fact.value)
        score += 0.6 * len(about & _roots(own)) + qualifier_fit(asked, own, fact.clause)
        if fact.role == "budget" and "cost" in metrics:
            score += 0.5
        if (fact.source.requirement_id or "").startswith("NFR"):
            score += 0.5  # a target is owned by its non-functional requirement; other passages restate it
        subject = fact.subject if fact.subject.casefold() not in _LABELS else ""
        # "RTO (Recovery Time Objective): 4 hours", not "4 hours for RTO (Recovery Time Objective)"
        named_first = bool(subject) and any(subject.casefold().startswith(m) for m in metrics)
        said = f"{subject}: {fact.display()}" if named_first else f"{fact.display()} for {subject}" if subject \
            else fact.display()
        found.append((score, said, fact.source, fact.clause, fact.value))
    if not found:
        return None
    found.sort(key=lambda f: -f[0])
    # Two metrics asked together ("state the RPO and RTO"): one figure for each.
    leads: list[tuple[str, SourceSpan, str]] = []
    for metric in metrics if len(metrics) > 1 else [None]:
        for score, text, source, clause, value in found:
            if metric is None or _states(metric, clause, value):
                if metric is not None and not text.casefold().startswith(metric):
                    text = f"{metric.upper() if len(metric) <= 4 else metric.capitalize()} {text}"
                if score >= 1 and all(text != t for t, _, _ in leads):
                    leads.append((text, source, clause))
                break
    if not leads:
        return None
    text, source, clause = leads[0]
    evidence = passage_for(source, clause, passages)
    if evidence is None:
        return None
    value = next(f[4] for f in found if f[2] is source and f[3] == clause)
    owning = reqs.get(source.requirement_id or "")
    context = f"{text} {clause} {source.heading.split(' > ')[-1]} {owning.title if owning else ''}"
    if indexed and len(metrics) == 1 and not retention and \
            _named_better_elsewhere(question, wanted, context, value, metrics[0], indexed):
        return None  # another passage states a figure of this kind about far more of what was asked
    owner = source.requirement_id
    lead = "; ".join(t for t, _, _ in leads)
    lead = lead[0].upper() + lead[1:] + (f" ({owner})" if owner and owner not in lead else "")
    kept_for = any(source is kept.source for kept in project.of_type(RetentionFact, "retention")) if retention else False
    also = _restating(lead, wanted, evidence, passages, owner_family="DR" if kept_for else "NFR")
    return Answer(lead, evidence, clause or evidence.text, also=also)


_FIGURE = re.compile(r"(?i)(?<![\w.])(\d+(?:\.\d+)?)\s*(ms|milliseconds?|seconds?|s|minutes?|mins?|hours?|days?|weeks?|"
                     r"months?|years?|%)(?![a-z])")


def _restating(lead: str, wanted: set[str], evidence: Evidence, passages: list[Evidence], *,
               owner_family: str = "NFR") -> list[Evidence]:
    """The requirement that states the figure the answer took from another passage (the same number and unit,
    about the same subject): a figure is owned by its requirement, which the answer then also cites."""
    figure = _FIGURE.search(lead)
    if figure is None or (type_code(evidence.document) == "REQ" and re.search(rf"\b{owner_family}-", evidence.heading)):
        return []  # already the requirement that owns the figure
    number, unit = figure.group(1), figure.group(2).casefold()
    same = re.compile(rf"(?i)(?<![\w.]){re.escape(number)}\s*{re.escape(unit[:1])}")
    subject = stemmed_terms(" ".join(wanted))
    best: tuple[tuple[bool, int, int], Evidence] | None = None
    for p in passages:
        if p.id == evidence.id or "requirement" not in authoritative_on(type_code(p.document)) or authority(p) <= 0:
            continue
        # the subject must be named where the figure is: on its line, else in the passage's own heading
        lines = [line for line in p.text.splitlines() if same.search(line)]
        if not lines:
            continue
        own = stemmed_terms(p.heading.split(" > ")[-1])
        shared = max(len(subject & stemmed_terms(line)) for line in lines)
        if shared == 0 and not subject & own:
            continue
        # the requirement that owns the figure first (an NFR a target, a data requirement a retention period),
        # then the one naming most of the subject
        rank = (bool(re.search(rf"\b{owner_family}-", p.heading)), shared, len(subject & own))
        if best is None or rank > best[0]:
            best = (rank, p)
    return [best[1]] if best else []


def _risk(question: str, project: ProjectFacts, passages: list[Evidence]) -> Answer | None:
    if not _RISK.search(question):
        return None
    wants_atrs = bool(re.search(r"(?i)\batrs\b|\btier\b", question))
    overall = project.risk_levels()
    # The assessment's own labelled statement ("Risk Level: LOW" under its score) when no statement was read as
    # the overall system's: a rated threat or data source is a table row with no such label in its clause.
    labelled = [f for f in project.all("risk_level") if isinstance(f, RiskLevelFact) and f not in overall and
                f.scheme in ("ai_playbook", "atrs_tier") and _RISK_LABEL.search(f.clause)]
    levels = sorted([*overall, *labelled], key=lambda f: (f.scheme == "atrs_tier") != wants_atrs)
    for fact in levels:
        evidence = passage_for(fact.source, fact.clause, passages)
        if evidence is not None:
            scheme = "ATRS tier" if fact.scheme == "atrs_tier" else "AI Playbook risk level"
            level = fact.level if fact.scheme == "atrs_tier" else f"{fact.level} risk"
            asked = _RISK_ASKED.search(question)
            said = ""
            if asked and fact.scheme != "atrs_tier":
                said = "Yes: " if asked.group(1).casefold() == fact.level.casefold() else "No: "
            return Answer(f"{said}{level} ({scheme}, {fact.source.doc_id or fact.source.document})", evidence,
                          fact.clause or evidence.text)
    return None


_RISK_LABEL = re.compile(r"(?i)\b(?:overall\s+)?risk\s+(?:level|classification|tier|rating)\b\W*(?:is\s+)?\W*"
                         r"(?:low|medium|high|tier)")


def _model(question: str, project: ProjectFacts, passages: list[Evidence]) -> Answer | None:
    if not _MODEL.search(question):
        return None
    wanted = _subject_terms(question)
    generative = True if re.search(r"(?i)\b(llm|language model|foundation|generative|genai)\b", question) else None
    # A named product ("Claude", "Amazon Bedrock") before a generic description ("Large language model").
    models = project.models(generative=generative)
    # A named product ("Claude", "Amazon Bedrock") before a generic description ("Large language model"); a
    # model named with its version ("Claude 3.5 Sonnet") before a service that serves models ("Amazon Bedrock").
    ranked = sorted(models, key=lambda m: (
        -bool(re.search(r"\d|\b[A-Z][a-z]+\b", m.name[1:]) or m.name.split()[0] not in _GENERIC_NAMES),
        -bool(m.versioned_name()), -_overlap(wanted, m.name, m.task, m.clause, m.provider or "")))
    for fact in ranked[:1]:
        evidence = passage_for(fact.source, fact.clause, passages)
        if evidence is not None:
            name = fact.versioned_name() or fact.name
            detail = "; ".join(p for p in (fact.task, f"by {fact.provider}" if fact.provider else "") if p)
            # the service it is reached through, when the documents name one beside it
            services = [m.name for m in models if m is not fact and m.provider and m.name.split()[0] not in
                        _GENERIC_NAMES and not m.versioned_name() and m.provider != fact.provider]
            via = f", via {services[0]}" if services and _SERVICE.search(question) else ""
            return Answer(f"{name}" + (f" ({detail})" if detail else "") + via, evidence, fact.clause or evidence.text)
    return None


# A question for the entry of a register that a system is ("which AI system ID is the X agent?", "which agent
# decides X?"): answered from the register row that names it, by its ID, not from the model facts.
_ENTRY = re.compile(r"(?i)\b(?:which|what)\s+(?:(?:ai\s+)?(?:system|agent|use[- ]case|service)\s+)?(?:id|identifier|"
                    r"reference|ref)\b|\b(?:which|what)\s+(?:ai\s+)?(?:agent|ai\s+system|use[- ]case)\b")
_ROW_ID = re.compile(r"^\s*(?:[\w /-]*\b[Ii][Dd]\b[^:|]*:\s*)?\**([A-Z][A-Z0-9]{0,5}-\d{2,4}[a-z]?)\b")
_ENTRY_GENERIC = frozenset(stemmed_terms("which what agent agents ai system systems id identifier reference ref "
                                         "use case service model is the our this"))
_REGISTER = re.compile(r"(?i)\b(inventory|register|catalogue|portfolio|list of (?:ai )?systems)\b")
_ENTRY_SHARE = 0.35  # of the question's rarity-weighted subject words a row must name


def _entry(question: str, indexed: tuple[list[Evidence], list[set[str]], dict[str, float]]) -> Answer | None:
    """The register row (a table row opening with an ID) naming most of what the question describes."""
    if not _ENTRY.search(question):
        return None
    items, bags, idf = indexed
    wanted = stemmed_terms(question) - _ENTRY_GENERIC
    total = sum(idf.get(t, 1.0) for t in wanted)
    if not wanted or not total:
        return None
    best: tuple[tuple[float, bool], Evidence, str, str] | None = None
    for passage, bag in zip(items, bags, strict=True):
        if not wanted & bag or authority(passage) < 0:
            continue
        for line in passage.text.splitlines():
            row = _ROW_ID.match(line)
            if row is None or "|" not in line:
                continue
            share = sum(idf.get(t, 1.0) for t in wanted & stemmed_terms(line)) / total
            rank = (round(share, 2), bool(_REGISTER.search(passage.heading.split(" > ")[-1])))
            if share >= _ENTRY_SHARE and (best is None or rank > best[0]):
                best = (rank, passage, line, row.group(1))
    if best is None:
        return None
    _, passage, line, ident = best
    cells = [c.split(":", 1)[-1].strip(" *") for c in line.split("|")]
    own = re.search(re.escape(ident) + r"\s*\(([^)]+)\)", cells[0])  # "AI-005 (MoHRE Work-Permit)": its own name
    name = own.group(1) if own else next((c for c in cells[1:] if c and ident not in c), "")
    named = re.split(r"\s+[—–]\s+|;", name)[0].strip()
    return Answer(f"{ident}" + (f" ({_trim(named, 120)})" if named else ""), passage, line)


_SERVICE = re.compile(r"(?i)\b(through|via|which service|what service|which platform|what platform|hosted|served)\b")


_MARKING = re.compile(r"(?i)\b(protective\s+)?marking\b|\bsecurity classification\b|\bclassified as\b")


def _marking(question: str, project: ProjectFacts, passages: list[Evidence]) -> Answer | None:
    """The project's most restrictive marking (the facts layer's reading of every document) and where it is."""
    if not _MARKING.search(question):
        return None
    own = _marking_of_subject(question, passages)
    if own is not None:
        return own
    marking = project.marking()
    if marking is None:
        return None
    level = " ".join((marking.level, *marking.caveats))
    sources = [f for f in project.marking_sources() if f.level == marking.level]
    # one passage per document that holds the marking: the answer names them all, so it cites them all
    found: dict[str, tuple[MarkingFact, Evidence]] = {}
    for fact in sources:
        if fact.source.document in found:
            continue
        # the marking's own passage, else the first passage of that document that states the marking
        evidence = passage_for(fact.source, fact.clause, passages) or next(
            (p for p in passages if p.document == fact.source.document and marking.level in p.text), None)
        if evidence is not None:
            found[fact.source.document] = (fact, evidence)
    if not found:
        return None
    (first, evidence), *others = found.values()
    where = ", ".join(dict.fromkeys(f.source.doc_id or f.source.document for f in sources))
    return Answer(f"{level} ({where})", evidence, first.clause or evidence.text, also=[e for _, e in others][:4])


_LEVEL = re.compile(r"\b(?:TOP[- ]SECRET|SECRET|OFFICIAL[- ]SENSITIVE|OFFICIAL)\b")
_MARKING_WORDS = frozenset(stemmed_terms("security classification classified marking protective level apply applies "
                                         "applied government what which our this project system document data they re"))


def _marking_of_subject(question: str, passages: list[Evidence]) -> Answer | None:
    """The marking a line gives the thing the question names ("patent applications before publication are
    OFFICIAL-SENSITIVE"), when the question names a thing rather than a document or the project."""
    wanted = {t for t in stemmed_terms(question) - _MARKING_WORDS if len(t) > 2 and not t.isdigit()}
    if len(wanted) < 2:
        return None  # "the marking on our DPIA": a document's marking, from the facts
    best: tuple[tuple[int, int], Evidence, str, str] | None = None
    for passage in passages:
        if not _LEVEL.search(passage.text) or authority(passage) < 0:
            continue
        for line in passage.text.splitlines():
            levels = _LEVEL.findall(line)
            shared = len(wanted & stemmed_terms(line))
            if not levels or shared < max(2, (len(wanted) + 1) // 2):
                continue
            rank = (shared, -len(line))
            if best is None or rank > best[0]:
                best = (rank, passage, line, max(levels, key=len))
    if best is None:
        return None
    _, passage, line, level = best
    owner = ", ".join(passage.requirement_ids[:1]) or passage.heading.split(" > ")[-1]
    return Answer(f"{level} ({owner})", passage, line)


def _platform(question: str, project: ProjectFacts, passages: list[Evidence]) -> Answer | None:
    """Where the system is hosted: the requirement (else document) naming most of its cloud and regions, from
    the documents authoritative on the platform before design records."""
    if not _PLATFORM.search(question):
        return None
    groups: dict[tuple[str, str], list[PlatformFact]] = {}
    for fact in project.of_type(PlatformFact, "platform"):
        if fact.asserted and fact.aspect in ("cloud", "region") and not options_only(fact.source.document):
            groups.setdefault((fact.source.document, fact.source.requirement_id or ""), []).append(fact)
    if not groups:
        return None

    def rank(item: tuple[tuple[str, str], list[PlatformFact]]) -> tuple[bool, bool, int]:
        (document, owner), facts = item
        return ("platform" in authoritative_on(type_code(document)), bool(owner),
                len({(f.aspect, f.choice.casefold()) for f in facts}))

    (document, owner), facts = max(groups.items(), key=rank)
    clouds = list(dict.fromkeys(f.choice for f in facts if f.aspect == "cloud"))
    regions = list(dict.fromkeys(f.choice for f in facts if f.aspect == "region"))
    for fact in facts:
        evidence = passage_for(fact.source, fact.clause, passages)
        if evidence is not None:
            said = ", ".join(clouds) + (f" ({', '.join(regions)})" if regions else "") if clouds else ", ".join(regions)
            return Answer(f"{said} ({owner or fact.source.doc_id or document})", evidence, fact.clause or evidence.text)
    return None


def _trim(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


def fact_answer(question: str, project_key: str, document_ids: Collection[str] | None = None) -> Answer | None:
    """The answer from the project's typed facts, with the passage to cite; None when they do not answer it."""
    project = project_facts(project_key)
    if not project.documents:
        return None
    indexed = project_passages(project_key, document_ids)
    passages = indexed[0]
    prioritised = _priority(question, project, passages)
    if prioritised is not None:
        return prioritised
    counted = _count_of_ids(question, project, passages)
    if counted is not None:
        return counted
    if _WHICH_REQUIREMENT.search(question):
        return _requirement(question, project, passages)
    document = _which_document(question, indexed)
    if document is not None:
        return document
    entry = _entry(question, indexed)
    if entry is not None:
        return entry
    for reader in (_marking, _risk, _platform, _model):
        found = reader(question, project, passages)
        if found is not None:
            return found if _from_named(question, found, passages) else None
    found = _quantity(question, project, passages, indexed)
    return found if found is None or _from_named(question, found, passages) else None


# "How many risks are in the register?", "how many functional requirements are there?": counted by their IDs,
# which no passage states as a total.
_HOW_MANY_IDS = re.compile(r"(?i)\bhow many\s+(?:[a-z]+\s+){0,2}?(risks|(?:non-)?functional requirements|nfrs|frs|"
                           r"business requirements|integration requirements|data requirements|requirements|adrs|"
                           r"architecture decision records|decision records)\b")
_REQUIREMENT_FAMILY = {"functional": "FR", "frs": "FR", "non-functional": "NFR", "nfrs": "NFR", "business": "BR",
                       "integration": "INT", "data": "DR"}
_RISK_ID = re.compile(r"\bR-(\d{2,4})\b")


def _count_of_ids(question: str, project: ProjectFacts, passages: list[Evidence]) -> Answer | None:
    asked = _HOW_MANY_IDS.search(question)
    if asked is None:
        return None
    kind = asked.group(1).casefold()
    if kind == "risks":
        register = [p for p in passages if type_code(p.document) == "RISK"]
        found = sorted(_defined_risks(register))
        if not found:
            return None
        first = next(p for p in register if _RISK_ID.search(p.text))
        return Answer(f"{len(found)} risks (R-{found[0]:03d} to R-{found[-1]:03d}, counted by ID in "
                      f"{first.document})", first, first.text.splitlines()[0])
    if "decision" in kind or kind == "adrs":
        records = {p.document: p for p in passages if type_code(p.document) == "ADR"}
        if not records:
            return None
        first = records[sorted(records)[0]]
        return Answer(f"{len(records)} architecture decision records (counted by document)", first,
                      first.text.splitlines()[0])
    family = next((f for word, f in _REQUIREMENT_FAMILY.items() if kind.startswith(word)), None)
    reqs = sorted(project.requirements().values(), key=lambda r: r.id)
    chosen = [r for r in reqs if family is None or r.family.split("-")[0] == family]
    if not chosen:
        return None
    evidence = passage_for(chosen[0].source, chosen[0].statement, passages)
    if evidence is None:
        return None
    label = asked.group(1) if family else "requirements"
    return Answer(f"{len(chosen)} {label} ({chosen[0].id} to {chosen[-1].id}, counted by ID)", evidence,
                  chosen[0].statement or evidence.text)


def _defined_risks(register: list[Evidence]) -> set[int]:
    """The risk numbers a register defines: a row, list item or heading of its own ("| R-004 | ...", "2. **R-004**
    (STRATEGIC)", "R-004: Vendor lock-in"), or one it names again (in its heat map, its summary); not one it names
    once in passing ("a candidate R-026 in a future version")."""
    defined: set[int] = set()
    mentions: Counter[int] = Counter()
    for passage in register:
        for line in [passage.last_heading, *passage.text.splitlines()]:
            mentions.update(int(n) for n in _RISK_ID.findall(line))
            opening = _RISK_OPENING.match(line) or _ROW_ID.match(line)
            if opening and _RISK_ID.fullmatch(opening.group(1)):
                defined.add(int(opening.group(1)[2:]))
    return defined | {n for n, times in mentions.items() if times >= 2}


_RISK_OPENING = re.compile(r"^\W*(?:\d+\.\s*)?(?:#+\s*)?(?:risk\s+)?\**(R-\d{2,4})\b", re.I)


def _from_named(question: str, answer: Answer, passages: list[Evidence]) -> bool:
    """Whether a fact's answer comes from the document the question names as its source ("in the operational
    readiness pack, what's the SLO ..."), when the project holds such a document: else the passages that
    document holds answer it, not the requirement another document sets."""
    named = named_types(question)
    if not named or type_code(answer.evidence.document) in named:
        return True
    return not any(type_code(p.document) in named for p in passages)
