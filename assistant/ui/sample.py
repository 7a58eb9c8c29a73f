"""The one-click sample: a project from the example requirements, indexed, with one section drafted offline."""

from __future__ import annotations

import streamlit as st

from assistant.errors import AssistantError
from assistant.ui import services, state

SAMPLE_SECTION = 7  # Model Monitoring: the example requirements state drift and latency figures to cite


def create_sample_project() -> None:
    ws = services.workspace()
    source = services.sample_requirements()
    if source is None:
        st.error("The sample requirements file is not in this build (looked for "
                 + ", ".join(str(p) for p in services.SAMPLE_REQUIREMENTS) + ").")
        return
    project = ws.get_project(services.SAMPLE_PROJECT_KEY) or ws.create_project(
        services.SAMPLE_PROJECT_NAME, key=services.SAMPLE_PROJECT_KEY, classification="OFFICIAL",
        owner="Sample owner", review_cycle="Quarterly")
    state.select_project(project.key)
    notes: list[str] = []
    with st.status("Setting up the sample project...", expanded=True) as status:
        status.write(f"Indexing {source.name}")
        try:
            outcomes = services.ingest_uploads(project, [(source.name, source.read_bytes())],
                                               folder=services.upload_folder(project))
            for outcome in outcomes:
                status.write(f"{outcome.filename}: {outcome.status}" + (f" ({outcome.error})" if outcome.error else ""))
        except AssistantError as exc:
            notes.append(str(exc))
            status.write(str(exc))
        status.write(f"Drafting section {SAMPLE_SECTION} offline")
        try:
            services.draft(project, sections=[SAMPLE_SECTION], provider=services.offline_provider(),
                           document_ids=None, on_event=lambda event: None)
        except AssistantError as exc:
            notes.append(str(exc))
            status.write(str(exc))
        status.update(label="Sample project ready" if not notes else "Sample project created, with gaps",
                      state="complete" if not notes else "error")
    ws.audit(project.key, "ui.sample_project", {"notes": notes})
    if notes:
        st.session_state["ui.flash"] = "Sample project created. Not done: " + " ".join(notes)
        state.go("projects")
    st.session_state["ui.flash"] = f"Sample project ready: section {SAMPLE_SECTION} drafted offline with citations."
    state.go("draft", **{"ui.draft.section": SAMPLE_SECTION})
