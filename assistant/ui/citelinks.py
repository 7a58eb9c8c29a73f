"""Citation markers as links to their passage: `[BFR-C3]` in a drafted section, `[2]` in a chat answer.

A marker becomes a same-page link to an anchor placed inside the source's (collapsed) expander. Following a
link to an element inside a closed `<details>` opens it (the HTML standard's ancestor-revealing step of
fragment navigation), so a click on the marker opens the quoted passage, with no script and no rerun. Only
markers that a source on the page answers are linked, and the anchor is made from the marker and a scope (the
section or the message), never from an internal passage ID.

No Streamlit here: the views call these, so they are plain to test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# Code blocks and spans (a Mermaid diagram, an inline ID) are left as they are.
_CODE = re.compile(r"(?ms)^[ ]{0,3}(```|~~~).*?^[ ]{0,3}\1[^\n]*$|`[^`\n]+`")


def anchor(scope: str, marker: str) -> str:
    """The HTML id of `marker`'s passage within `scope`: `cite-s7-bfr-c3` (lower case, dashes)."""
    return "cite-" + re.sub(r"[^a-z0-9]+", "-", f"{scope} {marker}".lower()).strip("-")


def anchors(scope: str, markers: Iterable[str]) -> dict[str, str]:
    """Each marker's anchor (the first of a repeated marker wins: one passage per marker)."""
    return {marker: anchor(scope, marker) for marker in dict.fromkeys(markers)}


def link_markers(text: str, targets: Mapping[str, str]) -> str:
    """`text` (Markdown) with each `[MARKER]` that `targets` names turned into a link to its anchor; a marker
    already in a link, and anything in code, is left alone."""
    if not targets:
        return text
    names = "|".join(re.escape(m) for m in sorted(targets, key=len, reverse=True))
    # not escaped (`\[`), not already a link's text (`](`), not a reference definition (`]:`); "[1][2]" is two
    marker = re.compile(r"(?<![\\\[])\[(" + names + r")\](?![(:])")

    def link(match: re.Match[str]) -> str:
        return f"[\\[{match.group(1)}\\]](#{targets[match.group(1)]})"

    out, position = [], 0
    for code in _CODE.finditer(text):
        out.append(marker.sub(link, text[position:code.start()]))
        out.append(code.group(0))
        position = code.end()
    out.append(marker.sub(link, text[position:]))
    return "".join(out)


def target_html(anchor_id: str) -> str:
    """The empty element a marker's link lands on (put inside the source's expander)."""
    return f'<span id="{anchor_id}"></span>'
