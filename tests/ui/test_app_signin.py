"""The sign-in gate without a browser: single-user use is untouched; a team workspace shows nothing of itself
before someone signs in (the signed-in path is tests/ui/test_browser_signin.py, against a real provider)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.workspace import get_workspace
from tests.ui.conftest import texts

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "app-test-cookie-secret-0123456789",
        "client_id": "assistant", "client_secret": "secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def _team() -> None:
    ws = get_workspace()
    ws.create_project("Alpha Claims")
    ws.add_user("alice@dept.example", clearance="SC")
    ws.grant("alpha-claims", "alice@dept.example", "editor")


def test_single_user_use_needs_no_sign_in(app: AppTest) -> None:
    get_workspace().create_project("Alpha Claims")
    app.run()
    assert not app.exception
    assert not any(b.label == "Sign in" for b in app.button)
    assert app.sidebar.selectbox[0].label == "Project"


def test_with_sign_in_configured_nothing_shows_until_someone_signs_in(app: AppTest) -> None:
    _team()
    app.secrets["auth"] = AUTH
    app.run()
    assert not app.exception
    assert [b.label for b in app.button] == ["Sign in"]
    assert "Sign in with your organisation's account to open your projects." in texts(app)
    assert not app.selectbox and "Alpha Claims" not in texts(app)


def test_a_team_workspace_without_sign_in_configured_is_closed(app: AppTest) -> None:
    _team()
    app.run()
    assert not app.exception
    assert "needs sign-in" in texts(app)
    assert not app.button and not app.selectbox and "Alpha Claims" not in texts(app)
