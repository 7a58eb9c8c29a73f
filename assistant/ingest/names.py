"""File names from uploads and folders, made safe to store, to write under the uploads folder and to print.

An upload's name is attacker-chosen: "..", "." and "" must not become a path, and terminal escape sequences,
control and bidirectional-override characters must never reach a console (rich markup is escaped where it is
printed, `assistant.ingest.commands`).
"""

from __future__ import annotations

import re
import unicodedata

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
MAX_NAME_CHARS = 200
FALLBACK_NAME = "unnamed"


def printable(text: str) -> str:
    """`text` without escape sequences and bidi overrides; other control and format characters become "?"
    (newlines and tabs stay)."""
    text = _ANSI.sub("", text).translate(_BIDI)
    return "".join(c if c in "\n\t" or unicodedata.category(c)[0] != "C" else "?" for c in text)


def printable_name(name: str) -> str:
    """The name without escape sequences, control, format and bidi characters (for display and the record)."""
    return " ".join(printable(name).split())[:MAX_NAME_CHARS]


def storage_name(name: str) -> str:
    """A single path component to store an upload under: no separators, never "", "." or ".."."""
    base = printable_name(name.replace("\\", "/").rsplit("/", 1)[-1])
    base = base.replace("\x00", "").strip().lstrip(".") or ""
    if base in {"", ".", ".."} or not base.strip("."):
        return FALLBACK_NAME
    return base
