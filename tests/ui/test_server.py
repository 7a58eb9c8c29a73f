"""The app's page URLs answer with Streamlit's page, its server base set before Streamlit's bundle runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit import config
from streamlit.file_util import get_static_dir

from assistant.ui.pages import PAGES, url_paths
from assistant.ui.server import page_html, page_routes


def test_the_base_url_is_set_before_streamlits_bundle_loads() -> None:
    html = page_html("draft")
    script = html.index("window.__streamlit")
    bundle = html.index('<script type="module"')
    assert script < bundle
    assert '"draft"' in html[script - 200:script] and "BACKEND_BASE_URL" in html[script:bundle]
    # the one script is all that is added: the rest is Streamlit's page as it ships
    added = html[html.index("<head>") + len("<head>"):html.index("</script>") + len("</script>")]
    assert html.replace(added, "", 1) == (Path(get_static_dir()) / "index.html").read_text(encoding="utf-8")


def test_every_page_url_and_the_root_is_answered_and_nothing_else() -> None:
    client = TestClient(Starlette(routes=page_routes()))
    assert sorted(url_paths()) == sorted(url for name, _, url in PAGES[1:])
    for path in ["", *url_paths()]:
        response = client.get(f"/{path}?project=alpha")
        assert response.status_code == 200 and "BACKEND_BASE_URL" in response.text, path
        assert response.headers["cache-control"] == "no-cache"
    assert client.get("/_stcore/health").status_code == 404  # Streamlit's own routes stay Streamlit's
    assert client.get("/draft/_stcore/health").status_code == 404


def test_a_base_url_path_prefixes_the_routes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "get_option", lambda name: "/mlops/" if name == "server.baseUrlPath" else None)
    paths = {route.path for route in page_routes()}  # type: ignore[attr-defined]
    assert paths == {"/mlops", *(f"/mlops/{p}" for p in url_paths())}
