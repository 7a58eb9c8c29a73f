"""Documents: upload (file picker here, or attached to a chat message), per-file progress and result, the list
with what ingestion found, remove, and which documents feed answers and sections."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.facts import project_facts
from assistant.retrieval import held_back
from assistant.ui import components, services
from assistant.workspace import DocumentRecord, ProjectRecord

FILE_TYPES = ["pdf", "docx", "md", "markdown", "txt", "html", "htm", "xlsx", "csv", "zip"]  # zip: an ArcKit folder
_STATUS_ICON = {"ingested": ":material/check_circle:", "replaced": ":material/sync:",
                "duplicate": ":material/content_copy:", "failed": ":material/error:"}


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(n, 1) / 1024:.1f} KB"


def ingest_with_progress(project: ProjectRecord, files: list[UploadedFile]) -> list[services.FileOutcome]:
    """Ingest uploaded files, one progress bar per file, then one result line per file (a failed file's bar
    goes: a full bar would say it finished)."""
    payload = [(f.name, f.getvalue()) for f in files]
    bars = {name: st.progress(0.0, text=f"{name}: waiting") for name, _ in payload}

    def on_progress(filename: str, fraction: float, stage: str) -> None:
        bar = bars.get(filename)
        if bar is not None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=f"{filename}: {stage or 'working'}")

    try:
        outcomes = services.ingest_uploads(project, payload, folder=services.upload_folder(project),
                                           on_progress=on_progress)
    except AssistantError as exc:
        for slot in bars.values():
            slot.empty()
        st.error(str(exc))
        return []
    for outcome in outcomes:
        if outcome.filename in bars:
            bars[outcome.filename].empty()  # the result line below says how it ended
        show_outcome(outcome)
    services.workspace().audit(project.key, "ui.upload", {"files": [o.filename for o in outcomes],
                                                          "statuses": [o.status for o in outcomes]})
    return outcomes


def show_outcome(outcome: services.FileOutcome) -> None:
    icon = _STATUS_ICON.get(outcome.status, ":material/info:")
    if outcome.status == "failed":
        st.error(services.safe_markdown(f"{outcome.filename}: not indexed. {outcome.error or ''}"), icon=icon)
    elif outcome.status == "duplicate":
        st.info(services.safe_markdown(f"{outcome.filename}: already indexed with the same content, nothing to do."),
                icon=icon)
    else:
        doc = outcome.document
        detail = f" ({doc.chunk_count} passages, {len(doc.requirement_ids)} requirement IDs)" if doc else ""
        st.success(services.safe_markdown(f"{outcome.filename}: {outcome.status}{detail}."), icon=icon)


def document_table(project: ProjectRecord) -> None:
    docs = services.workspace().list_documents(project.key)
    if not docs:
        st.info("No documents yet. Upload requirements (PDF, DOCX, Markdown, text, HTML, XLSX) above, or attach "
                "them to a chat message.")
        return
    st.dataframe(
        [{"File": d.filename, "Type": d.kind, "Size": _size(d.size_bytes),
          "Pages": str(d.pages) if d.pages else "-",  # Markdown, text and HTML have no pages
          "Passages": d.chunk_count, "Requirement IDs": ", ".join(d.requirement_ids[:12])
          + (f" (+{len(d.requirement_ids) - 12})" if len(d.requirement_ids) > 12 else ""),
          "Markings": ", ".join(d.markings), "Guard flags": d.guard_flags} for d in docs],
        hide_index=True, width="stretch")
    stale_facts(project, docs)
    held_back_passages(project)
    marking_reviews(project, docs)
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


def stale_facts(project: ProjectRecord, docs: list[DocumentRecord]) -> None:
    """Documents whose stored facts an older version read and whose text was not kept (stored before facts kept
    it): drafts, review and chat use their passages but not their facts until the same files are uploaded again."""
    unread = set(project_facts(project.key).unread)
    names = [d.filename for d in docs if d.id in unread]
    if names:
        st.warning(services.safe_markdown(
            f"The facts of {len(names)} document(s) were read by an older version of the assistant and cannot be "
            f"refreshed here: {', '.join(names)}. Upload the same files again to refresh them (nothing else is "
            "re-indexed); until then drafts, review and chat use their passages but not their facts."), icon="⚠️")


def held_back_passages(project: ProjectRecord) -> None:
    """Passages the injection screen held back, per document with the reason; each can be released by a
    person who says why it is safe (the release is audited)."""
    try:
        groups = held_back.held_back(project.key)
    except AssistantError as exc:
        st.warning(f"The held-back passages could not be listed: {exc}")
        return
    if not groups:
        return
    st.subheader("Passages held back by the injection screen")
    st.caption("These passages look like instructions to a model, so they are kept out of prompts. Read each "
               "one; release it only if it is ordinary document text.")
    for document, items in groups.items():
        waiting = sum(1 for i in items if not i.released)
        with st.expander(f"{document}: {waiting} held back" + (f", {len(items) - waiting} released"
                                                             if waiting < len(items) else "")):
            for index, item in enumerate(items):
                components.show_markdown(f"**{item.where or 'passage'}** · {'released' if item.released else 'held back'} · "
                            f"why: {item.reason} (score {item.score:.2f})"
                            + (f" · states: {', '.join(item.states)}" if item.states else ""))
                components.quote(item.text)
                if item.released:
                    continue
                key = f"ui.release.{document}.{index}"
                with st.form(key, border=False):
                    why = st.text_input("Why this passage is safe to use (recorded)", key=f"{key}.why")
                    if st.form_submit_button("Release this passage into prompts"):
                        try:
                            held_back.release(project.key, item, confirmation=why)
                        except AssistantError as exc:
                            st.error(str(exc))
                        else:
                            st.session_state["ui.flash"] = f"Released a passage of {document}; recorded."
                            st.rerun()


def marking_reviews(project: ProjectRecord, docs: list[DocumentRecord]) -> None:
    """Unconfirmed markings: the passage, and a person's decision (until then the higher tier applies)."""
    for doc in docs:
        review = doc.marking_review or {}
        if review.get("status") != "unconfirmed":
            continue
        with st.container(border=True):
            st.warning(services.safe_markdown(
                f"{doc.filename}: marking-like text treated as **{review.get('level')}** until you confirm it."),
                icon=":material/policy:")
            for passage in review.get("passages", []):
                st.caption(f"{passage.get('level')} ({passage.get('reason')}):")
                st.text(passage.get("text", ""))  # plain text: the passage is the document's, never markup
            keep, drop = st.columns(2)
            certain = ", ".join(review.get("certain") or []) or f"the project's {project.classification}"
            if keep.button(f"It is a marking: keep {review.get('level')}", key=f"ui.marking.keep.{doc.id}"):
                services.decide_marking(project, doc.id, is_marking=True)
                st.rerun()
            if drop.button(f"Not a marking: use {certain}", key=f"ui.marking.drop.{doc.id}"):
                services.decide_marking(project, doc.id, is_marking=False)
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
