"""Run a suite: every case, the suite-level figures (retrieval, guardrails), thresholds, one report."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT
from assistant.evaluation.cases import Case, load_cases
from assistant.evaluation.replay import check_replay_folder
from assistant.evaluation.report import CaseResult, Report, aggregate, apply_thresholds
from assistant.evaluation.rubric import summarise as summarise_rubric
from assistant.evaluation.runner import ProviderSetup, data_home, run_case
from assistant.evaluation.thresholds import Thresholds, load_thresholds
from assistant.guardrails.evaluate import (
    BLIND_SETS,
    DATA_DIR,
    DEVELOPMENT_HELDOUT_SETS,
    independent_rows,
    injection_metrics,
    pii_metrics,
    training_runs,
)
from assistant.llm.cache import ResponseCache
from assistant.prompts import get_registry
from assistant.retrieval.evaluate import evaluate_retrieval

ProgressCallback = Callable[[str, int, int], None]  # (what, done, total)


def prompt_versions(version: str | None = None) -> dict[str, str]:
    """The prompt versions a run uses: the chosen version where it exists, else each prompt's latest."""

    registry = get_registry()
    chosen = {}
    for prompt_id in registry.ids():
        versions = registry.versions(prompt_id)
        prompt = registry.get(prompt_id, version if version in versions else None)
        chosen[prompt_id] = f"{prompt.version} ({prompt.hash[:12]})"
    return chosen


def drafter_fingerprint() -> dict[str, str]:
    """Hashes of the offline drafter's data files, so a changed rule or vocabulary shows in comparisons."""

    folder = PROJECT_ROOT / "assistant" / "drafting" / "offline"
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in sorted(folder.glob("*.yaml"))
    }


def guardrail_metrics() -> tuple[dict[str, float | None], dict[str, str]]:
    """Injection and PII rates. Gated: the blind set's rows that share no 8-word run with any training row
    (`*_independent_*`). Reported only: the whole blind set, the development held-apart sets (they chose the
    thresholds) and the spikee-derived set (it shares runs with the training data). See evals/thresholds.yaml."""

    metrics: dict[str, float | None] = {}
    details: dict[str, str] = {}

    def record(label: str, result: dict[str, Any], note: str) -> None:
        groups = result["by_group"]
        attacks, benign = groups.get("indirect:en", {}), groups.get("benign", {})
        metrics[f"{label}_detection_indirect_en"] = result["detection_rate_indirect_en"]
        metrics[f"{label}_false_positive_rate"] = result["false_positive_rate"]
        details[f"{label}_detection_indirect_en"] = f"{attacks.get('flagged')}/{attacks.get('total')} ({note})"
        details[f"{label}_false_positive_rate"] = f"{benign.get('flagged')}/{benign.get('total')} ({note})"

    training = training_runs()
    for name in BLIND_SETS:
        rows = [json.loads(line) for line in (DATA_DIR / f"injection_{name}.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
        record(f"injection_{name}", injection_metrics(rows=rows), "blind set, all rows")
        if training:  # the research folder ships in the repository, not in the wheel
            kept = independent_rows(rows, training)
            record(f"injection_{name}_independent", injection_metrics(rows=kept),
                   f"{len(kept)} of {len(rows)} rows share no 8-word run with any training row")
    for name in DEVELOPMENT_HELDOUT_SETS:
        record(f"injection_{name}", injection_metrics(DATA_DIR / f"injection_{name}.jsonl"), "development set")
    record("injection_spikee", injection_metrics(DATA_DIR / "injection_eval.jsonl"), "shares runs with training")
    pii = pii_metrics()
    recalls = {entity: row["recall"] for entity, row in pii["recall_by_type"].items()}
    metrics["pii_recall_min_type"] = min((r for r in recalls.values() if r is not None), default=None)
    metrics["pii_precision"] = pii["precision"]
    details["pii_recall_min_type"] = ", ".join(f"{k} {v:.2f}" for k, v in recalls.items() if v is not None)
    return metrics, details


def retrieval_metrics() -> tuple[dict[str, float | None], dict[str, str]]:
    """Recall@5 of hybrid, dense-only and BM25-only retrieval on the labelled question set."""

    report = evaluate_retrieval()
    return report.metrics(), report.details()


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


def _cache_stats(setup: ProviderSetup) -> dict[str, int] | None:
    stats = setup.cache.stats() if setup.cache is not None else None
    return stats if stats and any(stats.values()) else None  # an offline run never consults it


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
    replay: Path | None = None,
    cache_dir: Path | None = None,
    rubric_repeats: int | None = None,
    setup: ProviderSetup | None = None,
) -> Report:
    """Run the suite's cases and score them.

    `replay`: answer provider calls from the cassettes in that folder (`<case id>.yaml`, record mode
    none). `cache_dir`: keep structured answers in a response cache there (assistant.llm.cache).
    `rubric_repeats`: model-graded rubric runs per case (default 3 with a generative provider, 0 offline).
    `setup` replaces all three (tests and the cassette capture build their own provider).
    """
    cases = cases if cases is not None else load_cases(suite)
    if setup is None:
        cache = None
        if cache_dir is not None:

            cache = ResponseCache(cache_dir)
        if replay is not None:

            check_replay_folder(replay)
        setup = ProviderSetup(replay=replay, cache=cache, rubric_repeats=rubric_repeats)
    started_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    started = time.perf_counter()
    results: list[CaseResult] = []
    model = None
    with data_home(home) as folder:
        for index, case in enumerate(cases):
            if progress:
                progress(case.id, index, len(cases))
            run, scores = run_case(case, provider=provider, prompt_version=prompt_version,
                                   workdir=folder / "documents", setup=setup)
            model = model or run.usage.get("model")
            results.append(CaseResult(id=case.id, title=case.title, scores=scores, seconds=round(run.seconds, 2),
                                      error=run.error, usage=run.usage, rubric=summarise_rubric(run.rubric)))
        metrics, details = suite_metrics(progress) if with_suite_metrics else ({}, {})
    elapsed = time.perf_counter() - started
    metrics["seconds_total"] = round(elapsed, 1)
    report = Report(
        suite=suite, provider=provider or "offline", model=model, prompts=prompt_versions(prompt_version),
        drafter=drafter_fingerprint(), started=started_at, seconds=round(elapsed, 1), cases=results,
        aggregate=aggregate(results), suite_metrics=metrics, suite_details=details,
        replay=str(setup.replay) if setup.replay is not None else None,
        cache=_cache_stats(setup), rubric_repeats=setup.rubric_repeats,
    )
    apply_thresholds(report, (thresholds or load_thresholds()).for_suite(suite))
    if progress:
        progress("done", len(cases), len(cases))
    return report
