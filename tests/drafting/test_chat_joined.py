"""Offline answers: a question joining two asks is answered as two, each with its own lead and source; a model
is named with the version its passage gives it."""

from __future__ import annotations

from assistant.drafting.chat import _renumber, split_asks
from assistant.facts import ModelFact, SourceSpan


def test_a_joined_question_is_two_asks_and_the_second_keeps_the_subject() -> None:
    first, second = split_asks("How often is the drift report produced, and who reads it?")
    assert first == "How often is the drift report produced?"
    assert second.startswith("who reads it?") and "drift report produced" in second
    assert len(split_asks("Which model scores claims, and through which gateway?")) == 2


def test_citations_of_a_second_answer_are_renumbered_into_the_shared_list() -> None:
    assert _renumber("Quarterly [1]; see also [2]", {1: 3, 2: 1}) == "Quarterly [3]; see also [1]"


def _model(name: str, clause: str) -> ModelFact:
    return ModelFact(source=SourceSpan(document="ARC-001-ATRS-v1.0.md"), name=name, clause=clause)


def test_a_model_is_named_with_its_version() -> None:
    assert _model("Claude", "- Claude 3.5 Sonnet generative AI model").versioned_name() == "Claude 3.5 Sonnet"
    assert _model("Amazon Bedrock", "Supplier: Anthropic (via Amazon Bedrock)").versioned_name() is None


def test_a_labelled_line_names_the_product_for_its_kind_and_an_open_choice_names_none() -> None:
    assert _model("Embedding model", "**Embedding Model**: AWS Titan Embeddings (1536-dimensional vectors)"
                  ).labelled_name() == "AWS Titan Embeddings"
    assert _model("Large language model", "- **LLM**: Claude 3.5 Sonnet trained by Anthropic").labelled_name() == \
        "Claude 3.5 Sonnet"
    assert _model("Embedding model", "- Embedding Model: AWS Titan Embeddings or OpenAI text-embedding-3"
                  ).labelled_name() is None
    assert _model("Embedding model", "Embedding model: [TBC]").labelled_name() is None
    assert _model("Classification model", "Data Model: Patent entity").labelled_name() is None  # not a kind of model


def test_two_figures_asked_together_are_asked_one_by_one() -> None:
    assert split_asks("whats our RPO and RTO for the portal?") == ["whats our RPO for the portal?",
                                                                   "whats our RTO for the portal?"]
    assert len(split_asks("What precision and recall does FR-002 need?")) == 2
    assert split_asks("what is the latency target?") == ["what is the latency target?"]
