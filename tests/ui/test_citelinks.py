"""Citation markers become links to their passage's anchor; nothing else changes."""

from __future__ import annotations

from assistant.ui.citelinks import anchor, anchors, link_markers, target_html

TEXT = ("| Feature Group | Threshold | Action |\n|---|---|---|\n| Key features | PSI > 0.2 | Alert [BFR-C1] |\n\n"
        "Precision below 0.70 [BFR-C2] and a placeholder [X%].\n\n```mermaid\nA[BFR-C1] --> B\n```\n"
        "An ID in code `[BFR-C1]` and a link already [\\[BFR-C2\\]](#elsewhere).\n")


def test_known_markers_become_links_to_their_anchor() -> None:
    targets = anchors("s7", ["BFR-C1", "BFR-C2", "BFR-C1"])
    assert targets == {"BFR-C1": "cite-s7-bfr-c1", "BFR-C2": "cite-s7-bfr-c2"}
    linked = link_markers(TEXT, targets)
    assert "Alert [\\[BFR-C1\\]](#cite-s7-bfr-c1) |" in linked
    assert "0.70 [\\[BFR-C2\\]](#cite-s7-bfr-c2) and" in linked


def test_other_brackets_code_and_existing_links_are_left_alone() -> None:
    linked = link_markers(TEXT, anchors("s7", ["BFR-C1", "BFR-C2"]))
    assert "placeholder [X%]." in linked
    assert "```mermaid\nA[BFR-C1] --> B\n```" in linked and "`[BFR-C1]`" in linked
    assert "[\\[BFR-C2\\]](#elsewhere)" in linked
    assert linked.count("](#cite-") == 2
    assert link_markers(TEXT, {}) == TEXT


def test_numbered_answer_citations_and_anchor_ids_are_safe_html_ids() -> None:
    targets = anchors("m12", ["1", "2"])
    assert link_markers("Within 2 s [1][2].", targets) == "Within 2 s [\\[1\\]](#cite-m12-1)[\\[2\\]](#cite-m12-2)."
    assert anchor("s7", 'x"><script>') == "cite-s7-x-script"
    assert target_html(anchor("s7", "BFR-C1")) == '<span id="cite-s7-bfr-c1"></span>'
