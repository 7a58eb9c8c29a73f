"""Chat turns: routing for each intent (commands, offline classifier, model routing), citations, history."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.chat import classify_offline, handle_turn, parse_command
from assistant.drafting.simulated import SimulatedProvider
from assistant.errors import InvalidInputError
from assistant.llm import get_provider
from assistant.strategy import Strategy
from assistant.workspace import get_workspace

from drafting_data import CORPUS, MODELS, MONITORING


@pytest.mark.parametrize(("message", "has_draft", "intent", "sections"), [
    # a question names a section only by number or as "the X section" (a topic word is not a reference)
    ("What does FR-007 say about drift?", True, "ask", []),
    ("What does the drift section say about PSI?", True, "ask", [7]),
    ("draft section 7", False, "draft", [7]),
    ("Please draft it all", False, "draft", []),
    ("make the drift thresholds stricter", True, "revise", [7]),
    ("make the drift thresholds stricter", False, "draft", [7]),
    ("review this please, any gaps?", True, "review", []),
    ("export it as a Word document", True, "export", []),
])
def test_offline_classifier(message, has_draft, intent, sections) -> None:
    route = classify_offline(message, has_draft=has_draft)
    assert route.intent == intent and route.sections == sections
    if intent == "export":
        assert route.format == "docx"


@pytest.mark.parametrize(("command", "intent", "sections", "extra"), [
    ("/draft 7", "draft", [7], None),
    ("/draft all", "draft", [], None),
    ("/draft 7 8", "draft", [7, 8], None),
    ("/revise 7 make thresholds stricter", "revise", [7], "make thresholds stricter"),
    ("/review", "review", [], None),
    ("/export docx", "export", [], "docx"),
])
def test_commands(command, intent, sections, extra) -> None:
    route = parse_command(command)
    assert route.intent == intent and route.sections == sections
    if intent == "revise":
        assert route.instruction == extra
    if intent == "export":
        assert route.format == extra


def test_bad_commands_are_clear() -> None:
    with pytest.raises(InvalidInputError, match="unknown command"):
        parse_command("/frobnicate")
    with pytest.raises(InvalidInputError, match="usage: /revise"):
        parse_command("/revise stricter")


def _events(project, message, **kwargs):
    return list(handle_turn(project, message, **kwargs))


def test_offline_ask_quotes_passages_with_resolving_citations(project, retriever) -> None:
    events = _events(project, "What does FR-007 require for drift monitoring?", provider=get_provider("offline"),
                     retriever=retriever)
    kinds = [e.kind for e in events]
    assert kinds[0] == "step" and "text" in kinds and kinds[-1] == "final"
    assert any(e.kind == "step" and e.text == "Retrieving" for e in events)
    final = events[-1]
    assert "[1]" in final.text and "population stability index exceeds 0.2" in final.text
    cites = final.data["citations"]
    first = cites[0]
    chunk = next(c for c in CORPUS if c["chunk_id"] == first["chunk_id"])
    # [1] resolves to document, page, heading and a quoted snippet of that chunk
    assert first["number"] == 1 and first["document"] == chunk["document"] and first["page"] == chunk["page"]
    assert first["heading"] == chunk["heading"] and first["snippet"] in chunk["text"]
    history = get_workspace().messages(project)
    assert [m.role for m in history] == ["user", "assistant"] and history[1].citations == cites
    assert history[1].meta["intent"] == "ask"


def test_generative_ask_streams_and_keeps_only_cited_passages(project, retriever) -> None:
    provider = SimulatedProvider(text="Drift is checked weekly and alerts above 0.2 [1]. Retraining is quarterly [2].",
                                 route={"intent": "ask", "sections": []})
    events = _events(project, "How is drift handled?", provider=provider, retriever=retriever)
    deltas = [e.text for e in events if e.kind == "text"]
    assert len(deltas) > 3 and "".join(deltas).endswith("[2].")
    assert {e.text for e in events if e.kind == "step"} >= {"Routing", "Retrieving", "Answering", "Checking"}
    cites = events[-1].data["citations"]
    assert [c["number"] for c in cites] == [1, 2]
    audit = get_workspace().audit_events(project, kind="generation")
    assert audit[-1].detail["prompt_id"] == "answer_question"


def test_model_routes_to_export(project, retriever, no_retry, all_apply) -> None:
    provider = SimulatedProvider(route={"intent": "draft", "sections": [2]}, sections={2: MODELS}, retry=no_retry)
    _events(project, "write up the model inventory", provider=provider, retriever=retriever)
    provider.route = {"intent": "export", "sections": [], "format": "md"}
    events = _events(project, "give me the document", provider=provider, retriever=retriever)
    path = Path(events[-1].data["path"])
    assert path.exists() and path.name == "ARC-001-MLOPS-v1.0.md" and "ML-001" in path.read_text()


def test_draft_command_saves_sections(project, retriever, no_retry, all_apply) -> None:
    provider = SimulatedProvider(sections={7: MONITORING}, retry=no_retry)
    events = _events(project, "/draft 7", provider=provider, retriever=retriever)
    saved = [e for e in events if e.kind == "section_saved"]
    assert len(saved) == 1 and saved[0].data["section"] == 7 and saved[0].data["version"] == 1
    assert any(e.kind == "step" and e.text.startswith("Drafting section 7") for e in events)
    assert "Drafted section(s) 7" in events[-1].text and events[-1].data["intent"] == "draft"


def test_revise_with_model_keeps_other_sections(project, retriever, no_retry, all_apply) -> None:
    provider = SimulatedProvider(sections={2: MODELS, 7: MONITORING}, retry=no_retry)
    _events(project, "/draft 2 7", provider=provider, retriever=retriever)
    stricter = {"data_drift": [{"feature_group": "All features", "method": "PSI", "threshold": "PSI > 0.1",
                                "action": "Alert", "provenance": {"evidence": ["FR-007"]}}]}
    provider.sections = {7: stricter}
    events = _events(project, "/revise 7 set the drift threshold to 0.1", provider=provider, retriever=retriever)
    assert any(e.kind == "section_saved" for e in events)
    saved = Strategy.model_validate(get_workspace().latest_draft(project).strategy)
    assert saved.monitoring.data_drift[0].threshold == "PSI > 0.1"  # 0.1 came from the user: not flagged
    assert saved.model_inventory.models[0].model_id == "ML-001"
    assert saved.document_control.version == "1.1" and "revise_section@" in saved.revision_history[-1].changes
    revise_request = provider.requests[-1]
    assert "set the drift threshold to 0.1" in revise_request.messages[0]["content"]


def test_offline_revise_rule_based_and_honest(project, retriever, no_retry, all_apply) -> None:
    _events(project, "/draft 2 7", provider=SimulatedProvider(sections={2: MODELS, 7: MONITORING}, retry=no_retry),
            retriever=retriever)
    offline = get_provider("offline")
    events = _events(project, "/revise 7 make the drift thresholds stricter", provider=offline, retriever=retriever)
    saved = Strategy.model_validate(get_workspace().latest_draft(project).strategy)
    row = saved.monitoring.data_drift[0]
    assert row.threshold == "PSI > 0.1" and row.provenance.basis == "recommendation"
    assert row.provenance.evidence == ["FR-007"] and "stricter" in row.provenance.rationale
    assert saved.model_inventory.models[0].model_id == "ML-001"
    assert "'PSI > 0.2' -> 'PSI > 0.1'" in events[-1].text
    events = _events(project, "/revise 7 translate it into Welsh", provider=offline, retriever=retriever)
    assert events[-1].kind == "final" and "supports only" in events[-1].text
    assert any(e.kind == "error" for e in events)


def test_review_and_export_need_a_draft(project, retriever) -> None:
    offline = get_provider("offline")
    assert "no draft to review" in _events(project, "/review", provider=offline, retriever=retriever)[-1].text
    assert "no draft to export" in _events(project, "/export md", provider=offline, retriever=retriever)[-1].text


def test_review_runs_the_review_engine(project, retriever, no_retry, all_apply) -> None:
    _events(project, "/draft 7", provider=SimulatedProvider(sections={7: MONITORING}, retry=no_retry), retriever=retriever)
    events = _events(project, "/review", provider=get_provider("offline"), retriever=retriever)
    assert any(e.kind == "step" and e.text == "Reviewing" for e in events)
    final = events[-1]
    assert final.data["intent"] == "review" and final.data["findings"] >= 1 and "finding" in final.text


def test_offline_answer_quotes_the_statement_of_the_requirement_asked_about() -> None:
    from assistant.drafting.chat import extractive_answer
    from assistant.drafting.evidence import Evidence

    hit = Evidence(id="c1", requirement_ids=("NFR-P-001",), document="reqs.md",
                   text="**Statement**: Online scoring SHALL respond within 300 ms at the 99th percentile. "
                        "**Priority**: MUST")
    answer = extractive_answer("What does NFR-P-001 require?", [hit])
    assert "300 ms at the 99th percentile" in answer


def test_show_outline_and_unclear_act_as_asked(project, retriever, no_retry, all_apply) -> None:
    offline = get_provider("offline")
    assert "no draft yet" in _events(project, "show me section 7", provider=offline, retriever=retriever)[-1].text
    outline = _events(project, "give me an outline", provider=offline, retriever=retriever)[-1]
    assert outline.data["intent"] == "outline" and "Approve" in outline.text
    assert get_workspace().latest_draft(project) is None  # the outline drafts nothing
    _events(project, "/draft 7", provider=SimulatedProvider(sections={7: MONITORING}, retry=no_retry),
            retriever=retriever)
    shown = _events(project, "show me section 7", provider=offline, retriever=retriever)[-1]
    assert shown.data["intent"] == "show" and "## 7." in shown.text and "PSI > 0.2" in shown.text
    assert "## 6." not in shown.text
    unclear = _events(project, "section 7", provider=offline, retriever=retriever)[-1]
    assert unclear.data["intent"] == "unclear" and unclear.text.rstrip().endswith("?")


def test_offline_answer_leads_with_the_figure_and_skips_guidance(project, retriever) -> None:
    final = _events(project, "What p99 latency must scoring meet?", provider=get_provider("offline"),
                    retriever=retriever)[-1]
    first_line = final.text.splitlines()[0]
    assert "300 ms" in first_line and "NFR-P-001" in first_line
    assert all(c["document"] != "knowledge/drift-monitoring.md" for c in final.data["citations"])
    assert retriever.calls[-1][2] == "project"


def test_questions_about_the_draft_are_answered_from_it(project, retriever, no_retry, all_apply) -> None:
    _events(project, "/draft 7", provider=SimulatedProvider(sections={7: MONITORING}, retry=no_retry),
            retriever=retriever)
    final = _events(project, "What threshold did you put for drift?", provider=get_provider("offline"),
                    retriever=retriever)[-1]
    assert "0.2" in final.text.splitlines()[0]
    assert final.data["citations"][0]["document"].startswith("ARC-001-MLOPS")


def test_chat_json_one_turn(project, monkeypatch) -> None:
    import json

    from typer.testing import CliRunner

    from assistant.cli import app

    monkeypatch.setattr("assistant.drafting.chat.default_retriever", lambda: __import__("drafting_data").MemoryRetriever())
    result = CliRunner().invoke(app, ["chat", "--project", project, "--provider", "offline", "--json",
                                      "--message", "What does FR-007 require for drift monitoring?"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["intent"] == "ask" and "0.2" in out["answer"]
    assert set(out["citations"][0]) == {"document", "heading", "chunk_id", "text"}
