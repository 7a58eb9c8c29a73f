"""Chat: ask, draft, revise, review and export in words; answers stream with visible steps and cited sources.

The Streamlit trap: a widget click during a stream reruns the script and kills the stream. The chat input is
therefore `submit_mode="disable"` (greyed out until the run ends), and the engine saves each finished
section the moment it is finished, so an interrupted stream loses at most the section in progress.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.ui import components, services, state
from assistant.ui.views import documents, settings
from assistant.workspace import MessageRecord, ProjectRecord

SUGGESTIONS = ("Draft section 7", "Draft all sections", "What are the latency requirements?",
               "Review the draft", "Export the document")
_PENDING = "ui.chat.pending"


def _feedback_changed(message_id: int, key: str) -> None:
    value = st.session_state.get(key)
    services.workspace().set_feedback(message_id, None if value is None else (1 if value == 1 else -1))


def _history(project: ProjectRecord) -> None:
    for message in services.workspace().messages(project.key):
        with st.chat_message(message.role):
            st.markdown(services.safe_markdown(message.content))
            if message.role != "assistant":
                continue
            components.citations(message.citations, key=f"cite.{message.id}")
            _meta_line(message)
            _export_link(message)
            key = f"ui.fb.{message.id}"
            default = None if message.feedback is None else (1 if message.feedback > 0 else 0)
            st.feedback("thumbs", key=key, default=default, on_change=_feedback_changed, args=(message.id, key))


def _export_link(message: MessageRecord) -> None:
    """An export asked for in chat: offer the file it wrote, while it is still there."""
    path = (message.meta or {}).get("path")
    if path and Path(path).is_file():
        st.download_button(f"Download {Path(path).name}", data=Path(path).read_bytes(), file_name=Path(path).name,
                           key=f"ui.chat.dl.{message.id}", on_click="ignore")


def _meta_line(message: MessageRecord) -> None:
    meta = message.meta or {}
    parts = [str(meta[k]) for k in ("intent", "provider", "model") if meta.get(k)]
    if meta.get("sections"):
        parts.append("section(s) " + ", ".join(str(n) for n in meta["sections"]))
    if parts:
        st.caption(" · ".join(parts))


def run_turn(project: ProjectRecord, text: str) -> None:
    """Stream one turn: steps in a status box, text as it arrives, sources when known.

    The engine saves the user's message and the reply (with citations and meta) itself; this only shows them.
    """
    with st.chat_message("user"):
        st.markdown(services.safe_markdown(text))
    with st.chat_message("assistant"):
        status = st.status("Retrieving from your documents...", expanded=True)
        placeholder = st.empty()
        answer, errors = "", []
        try:
            provider = settings.chosen_provider() or services.provider_for("offline", None)
            for event in services.chat_turn(project, text, provider=provider,
                                            document_ids=state.document_scope(project)):
                if event.kind == "step":
                    status.update(label=event.text or "Working")
                    status.write(event.text)
                elif event.kind == "text":
                    answer += event.text
                    placeholder.markdown(services.safe_markdown(answer) + " ▌")
                elif event.kind == "section_saved":
                    status.write(event.text)
                elif event.kind == "error":
                    errors.append(event.text)
                    status.write(event.text)
                elif event.kind == "final":
                    answer = event.text or answer
            status.update(label="Finished with problems" if errors else "Done",
                          state="error" if errors else "complete", expanded=bool(errors))
        except services.Missing as exc:
            status.update(label="Not available", state="error")
            placeholder.empty()
            components.missing(exc)
            return
        except AssistantError as exc:
            status.update(label="Stopped", state="error")
            placeholder.empty()
            st.error(str(exc))
            return
        placeholder.markdown(services.safe_markdown(answer))
    st.rerun()


def render() -> None:
    st.title("Chat")
    components.flash()
    project = state.current_project()
    if project is None:
        from assistant.ui.views import projects

        st.markdown("Draft and review an ArcKit MLOps Strategy from your own requirements, with a citation for "
                    "every filled value.")
        projects.sample_button()
        projects.create_form()
        return
    st.caption(f"{project.project_id} · {project.name} · ask a question, or say 'draft section 7', 'draft it all', "
               "'make the drift thresholds stricter in section 7', 'review this' or 'export'.")
    components.scope_selector(project, key="ui.scope.chat")
    _history(project)
    if not services.workspace().messages(project.key, limit=1):
        choice = st.pills("Try", SUGGESTIONS, key="ui.chat.suggest")
        if choice:
            st.session_state[_PENDING] = choice
    prompt = st.chat_input("Ask, or tell me what to draft, revise or review", key="ui.chat.input",
                           accept_file="multiple", file_type=documents.FILE_TYPES, submit_mode="disable",
                           max_upload_size=max(1, int(get_settings().max_upload_mb)))
    pending = st.session_state.pop(_PENDING, None)
    if prompt is not None:
        files = list(getattr(prompt, "files", []) or [])
        text = getattr(prompt, "text", prompt if isinstance(prompt, str) else "") or ""
        if files:
            with st.chat_message("assistant"):
                st.markdown(services.safe_markdown(f"Indexing {len(files)} attached file(s)..."))
                documents.ingest_with_progress(project, files)
        if text.strip():
            run_turn(project, text.strip())
    elif pending:
        run_turn(project, pending)
