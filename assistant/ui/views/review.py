"""Review: run the review, findings grouped by severity and section, each linking to its section, fixes."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import streamlit as st

from assistant.errors import AssistantError
from assistant.strategy import Strategy
from assistant.ui import components, services, state
from assistant.ui.views import draft, settings
from assistant.workspace import ProjectRecord

SEVERITY_ORDER = ("blocking", "major", "minor", "info")
_ALERT = {"blocking": st.error, "major": st.warning, "minor": st.info, "info": st.info}


def _section_title(number: int | None) -> str:
    if number is None:
        return "Whole document"
    info = next((s for s in services.sections() if s.number == number), None)
    return f"{number}. {info.title}" if info else f"Section {number}"


def _run(project: ProjectRecord, strategy: Strategy, version: int | None) -> None:
    with st.status("Reviewing the draft...", expanded=True) as status:
        status.write("Checking structure, evidence, numbers and UK compliance coverage")
        report = components.status_call(
            status, lambda: services.review(project, strategy, version, provider=settings.chosen_provider()),
            stopped="Review stopped")
        if report is None:
            return
        status.update(label=f"Review finished: {len(report.findings)} finding(s)", state="complete", expanded=False)
    st.rerun()


def render() -> None:
    st.title("Review")
    components.flash()
    current = components.require_draft("Nothing to review yet: draft at least one section first.")
    if current is None:
        return
    project, strategy, version = current
    if st.button(f"Review version {version}", type="primary", key="ui.review.run"):
        _run(project, strategy, version)
    last = (project.settings or {}).get("last_review")
    if not last:
        return
    findings: list[dict[str, Any]] = last.get("findings", [])
    stale = last.get("version") != version
    st.caption(f"Last review: version {last.get('version')}" + (" (the draft has changed since)" if stale else ""))
    summary = last.get("summary") or {}
    if summary.get("text"):
        st.markdown(services.safe_markdown(summary["text"]))
    if not findings:
        st.success("No findings.")
        return
    groups: dict[str, dict[int | None, list[tuple[int, dict[str, Any]]]]] = defaultdict(lambda: defaultdict(list))
    for index, finding in enumerate(findings):
        groups[finding.get("severity", "info")][finding.get("section")].append((index, finding))
    for severity in SEVERITY_ORDER:
        if severity not in groups:
            continue
        count = sum(len(v) for v in groups[severity].values())
        st.subheader(f"{severity.capitalize()} ({count})")
        for section in sorted(groups[severity], key=lambda s: (s is None, s or 0)):
            st.markdown(services.safe_markdown(f"**{_section_title(section)}**"))
            for index, finding in groups[severity][section]:
                _ALERT.get(severity, st.info)(f"**{finding.get('rule')}**: {finding.get('message')}\n\n"
                                              f"Fix: {finding.get('fix')}")
                cols = st.columns([1, 1, 3])
                if section is not None and cols[0].button("Open section", key=f"ui.rv.open.{index}"):
                    state.go("draft", **{draft.SECTION_KEY: section})
                if finding.get("fixable") and not stale and cols[1].button("Apply fix", key=f"ui.rv.fix.{index}"):
                    try:
                        number = services.apply_fix(project, strategy, finding)
                    except AssistantError as exc:
                        st.error(str(exc))
                    else:
                        st.session_state["ui.flash"] = f"Fix applied ({finding.get('rule')}); saved as version {number}."
                        st.rerun()
