"""Chat: ask, draft, revise, review and export in words; answers stream with visible steps and cited sources.

The Streamlit trap: a widget click during a stream reruns the script and kills the stream. The chat input is
therefore `submit_mode="disable"` (greyed out until the run ends), and the engine saves each finished
section the moment it is finished, so an interrupted stream loses at most the section in progress.
"""

from __future__ import annotations

import streamlit as st

from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.ui import components, readiness, services, state
from assistant.ui.views import documents, projects, settings
from assistant.workspace import MessageRecord, ProjectRecord

SUGGESTIONS = ("Draft section 7", "Draft all sections", "What are the latency requirements?",
               "Review the draft", "Export the document")
_PENDING = "ui.chat.pending"


def _feedback_changed(message_id: int, key: str) -> None:
    value = st.session_state.get(key)
    services.workspace().set_feedback(message_id, None if value is None else (1 if value == 1 else -1))


def _shows_sections(message: MessageRecord) -> bool:
    meta = message.meta or {}
    return (message.role == "assistant" and meta.get("intent") in ("draft", "revise") and bool(meta.get("version"))
            and meta.get("applied") is not False)


def _history(project: ProjectRecord) -> None:
    messages = services.workspace().messages(project.key)
    # The latest draft reply shows its sections in full; earlier ones point to the Draft page (rendering
    # every past draft would slow each rerun as the conversation grows).
    latest_draft = next((m.id for m in reversed(messages) if _shows_sections(m)), None)
    for message in messages:
        with st.chat_message(message.role):
            # an answer's [n] links to source n's passage below it
            targets = components.citation_targets(message.citations, f"m{message.id}")
            components.show_markdown(message.content, links=targets if message.role == "assistant" else None)
            if message.role != "assistant":
                continue
            components.citations(message.citations, project_key=project.key, targets=targets)
            if message.id == latest_draft:
                _drafted_sections(project, message)
            elif _shows_sections(message):
                st.caption(f"Version {message.meta['version']}: see the Draft page for this version's sections.")
            _meta_line(message)
            _export_link(project, message)
            key = f"ui.fb.{message.id}"
            default = None if message.feedback is None else (1 if message.feedback > 0 else 0)
            st.feedback("thumbs", key=key, default=default, on_change=_feedback_changed, args=(message.id, key))


def _drafted_sections(project: ProjectRecord, message: MessageRecord) -> None:
    """A reply that drafted or revised sections shows them, as saved in the version it names, with their
    sources: the reader sees the draft where they asked for it."""
    meta = message.meta or {}
    strategy = services.strategy_at(project, int(meta["version"]))
    if strategy is None:
        return
    texts = services.sections_markdown(strategy)
    failed = {int(n) for n in (meta.get("failed") or {})}
    numbers = [int(n) for n in meta.get("sections") or []] or [s.number for s in services.sections()]
    drafted = [n for n in numbers if n not in failed and n in texts]
    if len(drafted) > 1:
        chosen = st.selectbox("Show drafted section", drafted, format_func=services.section_title,
                              key=f"ui.chat.show.{message.id}")
        drafted = [chosen]
    for number in drafted:
        components.drafted_section(strategy, number, project.key, texts[number])


def _export_link(project: ProjectRecord, message: MessageRecord) -> None:
    """An export asked for in chat: the file of the version it names, made here as the Export page makes it
    (the project's Document Control, markers for citations, the marking on every page)."""
    meta = message.meta or {}
    if meta.get("intent") != "export" or not meta.get("version") or meta.get("format") not in ("md", "docx", "json"):
        return
    strategy = services.strategy_at(project, int(meta["version"]))
    if strategy is None:
        return
    fmt = str(meta["format"])
    data, filename, mime = services.export_bytes(strategy, fmt)
    ready = readiness.readiness(project, strategy)
    if not ready.ready:
        st.warning("Not ready to submit: " + " ".join(ready.reasons()), icon=":material/warning:")
    st.download_button(f"Download {filename}" + ("" if ready.ready else " anyway"), data=data, file_name=filename,
                       mime=mime, key=f"ui.chat.dl.{message.id}", on_click=readiness.record_export,
                       args=(project, int(meta["version"]), fmt, ready))


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
        components.show_markdown(text)
    with st.chat_message("assistant"):
        status = st.status("Retrieving from your documents...", expanded=True)
        placeholder = st.empty()
        answer, errors = "", []
        try:
            provider = settings.chosen_provider() or services.offline_provider()
            # One message, one version: whatever this turn drafts is saved as one version with its steps.
            with services.one_chat_action(project, text):
                for event in services.chat_turn(project, text, provider=provider,
                                                document_ids=state.document_scope(project)):
                    if event.kind in ("step", "section_saved"):
                        if event.kind == "step":
                            status.update(label=event.text or "Working")
                        status.write(event.text)
                    elif event.kind == "text":
                        answer += event.text
                        components.show_markdown(answer + " ▌", placeholder)
                    elif event.kind == "error":
                        errors.append(event.text)
                        status.write(event.text)
                    elif event.kind == "final":
                        answer = event.text or answer
            status.update(label="Finished with problems" if errors else "Done",
                          state="error" if errors else "complete", expanded=bool(errors))
        except AssistantError as exc:
            status.update(label="Stopped", state="error")
            placeholder.empty()
            st.error(str(exc))
            return
        components.show_markdown(answer, placeholder)
    st.rerun()


def render() -> None:
    st.title("Chat")
    components.flash()
    project = state.current_project()
    if project is None:
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
