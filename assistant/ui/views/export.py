"""Export: the latest version as ArcKit-named Markdown, DOCX and the structured JSON, after saying plainly
whether it is ready to submit (validation, blocking review findings); an export despite that is recorded."""

from __future__ import annotations

import streamlit as st

from assistant.errors import AssistantError
from assistant.ui import components, readiness, services

FORMATS = (("md", "Markdown"), ("docx", "Word (DOCX)"), ("json", "Structured JSON"))
ANYWAY_KEY = "ui.export.anyway"


def render() -> None:
    st.title("Export")
    components.flash()
    current = components.require_draft("Nothing to export yet: draft at least one section first.")
    if current is None:
        return
    project, strategy, version = current
    marking = strategy.document_control.classification
    st.markdown(f"Version {version} of **{strategy.document_id}**"
                + (f", marked **{marking.value}** (in every header and footer of the Word file)" if marking else "")
                + ". Files are named as ArcKit names them; citations appear as their markers ([REQ-C1]).")
    ready = readiness.readiness(project, strategy)
    allowed = True
    if not ready.ready:
        st.warning("This version is not ready to submit.\n\n" + "\n".join(f"- {r}" for r in ready.reasons()),
                   icon=":material/warning:")
        allowed = st.checkbox("I understand; export this version anyway (this is recorded in the audit log)",
                              key=ANYWAY_KEY)
    elif ready.not_reviewed:
        st.info("Validation passes. This version has not been reviewed yet: run a review before you submit it.")
    else:
        st.success("Validation passes and no blocking review findings are open.")
    for fmt, label in FORMATS:
        try:
            data, filename, mime = services.export_bytes(strategy, fmt)
        except AssistantError as exc:
            st.error(f"{label}: {exc}")
            continue
        st.download_button(f"Download {label}: {filename}", data=data, file_name=filename, mime=mime,
                           key=f"ui.export.{fmt}", disabled=not allowed,
                           on_click=readiness.record_export, args=(project, version, fmt, ready),
                           type="primary" if fmt == "md" else "secondary")
