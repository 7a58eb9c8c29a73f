"""Offline answers: a question joining two asks is answered as two, each with its own lead and source; a model
is named with the version its passage gives it."""

from __future__ import annotations

from assistant.drafting.chat import _renumber, split_asks
from assistant.drafting.fact_answers import _versioned


def test_a_joined_question_is_two_asks_and_the_second_keeps_the_subject() -> None:
    first, second = split_asks("How often is the drift report produced, and who reads it?")
    assert first == "How often is the drift report produced?"
    assert second.startswith("who reads it?") and "drift report produced" in second
    assert len(split_asks("Which model scores claims, and through which gateway?")) == 2


def test_citations_of_a_second_answer_are_renumbered_into_the_shared_list() -> None:
    assert _renumber("Quarterly [1]; see also [2]", {1: 3, 2: 1}) == "Quarterly [3]; see also [1]"


def test_a_model_is_named_with_its_version() -> None:
    assert _versioned("Claude", "- Claude 3.5 Sonnet generative AI model") == "Claude 3.5 Sonnet"
    assert _versioned("Amazon Bedrock", "Supplier: Anthropic (via Amazon Bedrock)") is None


def test_two_figures_asked_together_are_asked_one_by_one() -> None:
    assert split_asks("whats our RPO and RTO for the portal?") == ["whats our RPO for the portal?",
                                                                   "whats our RTO for the portal?"]
    assert len(split_asks("What precision and recall does FR-002 need?")) == 2
    assert split_asks("what is the latency target?") == ["what is the latency target?"]
