"""Chat scoring: intent accuracy with a stand-in router, and the factual-answer judgement."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.errors import InvalidInputError
from assistant.evaluation.chat_scoring import (
    Question,
    Utterance,
    judge_answer,
    load_questions,
    load_utterances,
    score_intents,
    summarise_answers,
)


def test_intent_accuracy_precision_recall_and_confusion() -> None:
    items = [Utterance("show me section 7", "show", (7,)), Utterance("draft section 7", "draft", (7,)),
             Utterance("which requirement covers bias assessment?", "ask", ()),
             Utterance("export it", "export", ())]
    routed = {"show me section 7": ("show", [7]), "draft section 7": ("draft", [6]),
              "which requirement covers bias assessment?": ("review", []), "export it": ("export", [])}

    def route(text: str) -> SimpleNamespace:
        intent, sections = routed[text]
        return SimpleNamespace(intent=intent, sections=sections)

    result = score_intents(items, route)
    assert result["accuracy"] == 0.75
    assert result["sections_accuracy"] == 0.75
    assert result["intent_and_sections_accuracy"] == 0.5
    assert result["per_intent"]["ask"]["recall"] == 0.0
    assert result["per_intent"]["review"]["precision"] == 0.0
    assert result["per_intent"]["show"] == {"support": 1, "predicted": 1, "precision": 1.0, "recall": 1.0}
    assert result["confusion"]["ask"] == {"review": 1}
    assert len(result["errors"]) == 2


def test_the_blind_set_loads_and_an_unknown_intent_is_refused(tmp_path: Path) -> None:
    items = load_utterances(Path(__file__).parents[2] / "evals" / "data" / "chat" / "intents_blind.yaml")
    assert len(items) >= 150
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {text: hi, intent: greet}\n")
    with pytest.raises(InvalidInputError, match="unknown intent"):
        load_utterances(bad)


Q = Question("What is the RPO?", "15 minutes", ("15", "min"), "ARC-001-REQ-v1.0", "NFR-A-002")


def test_a_right_answer_needs_the_terms_and_a_citation_from_the_source_document() -> None:
    cited = {"document": "ARC-001-REQ-v1.0.md", "heading": "NFR-A-002 Recovery", "text": "RPO 15 minutes"}
    ok = judge_answer(Q, {"answer": "RPO: 15 minutes", "citations": [cited]})
    assert ok["correct"] and ok["right_passage"]
    other_doc = judge_answer(Q, {"answer": "RPO: 15 minutes",
                                 "citations": [{**cited, "document": "ARC-001-DPIA-v1.0.md"}]})
    assert not other_doc["correct"]
    missing_term = judge_answer(Q, {"answer": "RPO: fifteen", "citations": [cited]})
    assert not missing_term["correct"]
    wrong_passage = judge_answer(Q, {"answer": "15 min", "citations": [{**cited, "heading": "NFR-A-001",
                                                                         "text": "availability"}]})
    assert wrong_passage["correct"] and not wrong_passage["right_passage"]
    summary = summarise_answers([ok, other_doc, missing_term, wrong_passage])
    assert summary == {"n": 4, "correct": 0.5, "correct_with_right_passage": 0.25, "right_passage": 0.5,
                       "terms_in_answer": 0.75}


def test_the_second_format_counts_any_accepted_form_and_names_documents_without_their_version(
        tmp_path: Path) -> None:
    qfile = tmp_path / "p.yaml"
    qfile.write_text("questions:\n"
                     "  - id: q1\n    question: What is the RTO?\n    answer: 15 minutes\n"
                     "    accept: ['15 min', 'fifteen minutes']\n"
                     "    source: {document: ARC-001-REQ-v1.0.md, where: NFR-A-2 Disaster Recovery}\n")
    (q,) = load_questions(qfile)
    cited = {"document": "ARC-001-REQ-v2.0", "heading": "NFR-A-2 Disaster recovery", "text": "RTO 15 minutes"}
    assert judge_answer(q, {"answer": "RTO: fifteen  minutes.", "citations": [cited]})["correct"]
    assert judge_answer(q, {"answer": "RTO: 15 min", "citations": [cited]})["right_passage"]
    assert not judge_answer(q, {"answer": "RTO: 4 hours", "citations": [cited]})["correct"]
    assert not judge_answer(q, {"answer": "15 min", "citations": [{**cited, "document": "ARC-001-DPIA-v1.0"}]})[
        "correct"]
    # an annotator's note after the file name names the same document
    noted = tmp_path / "noted.yaml"
    noted.write_text(qfile.read_text().replace("document: ARC-001-REQ-v1.0.md", "document: 'ARC-001-REQ-v1.0.md (projects/"
                                                                               "000-global)'"))
    (q_noted,) = load_questions(noted)
    assert judge_answer(q_noted, {"answer": "RTO: 15 min", "citations": [cited]})["correct"]
    assert not judge_answer(q_noted, {"answer": "15 min", "citations": [{**cited, "document": "ARC-001-DPIA-v1.0"}]})[
        "correct"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions:\n  - {id: q1, question: 'What?', source: {where: x}}\n")
    with pytest.raises(InvalidInputError, match="needs question, source.document"):
        load_questions(bad)


def test_a_figure_only_inside_the_quoted_sources_was_not_given_as_the_answer() -> None:
    cited = {"document": "ARC-001-REQ-v1.0.md", "heading": "NFR-A-002 Recovery", "text": "RPO 15 minutes"}
    quoted_only = "< 2 seconds for page load [1]\n\nSource (quoted, offline mode):\n- \"RPO 15 minutes\" [1]"
    assert not judge_answer(Q, {"answer": quoted_only, "citations": [cited]})["terms_in_answer"]
    led = "15 minutes for RPO (NFR-A-002) [1]\n\nSource (quoted, offline mode):\n- \"RPO 15 minutes\" [1]"
    assert judge_answer(Q, {"answer": led, "citations": [cited]})["correct"]
