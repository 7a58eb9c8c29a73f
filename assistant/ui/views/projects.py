"""Projects: create, switch, rename, and the Document Control fields; plus the one-click sample project."""

from __future__ import annotations

import streamlit as st

from assistant.errors import AssistantError
from assistant.strategy.enums import Classification, ReviewCycle
from assistant.ui import components, sample, services, state
from assistant.workspace import ProjectRecord

CLASSIFICATIONS = [c.value for c in Classification]
REVIEW_CYCLES = [c.value for c in ReviewCycle]


def create_form(*, expanded: bool = True) -> None:
    with st.form("create-project", clear_on_submit=True, border=True):
        st.markdown("**Create a project**")
        name = st.text_input("Project name", placeholder="e.g. Benefits Fraud Triage")
        cols = st.columns(3)
        project_id = cols[0].text_input("Project ID (3 digits, blank for the next free one)", max_chars=3)
        classification = cols[1].selectbox("Classification", CLASSIFICATIONS, index=1)
        review_cycle = cols[2].selectbox("Review cycle", REVIEW_CYCLES, index=1)
        owner = st.text_input("Owner", placeholder="Name or role of the accountable owner")
        if st.form_submit_button("Create project", type="primary"):
            if not name.strip():
                st.error("Enter a project name.")
                return
            try:
                project = services.workspace().create_project(
                    name.strip(), project_id=project_id.strip() or None, classification=classification,
                    owner=owner.strip(), review_cycle=review_cycle)
            except AssistantError as exc:
                st.error(str(exc))
                return
            services.workspace().audit(project.key, "ui.project_created", {"name": project.name})
            state.select_project(project.key)
            st.session_state["ui.flash"] = f"Project {project.project_id} '{project.name}' created."
            st.rerun()


def sample_button() -> None:
    st.markdown("**New here?** Try the sample project: a benefits fraud triage model's requirements, indexed "
                "and with one section drafted offline, so you can see a cited draft in under a minute.")
    if st.button("Try the sample project", type="primary", key="ui.sample"):
        sample.create_sample_project()


def document_control_form(project: ProjectRecord) -> None:
    with st.form("document-control", border=True):
        st.markdown("**Document Control**")
        name = st.text_input("Project name", value=project.name)
        st.text_input("Project ID", value=project.project_id, disabled=True,
                      help="Set when the project is created: the ArcKit document ID and file name depend on it.")
        owner = st.text_input("Owner", value=project.owner)
        cols = st.columns(2)
        classification = cols[0].selectbox(
            "Classification", CLASSIFICATIONS,
            index=CLASSIFICATIONS.index(project.classification) if project.classification in CLASSIFICATIONS else 1)
        review_cycle = cols[1].selectbox(
            "Review cycle", REVIEW_CYCLES,
            index=REVIEW_CYCLES.index(project.review_cycle) if project.review_cycle in REVIEW_CYCLES else 1)
        if st.form_submit_button("Save Document Control", type="primary"):
            if not name.strip():
                st.error("The project name cannot be empty.")
                return
            services.workspace().update_project(project.key, name=name.strip(), owner=owner.strip(),
                                                classification=classification, review_cycle=review_cycle)
            services.workspace().audit(project.key, "ui.document_control", {"name": name.strip()})
            st.session_state["ui.flash"] = "Document Control saved."
            st.rerun()


def render() -> None:
    st.title("Projects")
    components.flash()
    project = state.current_project()
    projects = services.workspace().list_projects()
    if not projects:
        sample_button()
    if project is not None:
        st.subheader(f"{project.project_id} · {project.name}")
        control = services.current_strategy(project)[0].document_control
        next_review = control.next_review_date.isoformat() if control.next_review_date else "on demand"
        st.caption(f"Key `{project.key}` · classification {project.classification} · "
                   f"review {project.review_cycle} (next {next_review}) · owner {project.owner or 'not set'}")
        document_control_form(project)
    if len(projects) > 1:
        st.markdown("**All projects**")
        for other in projects:
            cols = st.columns([4, 1])
            cols[0].write(f"{other.project_id} · {other.name} ({other.classification})")
            if other.key != (project.key if project else None):
                if cols[1].button("Open", key=f"ui.open.{other.key}"):
                    state.select_project(other.key)
                    st.rerun()
            else:
                cols[1].caption("Selected")
    create_form()
    if projects and not services.workspace().get_project(services.SAMPLE_PROJECT_KEY):
        with st.expander("Try the sample project"):
            sample_button()
