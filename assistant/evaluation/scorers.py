"""Deterministic scorers: each takes a case's run and returns a score in [0, 1] with its detail.

A scorer measures one thing and says what it saw, so a failing threshold can be traced to a case and a
cause without rerunning anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from assistant.drafting.sections import template_strategy
from assistant.evaluation.cases import Case
from assistant.evaluation.skeleton import expected_headings, headings_in
from assistant.evaluation.walk import open_question_count, statements
from assistant.strategy import SECTIONS, Strategy
from assistant.strategy.render import render_markdown


@dataclass
class CaseRun:
    """Everything a case's run produced, as the scorers need it."""

    case: Case
    strategy: Strategy | None
    markdown: str = ""
    section_markdown: dict[int, str] = field(default_factory=dict)
    evidence_texts: dict[str, str] = field(default_factory=dict)  # chunk or requirement ID -> text
    known_requirement_ids: set[str] = field(default_factory=set)
    injection_flags: int = 0
    pii_spans: int = 0
    blocked: bool = False
    connection_attempts: int = 0
    error: str | None = None
    seconds: float = 0.0
    usage: dict[str, Any] = field(default_factory=dict)
    rubric: list[dict[str, int]] = field(default_factory=list)  # one model-graded rubric run per entry
    rubric_errors: list[str] = field(default_factory=list)


class Score(BaseModel):
    name: str
    value: float | None  # None: not applicable to this case
    detail: str = ""


Scorer = Callable[[CaseRun], Score]

_PLACEHOLDER = re.compile(r"\[[^\]\n]*\]")
_STOP = {"with", "that", "this", "from", "shall", "will", "each", "every", "model", "data", "using", "must", "should"}


def _ratio(good: int, total: int, detail: str, name: str) -> Score:
    return Score(name=name, value=(good / total) if total else None, detail=detail)


def fact_recall(run: CaseRun) -> Score:
    facts = run.case.expect.facts
    missing = []
    for fact in facts:
        haystack = run.section_markdown.get(fact.section, "").lower()
        if not any(alt.lower() in haystack for alt in fact.alternatives):
            missing.append(f"s{fact.section}:{'|'.join(fact.alternatives)}")
    return _ratio(len(facts) - len(missing), len(facts), "missing: " + ", ".join(missing) if missing else "all found", "fact_recall")


def traceability_coverage(run: CaseRun) -> Score:
    expected = run.case.expect.trace_ids
    traced = {row.requirement_id for row in run.strategy.traceability.rows} if run.strategy else set()
    missing = [rid for rid in expected if rid not in traced]
    return _ratio(len(expected) - len(missing), len(expected), "missing: " + ", ".join(missing) if missing else "all traced", "traceability")


def _supports(statement_text: str, cited: str) -> bool:
    """A cited passage supports a statement when it shares its numbers and at least one content word."""
    cited_lower = cited.lower()
    if not stated_numbers(statement_text) <= evidence_numbers(cited):
        return False
    words = {w for w in re.findall(r"[a-z][a-z0-9-]{3,}", statement_text.lower()) if w not in _STOP}
    return not words or any(word in cited_lower for word in words)


def evidence_validity(run: CaseRun) -> Score:
    """Share of evidence-based statements whose cited IDs exist and whose cited text supports them."""
    if run.strategy is None:
        return Score(name="evidence_validity", value=None, detail="no strategy")
    checked = valid = 0
    bad: list[str] = []
    for statement in statements(run.strategy):
        if statement.provenance.basis != "evidence":
            continue
        checked += 1
        texts = [run.evidence_texts[eid] for eid in statement.provenance.evidence if eid in run.evidence_texts]
        if len(texts) < len(statement.provenance.evidence):
            bad.append(f"{statement.path}: unknown evidence {statement.provenance.evidence}")
        elif not _supports(statement.free_text, " ".join(texts)):
            bad.append(f"{statement.path}: not supported")
        else:
            valid += 1
    return _ratio(valid, checked, "; ".join(bad[:5]) or "all valid", "evidence_validity")


