"""Settings: providers from the environment only, the policy in force, and the banners it causes."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import make_project, open_page, texts


def test_settings_list_providers_and_the_policy(app: AppTest) -> None:
    make_project("Alpha", classification="OFFICIAL-SENSITIVE")
    app.run()
    open_page(app, "settings")
    assert not app.exception
    table = app.dataframe[0].value
    assert "offline" in list(table["Provider"])
    shown = texts(app)
    assert "Policy file:" in shown and "OFFICIAL-SENSITIVE" in shown
    assert "never stores them" in shown
    assert not [t for t in app.text_input if "key" in t.label.lower()]  # no field to type a key into


def test_offline_banner_and_secret_restriction_banner(app: AppTest) -> None:
    make_project("Imagery", classification="SECRET")
    app.run()
    assert "Offline mode" in texts(app)
    banner = next(w.value for w in app.warning if "restricts providers" in w.value)
    assert "allowed offline" in banner and "anthropic" in banner


def test_an_official_project_gets_no_restriction_banner(app: AppTest) -> None:
    # At OFFICIAL only an unconfigured local endpoint would be refused, and that depends on its address.
    make_project("Forecasting", classification="OFFICIAL")
    app.run()
    assert not [w for w in app.warning if "restricts providers" in w.value]


def test_a_blocked_provider_is_an_error_banner(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    make_project("Imagery", classification="SECRET")
    app.run()
    assert any("forbids sending this project's material to 'openai'" in e.value for e in app.error)
    assert "Offline mode" not in texts(app)
