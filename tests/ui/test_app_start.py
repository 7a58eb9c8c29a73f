"""First start: the knowledge base builds behind a spinner, and the sample project shows a cited section."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.workspace import get_workspace
from tests.ui.conftest import APP, TIMEOUT, texts


def test_first_start_builds_the_knowledge_base() -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    status = at.session_state["ui.kb_status"]
    assert status.startswith("Knowledge base ready"), status
    assert status in texts(at)


def test_try_the_sample_project_drafts_a_cited_section_offline(app: AppTest) -> None:
    app.run()
    next(b for b in app.button if b.label == "Try the sample project").click().run()
    assert not app.exception
    project = get_workspace().get_project("sample-benefits-fraud")
    assert project is not None
    assert get_workspace().list_documents(project.key)
    latest = get_workspace().latest_draft(project.key)
    assert latest is not None, texts(app)
    assert [t.value for t in app.title] == ["Draft"]
    assert any(e.label.startswith("7. Model Monitoring — Drafted") for e in app.expander)
    # Its evidence opens to the passage it came from (document and quoted text).
    evidence = [e for e in app.expander if e.label.startswith("[")]
    assert evidence and any(m.value.startswith("> ") and "No passage" not in m.value for e in evidence for m in e.markdown)
