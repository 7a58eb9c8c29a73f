"""Draft view: section status, evidence, open questions, preview, hand edits checked by the schema, history."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from assistant.workspace import get_workspace
from tests.ui.conftest import make_project, open_page, save_seeded, texts


def _form_button(at: AppTest, form: str):  # noqa: ANN202
    return next(b for b in at.button if b.form_id == form)


def test_sections_show_status_evidence_and_open_questions(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)
    app.run()
    open_page(app, "draft", **{"ui.draft.section": 7})
    assert not app.exception
    labels = [e.label for e in app.expander]
    assert "7. Model Monitoring — Drafted, 1 open question" in labels
    assert "1. ML System Overview — Not started" in labels
    # The evidence opens to the document, the place and the quoted passage.
    evidence = next(e for e in app.expander if e.label.startswith("[R-C1] requirements.md"))
    assert "3. Performance requirements" in evidence.label
    assert any("p99 latency shall not exceed 300 ms" in m.value for m in evidence.markdown)
    assert "Who receives drift alerts out of hours?" in texts(app)


def test_preview_renders_the_whole_document(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)
    app.run()
    open_page(app, "draft")
    preview = "\n".join(m.value for m in app.tabs[1].markdown)
    assert "Model Monitoring" in preview and "PSI > 0.2" in preview


def test_json_edit_is_checked_against_the_schema_then_saved_as_a_version(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)
    app.run()
    open_page(app, "draft", **{"ui.draft.section": 7})
    editor = next(t for t in app.text_area if t.label.startswith("7. Model Monitoring"))
    editor.input("{not json")
    _form_button(app, "json-7").click().run()
    assert "not valid JSON" in texts(app)

    section = get_workspace().latest_draft(project.key).strategy["monitoring"]
    section["data_drift"][0]["colour"] = "blue"
    editor = next(t for t in app.text_area if t.label.startswith("7. Model Monitoring"))
    editor.input(json.dumps(section))
    _form_button(app, "json-7").click().run()
    assert "field `data_drift.0.colour`" in texts(app)
    assert get_workspace().latest_draft(project.key).number == 1

    del section["data_drift"][0]["colour"]
    section["data_drift"][0]["threshold"] = "PSI > 0.1"
    editor = next(t for t in app.text_area if t.label.startswith("7. Model Monitoring"))
    editor.input(json.dumps(section))
    _form_button(app, "json-7").click().run()
    assert not app.exception
    latest = get_workspace().latest_draft(project.key)
    assert latest.number == 2 and latest.strategy["monitoring"]["data_drift"][0]["threshold"] == "PSI > 0.1"


def test_document_control_edit_updates_project_and_draft(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)
    app.run()
    open_page(app, "draft")
    owner = next(t for t in app.text_input if t.form_id == "draft-control" and t.label == "Owner")
    owner.input("Chief Data Officer")
    next(s for s in app.selectbox if s.form_id == "draft-control" and s.label == "Status").select("IN_REVIEW")
    _form_button(app, "draft-control").click().run()
    assert not app.exception
    latest = get_workspace().latest_draft(project.key)
    assert latest.strategy["document_control"]["owner"] == "Chief Data Officer"
    assert latest.strategy["document_control"]["status"] == "IN_REVIEW"
    assert get_workspace().get_project(project.key).owner == "Chief Data Officer"


def test_history_lists_versions_and_diffs_the_rendered_markdown(app: AppTest) -> None:
    project = make_project("Alpha")
    strategy = save_seeded(project)
    changed = strategy.model_copy(deep=True)
    changed.monitoring.data_drift[0].threshold = "PSI > 0.25"
    get_workspace().save_draft(project.key, changed.model_dump(mode="json"), note="Stricter drift")
    app.run()
    open_page(app, "draft")
    diff = "\n".join(c.value for c in app.code)
    assert "--- version 1" in diff and "+++ version 2" in diff
    assert "-| Claim features | PSI | PSI > 0.2 |" in diff.replace("\\>", ">") or "PSI > 0.25" in diff
    assert "Stricter drift" in str(app.dataframe[0].value)


def test_drafting_reports_honestly_when_the_engine_is_missing_or_drafts(app: AppTest) -> None:
    make_project("Alpha")
    app.run()
    open_page(app, "draft")
    assert "nothing drafted yet" in texts(app)
    next(b for b in app.button if b.label == "Draft this section").click().run()
    assert not app.exception
    shown = texts(app)
    assert "not available" in shown or "Drafted" in shown


def _edit_section_7(app: AppTest, project_key: str, *, drift_threshold: str, version: int) -> None:
    section = get_workspace().get_draft(project_key, version).strategy["monitoring"]
    section["data_drift"][0]["threshold"] = drift_threshold
    editor = next(t for t in app.text_area if t.label.startswith("7. Model Monitoring"))
    editor.input(json.dumps(section))
    _form_button(app, "json-7").click().run()


def test_a_concurrent_change_to_the_same_section_is_a_conflict_the_person_resolves(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)
    app.run()
    open_page(app, "draft", **{"ui.draft.section": 7})  # this person starts editing section 7 at version 1
    # Someone else saves a change to section 7 meanwhile.
    theirs = get_workspace().latest_draft(project.key).strategy
    theirs["monitoring"]["data_drift"][0]["threshold"] = "PSI > 0.15"
    get_workspace().save_draft(project.key, theirs, note="their edit", sections=(7,))
    assert get_workspace().latest_draft(project.key).number == 2

    _edit_section_7(app, project.key, drift_threshold="PSI > 0.3", version=1)
    # Nothing of theirs is overwritten silently: both sides are shown and nothing new is saved.
    assert "changed by someone else (version 2)" in texts(app)
    assert get_workspace().latest_draft(project.key).number == 2
    shown = "\n".join(c.value for c in app.code)
    assert "PSI > 0.15" in shown and "PSI > 0.3" in shown

    next(b for b in app.button if b.label == "Keep mine (save over theirs)").click().run()
    latest = get_workspace().latest_draft(project.key)
    assert latest.number == 3 and latest.strategy["monitoring"]["data_drift"][0]["threshold"] == "PSI > 0.3"
    events = get_workspace().audit_events(project.key, kind="ui.edit_conflict")
    assert events and events[-1].detail["kept"] == "mine"
