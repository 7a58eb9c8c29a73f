"""Small pieces several views share: notices, the project guard, citations, evidence, document scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from assistant.errors import AssistantError
from assistant.ui import services, state
from assistant.workspace import ProjectRecord

T = TypeVar("T")


def flash() -> None:
    """Show (once) the notice the previous run left, e.g. 'Project created.'."""
    message = st.session_state.pop("ui.flash", None)
    if message:
        st.success(message)


def require_project() -> ProjectRecord | None:
    """The selected project, or a pointer to the Projects page when there is none."""
    project = state.current_project()
    if project is None:
        st.info("There is no project yet. Create one, or try the sample project, on the Projects page.")
        st.page_link(_page("projects"), label="Go to Projects")
    return project


def require_draft(nothing_yet: str) -> tuple[ProjectRecord, Any, int] | None:
    """The selected project with its current draft and version, or the reason there is none (shown)."""
    project = require_project()
    if project is None:
        return None
    strategy, version = services.current_strategy(project)
    if version is None:
        st.info(nothing_yet)
        return None
    return project, strategy, version


def _page(name: str) -> Any:
    from assistant.ui.shell import PAGES

    for page_name, title, url, fn in PAGES:
        if page_name == name:
            return st.Page(fn, title=title, url_path=url, default=(name == "chat"))
    raise KeyError(name)


def missing(exc: Exception) -> None:
    st.warning(f"{exc} This part of the assistant is not in this build yet.", icon=":material/construction:")


def status_call(status: Any, call: Callable[[], T], *, unavailable: str, stopped: str, note: str = "") -> T | None:
    """`call()` inside an `st.status`; None when it failed, with the status turned to an error and the reason shown.

    services.Missing: "<unavailable> is not available" and the missing-part notice; AssistantError: the
    `stopped` label and the error, followed by `note`.
    """
    try:
        return call()
    except services.Missing as exc:
        status.update(label=f"{unavailable} is not available", state="error")
        missing(exc)
    except AssistantError as exc:
        status.update(label=stopped, state="error")
        st.error(f"{exc}{note}")
    return None


def citations(items: list[dict[str, Any]], *, key: str) -> None:
    """Numbered citations under an answer; each opens to its document, page/heading and quoted snippet."""
    if not items:
        return
    st.markdown("**Sources**")
    for i, item in enumerate(items, start=1):
        number = item.get("number", i)
        document = item.get("document") or item.get("filename") or "unknown document"
        where = item.get("page") and f"page {item['page']}" or item.get("heading") or ""
        label = f"[{number}] {document}" + (f" · {where}" if where else "")
        with st.expander(services.safe_markdown(label), expanded=False):
            if item.get("heading") and item.get("page"):
                st.caption(services.safe_markdown(item["heading"]))
            ids = item.get("requirement_ids") or []
            if ids:
                st.caption("Requirements: " + ", ".join(ids))
            st.markdown(services.safe_markdown(f"> {item.get('text') or item.get('snippet') or 'No passage stored.'}"))


def evidence_list(strategy: Any, ids: list[str], project_key: str, *, key: str) -> None:
    """A section's evidence: each source opens (expander) to its document, place and quoted passage."""
    if not ids:
        st.caption("No evidence cited in this section.")
        return
    for item in services.evidence_for(strategy, ids, project_key):
        with st.expander(services.safe_markdown(services.evidence_label(item))):
            if item.evidence_id != item.marker:
                st.caption(f"Evidence ID `{item.evidence_id}`")
            st.markdown(services.safe_markdown(f"> {item.snippet}"))


def scope_selector(project: ProjectRecord, *, key: str) -> list[str] | None:
    """Choose which documents feed answers and sections; the choice is kept with the project."""
    docs = services.workspace().list_documents(project.key)
    if not docs:
        return None
    names = {d.id: d.filename for d in docs}
    current = state.document_scope(project) or []

    def changed() -> None:
        state.set_document_scope(project, st.session_state[key])

    chosen = st.multiselect("Documents to use (none chosen: all of them)", list(names), default=current,
                            format_func=names.__getitem__, key=key, on_change=changed)
    return list(chosen) or None
