"""`review_strategy`: run the rules in force (and the rubric when a generative provider is given)."""

from __future__ import annotations

from typing import Any

from assistant.errors import AssistantError
from assistant.review import checks as _checks  # noqa: F401 - registers the check functions
from assistant.review import content as _content  # noqa: F401 - registers the content checks
from assistant.review.consequences import fold_consequences
from assistant.review.context import ReviewContext
from assistant.review.fixes import is_fixable
from assistant.review.models import SEVERITIES, Finding, ReviewReport, summarise
from assistant.review.requirements import RequirementSet
from assistant.review.rules import CHECKS, Rule, RuleSet, load_rules, run_declarative
from assistant.strategy import Strategy

_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


class RuleNotImplementedError(AssistantError):
    """A built-in rule in rules.yaml with no check function (a packaging error)."""


def _run_rule(ctx: ReviewContext, rule: Rule) -> tuple[list[Finding], list[Finding]]:
    """The rule's findings, and its questions for the author (only on an imported document)."""
    if rule.declarative:
        hits = list(run_declarative(ctx.strategy, rule))
    else:
        fn = CHECKS.get(rule.id)
        if fn is None:
            raise RuleNotImplementedError(f"rule {rule.id!r} has no check function and no `require` conditions")
        hits = list(fn(ctx, rule))
    findings: list[Finding] = []
    questions: list[Finding] = []
    imported = ctx.markdown is not None
    for hit in hits:
        section = rule.section if hit.section == "rule" else hit.section
        finding = Finding(rule=rule.id, severity=rule.severity, section=section, message=hit.message,
                          fix=hit.fix or rule.fix.strip(), data=hit.data)
        if imported and (rule.on_import == "question" or hit.question):
            questions.append(finding)  # no fix is applied to an imported document's questions
            continue
        finding.fixable = is_fixable(finding, ctx.rules) if hit.fixable is None else hit.fixable
        findings.append(finding)
    return findings, questions


def _resolve_provider(provider: Any) -> Any:
    """None: the configured provider (offline unless a key/endpoint is set); a name: that provider."""
    if provider is False:
        return None
    if provider is None or isinstance(provider, str):
        # lazy: the provider stack loads only for a model-graded rubric (review.engine loads at CLI start-up)
        from assistant.llm import get_provider

        return get_provider(provider or None)
    return provider


def review_strategy(strategy: Strategy, *, requirements: RequirementSet | None = None, provider: Any = None,
                    rules: RuleSet | None = None, rubric_version: str | None = None,
                    markdown: str | None = None, filename: str | None = None,
                    project_key: str | None = None, sources: Any = None) -> ReviewReport:
    """Review `strategy` and return findings ordered by severity, then section.

    `requirements`: the project's requirements (`requirements_for_project` / `requirements_from_file`);
    without them the traceability and NFR rules are skipped. `provider`: a provider object or name; None
    uses the configured one. The model-graded rubric runs only when it is generative (the offline
    provider is not); pass `provider=False` for a purely deterministic review. `rules`: `load_rules(extra=...)`
    to add or override rules. `markdown`/`filename`: the imported document's own text and file name, so
    the quality checklist judges what the reader sees (and the file name against the Document ID).
    `sources`: the project's documents (`ProjectSources`) for the content checks against them.
    On an imported document (`markdown` given), the rules marked `on_import: question` ask the author instead
    of reporting a finding: the report's `questions`, which never block.
    """
    rules = rules or load_rules()
    ctx = ReviewContext(strategy, rules, requirements)
    ctx.markdown, ctx.filename, ctx.sources = markdown, filename, sources
    findings: list[Finding] = []
    questions: list[Finding] = []
    run = 0
    for rule in rules.enabled():
        if rule.needs == "requirements" and requirements is None:
            continue
        if rule.needs == "sources" and sources is None:
            continue
        run += 1
        found, asked = _run_rule(ctx, rule)
        findings.extend(found)
        questions.extend(asked)

    notes: list[str] = []
    if requirements is None:
        notes.append("Reviewed without requirements: traceability and requirement-number rules were skipped.")
    rubric = None
    rubric_provider = rubric_prompt = None
    try:
        chosen = _resolve_provider(provider)
    except AssistantError as exc:
        chosen = None
        notes.append(f"Model-graded rubric skipped: {exc}")
    if chosen is not None and not getattr(chosen, "is_generative", False):
        notes.append(f"Model-graded rubric skipped: the {chosen.name} provider does not generate text.")
    elif chosen is not None:
        # lazy: the provider stack loads only for a model-graded rubric (review.engine loads at CLI start-up)
        from assistant.review.rubric import rubric_review

        try:
            outcome = rubric_review(strategy, chosen, requirements=requirements, version=rubric_version,
                                    project_key=project_key)
        except AssistantError as exc:  # policy block, bad key, quota: the deterministic review still stands
            notes.append(f"Model-graded rubric skipped: {exc}")
        else:
            findings.extend(outcome.findings)
            rubric, rubric_provider, rubric_prompt = outcome.scores, outcome.provider, outcome.prompt
            if outcome.summary:
                notes.append(f"Rubric: {outcome.summary}")

    findings = fold_consequences(findings)
    findings.sort(key=lambda f: (_ORDER[f.severity], f.section or 0, f.rule))
    questions.sort(key=lambda f: (f.section or 0, f.rule))
    summary = summarise(findings, document_id=strategy.document_id, rules_run=run, questions=questions,
                        requirements_checked=len(requirements) if requirements is not None else None,
                        rubric=rubric, rubric_provider=rubric_provider, rubric_prompt=rubric_prompt, notes=notes)
    return ReviewReport(findings=findings, questions=questions, summary=summary)
