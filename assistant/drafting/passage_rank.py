"""Which of the project's passages answer a question about the project, offline.

The hybrid search ranks passages by meaning and words, but it neither knows which kind of document decides a
fact nor that "hosted" and "hosting" are one word. A question about the project is answered from where the
project states it: a passage that defines a requirement, or a document of the project's own decisions, before
research, options and analysis documents (which describe what could be, not what was decided) and before the
parts of a document that only describe the document (traceability matrices, revision history).

    rank_for_question("When must a classification be escalated?", hits, passages)

re-ranks the search hits together with the passages that share most (stemmed, rarity-weighted) words with the
question. Passages are read once per project and document set (`project_passages`).
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Collection, Iterable
from functools import lru_cache

from assistant.documents.ids import find_requirement_ids
from assistant.drafting.evidence import Evidence, whole_project_evidence
from assistant.drafting.offline.precision import options_only, type_code
from assistant.drafting.outline_plan import documents_key
from assistant.facts import project_facts
from assistant.facts.arckit import is_footer_line, is_skipped_heading, type_codes

_WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
# Question words that say nothing of the subject.
_STOP = frozenset(re.findall(r"\S+", "describe describes explain summarise summarize tell a an and are as at be by can do does for from has have how i in is it its of "
                             "on or our should that the their this to was we what when where which who will with "
                             "would must may about say says require requires required requirement requirements "
                             "you did put set there any many much long often project system state stated record "
                             "records document documents"))
_SUFFIXES = ("ions", "ion", "ings", "ing", "edly", "ed", "es", "s", "e")
_ISE = re.compile(r"(?<=\w\w)([iy])s(ations?|e|ed|es|er|ers|ing)$")
LEXICAL_CANDIDATES = 8
_DIAGRAM = re.compile(r"(?is)^\s*(?:```\s*)?(?:mermaid\b|flowchart\b|graph\s+(?:TD|LR|TB|RL)\b|sequenceDiagram\b|"
                      r"classDiagram\b|erDiagram\b|gantt\b)")


def stem(word: str) -> str:
    """A crude stem so that inflections meet ("escalated", "escalation" -> "escalat"; "hosted" -> "host")."""
    if len(word) <= 4 or not word.isalpha():
        return word
    # derived nouns meet their verbs: "resolution"/"resolve", "retention"/"retain"
    word = re.sub(r"olution$", "olve", re.sub(r"etention$", "etain", word))
    # British and American spellings meet: "digitisation"/"digitization", "analyse"/"analyze"
    word = _ISE.sub(r"\1z\2", word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not (suffix == "s" and word.endswith("ss")):
            return word[: -len(suffix)]
    return word


def stemmed_terms(text: str) -> set[str]:
    """Stems of the words; a hyphenated word also as one word, so that spellings meet ("roll-out", "rollout")."""
    words = [w for w in _WORD.findall(text.casefold()) if w not in _STOP and len(w) > 1]
    return {stem(w) for w in words} | {stem(w.replace("-", "")) for w in words if "-" in w and w.replace("-", "").isalpha()}


_lock = threading.Lock()
_cache: dict[tuple[object, ...], tuple[list[Evidence], list[set[str]], dict[str, float]]] = {}


def project_passages(project_key: str, document_ids: Collection[str] | None = None
                     ) -> tuple[list[Evidence], list[set[str]], dict[str, float]]:
    """Every passage of the project with its stemmed terms and each term's rarity (idf), read once per
    project and document set (ingesting, removing or releasing a document changes the key)."""
    key = documents_key(project_key, document_ids)
    with _lock:
        if key in _cache:
            return _cache[key]
    # a document with a newer version in the project is history, not what the project states now
    superseded = {info.document for info in project_facts(project_key).superseded}
    indexed = index_passages([p for p in whole_project_evidence(project_key, document_ids)
                              if p.document not in superseded])
    with _lock:
        if len(_cache) > 16:
            _cache.clear()
        _cache[key] = indexed
    return indexed


def index_passages(passages: list[Evidence]) -> tuple[list[Evidence], list[set[str]], dict[str, float]]:
    """Passages with their stemmed terms (last heading part and text) and each term's rarity (idf)."""
    bags = [stemmed_terms(f"{p.last_heading} {p.text}") for p in passages]
    df = Counter(t for bag in bags for t in bag)
    idf = {t: math.log((1 + len(bags)) / (1 + n)) + 1 for t, n in df.items()}
    return passages, bags, idf


# A question about how a document was made ("which ArcKit version generated it?"): only then is a generation
# footer or provenance block an answer.
ABOUT_MAKING = re.compile(r"(?i)\bgenerat|\barckit\s+version\b|\bprovenance\b|\btemplate\s+(?:version|status)\b")
# What a decision record decided is asked with these verbs; it is stated under a heading like these ("5. Decision",
# "5.1 Chosen Option: Option 2 -- X", "Decision Outcome"; not "Decision Drivers" or "Decision Reversal Triggers").
DECISION_VERB = re.compile(r"(?i)\b(?:pick|picked|choose|chose|chosen|select|selected|decide|decided|adopt|adopted|"
                           r"go with|went with|settle|settled|opt|opted|decision)\b")