# The scorer's own number reading, written apart from the drafter's (a scorer that reused the drafter's extraction
# could only see the drafter's repair step failing, never a number both read the same wrong way).
# Identifiers (FR-001, ARC-001-REQ, v1.2), ISO dates and references to the strategy's own sections (§9, section 7.2)
# are not quantities a value states.
_ID_TOKEN = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+[A-Za-z]?\b|\bv\d+(?:\.\d+)+\b|\b\d{4}-\d{2}-\d{2}\b"
                       r"|§\s*\d+(?:\.\d+)*|\b[Ss]ections?\s+\d+(?:\.\d+)*(?:\s*(?:,|and|&)\s*\d+(?:\.\d+)*)*")
_NUMERAL = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _canonical(numeral: str) -> str:
    value = numeral.replace(",", "")
    return value.rstrip("0").rstrip(".") if "." in value else value.lstrip("0") or "0"


def stated_numbers(text: str) -> set[str]:
    """The numbers a value states, with identifiers (FR-001, ARC-001-REQ, v1.2) and ISO dates taken out."""
    return {_canonical(m) for m in _NUMERAL.findall(_ID_TOKEN.sub(" ", text))}


def evidence_numbers(text: str) -> set[str]:
    """Every number a cited passage holds, identifiers and dates included (a value may quote them)."""
    found = {_canonical(m) for m in _NUMERAL.findall(text)}
    found |= {_canonical(part) for m in _NUMERAL.findall(text) for part in m.split(",") if part}
    return found


def unsupported_number_rate(run: CaseRun) -> Score:
    """Share of stated numbers (evidence-based or with no basis) that none of their cited texts contain.

    Lower is better. Exempt: numbers marked as assumptions or recommendations (they say what they are) and
    the template's own default rows (the drafter's exemption, `template_values`, applied the same way).
    """
    if run.strategy is None:
        return Score(name="unsupported_numbers", value=None, detail="no strategy")
    defaults = _template_defaults()
    total = unsupported = 0
    examples: list[str] = []
    for statement in statements(run.strategy):
        if statement.provenance.basis in ("assumption", "recommendation"):
            continue
        if statement.free_text in defaults.get(statement.section, set()):
            continue
        cited = evidence_numbers(" ".join(run.evidence_texts.get(eid, "") for eid in statement.provenance.evidence))
        for number in sorted(stated_numbers(statement.free_text)):
            total += 1
            if number not in cited:
                unsupported += 1
                examples.append(f"{statement.path}: {number}")
    return Score(
        name="unsupported_numbers",
        value=(unsupported / total) if total else 0.0,
        detail="; ".join(examples[:5]) or f"{total} numbers, all supported",
    )


def _template_defaults() -> dict[int, set[str]]:
    """Each section's template default rows, as the walker joins a row's free text."""

    template = template_strategy()
    found: dict[int, set[str]] = {}
    for statement in statements(template):
        found.setdefault(statement.section, set()).add(statement.free_text)
    return found


def compliance_coverage(run: CaseRun) -> Score:
    """Applicability of sections 9, 13 and JSP 936 as expected, and the UK tables filled where 13 applies."""
    if run.strategy is None:
        return Score(name="compliance", value=None, detail="no strategy")
    expect, strategy = run.case.expect, run.strategy
    flags = {9: strategy.genai.applies, 13: strategy.uk_compliance.applies}
    checks: list[tuple[str, bool]] = []
    checks += [(f"s{n} applies", flags.get(n) is True) for n in expect.sections_apply]
    checks += [(f"s{n} does not apply", flags.get(n) is not True) for n in expect.sections_not_apply]
    if expect.jsp936 is not None:
        checks.append((f"JSP 936 {'applies' if expect.jsp936 else 'does not apply'}", jsp936_applies(strategy) is expect.jsp936))
    if strategy.uk_compliance.applies:
        principles = {row.principle for row in strategy.uk_compliance.ai_playbook if row.implementation}
        checks.append(("all ten AI Playbook principles addressed", principles >= set(range(1, 11))))
    failed = [name for name, ok in checks if not ok]
    return _ratio(len(checks) - len(failed), len(checks), "failed: " + ", ".join(failed) if failed else "all met", "compliance")


