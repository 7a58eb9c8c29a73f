"""Eval reports: one JSON document, rendered as Markdown and JUnit XML, and compared with an earlier one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from pydantic import BaseModel, Field

from assistant.errors import InvalidInputError
from assistant.evaluation.scorers import Score
from assistant.evaluation.thresholds import Gates


class CaseResult(BaseModel):
    id: str
    title: str
    scores: list[Score]
    seconds: float
    error: str | None = None
    usage: dict[str, Any] = Field(default_factory=dict)
    rubric: dict[str, dict[str, float]] = Field(default_factory=dict)  # criterion -> mean, min, max, spread, sd, n

    def score(self, name: str) -> float | None:
        return next((s.value for s in self.scores if s.name == name), None)


class Check(BaseModel):
    scope: str  # "aggregate" | "every_case" | "suite"
    metric: str
    bound: str
    value: float | None
    passed: bool
    case: str | None = None


class Report(BaseModel):
    suite: str | None
    provider: str
    model: str | None = None
    prompts: dict[str, str] = Field(default_factory=dict)  # prompt id -> "version (hash)"
    drafter: dict[str, str] = Field(default_factory=dict)  # e.g. offline rules and vocabulary hashes
    started: str
    seconds: float
    cases: list[CaseResult]
    aggregate: dict[str, float | None]
    suite_metrics: dict[str, float | None] = Field(default_factory=dict)
    suite_details: dict[str, str] = Field(default_factory=dict)
    checks: list[Check] = Field(default_factory=list)
    passed: bool = True
    replay: str | None = None  # the cassette folder when provider calls were replayed, not live
    cache: dict[str, int] | None = None  # response cache hits/misses/stores when one was used
    rubric_repeats: int | None = None  # model-graded rubric runs per case (None: the provider's default)


def aggregate(cases: list[CaseResult]) -> dict[str, float | None]:
    """Mean of each score over the cases where it applies."""
    names = sorted({score.name for case in cases for score in case.scores})
    result: dict[str, float | None] = {}
    for name in names:
        values = [v for case in cases if (v := case.score(name)) is not None]
        result[name] = round(sum(values) / len(values), 4) if values else None
    return result


def apply_thresholds(report: Report, thresholds: Gates) -> None:
    checks = []
    for metric, bound in thresholds.aggregate.items():
        value = report.aggregate.get(metric)
        if value is None:
            continue  # no case in this run was scored on it (the rubric offline; guardrails without adversarial cases)
        checks.append(Check(scope="aggregate", metric=metric, bound=bound.describe(), value=value, passed=bound.holds(value)))
    for metric, bound in thresholds.every_case.items():
        for case in report.cases:
            value = case.score(metric)
            if value is None:
                continue
            checks.append(Check(scope="every_case", metric=metric, bound=bound.describe(), value=value, passed=bound.holds(value), case=case.id))
    for metric, bound in thresholds.suite.items():
        if metric not in report.suite_metrics:
            continue  # not measured in this suite (e.g. retrieval figures when only the adversarial suite ran)
        value = report.suite_metrics[metric]
        checks.append(Check(scope="suite", metric=metric, bound=bound.describe(), value=value, passed=bound.holds(value)))
    report.checks = checks
    report.passed = all(check.passed for check in checks)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


RUBRIC_PREFIX = "rubric_"


def _rubric_lines(report: Report) -> list[str]:
    graded = [case for case in report.cases if case.rubric]
    if not graded:
        return []
    criteria = list(dict.fromkeys(c for case in graded for c in case.rubric))
    lines = ["", "## Model-graded rubric (1-10: mean, spread = max - min over the runs)", "",
             "| case | " + " | ".join(criteria) + " |", "|---" * (len(criteria) + 1) + "|"]
    for case in graded:
        cells = []
        for criterion in criteria:
            row = case.rubric.get(criterion)
            cells.append("n/a" if row is None else f"{row['mean']:.1f} ± {row['spread']:g} (n={row['n']:g})")
        lines.append(f"| {case.id} | " + " | ".join(cells) + " |")
    return lines


def to_markdown(report: Report, comparison: str | None = None) -> str:
    names = [name for name in report.aggregate if not name.startswith(RUBRIC_PREFIX)]
    lines = [
        f"# Eval report: {report.suite or 'all cases'}",
        "",
        f"Provider: **{report.provider}**{f' ({report.model})' if report.model else ''} · started {report.started} · "
        f"{report.seconds:.1f} s · **{'PASSED' if report.passed else 'FAILED'}**",
        "",
    ]
    if report.replay:
        lines += [f"Replayed from cassettes in `{report.replay}`: these scores measure the pipeline on recorded or "
                  "hand-written replies, not a live model.", ""]
    if report.cache:
        lines += ["Response cache: " + ", ".join(f"{k} {v}" for k, v in report.cache.items()), ""]
    if report.prompts:
        lines.append("Prompts: " + ", ".join(f"`{pid}` {ver}" for pid, ver in sorted(report.prompts.items())))
        lines.append("")
    lines += ["| case | " + " | ".join(names) + " | s |", "|---" * (len(names) + 2) + "|"]
    for case in report.cases:
        lines.append(f"| {case.id} | " + " | ".join(_fmt(case.score(n)) for n in names) + f" | {case.seconds:.1f} |")
    lines.append("| **mean** | " + " | ".join(_fmt(report.aggregate[n]) for n in names) + " | |")
    if report.suite_metrics:
        lines += ["", "| suite metric | value | detail |", "|---|---|---|"]
        lines += [f"| {k} | {_fmt(v)} | {report.suite_details.get(k, '')} |" for k, v in report.suite_metrics.items()]
    lines += _rubric_lines(report)
    failed = [c for c in report.checks if not c.passed]
    lines += ["", f"Thresholds: {len(report.checks) - len(failed)} of {len(report.checks)} met."]
    for check in failed:
        where = f" ({check.case})" if check.case else ""
        lines.append(f"- FAILED {check.scope} `{check.metric}`{where}: {_fmt(check.value)}, needs {check.bound}")
    details = [(case.id, s) for case in report.cases for s in case.scores if s.value is not None and s.value < 1.0 and s.name != "unsupported_numbers"
               and not s.name.startswith(RUBRIC_PREFIX)]
    errors = [(case.id, case.error) for case in report.cases if case.error]
    if details or errors:
        lines += ["", "## Details"]
        lines += [f"- {cid} · {s.name}: {s.detail}" for cid, s in details]
        lines += [f"- {cid} · error: {err}" for cid, err in errors]
    if comparison:
        lines += ["", comparison]
    return "\n".join(lines) + "\n"


def to_junit(report: Report) -> str:
    suite = ET.Element("testsuite", name=f"mlops-eval-{report.suite or 'all'}", tests=str(len(report.checks)),
                       failures=str(sum(not c.passed for c in report.checks)), time=f"{report.seconds:.2f}")
    for check in report.checks:
        case = ET.SubElement(suite, "testcase", classname=f"eval.{check.scope}", name=f"{check.metric}{'[' + check.case + ']' if check.case else ''}")
        if not check.passed:
            failure = ET.SubElement(case, "failure", message=f"{check.metric} = {_fmt(check.value)}, needs {check.bound}")
            failure.text = failure.get("message")
    return ET.tostring(suite, encoding="unicode")


def compare(current: Report, earlier: Report, *, tolerance: float = 1e-9) -> str:
    """What moved between two reports: provider and prompt versions, aggregate and per-case scores."""
    lines = ["## Compared with an earlier report", ""]
    if (current.provider, current.model) != (earlier.provider, earlier.model):
        lines.append(f"- provider: {earlier.provider} ({earlier.model}) -> {current.provider} ({current.model})")
    if current.replay != earlier.replay:
        lines.append(f"- replayed: {earlier.replay or 'no (live)'} -> {current.replay or 'no (live)'}")
    for pid in sorted(set(current.prompts) | set(earlier.prompts)):
        was, now = earlier.prompts.get(pid, "absent"), current.prompts.get(pid, "absent")
        if was != now:
            lines.append(f"- prompt `{pid}`: {was} -> {now}")
    for key in sorted(set(current.drafter) | set(earlier.drafter)):
        was, now = earlier.drafter.get(key, "absent"), current.drafter.get(key, "absent")
        if was != now:
            lines.append(f"- drafter `{key}`: {was} -> {now}")
    lines += ["", "| metric | before | after | change |", "|---|---|---|---|"]
    for name in sorted(set(current.aggregate) | set(earlier.aggregate)):
        before, after = earlier.aggregate.get(name), current.aggregate.get(name)
        delta = "" if before is None or after is None else f"{after - before:+.3f}"
        lines.append(f"| {name} | {_fmt(before)} | {_fmt(after)} | {delta} |")
    earlier_cases = {case.id: case for case in earlier.cases}
    moved = []
    for case in current.cases:
        old = earlier_cases.get(case.id)
        if old is None:
            moved.append(f"- {case.id}: new case")
            continue
        for score in case.scores:
            before = old.score(score.name)
            if before is not None and score.value is not None and abs(score.value - before) > tolerance:
                moved.append(f"- {case.id} · {score.name}: {before:.3f} -> {score.value:.3f}")
    lines += ["", "Cases that moved:" if moved else "No case score moved."] + moved
    return "\n".join(lines)


def write_reports(report: Report, folder: Path, comparison: str | None = None) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"json": folder / "report.json", "markdown": folder / "report.md", "junit": folder / "junit.xml"}
    paths["json"].write_text(report.model_dump_json(indent=2), encoding="utf-8")
    paths["markdown"].write_text(to_markdown(report, comparison), encoding="utf-8")
    paths["junit"].write_text(to_junit(report), encoding="utf-8")
    return paths


def load_report(path: Path) -> Report:
    target = path / "report.json" if path.is_dir() else path
    try:
        return Report.model_validate(json.loads(target.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"Earlier report {target}: {exc}") from exc