DECISION_HEADING = re.compile(r"(?i)^(?:[\d.]+\s*)?(?:decision(?:\s+outcome)?|chosen\s+option|selected\s+option|outcome)"
                              r"\s*(?:$|:|--|—|-\s)")
# A question about a document's own control data ("who owns the data model document?", "what version is the
# DPIA?", "the DPIA's classification"): the named document's Document Control answers it, though it says nothing
# of the system. The field word is next to the document's name.
_FIELD = r"(?:owner|author|version|status|classification|marking|approver|review date|document id)"
_CONTROL_BEFORE = re.compile(rf"(?i)(?:\bwho\s+(?:owns|wrote|authored|approved|signed off)|\b{_FIELD}\s+of|"
                             rf"\b(?:what|which)\s+{_FIELD}\s+(?:is|was|has))\s+(?:the\s+|our\s+)?$")
_CONTROL_AFTER = re.compile(rf"(?i)^(?:'s)?\s+(?:document\s+)?{_FIELD}\b")
# Which Document Control field a question about a document asks for (question words -> field label words).
_CONTROL_FIELDS = ((re.compile(r"(?i)\bown(?:s|er|ed)?\b"), re.compile(r"(?i)\bowner\b")),
                   (re.compile(r"(?i)\b(?:wrote|author(?:ed)?)\b"), re.compile(r"(?i)\bauthor\b|\bcreated by\b")),
                   (re.compile(r"(?i)\bapprov"), re.compile(r"(?i)\bapprov")),
                   (re.compile(r"(?i)\bversion\b"), re.compile(r"(?i)\bversion\b")),
                   (re.compile(r"(?i)\bstatus\b"), re.compile(r"(?i)\bstatus\b")),
                   (re.compile(r"(?i)\b(?:classification|marking|classified|marked)\b"),
                    re.compile(r"(?i)\bclassification\b")),
                   (re.compile(r"(?i)\breview\b"), re.compile(r"(?i)\breview\b")))
# Words of a question about a decision record that name the record, not its subject.
_RECORD_WORDS = frozenset(stemmed_terms("adr decision record architecture pick picked choose chose chosen select selected "
                                        "decide decided adopt adopted option"))
# One document of a kind the project holds several of, named in a question ("ADR-002", "ADR 4"): ARC-001-ADR-002.
_INSTANCE = re.compile(r"\b([A-Z]{2,6})[- ]0*(\d{1,3})\b")


