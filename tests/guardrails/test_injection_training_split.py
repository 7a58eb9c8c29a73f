"""The classifier's training split: an attack and its honest twin (a minimal pair) never straddle it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "research" / "injection-detector"


@pytest.fixture(scope="module")
def trainer():
    sys.path.insert(0, str(DATA))  # the trainer imports its sibling `injection_synth`
    try:
        spec = importlib.util.spec_from_file_location("train_injection_model", DATA / "train_injection_model.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(DATA))


def test_paired_sets_are_trained_on_and_never_a_held_apart_set(trainer) -> None:
    assert trainer.PAIRED <= set(trainer.SETS)
    assert not [name for name in trainer.SETS if "heldout" in name or name in ("injection_eval.jsonl",
                                                                               trainer.CALIBRATION)]


def test_an_attack_and_its_twin_fall_on_the_same_side(trainer) -> None:
    straddling = 0
    for name in sorted(trainer.PAIRED):
        rows = trainer._rows(name)
        twins = 0
        for i, attack in enumerate(rows):
            if attack["label"] != 1:
                continue
            opening = attack["text"].lower().split()[:trainer.PAIR_KEY_WORDS]
            for j, other in enumerate(rows):
                if other["label"] == 0 and other["text"].lower().split()[:trainer.PAIR_KEY_WORDS] == opening:
                    twins += 1
                    a, b = trainer._group(name, i, attack["text"]), trainer._group(name, j, other["text"])
                    straddling += a != b or trainer._validation(a) != trainer._validation(b)
        assert twins >= 80, name  # each paired set holds many minimal pairs: the split below is tested on them
    assert straddling == 0


def test_unpaired_rows_are_split_one_by_one(trainer) -> None:
    groups = {trainer._group("injection_train_written_a.jsonl", i, r["text"])
              for i, r in enumerate(trainer._rows("injection_train_written_a.jsonl"))}
    assert len(groups) == len(trainer._rows("injection_train_written_a.jsonl"))
    share = sum(map(trainer._validation, groups)) / len(groups)
    assert abs(share - trainer.VALIDATION_SHARE) < 0.05


def test_near_copies_of_held_apart_rows_are_left_out_of_training(trainer) -> None:
    held = trainer._held_apart_runs()
    calibration_row = trainer._rows(trainer.CALIBRATION)[0]["text"]
    assert trainer._word_runs(calibration_row) <= held  # the calibration set is among the held-apart sets
    left_out = 0
    for name in trainer.SETS:
        kept = trainer.training_rows(name)
        assert not [r for r in kept if trainer._word_runs(r["text"]) & held], name
        left_out += len(trainer._rows(name)) - len(kept)
    assert left_out > 0  # the written sets do hold such near-copies: the filter is not idle


def test_only_already_scored_held_apart_sets_choose_thresholds_and_none_is_trained_on(trainer) -> None:
    from assistant.guardrails.evaluate import HELDOUT_SETS

    scored = {f"injection_{name}.jsonl" for name in HELDOUT_SETS}
    assert set(trainer.SCORED_HELDOUT) <= scored  # a still-blind set never tunes anything
    for name in trainer.THRESHOLD_SETS:
        assert trainer._rows(name), name
        assert all(trainer._validation(f"{name}:{i}") for i in range(50)), name  # validation only: never trained on
