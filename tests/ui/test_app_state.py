"""One current project: create switches to it, Open switches to it, and the sidebar, the URL and the pages
agree (and stay agreed on the next run, where the old switcher used to switch back)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import make_project, open_page


def _agree(at: AppTest, key: str, name: str) -> None:
    assert at.sidebar.selectbox[0].value == key
    assert at.query_params["project"] in (key, [key])
    assert any(name in s.value for s in at.subheader) or any(name in c.value for c in at.caption)


def _create(at: AppTest, name: str) -> None:
    next(t for t in at.text_input if t.label == "Project name" and t.form_id == "create-project").input(name)
    next(b for b in at.button if b.form_id == "create-project").click()
    at.run()


def test_create_switches_to_the_new_project_everywhere(app: AppTest) -> None:
    make_project("Alpha")
    app.run()
    open_page(app, "projects")
    _create(app, "Beta")
    assert not app.exception
    _agree(app, "beta", "Beta")
    app.run()  # the next run keeps it: the switcher does not switch back
    _agree(app, "beta", "Beta")
    open_page(app, "documents")
    _agree(app, "beta", "Beta")


def test_open_in_the_project_list_switches_and_stays(app: AppTest) -> None:
    make_project("Alpha")
    make_project("Beta")
    app.run()
    open_page(app, "projects")
    _agree(app, "alpha", "Alpha")
    next(b for b in app.button if b.key == "ui.open.beta").click().run()
    _agree(app, "beta", "Beta")
    app.run()
    _agree(app, "beta", "Beta")
    next(b for b in app.button if b.key == "ui.open.alpha").click().run()
    _agree(app, "alpha", "Alpha")


def test_the_sidebar_switcher_and_the_project_list_agree(app: AppTest) -> None:
    make_project("Alpha")
    make_project("Beta")
    app.run()
    open_page(app, "projects")
    app.sidebar.selectbox[0].select("beta").run()
    _agree(app, "beta", "Beta")
    assert "ui.open.beta" not in [b.key for b in app.button]  # the list marks it selected instead
    next(b for b in app.button if b.key == "ui.open.alpha").click().run()
    _agree(app, "alpha", "Alpha")
