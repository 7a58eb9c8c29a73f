"""Run a suite: every case, the suite-level figures (retrieval, guardrails), thresholds, one report."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from assistant.evaluation.cases import Case, load_cases
from assistant.evaluation.report import CaseResult, Report, aggregate, apply_thresholds
from assistant.evaluation.runner import data_home, run_case
from assistant.evaluation.thresholds import Thresholds, load_thresholds

ProgressCallback = Callable[[str, int, int], None]  # (what, done, total)


def prompt_versions(version: str | None = None) -> dict[str, str]:
    """The prompt versions a run uses: the chosen version where it exists, else each prompt's latest."""
    from assistant.prompts import get_registry

    registry = get_registry()
    chosen = {}
    for prompt_id in registry.ids():
        versions = registry.versions(prompt_id)
        prompt = registry.get(prompt_id, version if version in versions else None)
        chosen[prompt_id] = f"{prompt.version} ({prompt.hash[:12]})"
    return chosen


def drafter_fingerprint() -> dict[str, str]:
    """Hashes of the offline drafter's data files, so a changed rule or vocabulary shows in comparisons."""
    from assistant.config import PROJECT_ROOT

    folder = PROJECT_ROOT / "assistant" / "drafting" / "offline"
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in sorted(folder.glob("*.yaml"))
    }


def guardrail_metrics() -> tuple[dict[str, float | None], dict[str, str]]:
    """Injection and PII rates on the held-apart guardrail sets (the same functions the issue's figures use)."""
    from assistant.guardrails.evaluate import DATA_DIR, injection_metrics, pii_metrics

    metrics: dict[str, float | None] = {}
    details: dict[str, str] = {}
    for label, filename in (("injection", "injection_eval.jsonl"), ("injection_heldout2", "injection_heldout2.jsonl")):
        result = injection_metrics(DATA_DIR / filename)
        metrics[f"{label}_detection_indirect_en"] = result["detection_rate_indirect_en"]
        metrics[f"{label}_false_positive_rate"] = result["false_positive_rate"]
        details[f"{label}_detection_indirect_en"] = f"{filename}; missed: {len(result['missed_en_sources'])}"
        details[f"{label}_false_positive_rate"] = f"{len(result['false_positives'])} benign lines flagged"
    pii = pii_metrics()
    recalls = {entity: row["recall"] for entity, row in pii["recall_by_type"].items()}
    metrics["pii_recall_min_type"] = min((r for r in recalls.values() if r is not None), default=None)
    metrics["pii_precision"] = pii["precision"]
    details["pii_recall_min_type"] = ", ".join(f"{k} {v:.2f}" for k, v in recalls.items() if v is not None)
    return metrics, details


def retrieval_metrics() -> tuple[dict[str, float | None], dict[str, str]]:
    """Recall@5 of hybrid, dense-only and BM25-only retrieval on the labelled question set."""
    from assistant.retrieval.evaluate import evaluate_retrieval

    result = evaluate_retrieval()
    metrics = {f"retrieval_recall_at_5_{mode}": value for mode, value in result.recall_at_5.items()}
    return metrics, {k: f"{result.questions} questions" for k in metrics}


def suite_metrics(progress: ProgressCallback | None = None) -> tuple[dict[str, float | None], dict[str, str]]:
    metrics: dict[str, float | None] = {}
    details: dict[str, str] = {}
    for index, (label, measure) in enumerate((("retrieval set", retrieval_metrics), ("guardrail sets", guardrail_metrics))):
        if progress:
            progress(label, index, 2)
        values, notes = measure()
        metrics.update(values)
        details.update(notes)
    return metrics, details


def run_suite(
    suite: str | None = None,
    *,
    provider: str | None = None,
    prompt_version: str | None = None,
    cases: list[Case] | None = None,
    thresholds: Thresholds | None = None,
    with_suite_metrics: bool = True,
    progress: ProgressCallback | None = None,
    home: Path | None = None,
) -> Report:
    cases = cases if cases is not None else load_cases(suite)
    started_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    started = time.perf_counter()
    results: list[CaseResult] = []
    model = None
    with data_home(home) as folder:
        for index, case in enumerate(cases):
            if progress:
                progress(case.id, index, len(cases))
            run, scores = run_case(case, provider=provider, prompt_version=prompt_version, workdir=folder / "documents")
            model = model or run.usage.get("model")
            results.append(CaseResult(id=case.id, title=case.title, scores=scores, seconds=round(run.seconds, 2),
                                      error=run.error, usage=run.usage))
        metrics, details = suite_metrics(progress) if with_suite_metrics else ({}, {})
    elapsed = time.perf_counter() - started
    metrics["seconds_total"] = round(elapsed, 1)
    report = Report(
        suite=suite, provider=provider or "offline", model=model, prompts=prompt_versions(prompt_version),
        drafter=drafter_fingerprint(), started=started_at, seconds=round(elapsed, 1), cases=results,
        aggregate=aggregate(results), suite_metrics=metrics, suite_details=details,
    )
    apply_thresholds(report, thresholds or load_thresholds())
    if progress:
        progress("done", len(cases), len(cases))
    return report
