"""Projects: create, switch, rename and Document Control; all of it survives a reload and a restart."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.workspace import get_workspace
from tests.ui.conftest import APP, TIMEOUT, make_project, open_page, texts


def _submit(at: AppTest, form: str) -> None:
    next(b for b in at.button if b.form_id == form).click()
    at.run()


def test_first_start_offers_the_sample_and_a_create_form(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert "Try the sample project" in [b.label for b in app.button]
    assert "Offline mode" in texts(app)


def test_create_project_selects_it_and_keeps_it_in_the_url(app: AppTest) -> None:
    app.run()
    app.text_input[0].input("Imagery Classifier")
    app.text_input[1].input("042")
    app.selectbox[0].select("SECRET")
    app.text_input[2].input("Head of Imagery")
    _submit(app, "create-project")
    assert not app.exception
    project = get_workspace().get_project("imagery-classifier")
    assert (project.project_id, project.classification, project.owner) == ("042", "SECRET", "Head of Imagery")
    assert app.query_params["project"] in ("imagery-classifier", ["imagery-classifier"])
    assert "created" in texts(app)
    # SECRET forbids every external provider: the banner says so.
    assert "restricts providers" in texts(app)


def test_duplicate_project_is_refused_with_the_reason(app: AppTest) -> None:
    make_project("Alpha")
    app.run()
    open_page(app, "projects")
    form_inputs = [t for t in app.text_input if t.label == "Project name"]
    form_inputs[-1].input("Alpha")
    _submit(app, "create-project")
    assert "already exists" in texts(app)


def test_rename_and_document_control_persist_across_a_restart(app: AppTest) -> None:
    project = make_project("Alpha")
    app.run()
    open_page(app, "projects")
    control = [t for t in app.text_input if t.form_id == "document-control"]
    control[0].input("Alpha Renamed")
    next(t for t in control if t.label == "Owner").input("Jo Bloggs")
    next(s for s in app.selectbox if s.form_id == "document-control" and s.label == "Review cycle").select("Monthly")
    _submit(app, "document-control")
    assert not app.exception
    saved = get_workspace().get_project(project.key)
    assert (saved.name, saved.owner, saved.review_cycle) == ("Alpha Renamed", "Jo Bloggs", "Monthly")
    # A reload (a new session with the URL's ?project=) comes back to the same project and its fields.
    make_project("Beta")
    reloaded = AppTest.from_file(APP, default_timeout=TIMEOUT)
    reloaded.query_params["project"] = project.key
    reloaded.run()
    open_page(reloaded, "projects")
    assert "001 · Alpha Renamed" in texts(reloaded)
    assert reloaded.sidebar.selectbox[0].value == project.key


def test_switching_project_in_the_sidebar_updates_the_url(app: AppTest) -> None:
    make_project("Alpha")
    make_project("Beta")
    app.run()
    app.sidebar.selectbox[0].select("beta").run()
    assert app.query_params["project"] in ("beta", ["beta"])
    open_page(app, "projects")
    assert "002 · Beta" in texts(app)
