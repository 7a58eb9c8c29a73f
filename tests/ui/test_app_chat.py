"""Chat: streamed answers with steps and numbered citations, history that persists, feedback, attachments."""

from __future__ import annotations

import re

from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assistant.errors import AssistantError
from assistant.ui import services
from assistant.workspace import get_workspace
from tests.ui.conftest import APP, REQUIREMENTS, TIMEOUT, make_project, texts

CITATION = {"number": 1, "chunk_id": "doc1:abc:3", "document": "requirements.md", "page": None,
            "heading": "3. Performance requirements", "snippet": "NFR-P-001: p99 latency shall not exceed 300 ms."}


@pytest.fixture()
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """A scripted engine with the real event type; like the real one it saves both messages itself."""
    from assistant.drafting import ChatEvent

    calls: list[dict[str, Any]] = []

    def turn(project: Any, message: str, *, provider: Any, document_ids: list[str] | None) -> Iterator[Any]:
        calls.append({"message": message, "provider": provider.name, "document_ids": document_ids})
        get_workspace().add_message(project.key, "user", message)
        yield ChatEvent(kind="step", text="Retrieving")
        yield ChatEvent(kind="text", text="The p99 latency target is ")
        yield ChatEvent(kind="text", text="300 ms [1].")
        yield ChatEvent(kind="citations", data={"citations": [CITATION]})
        yield ChatEvent(kind="step", text="Checking")
        reply = "The p99 latency target is 300 ms [1]."
        saved = get_workspace().add_message(project.key, "assistant", reply, citations=[CITATION],
                                            meta={"intent": "ask", "provider": provider.name})
        yield ChatEvent(kind="final", text=reply, data={"message": saved, "citations": [CITATION]})

    monkeypatch.setattr(services, "chat_turn", turn)
    return calls


def test_answer_streams_with_steps_and_numbered_citations(app: AppTest, fake_engine: list) -> None:
    project = make_project("Alpha")
    app.run()
    app.chat_input[0].set_value("What is the latency target?").run()
    assert not app.exception
    assert fake_engine[0]["provider"] == "offline"
    messages = get_workspace().messages(project.key)
    assert [(m.role, m.content) for m in messages] == [
        ("user", "What is the latency target?"), ("assistant", "The p99 latency target is 300 ms [1].")]
    assert messages[1].citations[0]["document"] == "requirements.md"
    # The re-run shows the stored answer with its source, which opens to the quoted passage.
    source = next(e for e in app.expander if e.label.startswith("[1] requirements.md"))
    assert any("300 ms" in m.value for m in source.markdown)


def test_chat_input_is_disabled_while_a_stream_runs(app: AppTest) -> None:
    make_project("Alpha")
    app.run()
    from streamlit.proto.ChatInput_pb2 import ChatInput

    assert app.chat_input[0].proto.submit_mode == ChatInput.SubmitMode.SUBMIT_MODE_DISABLE


def test_history_and_feedback_persist_across_a_reload(app: AppTest, fake_engine: list) -> None:
    project = make_project("Alpha")
    app.run()
    app.chat_input[0].set_value("What is the latency target?").run()
    app.feedback[0].set_value(1).run()
    assert get_workspace().messages(project.key)[1].feedback == 1
    app.feedback[0].set_value(0).run()
    assert get_workspace().messages(project.key)[1].feedback == -1
    reloaded = AppTest.from_file(APP, default_timeout=TIMEOUT)
    reloaded.query_params["project"] = project.key
    reloaded.run()
    assert "What is the latency target?" in [m.value for m in reloaded.markdown]
    assert reloaded.feedback[0].value == 0


def test_suggestion_runs_a_turn(app: AppTest, fake_engine: list) -> None:
    make_project("Alpha")
    app.run()
    app.button_group[0].set_value("Draft section 7").run()
    assert fake_engine and fake_engine[0]["message"] == "Draft section 7"


def test_a_failing_engine_is_said_plainly(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: Any, **kwargs: Any) -> Iterator[Any]:
        raise AssistantError("The provider refused the request: quota exceeded.")

    monkeypatch.setattr(services, "chat_turn", failing)
    project = make_project("Alpha")
    app.run()
    app.chat_input[0].set_value("hello").run()
    assert "quota exceeded" in texts(app)
    assert "Stopped" in [s.label for s in app.status]
    assert get_workspace().messages(project.key) == []


def test_attaching_a_file_to_a_message_indexes_it(app: AppTest) -> None:
    project = make_project("Alpha")
    app.run()
    app.chat_input[0].upload(REQUIREMENTS.name, REQUIREMENTS.read_bytes(), "text/markdown").run()
    assert not app.exception
    docs = get_workspace().list_documents(project.key)
    assert [d.filename for d in docs] == [REQUIREMENTS.name]
    assert "BR-001" in docs[0].requirement_ids
    assert f"{REQUIREMENTS.name}: ingested" in texts(app)


def test_real_engine_answers_offline_with_citations(app: AppTest) -> None:
    project = make_project("Alpha")
    app.run()
    app.chat_input[0].upload(REQUIREMENTS.name, REQUIREMENTS.read_bytes(), "text/markdown")
    app.chat_input[0].set_value("What is the p99 latency requirement?").run()
    assert not app.exception
    messages = get_workspace().messages(project.key)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].citations, messages[1].content
    # each cited passage opens from a numbered expander (the answer may cite only some of its retrieved passages)
    assert any(re.match(r"\[\d+\] \S", e.label) for e in app.expander), [e.label for e in app.expander]
