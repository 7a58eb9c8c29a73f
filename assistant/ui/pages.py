"""The app's pages: (name, title, URL path), one line each. The shell draws them (`st.navigation`) and the
server (`assistant.ui.server`) answers their URLs; `state.go(name)` jumps to one. The first is the default page,
at the app's root URL."""

from __future__ import annotations

PAGES: tuple[tuple[str, str, str], ...] = (
    ("chat", "Chat", "chat"),
    ("projects", "Projects", "projects"),
    ("documents", "Documents", "documents"),
    ("draft", "Draft", "draft"),
    ("review", "Review", "review"),
    ("export", "Export", "export"),
    ("settings", "Settings", "settings"),
)
DEFAULT = PAGES[0][0]


def url_paths() -> list[str]:
    """The URL path of every page but the default one (that one is served at the root)."""
    return [url for name, _, url in PAGES if name != DEFAULT]
