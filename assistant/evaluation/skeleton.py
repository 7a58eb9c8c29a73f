"""The heading skeleton a rendered strategy must keep.

The expected skeleton is the rendering of an empty strategy with the same applicability (sections 9
and 13, the JSP 936 table): the strategy tests pin that empty rendering to the ArcKit template's own
skeleton, so the chain template -> empty rendering -> filled rendering is checked without a second copy
of the template's headings.
"""

from __future__ import annotations

import re

from assistant.strategy import Strategy
from assistant.strategy.render import render_markdown

_HEADING = re.compile(r"^(#{1,3}) (.+?)\s*$", re.MULTILINE)


def headings_in(markdown: str) -> list[str]:
    """`## 1. ML System Overview`-style headings (levels 1-3), outside fenced code blocks."""
    without_code = re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)
    return [f"{hashes} {text}" for hashes, text in _HEADING.findall(without_code)]


def expected_headings(strategy: Strategy | None) -> list[str]:
    empty = Strategy()
    if strategy is not None:
        empty.genai.applies = strategy.genai.applies
        empty.uk_compliance.applies = strategy.uk_compliance.applies
        if hasattr(empty.uk_compliance, "jsp936_applies"):
            empty.uk_compliance.jsp936_applies = strategy.uk_compliance.jsp936_applies
    return headings_in(render_markdown(empty))
