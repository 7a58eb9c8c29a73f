"""Small pieces several views share: notices, the project guard, rendering, citations, evidence, scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.lib.mutable_status_container import StatusContainer

from assistant.errors import AssistantError
from assistant.strategy import Strategy
from assistant.strategy.base import evidence_ids
from assistant.ui import services, state
from assistant.workspace import ProjectRecord

T = TypeVar("T")


def flash() -> None:
    """Show (once) the notice the previous run left, e.g. 'Project created.'."""
    message = st.session_state.pop("ui.flash", None)
    if message:
        st.success(message)


def show_markdown(text: str, target: DeltaGenerator | None = None) -> None:
    """The one place text from documents, drafts and models is rendered as Markdown. A hardening step (making
    images and links from that text inert, `services.safe_markdown`) is applied here, so every view gets it."""
    (target or st).markdown(services.safe_markdown(text))


def require_project() -> ProjectRecord | None:
    """The selected project, or a pointer to the Projects page when there is none."""
    project = state.current_project()
    if project is None:
        st.info("There is no project yet. Create one, or try the sample project, on the Projects page.")
        if st.button("Go to Projects", key="ui.to_projects"):
            state.go("projects")
    return project


def require_draft(nothing_yet: str) -> tuple[ProjectRecord, Strategy, int] | None:
    """The selected project with its current draft and version, or the reason there is none (shown)."""
    project = require_project()
    if project is None:
        return None
    strategy, version = services.current_strategy(project)
    if version is None:
        st.info(nothing_yet)
        return None
    return project, strategy, version


def status_call(status: StatusContainer, call: Callable[[], T], *, stopped: str, note: str = "") -> T | None:
    """`call()` inside an `st.status`; None when it failed, with the status turned to an error and the reason
    shown (the `stopped` label, the error, then `note`)."""
    try:
        return call()
    except AssistantError as exc:
        status.update(label=stopped, state="error")
        st.error(f"{exc}{note}")
    return None


def citations(items: list[dict[str, Any]], *, project_key: str) -> None:
    """Numbered citations under an answer; each opens to its document, page/heading and the whole passage."""
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
            whole = services.passage(project_key, item["chunk_id"]) if item.get("chunk_id") else None
            quote(whole or item.get("text") or item.get("snippet") or "No passage stored.")


def quote(text: str) -> None:
    """A passage as a block quote (every line quoted, so a multi-line passage stays inside it)."""
    show_markdown("\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines()))


def evidence_list(strategy: Strategy, ids: list[str], project_key: str) -> None:
    """A section's evidence: each source opens (expander) to its document, place and quoted passage."""
    if not ids:
        st.caption("No evidence cited in this section.")
        return
    for item in services.evidence_for(strategy, ids, project_key):
        with st.expander(services.safe_markdown(services.evidence_label(item))):
            quote(item.snippet)


def drafted_section(strategy: Strategy, number: int, project_key: str, text: str) -> None:
    """A drafted section (`text`: its reader's Markdown) as the reader will see it, then its sources: each
    citation opens to its passage."""
    with st.container(border=True):
        show_markdown(text or f"Section {number} is empty.")
        ids = evidence_ids(strategy.section(number))
        if ids:
            show_markdown(f"**Sources for section {number}** (open one to read the passage)")
            evidence_list(strategy, ids, project_key)


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
