"""Small pieces several views share: notices, the project guard, rendering, citations, evidence, scope."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.lib.mutable_status_container import StatusContainer

from assistant.errors import AssistantError
from assistant.strategy import Strategy
from assistant.strategy.base import evidence_ids
from assistant.ui import citelinks, services, state
from assistant.ui.evidence import Evidence
from assistant.workspace import ProjectRecord

T = TypeVar("T")


def flash() -> None:
    """Show (once) the notice the previous run left, e.g. 'Project created.'."""
    message = st.session_state.pop("ui.flash", None)
    if message:
        st.success(message)


def show_markdown(text: str, target: DeltaGenerator | None = None, *, links: Mapping[str, str] | None = None) -> None:
    """The one place text from documents, drafts and models is rendered as Markdown. A hardening step (making
    images and links from that text inert, `services.safe_markdown`) is applied here, so every view gets it.
    `links`: citation markers to link to their passage's anchor (added after the hardening: our own links)."""
    (target or st).markdown(citelinks.link_markers(services.safe_markdown(text), links or {}))


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


def citation_targets(items: list[dict[str, Any]], scope: str) -> dict[str, str]:
    """The anchors of an answer's numbered citations (`[2]` links to source 2's passage)."""
    return citelinks.anchors(scope, (str(item.get("number", i)) for i, item in enumerate(items, start=1)))


def citations(items: list[dict[str, Any]], *, project_key: str, targets: Mapping[str, str] | None = None) -> None:
    """Numbered citations under an answer; each opens to its document, page/heading and the whole passage
    (`targets`: the anchors the answer's `[n]` links land on, from `citation_targets`)."""
    if not items:
        return
    st.markdown("**Sources**")
    for i, item in enumerate(items, start=1):
        number = item.get("number", i)
        document = item.get("document") or item.get("filename") or "unknown document"
        where = item.get("page") and f"page {item['page']}" or item.get("heading") or ""
        label = f"[{number}] {document}" + (f" · {where}" if where else "")
        with st.expander(services.safe_markdown(label), expanded=False):
            _target((targets or {}).get(str(number)))
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


def _target(anchor_id: str | None) -> None:
    """The element a citation marker's link lands on; inside an expander, following the link opens it."""
    if anchor_id:
        st.html(citelinks.target_html(anchor_id))


def section_sources(strategy: Strategy, number: int, project_key: str) -> tuple[list[Evidence], dict[str, str]]:
    """Section `number`'s sources and the anchors its citation markers link to (one per marker)."""
    ids = evidence_ids(strategy.section(number))
    items = services.evidence_for(strategy, ids, project_key) if ids else []
    return items, citelinks.anchors(f"s{number}", (item.marker for item in items))


def sources(items: list[Evidence], targets: Mapping[str, str]) -> None:
    """A section's evidence: each source opens (expander) to its document, place and quoted passage; the first
    source of each marker holds the anchor that marker's links land on."""
    if not items:
        st.caption("No evidence cited in this section.")
        return
    placed: set[str] = set()
    for item in items:
        with st.expander(services.safe_markdown(services.evidence_label(item))):
            anchor_id = targets.get(item.marker)
            if anchor_id and anchor_id not in placed:
                placed.add(anchor_id)
                _target(anchor_id)
            quote(item.snippet)


def drafted_section(strategy: Strategy, number: int, project_key: str, text: str) -> None:
    """A drafted section (`text`: its reader's Markdown) as the reader will see it, then its sources: each
    citation marker in the text is a link that opens its passage."""
    items, targets = section_sources(strategy, number, project_key)
    with st.container(border=True):
        show_markdown(text or f"Section {number} is empty.", links=targets)
        if items:
            show_markdown(f"**Sources for section {number}** (click a citation, or open a source, to read the passage)")
            sources(items, targets)


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
