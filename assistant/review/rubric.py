"""Model-graded review: the versioned `review_rubric` prompt, scored 1-10 per criterion, with findings.

Runs only with a generative provider; the request passes the guardrails gate like every other
(the strategy's classification is the marking, so a SECRET strategy never leaves the machine).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from assistant.llm import RequestContext
from assistant.prompts import get_prompt
from assistant.review.models import Finding, RubricScores, Severity
from assistant.review.requirements import RequirementSet
from assistant.strategy import SECTIONS, Strategy
from assistant.strategy.render import render_markdown

PROMPT_ID = "review_rubric"
MAX_EVIDENCE = 200  # requirements sent for traceability checking; more would crowd the document out

Criterion = Literal["completeness", "specificity", "traceability", "actionability", "clarity"]


class RubricFinding(BaseModel):
    """One finding of the rubric review."""

    criterion: Criterion
    severity: Severity
    section: int | str | None = Field(default=None, description="Section number (1-15) or title; null: whole document")
    message: str = Field(description="What is wrong, quoting the text briefly")
    fix: str = Field(description="What to write instead; an open question to a named role when a value is unknown")


class RubricReview(BaseModel):
    """Scores 1-10 per rubric criterion for the MLOps Strategy, and findings with concrete fixes."""

    scores: RubricScores
    findings: list[RubricFinding] = Field(default_factory=list)
    summary: str = Field(default="", description="Two or three sentences for the document owner")

    @field_validator("findings", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


_TITLES = {re.sub(r"[^a-z]", "", info.title.lower()): info.number for info in SECTIONS}


def section_number(value: int | str | None) -> int | None:
    """A section given as 7, "7", "Section 7", "7. Model Monitoring" or "Model Monitoring" -> 7."""
    if value is None:
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 15 else None
    match = re.search(r"\b(\d{1,2})\b", value)
    if match and 1 <= int(match.group(1)) <= 15:
        return int(match.group(1))
    return _TITLES.get(re.sub(r"[^a-z]", "", value.lower()))


@dataclass
class RubricOutcome:
    scores: RubricScores
    findings: list[Finding]
    summary: str
    provider: str
    prompt: str  # "review_rubric@1.0.0"
    prompt_hash: str
    usage: Any = None


def _document(strategy: Strategy) -> str:
    try:

        return render_markdown(strategy)
    except Exception:  # noqa: BLE001 - the rubric must still run if rendering a drifting import fails
        return strategy.model_dump_json(indent=1, exclude_defaults=True)


def rubric_review(strategy: Strategy, provider: Any, *, requirements: RequirementSet | None = None,
                  version: str | None = None, project_key: str | None = None) -> RubricOutcome:
    """Ask `provider` to score the strategy with the `review_rubric` prompt; findings come back as `Finding`s."""

    prompt = get_prompt(PROMPT_ID, version)
    document = _document(strategy)
    # A delimiter the document cannot contain (and stable for a given document, so replays match).
    delimiter = "document-" + hashlib.sha256(document.encode("utf-8")).hexdigest()[:12]
    evidence = []
    if requirements is not None:
        evidence = [{"id": r.id, "source": r.source or "requirements", "text": r.statement}
                    for r in requirements.defined()[:MAX_EVIDENCE]]
    rendered = prompt.render(delimiter=delimiter, document=document, scope="the whole strategy", evidence=evidence)
    # The gate gets every marking the text could carry: the strategy's own, its requirements' documents' and
    # (through project_key) the project's classification and all its documents' markings.
    markings = [strategy.document_control.classification.value] if strategy.document_control.classification else []
    if requirements is not None:
        markings.extend(requirements.markings)
        project_key = project_key or requirements.project_key
    result = provider.generate_structured(rendered.messages(), RubricReview, system=rendered.system,
                                          context=RequestContext.of(markings, project_key=project_key))
    review: RubricReview = result.value
    findings = [
        Finding(rule=f"rubric-{f.criterion}", severity=f.severity, section=section_number(f.section),
                message=f.message.strip(), fix=f.fix.strip(), fixable=False,
                data={"criterion": f.criterion, "source": f"{prompt.id}@{prompt.version}"})
        for f in review.findings
    ]
    return RubricOutcome(scores=review.scores, findings=findings, summary=review.summary,
                         provider=f"{provider.name}" + (f" ({provider.model})" if getattr(provider, "model", None) else ""),
                         prompt=f"{prompt.id}@{prompt.version}", prompt_hash=rendered.hash, usage=result.usage)
