"""How one value and its provenance are written in a Markdown cell, and read back: one grammar.

    cell        := value (" [" marker "]")* (" _(" Basis [": " rationale] ")_")?
    value       := escaped text | placeholder
    marker      := citation ID (resolved in External References) or evidence ID

Text escapes `\\`, `|`, `[`, `]` and `_(` so no value can be mistaken for a marker, a placeholder or an
annotation. Markers must contain a digit, so template placeholders such as `[Yes/No]` never read as one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from enum import Enum
from typing import Any

from assistant.strategy.base import Provenance

MARKER_ID = r"[A-Za-z0-9][A-Za-z0-9._:/#-]*"
_TRAILING_MARKER = re.compile(r"\s*(?<!\\)\[(" + MARKER_ID + r")\]$")
_ANNOTATION = re.compile(r"\s*_\((Assumption|Recommendation|Evidence)(?:: (.*))?\)_$")
_PLACEHOLDER = re.compile(r"^\[[^\]]*\](?:\s*\([^)]*\))?(?:\s+-\s+.*)?$")
_UNESCAPE = re.compile(r"\\([\\|\[\]_])")
BASIS_WORD = {"evidence": "Evidence", "assumption": "Assumption", "recommendation": "Recommendation"}


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")
    return text.replace("_(", "\\_(")


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def format_scalar(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return escape(str(value))


def format_provenance(provenance: Provenance | None, marker_for: Callable[[str], str] = str) -> str:
    """The suffix a cell carries: ` [REQ-C1] [FR-002] _(Recommendation: why)_`."""
    if provenance is None:
        return ""
    out = "".join(f" [{marker_for(e)}]" for e in provenance.evidence)
    basis = provenance.basis
    if basis in ("assumption", "recommendation") or (basis == "evidence" and provenance.rationale):
        word = BASIS_WORD[basis]
        out += f" _({word}: {escape(provenance.rationale)})_" if provenance.rationale else f" _({word})_"
    return out


def format_cell(
    value: Any, placeholder: str, provenance: Provenance | None = None, marker_for: Callable[[str], str] = str
) -> str:
    text = placeholder if value is None else format_scalar(value)
    return (text + format_provenance(provenance, marker_for)).strip()


def is_marker_id(token: str) -> bool:
    return bool(re.fullmatch(MARKER_ID, token)) and any(ch.isdigit() for ch in token)


def split_provenance(cell: str, placeholder: str | None = None) -> tuple[str, list[str], str | None, str | None]:
    """Split a cell into (raw value text, markers, basis, rationale). Markers are not resolved here."""
    text = cell.strip()
    basis: str | None = None
    rationale: str | None = None
    m = _ANNOTATION.search(text)
    if m:
        basis = m.group(1).casefold()
        rationale = unescape(m.group(2)) if m.group(2) is not None else None
        text = text[: m.start()].rstrip()
    markers: list[str] = []
    while True:
        m = _TRAILING_MARKER.search(text)
        if not m or not is_marker_id(m.group(1)):
            break
        rest = text[: m.start()].rstrip()
        # A lone bracketed token is the value itself (a placeholder), unless the column's placeholder is blank.
        if not rest and placeholder != "":
            break
        markers.append(m.group(1))
        text = rest
    markers.reverse()
    return text, markers, basis, rationale


# The template's own word for a review or approval not given yet ("[APPROVER_NAME] (date) or PENDING"), and
# ArcKit's marker for a value its sources leave open ("[NEEDS VERIFICATION]"), bracketed or not: a stated state
# of the draft, never an unfilled placeholder.
PENDING = re.compile(r"\[?\s*(?:PENDING|NEEDS VERIFICATION)\s*\]?", re.I)


def is_pending(text: str) -> bool:
    """"PENDING", "[PENDING]", "[NEEDS VERIFICATION]", or one before what it waits on ("[PENDING] Service Owner")."""
    m = PENDING.match(text.strip())
    if m is None:
        return False
    return not re.match(r"[\w-]", text.strip()[m.end():m.end() + 1])


def is_placeholder(text: str, placeholder: str | None = None) -> bool:
    text = text.strip()
    if placeholder is not None and text == placeholder:
        return True
    if text in ("", "*None provided*", "—"):
        return True
    return bool(_PLACEHOLDER.match(text))


def value_text(text: str, placeholder: str | None = None) -> str | None:
    """The unescaped value of a cell's text part, or None for a placeholder/blank."""
    if text.strip() == "" or is_placeholder(text, placeholder):
        return None
    return unescape(text.strip())


def make_provenance(
    markers: list[str], basis: str | None, rationale: str | None, resolve: Callable[[str], str] = str
) -> dict[str, Any]:
    data: dict[str, Any] = {"evidence": [resolve(m) for m in markers]}
    if basis is not None:
        data["basis"] = basis
    if rationale is not None:
        data["rationale"] = rationale
    return data
