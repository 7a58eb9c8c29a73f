"""The review's typed results: findings a reviewer can act on, and the report that groups them."""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["blocking", "major", "minor", "info"]
SEVERITIES: tuple[Severity, ...] = ("blocking", "major", "minor", "info")
RUBRIC_CRITERIA: tuple[str, ...] = ("completeness", "specificity", "traceability", "actionability", "clarity")


class Finding(BaseModel):
    """One problem: which rule found it, how bad, where (section 1-15 or None: document level), what, and the fix.

    `data` carries what a deterministic fixer needs (e.g. the missing requirement IDs); it is not part
    of the CLI's JSON contract.
    """

    model_config = ConfigDict(extra="forbid")

    rule: str
    severity: Severity
    section: int | None = Field(default=None, ge=1, le=15)
    message: str
    fix: str
    fixable: bool = False
    data: dict[str, Any] = Field(default_factory=dict, repr=False)
    related: list[Finding] = Field(default_factory=list)  # findings this one entails (review.consequences)

    def public(self) -> dict[str, Any]:
        """The CLI JSON shape: {rule, severity, section, message, fix} plus `fixable`, and `related` (the
        findings this one entails, same shape) when there are any."""
        out: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "section": self.section,
                               "message": self.message, "fix": self.fix, "fixable": self.fixable}
        if self.related:
            out["related"] = [f.public() for f in self.related]
        return out

    def with_related(self) -> list[Finding]:
        """This finding and the ones folded under it."""
        return [self, *(g for f in self.related for g in f.with_related())]


class RubricScores(BaseModel):
    """The model-graded rubric, 1 (absent) to 10 (exemplary) per criterion."""

    completeness: int = Field(ge=1, le=10)
    specificity: int = Field(ge=1, le=10)
    traceability: int = Field(ge=1, le=10)
    actionability: int = Field(ge=1, le=10)
    clarity: int = Field(ge=1, le=10)

    @property
    def mean(self) -> float:
        return sum(getattr(self, c) for c in RUBRIC_CRITERIA) / len(RUBRIC_CRITERIA)


class ReviewSummary(BaseModel):
    document_id: str
    total: int
    by_severity: dict[str, int]
    by_rule: dict[str, int]
    blocking: bool
    fixable: int
    rules_run: int
    # Questions for the author (ReviewReport.questions as {rule, section, message, fix}): kept in the summary so
    # the CLI's top-level JSON stays {findings, summary}
    questions: list[dict[str, Any]] = Field(default_factory=list)
    requirements_checked: int | None = None  # None: reviewed without requirements
    rubric: RubricScores | None = None
    rubric_provider: str | None = None
    rubric_prompt: str | None = None  # "review_rubric@1.0.0"
    notes: list[str] = Field(default_factory=list)  # e.g. why the rubric was skipped
    text: str = ""


class ReviewReport(BaseModel):
    findings: list[Finding]
    summary: ReviewSummary
    # On an imported document: what the review could not place and asks the author to confirm (never blocking)
    questions: list[Finding] = Field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return any(f.severity == "blocking" for f in self.findings)

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def public(self) -> dict[str, Any]:
        """The CLI's stable JSON: {findings: [{rule, severity, section, message, fix}], summary} (the questions
        for the author are in summary.questions)."""
        return {"findings": [f.public() for f in self.findings],
                "summary": self.summary.model_dump(mode="json")}


def summarise(findings: list[Finding], *, document_id: str, rules_run: int, questions: list[Finding] | None = None,
              requirements_checked: int | None = None, rubric: RubricScores | None = None,
              rubric_provider: str | None = None, rubric_prompt: str | None = None,
              notes: list[str] | None = None) -> ReviewSummary:
    by_severity = {s: 0 for s in SEVERITIES}
    by_severity.update(Counter(f.severity for f in findings))
    by_rule = dict(sorted(Counter(f.rule for f in findings).items()))
    parts = [f"{by_severity[s]} {s}" for s in SEVERITIES if by_severity[s]]
    text = f"{document_id}: {len(findings)} finding(s)" + (f" ({', '.join(parts)})" if parts else "")
    asked = [{k: v for k, v in q.public().items() if k in ("rule", "section", "message", "fix")}
             for q in questions or []]
    if asked:
        text += f"; {len(asked)} question(s) for the author"
    if rubric is not None:
        text += f"; rubric mean {rubric.mean:.1f}/10"
    return ReviewSummary(
        document_id=document_id, total=len(findings), by_severity=by_severity, by_rule=by_rule,
        blocking=by_severity["blocking"] > 0, fixable=sum(g.fixable for f in findings for g in f.with_related()),
        rules_run=rules_run, questions=asked,
        requirements_checked=requirements_checked, rubric=rubric, rubric_provider=rubric_provider,
        rubric_prompt=rubric_prompt, notes=list(notes or []), text=text)
