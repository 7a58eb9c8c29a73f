"""One root defect, one finding: findings another finding entails are folded under it as `related`.

A placeholder left in a table also leaves that table's cells unfilled; a model catalogue without risk levels
also leaves the risk classification table empty; a document with no marking also fails the checklist's
classification items; a value that conflicts with another place, or with its requirement, is also a figure
no source states. Reported apart, each of these reads as a second defect. Here the entailed finding is
kept, whole, inside its root's `related` list (the Markdown report shows it under the root, the JSON keeps
it, and `--fix` still applies its fix); the root takes the higher severity of the two, so nothing a
consequence would have blocked passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.review.models import SEVERITIES, Finding

Entails = Callable[[Finding, Finding], bool]

_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
_UNFILLED = re.compile(r"unfilled: ([^.;]*)")


def _no_marking(root: Finding, other: Finding) -> bool:
    if other.rule == "uk-compliance-not-applicable":
        return True  # a government marking is one of the public-sector signals; without it none may be left
    if root.data.get("kind") != "none" or other.rule != "quality-checklist":
        return False
    check = other.data.get("check")
    if check == "classification_valid":
        return True
    m = _UNFILLED.search(other.message)
    return check == "document_control_complete" and m is not None and \
        "Classification" in [c.strip() for c in m.group(1).split(",")]


def _no_risk_tier(root: Finding, other: Finding) -> bool:
    if other.rule == "empty-table":
        return other.section == 2 and str(other.data.get("table", "")).endswith("risk_classification")
    if other.rule == "unfilled-cells":
        return list(other.data.get("columns", [])) == ["Risk Level"]
    return False


def _placeholder(root: Finding, other: Finding) -> bool:
    """A placeholder leaves its table or principle unfilled: the same section's gaps are this finding's."""
    return root.section is not None and other.section == root.section and \
        other.rule in ("unfilled-cells", "empty-table", "playbook-principles", "placeholder-text")


def _same_line(root: Finding, other: Finding) -> bool:
    """A figure in no source, on a line already reported as conflicting: the conflict is the defect."""
    return other.rule == "unsupported-figure" and other.data.get("line") in root.data.get("lines", ())


def _same_target(root: Finding, other: Finding) -> bool:
    """A performance target against its requirement, and the same row quoted as conflicting with another
    section: one wrong figure (the requirement says which value is right)."""
    metric = str(root.data.get("metric") or "")
    return other.rule == "value-conflict" and other.data.get("kind") == "threshold" and bool(metric) and \
        f"'{metric} |" in other.message


ROOTS: dict[str, Entails] = {
    "nfr-targets-agree": _same_target,
    "marking-missing": _no_marking,
    "model-risk-tier": _no_risk_tier,
    "template-unfilled": _placeholder,
    "value-conflict": _same_line,
    "target-vs-requirement": _same_line,
}


def fold_consequences(findings: list[Finding]) -> list[Finding]:
    """The findings with every entailed one moved under its (first) root."""
    folded: set[int] = set()
    for root in findings:
        entails = ROOTS.get(root.rule)
        if entails is None or id(root) in folded:
            continue
        for other in findings:
            if other is root or id(other) in folded or other.rule == root.rule or not entails(root, other):
                continue
            folded.add(id(other))
            root.related.append(other)
            if _ORDER[other.severity] < _ORDER[root.severity]:
                root.severity = other.severity
    return [f for f in findings if id(f) not in folded]