def is_provenance(passage: Evidence) -> bool:
    """A generation footer or provenance block: how the document was made, not what it says of the system."""
    heading = passage.last_heading
    first = next((line for line in passage.text.splitlines()
                  if line.strip() and not re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", line)), "")
    return bool(re.search(r"(?i)\bfooter\b|^provenance|^generation (?:context|metadata)", heading)) \
        or is_footer_line(first)


def about_document(question: str) -> bool:
    """Whether the question asks for a field of the document it names, next to that name ("who owns the data
    model document?", "the DPIA's version"), not for something the document states ("which model version does
    the transparency record say?")."""
    for pattern, _code in _type_names():
        for m in pattern.finditer(question):
            if _CONTROL_BEFORE.search(question[:m.start()]) or _CONTROL_AFTER.match(question[m.end():]):
                return True
    return False


def control_passages(question: str, passages: list[Evidence]) -> list[Evidence]:
    """The Document Control rows of the documents the question names ("per the DPIA": its controller, owner)."""
    named = named_types(question)
    return [p for p in passages if named and p.document and type_code(p.document) in named and _is_control(p)]


def _is_control(passage: Evidence) -> bool:
    return bool(re.match(r"(?i)^document control$", passage.last_heading.strip()))


def named_instances(question: str) -> set[str]:
    """The documents a question names by their kind and number ("what did ADR-002 decide?" -> {"ADR-002"})."""
    codes = type_codes()
    return {f"{code}-{int(n):03d}" for code, n in _INSTANCE.findall(question) if code in codes}


def is_diagram(text: str) -> bool:
    """Diagram source (Mermaid and the like): it names things but states nothing about them."""
    return bool(_DIAGRAM.match(text))


def authority(passage: Evidence) -> float:
    """How far a passage speaks for the project: a requirement's own definition most, the document's
    self-description (traceability matrix, revision history) and research or options documents least."""
    heading = passage.last_heading
    if heading and is_skipped_heading(heading):
        return -1.5
    if is_diagram(passage.text):
        return -1.0  # a diagram's source names things; it states nothing about them
    score = 0.0
    if passage.document and options_only(passage.document):
        score -= 1.0
    if heading and find_requirement_ids(heading):
        score += 0.75  # the passage under a requirement's own heading defines it
    return score


@lru_cache(maxsize=1)
def _type_names() -> list[tuple[re.Pattern[str], str]]:
    """Each ArcKit document type by how a question names it: its name ("the AI Playbook assessment", "the DPIA"'s
    "Data Protection Impact Assessment") in any case, its code ("DPIA", "ATRS") in capitals."""
    out = []
    for code, spec in type_codes().items():
        name = re.escape(str(spec.get("name", ""))).replace(r"\ ", r"\s+")
        # another name a question uses for the document ("the transparency record", "the research")
        aliases = [re.escape(str(a)).replace(r"\ ", r"\s+") for a in spec.get("aliases", [])]
        alternatives = ([rf"(?i:\b{name}s?\b)"] if name else []) + [rf"(?i:\b{a}s?\b)" for a in aliases] + \
            [rf"\b{re.escape(code)}s?\b"]
        out.append((re.compile("|".join(alternatives)), code))
    return out


def named_types(question: str) -> set[str]:
    """The document types a question names as its source ("what does the AI Playbook assessment record?")."""
    return {code for pattern, code in _type_names() if pattern.search(question)}


def rank_for_question(question: str, hits: Iterable[Evidence], passages: tuple[list[Evidence], list[set[str]],
                      dict[str, float]], k: int = 5) -> list[Evidence]:
    """The search hits and the passages sharing most words with the question, ordered by those words
    (weighted by rarity), the search's own order, and the authority of the passage."""
    items, bags, idf = passages
    wanted = stemmed_terms(question)
    if not wanted:
        return list(hits)[:k]
    total = sum(idf.get(t, 1.0) for t in wanted) or 1.0
    bag_of = {p.id: bag for p, bag in zip(items, bags, strict=True)}

    def overlap(p: Evidence) -> float:
        bag = bag_of.get(p.id)
        if bag is None:
            bag = stemmed_terms(f"{p.last_heading} {p.text}")
        return sum(idf.get(t, 1.0) for t in wanted & bag) / total

    indexed_documents = {p.document for p in items}
    # a search hit from a superseded version (left out of the index) is history, not what the project states now
    hits = [h for h in hits if not items or h.kind != "document" or h.document in indexed_documents]
    instances = named_instances(question)
    decided = bool(DECISION_VERB.search(question))
    named = named_types(question)

    def of_instance(p: Evidence) -> bool:
        return bool(p.document) and any(f"-{name}-" in f"{p.document}-" for name in instances)

    # The decision part of a decision record the question names, by its number ("what did ADR-002 choose?") or by
    # its subject ("what did the data portability ADR pick?"), is read whatever words its statement uses.
    decisions = [p for p in items if decided and DECISION_HEADING.match(p.last_heading)
                 and (of_instance(p) if instances else "ADR" in named and type_code(p.document) == "ADR")]
    if decisions and not instances:
        subject = wanted - _RECORD_WORDS
        shared = {p.id: len(subject & stemmed_terms(p.heading.split(" > ")[0])) for p in decisions}
        decisions = [p for p in decisions if shared[p.id] == max(shared.values()) > 0]
    controls = control_passages(question, items) if about_document(question) else []
    decision_ids, control_ids = {p.id for p in decisions}, {p.id for p in controls}
    lexical = sorted(items, key=overlap, reverse=True)[:LEXICAL_CANDIDATES]
    candidates = {p.id: p for p in [*hits, *lexical, *decisions, *controls]}
    if not ABOUT_MAKING.search(question):
        # a footer names the tool and model that wrote the document: never the answer to a question about it
        candidates = {i: p for i, p in candidates.items() if not is_provenance(p)}
    searched = {h.id: rank for rank, h in enumerate(hits)}

    def titled(p: Evidence) -> float:
        """The share of the question's words in the passage's own heading ("DR-002: Incident Data Schema")."""
        own = stemmed_terms(p.last_heading)
        return sum(idf.get(t, 1.0) for t in wanted & own) / total

    def score(p: Evidence) -> float:
        found = 0.5 * (1 - searched[p.id] / max(len(hits), 1)) if p.id in searched else 0.0
        # the document the question names as its source ("the Playbook assessment records ...") first
        source = 0.6 if named and p.document and type_code(p.document) in named else 0.0
        if instances and of_instance(p):
            source += 0.8  # the very document named ("ADR-002")
        if p.id in decision_ids:
            # what the named record decided, before anything else of it (its considered options share the
            # question's words: "which option was picked")
            source += 3.0
        if p.id in control_ids:
            # the named document's own control data, the row of the field asked first
            field = any(asks.search(question) and label.search(p.text) for asks, label in _CONTROL_FIELDS)
            return 2.0 * overlap(p) + found + source + 1.5 + (1.0 if field else 0.0)
        return 2.0 * overlap(p) + titled(p) + found + 0.4 * authority(p) + source

    return sorted(candidates.values(), key=score, reverse=True)[:k]