def jsp936_applies(strategy: Strategy) -> bool:
    value = getattr(strategy.uk_compliance, "jsp936_applies", None)
    return bool(value)


def must_not_contain(run: CaseRun) -> Score:
    """Banned text (injected instructions, personal data, platforms the case rules out) stated nowhere.

    Open questions are left out (asking "which registry: MLflow, SageMaker ...?" states nothing), and so
    are the template's placeholders ("[SageMaker / Vertex AI / AKS / On-prem]" offers choices).
    """

    banned = run.case.expect.must_not_contain
    if run.strategy is None:
        text = run.markdown
    else:
        stated = run.strategy.model_copy(deep=True)
        for info in SECTIONS:
            getattr(stated, info.field).open_questions = []
        text = _PLACEHOLDER.sub(" ", render_markdown(stated)) + stated.model_dump_json()
    found = [item for item in banned if item.lower() in text.lower()]
    return _ratio(len(banned) - len(found), len(banned), "found: " + ", ".join(found) if found else "none found", "must_not_contain")


def open_questions(run: CaseRun) -> Score:
    bounds = run.case.expect.open_questions
    if run.strategy is None or (bounds.min is None and bounds.max is None):
        return Score(name="open_questions", value=None, detail="no bounds")
    count = open_question_count(run.strategy)
    ok = (bounds.min is None or count >= bounds.min) and (bounds.max is None or count <= bounds.max)
    return Score(name="open_questions", value=1.0 if ok else 0.0, detail=f"{count} open questions (bounds {bounds.min}..{bounds.max})")


def guardrail_outcomes(run: CaseRun) -> Score:
    expect = run.case.expect.guardrails
    if expect is None:
        return Score(name="guardrails", value=None, detail="no guardrail expectation")
    checks: list[tuple[str, bool]] = []
    if expect.blocked is not None:
        checks.append(("blocked" if expect.blocked else "not blocked", run.blocked is expect.blocked))
        if expect.blocked:
            checks.append(("no connection attempted", run.connection_attempts == 0))
    if expect.flagged_min is not None:
        checks.append((f"injection flags {run.injection_flags} >= {expect.flagged_min}", run.injection_flags >= expect.flagged_min))
    if expect.pii_min is not None:
        checks.append((f"PII spans {run.pii_spans} >= {expect.pii_min}", run.pii_spans >= expect.pii_min))
    failed = [name for name, ok in checks if not ok]
    return _ratio(len(checks) - len(failed), len(checks), "failed: " + ", ".join(failed) if failed else "; ".join(n for n, _ in checks), "guardrails")


def structure_fidelity(run: CaseRun) -> Score:
    """Share of the template's headings that the output keeps, in the template's order."""

    if not run.markdown:
        return Score(name="structure", value=None, detail="no document")
    expected = expected_headings(run.strategy)
    found = headings_in(run.markdown)
    position, kept, missing = 0, 0, []
    for heading in expected:
        try:
            position = found.index(heading, position) + 1
            kept += 1
        except ValueError:
            missing.append(heading)
    return _ratio(kept, len(expected), "missing or out of order: " + ", ".join(missing[:5]) if missing else "all headings in order", "structure")


CASE_SCORERS: tuple[Scorer, ...] = (
    structure_fidelity,
    fact_recall,
    traceability_coverage,
    evidence_validity,
    unsupported_number_rate,
    compliance_coverage,
    must_not_contain,
    open_questions,
    guardrail_outcomes,
)


def section_markdown(markdown: str) -> dict[int, str]:
    """The rendered document cut at its numbered `## N.` headings."""
    parts: dict[int, str] = {}
    pattern = re.compile(r"^## (\d{1,2})\. ", re.MULTILINE)
    matches = list(pattern.finditer(markdown))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(markdown)
        number = int(match.group(1))
        if 1 <= number <= len(SECTIONS):
            parts[number] = markdown[match.start():end]
    return parts
