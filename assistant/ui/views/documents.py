"""Documents: upload (file picker here, or attached to a chat message), per-file progress and result, the list
with what ingestion found, remove, and which documents feed answers and sections."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.ui import components, services
from assistant.workspace import ProjectRecord

FILE_TYPES = ["pdf", "docx", "md", "markdown", "txt", "html", "htm", "xlsx", "csv", "zip"]  # zip: an ArcKit folder
_STATUS_ICON = {"ingested": ":material/check_circle:", "replaced": ":material/sync:",
                "duplicate": ":material/content_copy:", "failed": ":material/error:"}


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(n, 1) / 1024:.1f} KB"


def ingest_with_progress(project: ProjectRecord, files: list[Any]) -> list[services.FileOutcome]:
    """Ingest uploaded files, one progress bar per file, then one result line per file."""
    payload = [(f.name, f.getvalue()) for f in files]
    bars = {name: st.progress(0.0, text=f"{name}: waiting") for name, _ in payload}

    def on_progress(filename: str, fraction: float, stage: str) -> None:
        bar = bars.get(filename)
        if bar is not None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=f"{filename}: {stage or 'working'}")

    try:
        outcomes = services.ingest_uploads(project, payload, folder=services.upload_folder(project),
                                           on_progress=on_progress)
    except services.Missing as exc:
        for bar in bars.values():
            bar.empty()
        components.missing(exc)
        return []
    except AssistantError as exc:
        st.error(str(exc))
        return []
    for outcome in outcomes:
        bar = bars.get(outcome.filename)
        if bar is not None:
            bar.progress(1.0, text=f"{outcome.filename}: {outcome.status}")
        show_outcome(outcome)
    services.workspace().audit(project.key, "ui.upload", {"files": [o.filename for o in outcomes],
                                                          "statuses": [o.status for o in outcomes]})
    return outcomes


def show_outcome(outcome: services.FileOutcome) -> None:
    icon = _STATUS_ICON.get(outcome.status, ":material/info:")
    if outcome.status == "failed":
        st.error(f"{outcome.filename}: not indexed. {outcome.error or ''}", icon=icon)
    elif outcome.status == "duplicate":
        st.info(f"{outcome.filename}: already indexed with the same content, nothing to do.", icon=icon)
    else:
        doc = outcome.document
        detail = f" ({doc.chunk_count} passages, {len(doc.requirement_ids)} requirement IDs)" if doc else ""
        st.success(f"{outcome.filename}: {outcome.status}{detail}.", icon=icon)


def document_table(project: ProjectRecord) -> None:
    docs = services.workspace().list_documents(project.key)
    if not docs:
        st.info("No documents yet. Upload requirements (PDF, DOCX, Markdown, text, HTML, XLSX) above, or attach "
                "them to a chat message.")
        return
    st.dataframe(
        [{"File": d.filename, "Type": d.kind, "Size": _size(d.size_bytes), "Pages": d.pages,
          "Passages": d.chunk_count, "Requirement IDs": ", ".join(d.requirement_ids[:12])
          + (f" (+{len(d.requirement_ids) - 12})" if len(d.requirement_ids) > 12 else ""),
          "Markings": ", ".join(d.markings), "Guard flags": d.guard_flags} for d in docs],
        hide_index=True, width="stretch")
    for doc in docs:
        if doc.guard_flags:
            st.warning(f"{doc.filename}: {doc.guard_flags} passage(s) flagged by the injection screen; they are "
                       "treated as data, never as instructions.", icon=":material/shield:")
    with st.expander("Remove a document"):
        names = {d.id: d.filename for d in docs}
        chosen = st.selectbox("Document to remove", list(names), format_func=names.__getitem__, key="ui.remove.doc")
        if st.button("Remove from the project and the index", key="ui.remove.go"):
            try:
                services.remove_document(project, chosen)
            except AssistantError as exc:
                st.error(str(exc))
            else:
                services.workspace().audit(project.key, "ui.remove_document", {"filename": names[chosen]})
                st.session_state["ui.flash"] = f"Removed {names[chosen]}."
                st.rerun()


def render() -> None:
    st.title("Documents")
    components.flash()
    project = components.require_project()
    if project is None:
        return
    st.caption(f"{project.project_id} · {project.name}: the requirements and other documents drafts are based on.")
    limit = get_settings().max_upload_mb
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(f"Upload documents (up to {limit:g} MB each)", type=FILE_TYPES,
                                 accept_multiple_files=True, key="ui.uploader",
                                 max_upload_size=max(1, int(limit)))
        submitted = st.form_submit_button("Index the files", type="primary")
    if submitted and files:
        ingest_with_progress(project, list(files))
    elif submitted:
        st.error("Choose at least one file to upload.")
    st.subheader("In this project")
    document_table(project)
    components.scope_selector(project, key="ui.scope.documents")
