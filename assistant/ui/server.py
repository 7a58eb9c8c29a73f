"""The app's HTTP side: its pages' URLs answer with Streamlit's own page, told where the server is.

Why: Streamlit's browser code guesses the server's base path from the page URL. On a sub-page (`/draft`) it
first tries `/draft/_stcore/health` and `/draft/_stcore/host-config`, gets two 404s, then falls back to
`/_stcore/...` (streamlit/streamlit#7074). Every reload or bookmark of a sub-page logged those 404s. The page
HTML here is Streamlit's `index.html` with one inline script before its bundle that sets
`window.__streamlit.BACKEND_BASE_URL` (the setting Streamlit reads for this): the page URL less the page's own
path segment, computed in the browser so a path prefix added by a reverse proxy is kept. The bundle then asks
the right server path first and nothing 404s.

Only the pages' URLs are answered here (`st.App` lets an app's routes come before Streamlit's); every other
path, static assets included, is Streamlit's as before.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from streamlit import config
from streamlit.file_util import get_static_dir

from assistant.ui.pages import url_paths

_HEAD = "<head>"


@lru_cache(maxsize=1)
def _index_html() -> str:
    return (Path(get_static_dir()) / "index.html").read_text(encoding="utf-8")


def page_html(page_path: str) -> str:
    """Streamlit's page for the URL of page `page_path` ("" for the root), with the server's base URL set."""
    script = (
        "<script>(function () {"
        f"var page = {json.dumps(page_path)}, path = window.location.pathname.replace(/\\/+$/, '');"
        "if (page && path.endsWith('/' + page)) { path = path.slice(0, -page.length - 1); }"
        "window.__streamlit = Object.assign({}, window.__streamlit,"
        " {BACKEND_BASE_URL: window.location.origin + path + '/'});"
        "})();</script>"
    )
    html = _index_html()
    if _HEAD not in html:  # a Streamlit whose page has no plain <head>: serve it as it is
        return html
    return html.replace(_HEAD, _HEAD + script, 1)


def _endpoint(page_path: str) -> Callable[[Request], Awaitable[HTMLResponse]]:
    async def serve(request: Request) -> HTMLResponse:
        # no-cache, as Streamlit serves its HTML: a new Streamlit version's bundle names must be picked up
        return HTMLResponse(page_html(page_path), headers={"Cache-Control": "no-cache"})

    return serve


def page_routes() -> list[Route]:
    """A route for the app's root and for each page's URL (under `server.baseUrlPath` when one is set)."""
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    routes = [Route(prefix or "/", _endpoint(""), methods=["GET", "HEAD"])]
    routes += [Route(f"{prefix}/{path}", _endpoint(path), methods=["GET", "HEAD"]) for path in url_paths()]
    return routes
