"""Review an MLOps Strategy: rules as data (`rules.yaml`), checks keyed by rule id, fixes, rubric.

Public API:
    review_strategy(strategy, *, requirements=None, provider=None, rules=None) -> ReviewReport
    requirements_for_project(project_key) / requirements_from_file(path) -> RequirementSet
    apply_fixes(strategy, findings) -> Strategy          (a new version via strategy.versioning)
    load_rules(extra=[...]) -> RuleSet                   (built-in rules + an organisation's YAML)
    render_report(report) -> str                         (Markdown, grouped by severity and section)
"""

from assistant.review.engine import review_strategy
from assistant.review.fixes import apply_fixes
from assistant.review.models import Finding, ReviewReport, ReviewSummary, RubricScores, Severity
from assistant.review.report import render_report
from assistant.review.requirements import (
    Requirement,
    RequirementSet,
    requirements_for_project,
    requirements_from_chunks,
    requirements_from_file,
)
from assistant.review.rules import Rule, RulesError, RuleSet, load_rules

__all__ = [
    "Finding", "Requirement", "RequirementSet", "ReviewReport", "ReviewSummary", "Rule", "RuleSet", "RulesError",
    "RubricScores", "Severity", "apply_fixes", "load_rules", "render_report", "requirements_for_project",
    "requirements_from_chunks", "requirements_from_file", "review_strategy",
]
