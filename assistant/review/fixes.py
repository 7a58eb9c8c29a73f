"""Deterministic fixes: each registered under the rule id it repairs; `apply_fixes` makes the new version.

A fix never invents a fact. It adds what the rule's logic fully determines (a missing traceability
row as a gap with the requirement's own text, the ethics review step and Ethics Board row the risk
classification requires, a target set to the requirement's own number with the requirement cited),
or records the gap as an open question in the section (rules with `autofix: open_question`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable

from assistant.review.models import Finding
from assistant.review.rules import RuleSet, load_rules
from assistant.strategy import OpenQuestion, Provenance, Strategy
from assistant.strategy.enums import TraceStatus
from assistant.strategy.schema import ApprovalRow, ApprovalStepRow, TargetRow, TraceRow
from assistant.strategy.versioning import bump_version

FixFn = Callable[[Strategy, Finding], bool]  # True when the strategy was changed
FIXERS: dict[str, FixFn] = {}

_RATIONALE = "added by review rule {rule}"


def fixer(rule_id: str) -> Callable[[FixFn], FixFn]:
    def register(fn: FixFn) -> FixFn:
        FIXERS[rule_id] = fn
        return fn

    return register


def _add_question(strategy: Strategy, section: int, question: str, topic: str | None) -> bool:
    target = strategy.section(section)
    key = question.strip().casefold()
    if any(q.question.strip().casefold() == key for q in target.open_questions):
        return False
    target.open_questions.append(OpenQuestion(question=question, topic=topic))
    return True


@fixer("trace-missing-requirement")
def _trace_row(strategy: Strategy, finding: Finding) -> bool:
    rid = finding.data.get("requirement")
    if not rid or any(r.requirement_id == rid for r in strategy.traceability.rows):
        return False
    statement = finding.data.get("statement") or None
    strategy.traceability.rows.append(TraceRow(
        requirement_id=rid, requirement=statement[:300] if statement else None, mlops_element=None,
        status=TraceStatus.GAP, provenance=Provenance.of(rid)))
    _add_question(strategy, 15, f"Which MLOps element meets {rid}, and who confirms it?", "Requirements Traceability")
    return True


_NUMBERED = re.compile(r"^(\d+)\.\s*(.*)$")


@fixer("high-risk-ethics-review")
def _ethics_step(strategy: Strategy, finding: Finding) -> bool:
    steps = strategy.model_registry.approval_workflow
    numbered = bool(steps) and all(_NUMBERED.match(s.step or "") for s in steps)
    # Before the final sign-off step when there is one (the template's order), else at the end.
    index = len(steps)
    for i, step in enumerate(steps):
        if re.search(r"approv|sign", f"{step.step or ''} {step.checks or ''}", re.I):
            index = i
    new = ApprovalStepRow(step="Ethics Review", actor="Ethics Board",
                          checks="Bias checks, fairness (High and Very High risk)",
                          provenance=Provenance.recommendation(_RATIONALE.format(rule=finding.rule)))
    steps.insert(index, new)
    if numbered:
        for n, step in enumerate(steps, start=1):
            match = _NUMBERED.match(step.step or "")
            step.step = f"{n}. {match.group(2) if match else step.step}"
    return True


@fixer("high-risk-ethics-approval")
def _ethics_approval(strategy: Strategy, finding: Finding) -> bool:
    strategy.approval.append(ApprovalRow(role="Ethics Board"))
    return True


@fixer("nfr-targets-agree")
def _target(strategy: Strategy, finding: Finding) -> bool:
    metric, target, rid = (finding.data.get(k) for k in ("metric", "target", "requirement"))
    if not (metric and target and rid):
        return False
    rows: list[TargetRow] = strategy.serving.performance_requirements
    for row in rows:
        if row.metric == metric:
            row.target = target
            row.provenance = Provenance.of(rid)
            return True
    return False


@fixer("unfilled-cells")
def _unfilled(strategy: Strategy, finding: Finding) -> bool:
    heading, columns = finding.data.get("heading"), finding.data.get("columns") or []
    if not heading or finding.section is None:
        return False
    return _add_question(strategy, finding.section,
                         f"What are the {', '.join(columns)} values in {heading}, and who supplies them?", heading)


def _open_question(strategy: Strategy, finding: Finding, title: str) -> bool:
    if finding.section is None:
        return False
    return _add_question(strategy, finding.section, f"{finding.message} Proposed fix: {finding.fix}", title or None)


def is_fixable(finding: Finding, rules: RuleSet) -> bool:
    if finding.rule in FIXERS:
        return True
    rule = rules.get(finding.rule)
    return bool(rule and rule.autofix == "open_question" and finding.section is not None)


def apply_fixes(strategy: Strategy, findings: Iterable[Finding], *, rules: RuleSet | None = None,
                today: dt.date | None = None, author: str = "MLOps Strategy Assistant (review)") -> Strategy:
    """A new version of `strategy` with every fixable finding applied (the input is not changed).

    Returns the strategy unchanged (same version) when no finding could be applied; otherwise a minor
    version bump with a Revision History row naming the rules fixed.
    """
    rules = rules or load_rules()
    work = strategy.model_copy(deep=True)
    applied: Counter[str] = Counter()
    for finding in (g for f in findings for g in f.with_related()):
        if not finding.fixable:
            continue
        fn = FIXERS.get(finding.rule)
        rule = rules.get(finding.rule)
        if fn is not None:
            changed = fn(work, finding)
        elif rule is not None and rule.autofix == "open_question":
            changed = _open_question(work, finding, rule.title)
        else:
            changed = False
        if changed:
            applied[finding.rule] += 1
    if not applied:
        return strategy
    # Round-trip through validation so a fix can never produce an invalid document.
    work = Strategy.model_validate(work.model_dump())
    changes = "Review fixes applied: " + ", ".join(f"{rule} ({n})" for rule, n in sorted(applied.items()))
    return bump_version(work, changes, author=author, today=today)
