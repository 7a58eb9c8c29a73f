"""`mlops-assistant draft` and `chat` through the CLI (simulated provider injected via get_provider)."""

from __future__ import annotations

import json

from drafting_data import MONITORING, MemoryRetriever
from typer.testing import CliRunner

from assistant.cli import app
from assistant.drafting.simulated import SimulatedProvider


def _patch(monkeypatch, provider) -> None:
    monkeypatch.setattr("assistant.drafting.commands._provider", lambda name: provider)
    monkeypatch.setattr("assistant.drafting.evidence.default_retriever", lambda: MemoryRetriever())
    monkeypatch.setattr("assistant.drafting.chat.default_retriever", lambda: MemoryRetriever())


def test_draft_command_writes_markdown_and_json(project, tmp_path, monkeypatch, no_retry, all_apply) -> None:
    _patch(monkeypatch, SimulatedProvider(sections={7: MONITORING}, retry=no_retry))
    md, js = tmp_path / "out.md", tmp_path / "out.json"
    result = CliRunner().invoke(app, ["draft", "--project", project, "--section", "7", "-o", str(md), "--json-out", str(js)])
    assert result.exit_code == 0, result.output
    assert "PSI > 0.2" in md.read_text() and "## 7." in md.read_text()
    assert json.loads(js.read_text())["monitoring"]["data_drift"][0]["threshold"] == "PSI > 0.2"


def test_draft_bad_section_exits_2(project, monkeypatch, no_retry) -> None:
    _patch(monkeypatch, SimulatedProvider(retry=no_retry))
    result = CliRunner().invoke(app, ["draft", "--project", project, "--section", "16"])
    assert result.exit_code == 2 and "sections are numbered 1-15" in result.output


def test_chat_one_turn_offline(project, monkeypatch) -> None:
    from assistant.llm import get_provider

    _patch(monkeypatch, get_provider("offline"))
    result = CliRunner().invoke(app, ["chat", "--project", project, "--message", "What does FR-007 require?"])
    assert result.exit_code == 0, result.output
    assert "[1]" in result.output and "requirements.md, p.3" in result.output


def test_draft_plan_prints_the_outline_and_drafts_nothing(project, monkeypatch, no_retry) -> None:
    from assistant.workspace import get_workspace

    _patch(monkeypatch, SimulatedProvider(sections={7: MONITORING}, retry=no_retry))
    for flag in ("--plan", "--outline"):
        result = CliRunner().invoke(app, ["draft", "--project", project, flag])
        assert result.exit_code == 0, result.output
        assert " 7. Model Monitoring" in result.output and "[ ]  9. LLM/GenAI Operations" in result.output
    assert get_workspace().latest_draft(project) is None


def test_a_multi_section_draft_is_one_version_with_each_section_a_step(project, monkeypatch) -> None:
    """One `draft` command is one version (as one app action is): its sections are the steps inside it, and a
    second command is the next version, not fifteen more."""
    from assistant.llm import get_provider
    from assistant.workspace import get_workspace

    _patch(monkeypatch, get_provider("offline"))
    ws = get_workspace()
    before = len(ws.draft_history(project))
    result = CliRunner().invoke(app, ["draft", "--project", project, "--section", "6", "--section", "7",
                                      "--section", "8"])
    assert result.exit_code == 0, result.output
    versions = ws.draft_history(project)
    assert len(versions) == before + 1
    latest = versions[-1]
    assert latest.note == "Drafted section(s) 6, 7, 8"
    assert [step["note"] for step in latest.steps] == [f"section {n} drafted (offline)" for n in (6, 7, 8)]
    assert "(version 1)" in result.output and "(version 2)" not in result.output

    result = CliRunner().invoke(app, ["draft", "--project", "001"])  # all sections, by the project's 3-digit ID
    assert result.exit_code == 0, result.output
    versions = ws.draft_history(project)
    assert len(versions) == before + 2 and versions[-1].note == "Drafted all sections"
    assert len(versions[-1].steps) > 3


def test_a_chat_turn_that_drafts_is_one_version(project, monkeypatch) -> None:
    from assistant.llm import get_provider
    from assistant.workspace import get_workspace

    _patch(monkeypatch, get_provider("offline"))
    result = CliRunner().invoke(app, ["chat", "--project", project, "--message", "draft sections 6 and 7"])
    assert result.exit_code == 0, result.output
    versions = get_workspace().draft_history(project)
    assert len(versions) == 1 and versions[0].note == "Chat: draft sections 6 and 7"
    assert len(versions[0].steps) == 2
