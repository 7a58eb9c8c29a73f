"""Review: findings grouped by severity and section, each linking to its section, fixes applied as versions."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.workspace import get_workspace
from tests.ui.conftest import make_project, open_page, save_seeded, texts

FINDINGS = [
    {"rule": "model-owner", "severity": "major", "section": 2, "message": "No model has an owner.",
     "fix": "Name the owner of each model.", "fixable": True, "data": {}},
    {"rule": "doc-status", "severity": "minor", "section": None, "message": "Still a DRAFT.",
     "fix": "Move to IN_REVIEW when ready.", "fixable": False, "data": {}},
    {"rule": "monitoring-thresholds", "severity": "blocking", "section": 7, "message": "No drift threshold.",
     "fix": "State a PSI threshold.", "fixable": False, "data": {}},
]


def _with_review(version: int = 1):  # noqa: ANN202
    project = make_project("Alpha")
    save_seeded(project)
    get_workspace().update_project(project.key, settings={"last_review": {"version": version, "findings": FINDINGS,
                                                                           "summary": {"text": "3 findings."}}})
    return project


def test_findings_grouped_by_severity_then_section(app: AppTest) -> None:
    _with_review()
    app.run()
    open_page(app, "review")
    assert not app.exception
    assert [s.value for s in app.subheader] == ["Blocking (1)", "Major (1)", "Minor (1)"]
    shown = texts(app)
    assert "**7. Model Monitoring**" in shown and "**Whole document**" in shown
    assert any("No drift threshold." in e.value for e in app.error)


def test_open_section_jumps_to_the_draft_view(app: AppTest) -> None:
    _with_review()
    app.run()
    open_page(app, "review")
    next(b for b in app.button if b.key == "ui.rv.open.2").click().run()
    assert [t.value for t in app.title] == ["Draft"]
    opened = [e.label for e in app.expander if e.proto.expanded]
    assert any(label.startswith("7. Model Monitoring") for label in opened)


def test_apply_fix_saves_a_new_version(app: AppTest) -> None:
    project = _with_review()
    app.run()
    open_page(app, "review")
    next(b for b in app.button if b.key == "ui.rv.fix.0").click().run()
    assert not app.exception
    latest = get_workspace().latest_draft(project.key)
    assert latest.number == 2 and "model-owner" in latest.note
    assert latest.strategy["model_inventory"]["open_questions"]


def test_run_review_reports_findings_or_says_it_is_missing(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)
    app.run()
    open_page(app, "review")
    app.button(key="ui.review.run").click().run()
    assert not app.exception
    settings = get_workspace().get_project(project.key).settings
    if "last_review" in settings:
        assert settings["last_review"]["version"] == 1
    else:
        assert "not available" in texts(app)


@pytest.mark.parametrize("view", ["review", "export"])
def test_nothing_to_review_or_export_before_a_draft(app: AppTest, view: str) -> None:
    make_project("Alpha")
    app.run()
    open_page(app, view)
    assert "draft at least one section first" in texts(app)
