"""The evidence behind each gate: a generalisation gate stands only on rows independent of what trained the
detector, checked by content (word runs shared with any training row), not by file name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from assistant.guardrails import evaluate

ROOT = Path(__file__).resolve().parents[2]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.fixture(scope="module")
def training_text() -> str:
    """All training rows as one string of space-joined words, for a plain substring check (written apart from
    `evaluate.word_runs`, so the two cannot share a mistake)."""
    rows = [json.loads(line)["text"] for path in sorted(evaluate.TRAINING_DIR.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) > 1000  # the research folder holds the training data
    return "\n".join(" " + " ".join(_words(text)) + " " for text in rows)


@pytest.mark.parametrize("name", evaluate.BLIND_SETS)
def test_the_gated_rows_share_no_eight_word_run_with_any_training_row(name: str, training_text: str) -> None:
    path = evaluate.DATA_DIR / f"injection_{name}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept = evaluate.independent_rows(rows, evaluate.training_runs())
    assert 0 < len(kept) < len(rows)  # the filter removes some rows: it is not idle
    for row in kept:
        words = _words(row["text"])
        for i in range(len(words) - evaluate.NEAR_COPY_WORDS + 1):
            assert " " + " ".join(words[i:i + evaluate.NEAR_COPY_WORDS]) + " " not in training_text


def test_no_training_file_is_an_evaluation_set() -> None:
    training = {p.name for p in evaluate.TRAINING_DIR.glob("*.jsonl")}
    gated = {f"injection_{name}.jsonl" for name in evaluate.HELDOUT_SETS} | {"injection_eval.jsonl",
                                                                             "injection_calibration.jsonl"}
    assert training and not training & gated
    assert not list(evaluate.DATA_DIR.glob("injection_train*.jsonl"))


def test_every_generalisation_gate_stands_on_a_blind_independent_set() -> None:
    """A gate that claims generalisation may only read a set that never trained, chose an epoch or a threshold."""
    thresholds = yaml.safe_load((ROOT / "evals" / "thresholds.yaml").read_text(encoding="utf-8"))
    gates = [(metric, bound) for scope in ("aggregate", "every_case", "suite")
             for metric, bound in (thresholds.get(scope) or {}).items()]
    generalisation = [metric for metric, bound in gates if bound.get("role") == "generalisation"]
    assert generalisation  # there is at least one, so the check below is not idle
    for metric in generalisation:
        assert any(metric.startswith(f"injection_{name}_independent_") for name in evaluate.BLIND_SETS), metric
    for metric, bound in gates:
        assert bound.get("role") in ("generalisation", "regression", "plumbing"), metric
        assert bound.get("evidence"), metric
