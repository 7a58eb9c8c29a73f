"""The frame around every view: page set-up, the look, first-start warm-up, project switcher, banners, pages."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.ui import services, signin, state
from assistant.ui.pages import DEFAULT, PAGES
from assistant.ui.views import chat, documents, draft, export, projects, review, settings

CSS_FILE = Path(__file__).with_name("style.css")
ICON_FILE = Path(__file__).with_name("static") / "favicon.png"

# Each page's render function, by its name in `pages.PAGES` (titles and URL paths are listed there).
RENDER: dict[str, Callable[[], None]] = {
    "chat": chat.render, "projects": projects.render, "documents": documents.render, "draft": draft.render,
    "review": review.render, "export": export.render, "settings": settings.render,
}


@st.cache_resource(show_spinner=False)
def _knowledge_base(home: str) -> Future[str]:
    """Load the embedding model and build (or open) the knowledge base once per process and data home, in a
    background thread, so the page is interactive while it runs."""

    def build() -> str:
        services.load_embedder()
        return services.ensure_knowledge_base()

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-warm-up").submit(build)


def _warm_up_result(future: Future[str]) -> str:
    try:
        return future.result()
    except AssistantError as exc:
        return f"Knowledge base not built: {exc}"
    except Exception as exc:  # noqa: BLE001 - a broken model install must not take the page down
        return f"Knowledge base not built ({type(exc).__name__}: {exc})."


def _warm_up(slot: DeltaGenerator) -> None:
    """First start: the knowledge base builds behind a visible spinner at the end of the (already usable) page."""
    if st.session_state.get("ui.kb_status"):
        return
    future = _knowledge_base(str(get_settings().home))
    if not future.done():
        with st.spinner("Preparing the knowledge base of UK guidance (first start only)..."):
            message = _warm_up_result(future)
    else:
        message = _warm_up_result(future)
    st.session_state["ui.kb_status"] = message
    slot.caption(message)


SWITCHER = "ui.switcher"


def _switched() -> None:
    state.select_project(st.session_state[SWITCHER])


def _sidebar(project_key: str | None) -> DeltaGenerator:
    """The project switcher; returns the slot where the knowledge-base status is shown.

    The widget is set to the current project before it is drawn, and a change goes through `select_project`
    in its callback: so a project chosen elsewhere (created, opened) is what the switcher shows, and the
    switcher never switches back to a stale value.
    """
    with st.sidebar:
        st.markdown("**MLOps Strategy Assistant**")
        all_projects = services.workspace().list_projects()
        if all_projects:
            keys = [p.key for p in all_projects]
            names = {p.key: f"{p.project_id} · {p.name}" for p in all_projects}
            st.session_state[SWITCHER] = project_key if project_key in keys else keys[0]
            st.selectbox("Project", keys, format_func=names.__getitem__, key=SWITCHER, on_change=_switched)
        return st.empty()


def _banners(project_key: str | None) -> None:
    provider = settings.chosen_provider()
    if provider is not None and provider.name == "offline":
        st.info("Offline mode: drafts are extracted from your documents and nothing leaves this machine. "
                "Choose a provider in Settings.", icon=":material/cloud_off:")
    project = services.workspace().get_project(project_key) if project_key else None
    if project is None:
        return
    try:
        view = services.policy_for(project.classification)
    except AssistantError as exc:
        st.error(f"The classification policy could not be read: {exc}")
        return
    if provider is not None and provider.name in view.blocked:
        st.error(f"{view.marking}: the policy forbids sending this project's material to '{provider.name}'. "
                 f"{view.why_not(provider.name)}", icon=":material/block:")
    elif view.restricts:
        refused = [name for name in view.blocked if name not in view.undecided]
        local = [name for name in view.blocked if name in view.undecided]
        st.warning(f"Classification {view.marking} restricts providers: allowed {', '.join(view.allowed)}; "
                   f"not allowed {', '.join(refused)}"
                   + (f"; {', '.join(local)} only on a loopback address" if local else "") + ".",
                   icon=":material/lock:")


def run() -> None:
    # The page icon is a file in this package: an emoji or Material icon name makes the browser fetch a
    # favicon from an external host, and an air-gapped deployment loads nothing from outside.
    st.set_page_config(page_title="MLOps Strategy Assistant", page_icon=str(ICON_FILE),
                       layout="wide", initial_sidebar_state="expanded")
    st.html(f"<style>{CSS_FILE.read_text(encoding='utf-8')}</style>")
    signin.gate()  # a team deployment: nothing below runs until a registered person has signed in
    pages = {name: st.Page(RENDER[name], title=title, url_path=url, default=(name == DEFAULT))
             for name, title, url in PAGES}
    current = st.navigation(list(pages.values()), position="top")
    project = state.current_project()
    goto = state.pop_goto()
    if goto in pages:
        st.switch_page(pages[goto], query_params={state.PROJECT_PARAM: project.key} if project else None)
    slot = _sidebar(project.key if project else None)
    slot.caption(st.session_state.get("ui.kb_status", "Preparing the knowledge base..."))
    _banners(project.key if project else None)
    current.run()
    _warm_up(slot)
