"""Per-session UI state: the selected project (kept in the URL so a reload returns to it) and page jumps.

One current project: `select_project` writes it (session and URL); the sidebar switcher, the Projects page's
Open buttons and the create form all go through it, and every view reads `current_project()`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.errors import AccessDeniedError
from assistant.workspace import ProjectRecord, get_workspace

PROJECT_PARAM = "project"
_PROJECT_KEY = "ui.project"
_GOTO_KEY = "ui.goto"


def current_project() -> ProjectRecord | None:
    """The selected project: the URL's `?project=` first (a reload), then this session's choice."""
    key = st.query_params.get(PROJECT_PARAM) or st.session_state.get(_PROJECT_KEY)
    try:
        project = get_workspace().get_project(key) if key else None
    except AccessDeniedError:  # a link to a project this user may not open: show one they may instead
        project = None
    if project is None:
        projects = get_workspace().list_projects()
        project = projects[0] if projects else None
    if project is not None:
        select_project(project.key)
    return project


def select_project(key: str) -> None:
    """Make `key` the current project for this session and the URL. Every switcher reads from here on its
    next run (the sidebar's widget is set to it before it is drawn), so no widget can switch back."""
    st.session_state[_PROJECT_KEY] = key
    if st.query_params.get(PROJECT_PARAM) != key:
        st.query_params[PROJECT_PARAM] = key


def go(view: str, **state: Any) -> None:
    """Jump to `view` (a page name in `pages.PAGES`) on the next run, setting extra session state first."""
    st.session_state[_GOTO_KEY] = view
    for name, value in state.items():
        st.session_state[name] = value
    st.rerun()


def pop_goto() -> str | None:
    return st.session_state.pop(_GOTO_KEY, None)


def document_scope(project: ProjectRecord) -> list[str] | None:
    """The document IDs chosen to feed answers and sections (kept with the project); None means all."""
    chosen = (project.settings or {}).get("scope") or []
    known = {d.id for d in get_workspace().list_documents(project.key)}
    chosen = [d for d in chosen if d in known]
    return chosen or None


def set_document_scope(project: ProjectRecord, ids: list[str]) -> None:
    settings = dict(project.settings or {})
    settings["scope"] = list(ids)
    get_workspace().update_project(project.key, settings=settings)
