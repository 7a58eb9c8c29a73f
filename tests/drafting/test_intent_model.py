"""The router's learned second opinion: the shipped weights, their freshness, and how they join the rules."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from assistant.drafting import intent
from assistant.drafting.intent import ROUTE_INTENTS, route
from assistant.drafting.intent_model import IntentModel, load, save, second_opinion

SETS = Path(__file__).resolve().parents[2] / "evals" / "data" / "chat"


def test_the_shipped_model_covers_every_intent_and_was_trained_on_the_current_sets() -> None:
    model = load()
    assert set(model.classes) == set(ROUTE_INTENTS)
    assert model.coef.shape == (len(model.classes), 384) and model.intercept.shape == (len(model.classes),)
    current = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(SETS.glob("intents*.yaml"))}
    # a labelled set added or edited since training: run evals/real/train_intent_model.py
    assert model.trained_on == current


def test_probabilities_are_a_softmax_and_the_model_round_trips(tmp_path: Path) -> None:
    model = IntentModel(("ask", "draft"), np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.0, 0.0]), {"s": "h"})
    p = model.probabilities(np.array([2.0, 0.0]))
    assert p["ask"] == pytest.approx(np.exp(2) / (np.exp(2) + 1)) and sum(p.values()) == pytest.approx(1.0)
    save(model, tmp_path / "m.npz")
    again = load(tmp_path / "m.npz")
    assert again.classes == model.classes and again.trained_on == {"s": "h"}
    assert np.allclose(again.coef, model.coef)


@pytest.mark.parametrize("text, expected", [
    ("export the strategy as a Word document", "export"),
    ("what retention period does the DPIA give for audit logs?", "ask"),
])
def test_the_model_reads_clear_requests_by_meaning(text: str, expected: str) -> None:
    opinion = second_opinion(text)
    assert opinion is not None and opinion[0] == expected


def _opinion(monkeypatch: pytest.MonkeyPatch, intent_name: str, probability: float) -> None:
    monkeypatch.setattr(intent, "second_opinion", lambda text: (intent_name, probability))


def test_a_confident_model_overrides_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "what retention period does the DPIA give for audit logs?"
    assert route(text).intent == "ask"
    _opinion(monkeypatch, "review", 0.95)
    decided = route(text)
    assert decided.intent == "review" and "by meaning" in decided.reason


def test_an_unsure_model_leaves_the_rules_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    _opinion(monkeypatch, "review", intent.OVERRIDE_PROBABILITY - 0.01)
    assert route("what retention period does the DPIA give for audit logs?").intent == "ask"


def test_the_model_never_chooses_an_act_with_nothing_to_act_on(monkeypatch: pytest.MonkeyPatch) -> None:
    _opinion(monkeypatch, "revise", 0.99)
    assert route("hmm").intent == "unclear"  # "revise" of nothing named stays the rules' ask-back


@pytest.mark.parametrize("text, expected", [
    ("Draft section 7. Why was it empty before?", "draft"),   # a named section: the rules' structure stands
    ("Can I rename a section myself?", "ask"),                # what the user would do: a question
])
def test_readings_from_explicit_structure_stand(monkeypatch: pytest.MonkeyPatch, text: str, expected: str) -> None:
    _opinion(monkeypatch, "review", 0.99)
    assert route(text).intent == expected
