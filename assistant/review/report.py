"""The review report as Markdown: grouped by severity, then section, each finding with its fix."""

from __future__ import annotations

from itertools import groupby

from assistant.review.context import SECTION_TITLES
from assistant.review.models import SEVERITIES, ReviewReport

_HEADINGS = {"blocking": "Blocking", "major": "Major", "minor": "Minor", "info": "For information"}


def _section_label(section: int | None) -> str:
    return f"Section {section}: {SECTION_TITLES[section]}" if section else "Whole document"


def render_report(report: ReviewReport) -> str:
    s = report.summary
    lines = [f"# Review of {s.document_id}", "", f"**Summary**: {s.text}.", ""]
    counts = " | ".join(f"{_HEADINGS[k]}: {s.by_severity.get(k, 0)}" for k in SEVERITIES)
    lines += [counts, "", f"Rules run: {s.rules_run}; fixable findings: {s.fixable}"
              + (f"; requirements checked: {s.requirements_checked}" if s.requirements_checked is not None else "")
              + ".", ""]
    if s.rubric is not None:
        lines += ["## Rubric", "", f"Graded by {s.rubric_provider} with `{s.rubric_prompt}`.", "",
                  "| Criterion | Score |", "|---|---|"]
        lines += [f"| {name.capitalize()} | {getattr(s.rubric, name)}/10 |" for name in type(s.rubric).model_fields]
        lines += [f"| **Mean** | **{s.rubric.mean:.1f}/10** |", ""]
    for note in s.notes:
        lines += [f"> {note}", ""]
    if not report.findings:
        lines += ["No findings.", ""]
    for severity in SEVERITIES:
        items = [f for f in report.findings if f.severity == severity]
        if not items:
            continue
        lines += [f"## {_HEADINGS[severity]} ({len(items)})", ""]
        for section, group in groupby(sorted(items, key=lambda f: f.section or 0), key=lambda f: f.section):
            lines += [f"### {_section_label(section)}", ""]
            for f in group:
                lines.append(f"- **{f.rule}**: {f.message}")
                lines.append(f"  - Fix{' (can be applied with `--fix`)' if f.fixable else ''}: {f.fix}")
                lines += [f"  - Follows from it: **{g.rule}**: {g.message}" for g in f.related]
            lines.append("")
    if report.questions:
        lines += [f"## Questions for the author ({len(report.questions)})", "",
                  "The review could not find this content where the template puts it. It may be written elsewhere "
                  "in your arrangement of the document: confirm where, or add it.", ""]
        for f in report.questions:
            where = f"section {f.section}" if f.section else "whole document"
            lines.append(f"- ({where}, {f.rule}) {f.message}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
