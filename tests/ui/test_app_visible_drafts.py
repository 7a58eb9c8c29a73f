"""Drafts you can see: the drafted section in the chat reply and on the Draft page, with sources that open to
their passage; one version per user action; a full redraft asks before it replaces hand edits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assistant.drafting import ChatEvent
from assistant.drafting.engine import DraftOutcome
from assistant.ui import services
from assistant.workspace import get_workspace
from tests.ui.conftest import make_project, open_page, save_seeded, seeded_strategy, texts


@pytest.fixture()
def drafting_engine(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """A chat engine that drafts section 7 the way the real one does: two saves (the section, then its
    citations), the reply naming the version, the meta the UI reads."""
    calls: list[dict[str, Any]] = []

    def turn(project: Any, message: str, *, provider: Any, document_ids: list[str] | None) -> Iterator[Any]:
        calls.append({"message": message})
        ws = get_workspace()
        ws.add_message(project.key, "user", message)
        strategy = seeded_strategy(project).model_dump(mode="json")
        ws.save_draft(project.key, strategy, note="section 7 drafted (offline)")
        saved = ws.save_draft(project.key, strategy, note="section 7 citations")
        yield ChatEvent(kind="section_saved", text=f"Section 7 saved as version {saved.number}")
        reply = f"Drafted section(s) 7. Saved as version {saved.number}."
        ws.add_message(project.key, "assistant", reply,
                       meta={"intent": "draft", "sections": [7], "version": saved.number, "provider": "offline"})
        yield ChatEvent(kind="final", text=reply)

    monkeypatch.setattr(services, "chat_turn", turn)
    return calls


def test_a_chat_draft_shows_the_section_with_sources_that_open(app: AppTest, drafting_engine: list) -> None:
    project = make_project("Alpha")
    app.run()
    app.chat_input[0].set_value("Draft section 7").run()
    assert not app.exception
    shown = texts(app)
    assert "## 7. Model Monitoring" in shown and "PSI > 0.2" in shown  # the drafted text, rendered
    assert "[R-C1]" in shown  # cited by its ArcKit marker ...
    assert "doc1:abc:3" not in shown  # ... never by the internal chunk ID
    source = next(e for e in app.expander if e.label.startswith("[R-C1] requirements.md"))
    assert any("p99 latency shall not exceed 300 ms" in m.value for m in source.markdown)
    # the two saves of the one message are one version
    assert [v.number for v in get_workspace().draft_history(project.key)] == [1]
    assert [s["note"] for s in get_workspace().latest_draft(project.key).steps] == [
        "section 7 drafted (offline)", "section 7 citations"]


def test_the_draft_page_shows_the_drafted_text_of_a_section(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)
    app.run()
    open_page(app, "draft", **{"ui.draft.section": 7})
    section = next(e for e in app.expander if e.label.startswith("7. Model Monitoring"))
    text = "\n".join(m.value for m in section.markdown)
    # cited by its marker, shown as a link to its passage (tests/ui/test_app_citation_links.py)
    assert "PSI > 0.2" in text and "[\\[R-C1\\]](#cite-s7-r-c1)" in text and "doc1:abc:3" not in text


def test_a_whole_document_draft_is_one_version_with_its_sections_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project("Alpha")
    strategy = seeded_strategy(project)

    def draft_document(project: Any, **kwargs: Any) -> DraftOutcome:
        for number in (1, 2, 7):  # the engine saves each section the moment it is finished
            get_workspace().save_draft(project.key, strategy.model_dump(mode="json"), note=f"section {number} drafted")
        return DraftOutcome(strategy=strategy, version=get_workspace().latest_draft(project.key).number)

    monkeypatch.setattr(services, "draft_document", draft_document)
    outcome = services.draft(project, sections=None, provider=None, document_ids=None, on_event=lambda e: None)
    history = get_workspace().draft_history(project.key)
    assert outcome.version == 1 and len(history) == 1
    assert history[0].note == "Drafted all sections"
    assert [s["note"] for s in history[0].steps] == ["section 1 drafted", "section 2 drafted", "section 7 drafted"]
    services.draft(project, sections=[7], provider=None, document_ids=None, on_event=lambda e: None)
    assert [v.number for v in get_workspace().draft_history(project.key)] == [1, 2]


def test_a_full_redraft_over_hand_edits_asks_and_keeps_them(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project("Alpha")
    save_seeded(project, note="section 7 drafted (offline)")
    get_workspace().save_draft(project.key, seeded_strategy(project).model_dump(mode="json"),
                               note=services.HAND_EDIT_NOTE.format(number=7))
    asked: list[list[int] | None] = []

    def draft(project: Any, *, sections: list[int] | None, **kwargs: Any) -> DraftOutcome:
        asked.append(sections)
        return DraftOutcome(strategy=seeded_strategy(project), version=None)

    monkeypatch.setattr(services, "draft", draft)
    app.run()
    open_page(app, "draft")
    next(b for b in app.button if b.label == "Draft all sections").click().run()
    assert not asked  # nothing drafted yet: it asks first
    assert "You edited 7. Model Monitoring by hand" in texts(app)
    next(b for b in app.button if b.label == "Keep my edits, draft the rest").click().run()
    assert asked and asked[0] is not None and 7 not in asked[0] and 1 in asked[0]


def test_hand_edits_count_until_the_section_is_drafted_again() -> None:
    project = make_project("Alpha")
    ws = get_workspace()
    ws.save_draft(project.key, {}, note=services.HAND_EDIT_NOTE.format(number=3))
    ws.save_draft(project.key, {}, note=services.HAND_EDIT_NOTE.format(number=7))
    assert services.hand_edited_sections(project.key) == [3, 7]
    with ws.one_version(project.key, "Drafted all sections"):
        ws.save_draft(project.key, {}, note="section 7 drafted (offline)")
    assert services.hand_edited_sections(project.key) == [3]
