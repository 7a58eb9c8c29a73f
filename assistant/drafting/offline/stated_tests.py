"""The tests and drills the documents say are run, and how often: rows of section 10's Automated Testing table.

A row is written only where a document with a say on how the system is tested states the cadence ("Penetration
testing: Annually by CHECK-approved supplier", "Red teaming (quarterly adversarial testing)"). Where the most
authoritative documents give one test two cadences, the test is left out: which one holds is the owner's call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.drafting.offline.evidence import condense
from assistant.facts import CadenceFact, ProjectFacts

# (test type as the row names it, what it covers, the words that name it). First match wins, so a clause naming
# "ground truth queries tested daily (regression testing)" is the regression suite, not the accuracy audit.
_KINDS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (name, what, re.compile(words, re.I)) for name, what, words in (
        ("Regression suite", "Fixed test set with known answers, run against the live system",
         r"\bregression[- ](?:test\w*|suite|pack)|golden[- ]prompt"),
        ("Accuracy audit", "Answers checked against known correct answers",
         r"ground[- ]truth|accuracy (?:audit|test)|test\w* (?:AI |model )?accuracy"),
        ("Red teaming", "Adversarial tests: prompt injection, jailbreaks, harmful outputs",
         r"red[- ]team|adversarial|prompt[- ]injection test|jailbreak"),
        ("Bias testing", "Per-group outcomes against the fairness thresholds",
         r"\bbias (?:test|audit|retest)|fairness (?:test|audit)"),
        ("Penetration test", "External penetration test (IT Health Check)",
         r"penetration test|\bpen[- ]?test|\bITHC\b"),
        ("Security scanning", "Static and dynamic application security testing",
         r"\bSAST\b|\bDAST\b"),
        ("Vulnerability scanning", "Dependencies and container images checked for known vulnerabilities",
         r"vulnerabilit\w* scan|dependency scan|(?:container|image) scan|\bSnyk\b|\bDependabot\b"),
        ("Disaster recovery drill", "Failover and recovery against the RTO/RPO",
         r"disaster recovery (?:drill|test)|\bDR (?:drill|test)|failover test"),
        ("Backup restore test", "Restore from backup to prove backups are usable",
         r"(?:backup|restore) (?:restore |validation|test|drill)|restore (?:test|drill)"),
        ("Load test", "Serving latency and throughput at the projected load", r"\bload test"),
        ("Chaos test", "Component and zone failures under load", r"\bchaos test"),
        ("Override drill", "A person stops or overrides the system end to end", r"override[- ]drill"),
        # The template's own rows, where a test strategy names them: a table's row label ("Unit | ... | Every PR")
        # opens the activity, so a bare "Unit" counts there and nowhere else ("business unit" is no test).
        ("Unit tests", "Functions, transforms", r"^unit\b|\bunit[- ]tests?\b"),
        ("Integration", "API endpoints", r"^integration\b|\bintegration[- ]tests?\b"),
        ("E2E", "Full pipeline", r"^end[- ]to[- ]end\b|\bend[- ]to[- ]end tests?\b|\be2e\b"),
    )
)

# Documents that say how this system is tested, most authoritative first: the requirements (a numbered
# requirement outranks the same document's prose), the operational and DevOps designs, the assessments of the
# model and its data, the statement of work, the security design. Principles, decision records, risk
# registers, analyses and stakeholder maps discuss tests (often ones that are missing) without setting them.
_AUTHORITY: tuple[tuple[str, ...], ...] = (("REQ",), ("DEVOPS", "OPS"), ("ATRS", "AIPB", "DPIA", "DATA"), ("SOW",),
                                           ("SECD",))

# A stated cadence (the extractor's value) -> the row's wording, and the words that state it in a clause.
_CADENCES: dict[str, tuple[str, str]] = {
    "annual": ("Annually", r"annual"), "annually": ("Annually", r"annual"), "nightly": ("Nightly", r"nightly"),
    "daily": ("Daily", r"daily"), "weekly": ("Weekly", r"weekly"), "monthly": ("Monthly", r"monthly"),
    "fortnightly": ("Fortnightly", r"fortnight"), "yearly": ("Annually", r"yearly"),
    "continuously": ("Continuous", r"continuous"), "quarterly": ("Quarterly", r"quarter"), "every 3 months": ("Quarterly", r"every 3 months"),
    "per release": ("Per release", r"release"), "per-release": ("Per release", r"release"),
    "each release": ("Per release", r"release"), "continuous": ("Continuous", r"continuous"),
    **{f"every {event}".casefold(): (f"Every {event}", rf"(?:every|each)\s+{words}") for event, words in (
        ("PR", r"(?:PR|pull request|merge request)"), ("commit", "commit"), ("push", "push"), ("merge", "merge"),
        ("build", "build"))},
}


@dataclass(frozen=True)
class StatedTest:
    test_type: str
    what: str
    when: str  # "Quarterly", "Per release"
    evidence: str


def _rank(fact: CadenceFact, type_code: str | None) -> int | None:
    for rank, codes in enumerate(_AUTHORITY):
        if type_code in codes:
            # A requirement's own clause outranks the rest of its document (a conflict note, a summary).
            return rank * 2 + (0 if fact.source.requirement_id else 1)
    return None


def _kind(text: str, cadence_words: str) -> str | None:
    """The test the cadence is stated for: of the tests the clause names, the one nearest the cadence's words
    ("SAST, DAST, plus adversarial testing in the pipeline; pen test annually": the pen test is annual)."""
    spots = [m.start() for m in re.finditer(cadence_words, text, re.I)]
    named = [(name, [m.start() for m in words.finditer(text)]) for name, _, words in _KINDS]
    named = [(name, starts) for name, starts in named if starts]
    if not named:
        return None
    if not spots:
        return named[0][0]
    return min(named, key=lambda item: min(abs(a - b) for a in item[1] for b in spots))[0]


def stated_tests(project: ProjectFacts, resolve: Callable[[CadenceFact], str | None]) -> list[StatedTest]:
    """One row per kind of test the documents run on a stated cadence, from the most authoritative statement."""
    best: dict[str, list[tuple[int, str, CadenceFact]]] = {}
    for document in project.current:
        for fact in document.facts:
            if not isinstance(fact, CadenceFact) or not fact.asserted:
                continue
            rank = _rank(fact, document.info.type_code)
            cadence = _CADENCES.get(fact.value.casefold())
            # the activity may be cut short ("...plus adversarial testing in the pip"): the whole clause is read too
            kind = _kind(_plain(f"{fact.activity} {fact.clause}"), cadence[1]) if cadence else None
            if rank is None or kind is None or cadence is None:
                continue
            best.setdefault(kind, []).append((rank, cadence[0], fact))
    out: list[StatedTest] = []
    for name, what, _ in _KINDS:
        stated = best.get(name)
        if not stated:
            continue
        top = min(rank for rank, _, _ in stated)
        at_top = [(when, fact) for rank, when, fact in stated if rank == top]
        cadences = list(dict.fromkeys(when for when, _ in at_top))
        clauses = {(fact.source.document, fact.source.start) for _, fact in at_top}
        if len(cadences) > 1 and len(clauses) > 1:
            continue  # "quarterly external pen testing" beside "annual external test": the owner says which
        # one clause may give one test two cadences, both true ("Every PR + nightly")
        when = " and ".join([cadences[0], *(c[:1].lower() + c[1:] for c in cadences[1:])])
        for _, fact in at_top:
            evidence = resolve(fact)
            if evidence:
                out.append(StatedTest(name, _what(fact, what), when, evidence))
                break
    return out


_ANY_CADENCE = re.compile("|".join(words for _, words in _CADENCES.values()), re.I)


def _what(fact: CadenceFact, usual: str) -> str:
    """What the test covers in the clause's words. A clause that is only its cadence (a test-strategy table's
    "Runs on" cell: "Every PR + nightly") is named by its row's label ("End-to-end"), else by the test's usual
    scope."""
    said = condense(_plain(fact.clause or fact.activity), 140)
    if _names_something(said):
        return said
    label = re.sub(r"\s+", " ", _ANY_CADENCE.sub(" ", _plain(fact.activity))).strip(" +-,;")
    return condense(label, 140) if _names_something(label) else usual


def _names_something(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{3}", _ANY_CADENCE.sub(" ", text)))


def _plain(activity: str) -> str:
    """The activity's words without list markers, checkboxes, emphasis or the label repeated before them."""
    text = re.sub(r"\*\*|<br>|^\s*[-*]\s*|\[[ xX]\]\s*|[✅⚠️]", " ", activity)
    text = re.sub(r"\s+", " ", text).strip(" -")
    return re.sub(r"^(.{3,60}?)(?: -)? \1\s*:", r"\1:", text)  # "Backup testing - Backup testing: ..."
