"""Settings: the provider and model for this session, the classification policy in force, the data home.

Keys are never typed in or stored here: providers read them from the environment when they are built.
"""

from __future__ import annotations

import streamlit as st

from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.llm import Provider
from assistant.ui import components, services, state

_PROVIDER = "ui.provider"
_MODEL = "ui.model"


def chosen_provider() -> Provider | None:
    """The provider this session uses: the one picked here, else the configured or environment default."""
    try:
        return services.provider_for(st.session_state.get(_PROVIDER), st.session_state.get(_MODEL))
    except AssistantError:
        return None


def render() -> None:
    st.title("Settings")
    components.flash()
    described = services.providers()
    usable = [d.name for d in described if d.available]
    current = chosen_provider()
    st.subheader("Provider and model")
    st.caption("API keys come only from environment variables (ANTHROPIC_API_KEY, OPENAI_API_KEY, "
               "AZURE_OPENAI_API_KEY, ...). The assistant never asks for them and never stores them.")
    default = current.name if current is not None and current.name in usable else "offline"
    name = st.selectbox("Provider for this session", usable, index=usable.index(default), key="ui.settings.provider")
    model_hint = next((d.model for d in described if d.name == name), None) or ""
    model = st.text_input("Model (blank: the provider's default)", value=st.session_state.get(_MODEL) or "",
                          placeholder=model_hint, disabled=name == "offline", key="ui.settings.model")
    if st.button("Use this provider", type="primary"):
        st.session_state[_PROVIDER] = name
        st.session_state[_MODEL] = model.strip() or None
        st.session_state["ui.flash"] = f"Using {name}" + (f" ({model.strip()})" if model.strip() else "") + "."
        st.rerun()
    st.dataframe([{"Provider": d.name, "Kind": d.kind, "Model": d.model or "-",
                   "Available": "yes" if d.available else "no", "Why": d.reason} for d in described],
                 hide_index=True, width="stretch")
    st.subheader("Classification policy in force")
    project = state.current_project()
    try:
        view = services.policy_for(project.classification if project else "OFFICIAL")
    except AssistantError as exc:
        st.error(str(exc))
        return
    st.markdown(f"Policy file: `{view.source}`")
    if project is not None:
        st.markdown(f"Project **{project.name}** is marked **{view.marking}**.")
    st.markdown(f"Allowed providers: {', '.join(view.allowed) or 'none'}")
    for blocked in view.blocked:
        verdict = "not set up" if blocked in view.undecided else "not allowed"
        st.markdown(f"- **{blocked}** {verdict}: {view.why_not(blocked)}")
    st.subheader("Data")
    settings = get_settings()
    st.markdown(f"Data home `{settings.home}` · database `{settings.resolved_database_url.split('://')[0]}` · "
                f"index {'Chroma server ' + settings.chroma_host if settings.chroma_host else 'embedded'}")
    st.caption(st.session_state.get("ui.kb_status", ""))
