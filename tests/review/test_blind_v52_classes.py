"""False-finding classes seen on the blind unplanted v52 strategy (issue 22): a figure the strategy sets for
itself (a threshold, a trigger condition, a run time) is no unsupported claim, while a baseline stated as a fact
still is; ArcKit's [NEEDS VERIFICATION] is a stated open item, not a template placeholder."""

from __future__ import annotations

from assistant.review.content import _PLACEHOLDER, _design_choice
from assistant.review.doctext import Line


def _row(cells: tuple[str, ...], header: tuple[str, ...]) -> Line:
    return Line(number=1, section=7, heading="7. Model Monitoring", text=" | ".join(cells), cells=cells, header=header)


def test_a_setting_in_its_own_column_is_a_design_choice_but_a_baseline_is_a_claim() -> None:
    row = _row(("Hallucination rate", "3.1%", "> 2%", "> 5%"), ("Metric", "Baseline", "Warning", "Critical"))
    assert not _design_choice(row, 1)  # a measured baseline: a source must state it
    assert _design_choice(row, 2)
    trigger = _row(("Data drift", "PSI > 0.2 sustained 2 windows"), ("Trigger", "Condition"))
    assert _design_choice(trigger, 1)
    cited = _row(("NFR-P-002", "within 30 s"), ("Requirement", "Target"))
    assert _design_choice(cited, 1)  # target-vs-requirement compares it instead
    own_id = _row(("Latency", "< 1 s (NFR-P-001)"), ("Metric", "Target"))
    assert not _design_choice(own_id, 1)
    prose = Line(number=2, section=7, heading="7", text="The override alert fires above 37%.")
    assert not _design_choice(prose, 0)  # prose is still checked: it may restate a source or invent one


def test_needs_verification_is_a_stated_open_item() -> None:
    assert [m.group(0) for m in _PLACEHOLDER.finditer("Vendor: [NEEDS VERIFICATION] | Repo: [Repo URL]")] == \
        ["[Repo URL]"]
