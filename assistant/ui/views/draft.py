"""Draft: the outline to approve before drafting, each section's status and evidence, open questions, drafting and revising, the Markdown preview,
hand edits validated against the schema, and version history with a diff between versions."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from assistant.drafting.engine import DraftEvent
from assistant.errors import AssistantError, DraftConflictError
from assistant.retrieval import held_back
from assistant.strategy import Strategy
from assistant.strategy.enums import DocumentStatus
from assistant.ui import components, services, state
from assistant.ui.views import projects, settings
from assistant.workspace import ProjectRecord

SECTION_KEY = "ui.draft.section"  # the section a jump (e.g. from a review finding) asks to show
PLAN_KEY = "ui.draft.outline"  # the last outline planned: {"project": key, "outline": Outline}
CONFIRM_KEY = "ui.draft.confirm_full"  # a full redraft waiting for the user's answer about hand edits


def _label(number: int) -> str:
    return services.section_title(number)


def _event_line(event: DraftEvent) -> str:
    """A DraftEvent in words: plan, section started/done/failed, step, done."""
    kind, section = event.kind, event.section
    if kind == "section_started":
        return f"Drafting section {section}: {event.title}"
    if kind == "section_done":
        return f"Section {section} ({event.title}) saved as version {event.version}" + (
            f": {event.message}" if event.message else "")
    if kind == "section_failed":
        return f"Section {section} failed: {event.message}"
    return event.message or kind.capitalize()


def _run_draft(project: ProjectRecord, numbers: list[int] | None) -> None:
    what = "all sections" if numbers is None else ", ".join(_label(n) for n in numbers)
    with st.status(f"Drafting {what}...", expanded=True) as status:
        def on_event(event: DraftEvent) -> None:
            line = _event_line(event)
            status.update(label=line)
            status.write(line)

        outcome = components.status_call(
            status, lambda: services.draft(project, sections=numbers, provider=settings.chosen_provider(),
                                           document_ids=state.document_scope(project), on_event=on_event),
            stopped="Drafting stopped", note=" Sections finished before this were saved.")
        if outcome is None:
            return
        failed = ", ".join(f"{n} ({why})" for n, why in sorted(outcome.failed.items()))
        skipped = ", ".join(f"{n} ({why})" for n, why in sorted(outcome.skipped.items()))
        status.update(label=f"Drafted {what}" + (f"; failed: {failed}" if failed else ""),
                      state="error" if failed else "complete", expanded=False)
    drafted = ", ".join(str(n) for n in sorted(outcome.drafted)) or "none"
    st.session_state["ui.flash"] = (f"Drafted section(s) {drafted}" + (f", saved as version {outcome.version}"
                                    if outcome.version else "") + "." + (f" Failed: {failed}." if failed else "")
                                    + (f" Skipped: {skipped}." if skipped else ""))
    if outcome.drafted:
        st.session_state[SECTION_KEY] = sorted(outcome.drafted)[0]  # open the first drafted section
    st.rerun()


def _run_revise(project: ProjectRecord, number: int, instruction: str) -> None:
    with st.status(f"Revising {_label(number)}...", expanded=True) as status:
        outcome = components.status_call(
            status, lambda: services.revise(project, number, instruction, provider=settings.chosen_provider(),
                                            document_ids=state.document_scope(project)),
            stopped="Revision stopped")
        if outcome is None:
            return
        if not outcome.applied:
            status.update(label=f"{_label(number)} not changed", state="error")
            st.warning(outcome.message)
            return
        status.update(label=f"Revised {_label(number)}", state="complete", expanded=False)
    st.session_state["ui.flash"] = f"Revised {_label(number)}, saved as version {outcome.version}. {outcome.message}"
    st.rerun()


def _actions(project: ProjectRecord, focus: int) -> None:
    numbers = [s.number for s in services.sections()]
    cols = st.columns([3, 1, 1], vertical_alignment="bottom")
    number = cols[0].selectbox("Section", numbers, index=numbers.index(focus), format_func=_label,
                               key="ui.draft.pick")
    if cols[1].button("Draft this section", type="primary", key="ui.draft.one"):
        _run_draft(project, [number])
    if cols[2].button("Draft all sections", key="ui.draft.all"):
        if services.hand_edited_sections(project.key):
            st.session_state[CONFIRM_KEY] = project.key
        else:
            _run_draft(project, None)
    if st.session_state.get(CONFIRM_KEY) == project.key:
        _confirm_full_redraft(project)
    with st.form("revise", clear_on_submit=True):
        instruction = st.text_input(f"Instruction to revise {_label(number)}",
                                    placeholder="e.g. make the drift thresholds stricter")
        if st.form_submit_button("Revise the section") and instruction.strip():
            _run_revise(project, number, instruction.strip())


def _confirm_full_redraft(project: ProjectRecord) -> None:
    """A full redraft would replace sections edited by hand: ask, and keep the edits unless told otherwise."""
    edited = services.hand_edited_sections(project.key)
    with st.container(border=True):
        st.warning("You edited " + ", ".join(_label(n) for n in edited) + " by hand. Drafting all sections "
                   "again keeps those edits unless you choose to replace them.", icon=":material/edit_note:")
        cols = st.columns(3)
        keep = cols[0].button("Keep my edits, draft the rest", type="primary", key="ui.draft.keep")
        replace = cols[1].button("Replace my edits too", key="ui.draft.replace")
        if cols[2].button("Cancel", key="ui.draft.cancel"):
            st.session_state.pop(CONFIRM_KEY, None)
            st.rerun()
    if keep or replace:
        st.session_state.pop(CONFIRM_KEY, None)
        others = [s.number for s in services.sections() if s.number not in edited]
        _run_draft(project, None if replace else others)


def _approved_key(number: int) -> str:
    return f"ui.plan.ok.{number}"


def _plan(project: ProjectRecord, strategy: Strategy) -> None:
    """Outline first: which sections apply and why, with their key evidence; the user ticks the sections to
    draft and only those are drafted."""
    if st.button("Plan the draft", key="ui.draft.plan",
                 help="Show which sections apply and why, and the evidence each would draw on, before drafting"):
        with st.spinner("Planning the draft..."):
            try:
                outline = services.plan(project, document_ids=state.document_scope(project))
            except AssistantError as exc:
                st.error(str(exc))
                return
        st.session_state[PLAN_KEY] = {"project": project.key, "outline": outline}
        for planned in outline.sections:
            st.session_state[_approved_key(planned.number)] = planned.applies
    plan = st.session_state.get(PLAN_KEY)
    if not plan or plan.get("project") != project.key:
        return
    outline = plan["outline"]
    with st.container(border=True):
        st.markdown("**Outline**: tick the sections to draft, then draft the approved ones.")
        for planned in outline.sections:
            name = f"{planned.number}. {planned.title}"
            if planned.applies:
                st.session_state.setdefault(_approved_key(planned.number), True)
                st.checkbox(name, key=_approved_key(planned.number))
                st.caption(f"Applies: {planned.reason}")
            else:
                st.markdown(services.safe_markdown(f"{name} — does not apply: {planned.reason}"))
            evidence = services.outline_evidence(strategy, planned.key_evidence)
            if evidence:
                st.caption(services.safe_markdown("Key evidence: " + "; ".join(evidence)))
        approved = [p.number for p in outline.sections
                    if p.applies and st.session_state.get(_approved_key(p.number))]
        st.caption(f"Approved: {', '.join(str(n) for n in approved) or 'none'}")
        if st.button("Draft the approved sections", type="primary", key="ui.draft.approved"):
            if approved:
                _run_draft(project, approved)
            else:
                st.warning("Tick at least one section to draft.")


def _sections(project: ProjectRecord, strategy: Strategy, version: int | None, focus: int) -> None:
    texts = services.sections_markdown(strategy)
    for status in services.section_statuses(project, strategy, version):
        with st.expander(f"{status.number}. {status.title} — {status.label}", expanded=status.number == focus):
            items, targets = components.section_sources(strategy, status.number, project.key)
            if status.drafted:
                # the drafted text as the reader will see it: each citation marker links to its passage below
                components.show_markdown(texts.get(status.number, ""), links=targets)
            st.markdown("**Evidence**")
            components.sources(items, targets)
            if status.open_questions:
                st.markdown("**Open questions**")
                for question in status.open_questions:
                    components.show_markdown(f"- {question}")
                with st.form(f"answer-{status.number}", clear_on_submit=True):
                    question = st.selectbox("Question", status.open_questions, key=f"ui.oq.q.{status.number}")
                    answer = st.text_input("Your answer", key=f"ui.oq.a.{status.number}")
                    if st.form_submit_button("Use this answer to revise the section") and answer.strip():
                        _run_revise(project, status.number, f"Open question: {question} Answer: {answer.strip()}")


def _edit(project: ProjectRecord, strategy: Strategy, focus: int) -> None:
    with st.form("draft-control"):
        st.markdown("**Document Control**")
        control = strategy.document_control
        name = st.text_input("Project name", value=project.name)
        owner = st.text_input("Owner", value=project.owner)
        cols = st.columns(3)
        classification = cols[0].selectbox("Classification", projects.CLASSIFICATIONS,
                                           index=projects.CLASSIFICATIONS.index(project.classification)
                                           if project.classification in projects.CLASSIFICATIONS else 1)
        review_cycle = cols[1].selectbox("Review cycle", projects.REVIEW_CYCLES,
                                         index=projects.REVIEW_CYCLES.index(project.review_cycle)
                                         if project.review_cycle in projects.REVIEW_CYCLES else 1)
        statuses = [s.value for s in DocumentStatus]
        doc_status = cols[2].selectbox("Status", statuses, index=statuses.index(control.status.value))
        if st.form_submit_button("Save Document Control", type="primary"):
            if not name.strip():
                st.error("The project name cannot be empty.")
                return
            project = services.workspace().update_project(project.key, name=name.strip(), owner=owner.strip(),
                                                          classification=classification, review_cycle=review_cycle)
            updated = services.apply_document_control(strategy, project)
            data = updated.model_dump(mode="json")
            data["document_control"]["status"] = doc_status
            number = services.save_strategy(project, services.load_strategy(data), "Document Control edited")
            st.session_state["ui.flash"] = f"Document Control saved (version {number})."
            st.rerun()
    numbers = [s.number for s in services.sections()]
    number = st.selectbox("Section to edit as JSON", numbers, index=numbers.index(focus), format_func=_label,
                          key="ui.edit.pick")
    # Where this person's edit started: kept across reruns until the edit is saved or abandoned, so a save is
    # checked against what they saw, not against whatever is latest when they press the button.
    base_key = f"ui.edit.base.{project.key}.{number}"
    base = st.session_state.setdefault(base_key, services.edit_base(project))
    conflict = st.session_state.get(CONFLICT_KEY)
    if conflict is not None and conflict["number"] == number:
        _conflict(project, number, conflict, base_key)
        return
    # The editor shows the section as it was when the edit started: were it refilled from a newer version, Streamlit
    # would take it for a new widget and drop what the person typed.
    started = (services.strategy_at(project, base.version) if base.version else None) or strategy
    with st.form(f"json-{number}"):
        text = st.text_area(f"{_label(number)} (JSON, checked against the schema before it is saved)",
                            value=json.dumps(services.section_data(started, number), indent=2), height=320)
        if st.form_submit_button("Validate and save"):
            try:
                updated = services.replace_section(strategy, number, text)
                saved = services.save_strategy(project, updated, services.HAND_EDIT_NOTE.format(number=number),
                                               sections=(number,), base=base)
            except DraftConflictError as exc:
                st.session_state[CONFLICT_KEY] = {"number": number, "text": text, "latest": exc.latest,
                                                  "theirs": exc.theirs, "yours": exc.yours}
                st.rerun()
            except AssistantError as exc:
                st.error(str(exc))
                return
            st.session_state.pop(base_key, None)
            st.session_state["ui.flash"] = f"{_label(number)} saved (version {saved})."
            st.rerun()


CONFLICT_KEY = "ui.edit.conflict"


def _conflict(project: ProjectRecord, number: int, conflict: dict[str, Any], base_key: str) -> None:
    """Someone saved this section after this person started editing it: show both and let them choose."""
    st.warning(f"{_label(number)} was changed by someone else (version {conflict['latest']}) after you started "
               "editing it. Nothing of yours was saved yet: choose which to keep.")
    cols = st.columns(2)
    cols[0].markdown("**Saved now (theirs)**")
    cols[0].code(json.dumps(conflict["theirs"], indent=2), language="json")
    cols[1].markdown("**Your edit**")
    cols[1].code(json.dumps(conflict["yours"], indent=2), language="json")
    keep = st.columns(2)
    if keep[0].button("Keep theirs (discard my edit)", key="ui.edit.keep_theirs"):
        st.session_state.pop(CONFLICT_KEY, None)
        st.session_state.pop(base_key, None)
        services.workspace().audit(project.key, "ui.edit_conflict", {"section": number, "kept": "theirs",
                                                                     "latest": conflict["latest"]})
        st.session_state["ui.flash"] = f"Kept the saved {_label(number)}; your edit was discarded."
        st.rerun()
    if keep[1].button("Keep mine (save over theirs)", key="ui.edit.keep_mine", type="primary"):
        strategy, _ = services.current_strategy(project)
        updated = services.replace_section(strategy, number, conflict["text"])
        saved = services.save_strategy(project, updated, services.HAND_EDIT_NOTE.format(number=number),
                                       sections=(number,))
        services.workspace().audit(project.key, "ui.edit_conflict", {"section": number, "kept": "mine",
                                                                     "latest": conflict["latest"], "saved": saved})
        st.session_state.pop(CONFLICT_KEY, None)
        st.session_state.pop(base_key, None)
        st.session_state["ui.flash"] = f"{_label(number)} saved over the other change (version {saved})."
        st.rerun()


def _history(project: ProjectRecord) -> None:
    versions = services.history(project.key)
    if not versions:
        st.info("No versions yet: draft a section to make the first one.")
        return
    st.caption("One version per action: a whole-document draft is one version, its sections the steps inside.")
    st.dataframe([{"Version": v.number, "Saved": v.created_at.strftime("%Y-%m-%d %H:%M") if v.created_at else "",
                   "Note": v.note, "Steps": "; ".join(str(step.get("note", "")) for step in v.steps) or v.note,
                   "Author": v.author} for v in reversed(versions)], hide_index=True, width="stretch")
    if len(versions) < 2:
        return
    numbers = [v.number for v in versions]
    cols = st.columns(2)
    old = cols[0].selectbox("Compare version", numbers, index=len(numbers) - 2, key="ui.diff.old")
    new = cols[1].selectbox("with version", numbers, index=len(numbers) - 1, key="ui.diff.new")
    try:
        diff = services.diff_versions(project.key, old, new)
    except AssistantError as exc:
        st.warning(str(exc))
        return
    st.code(diff or "No differences in the rendered Markdown.", language="diff")


def _held_back_notice(project: ProjectRecord) -> None:
    """What drafting cannot read: the passages the injection screen holds back that no one has released yet."""
    try:
        unread = held_back.unread_note(held_back.waiting(project.key))
    except AssistantError:
        return  # a notice, not the page: a failed look-up must not stop drafting
    if unread:
        st.info(f"{unread} Read them on the Documents page, release those that are ordinary document text, and "
                "draft again to use them.")


def render() -> None:
    st.title("Draft")
    components.flash()
    project = components.require_project()
    if project is None:
        return
    strategy, version = services.current_strategy(project)
    focus = int(st.session_state.get(SECTION_KEY) or 1)
    st.caption(f"{strategy.document_id} · " + (f"version {version} saved" if version else "nothing drafted yet"))
    _held_back_notice(project)
    _actions(project, focus)
    _plan(project, strategy)
    tab_sections, tab_preview, tab_edit, tab_history = st.tabs(["Sections", "Preview", "Edit", "History"])
    with tab_sections:
        _sections(project, strategy, version, focus)
    with tab_preview:
        components.show_markdown(services.render_markdown(strategy))
    with tab_edit:
        _edit(project, strategy, focus)
    with tab_history:
        _history(project)
