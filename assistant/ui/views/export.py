"""Export: the latest version as ArcKit-named Markdown, DOCX and the structured JSON."""

from __future__ import annotations

import streamlit as st

from assistant.errors import AssistantError
from assistant.ui import components, services

FORMATS = (("md", "Markdown"), ("docx", "Word (DOCX)"), ("json", "Structured JSON"))


def render() -> None:
    st.title("Export")
    components.flash()
    current = components.require_draft("Nothing to export yet: draft at least one section first.")
    if current is None:
        return
    project, strategy, version = current
    st.markdown(f"Version {version} of **{strategy.document_id}** ({project.classification}). "
                "Files are named as ArcKit names them.")
    for fmt, label in FORMATS:
        try:
            data, filename, mime = services.export_bytes(strategy, fmt)
        except services.Missing as exc:
            st.caption(f"{label}: {exc}")
            continue
        except AssistantError as exc:
            st.error(f"{label}: {exc}")
            continue
        st.download_button(f"Download {label}: {filename}", data=data, file_name=filename, mime=mime,
                           key=f"ui.export.{fmt}", on_click="ignore", type="primary" if fmt == "md" else "secondary")
