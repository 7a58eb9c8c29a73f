"""The model-graded rubric in the harness: the review rubric run N times on a case's draft.

A model's grade varies from run to run, so one grade says little: each case is graded `repeats` times
and the report gives, per criterion, the mean and the spread (min, max, standard deviation). The
criteria and the prompt are the review package's (`assistant.review.rubric`); nothing is restated here.
Scores enter the report as `rubric_<criterion>` = mean / 10, so thresholds can gate them like any score.
"""

from __future__ import annotations

import statistics
from contextlib import nullcontext
from typing import Any

from assistant.errors import AssistantError
from assistant.evaluation.scorers import CaseRun, Score
from assistant.llm import Usage
from assistant.review.models import RUBRIC_CRITERIA
from assistant.review.requirements import requirements_for_project
from assistant.review.rubric import rubric_review

PREFIX = "rubric_"


def grade(strategy: Any, provider: Any, project_key: str, repeats: int) -> tuple[list[dict[str, int]], list[str], dict[str, Any]]:
    """Run the rubric `repeats` times; return the scores of each run, the errors, and the summed usage."""

    try:
        requirements = requirements_for_project(project_key)
    except AssistantError:
        requirements = None
    runs: list[dict[str, int]] = []
    errors: list[str] = []
    usage = Usage(calls=0)
    for index in range(repeats):
        # behind a response cache each repeat is its own entry, or the spread would always be 0
        variant = provider.variant(f"rubric-{index}") if hasattr(provider, "variant") else nullcontext()
        try:
            with variant:
                outcome = rubric_review(strategy, provider, requirements=requirements, project_key=project_key)
        except AssistantError as exc:
            errors.append(f"rubric run {index + 1}: {exc}")
            continue
        runs.append({c: int(getattr(outcome.scores, c)) for c in RUBRIC_CRITERIA})
        if outcome.usage is not None:
            usage = usage + outcome.usage
    return runs, errors, usage.model_dump()


def summarise(runs: list[dict[str, int]]) -> dict[str, dict[str, float]]:
    """Per criterion: mean, min, max, spread (max - min) and population standard deviation, on 1-10."""
    out: dict[str, dict[str, float]] = {}
    for criterion in RUBRIC_CRITERIA:
        values = [run[criterion] for run in runs if criterion in run]
        if not values:
            continue
        out[criterion] = {"mean": round(statistics.fmean(values), 2), "min": min(values), "max": max(values),
                          "spread": max(values) - min(values), "sd": round(statistics.pstdev(values), 2),
                          "n": len(values)}
    return out


def rubric_scores(run: CaseRun) -> list[Score]:
    """`rubric_<criterion>` scores (mean / 10) for a graded case; nothing for a case that was not graded."""
    if not run.rubric and not run.rubric_errors:
        return []
    summary = summarise(run.rubric)
    scores = []
    for criterion in RUBRIC_CRITERIA:
        row = summary.get(criterion)
        if row is None:
            scores.append(Score(name=PREFIX + criterion, value=None, detail="; ".join(run.rubric_errors) or "not graded"))
            continue
        values = ", ".join(str(r[criterion]) for r in run.rubric)
        detail = (f"mean {row['mean']:.1f}/10, spread {row['spread']:g} (sd {row['sd']:.2f}) over {row['n']:g} "
                  f"run(s): {values}")
        if run.rubric_errors:
            detail += f"; {len(run.rubric_errors)} run(s) failed"
        scores.append(Score(name=PREFIX + criterion, value=round(row["mean"] / 10, 4), detail=detail))
    return scores
