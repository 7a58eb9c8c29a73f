"""Quoting a passage short: whole sentences (or whole lines of a list or table), never a cut word and an ellipsis.

A reader who sees `"...p99 latency shall not exc ..."` cannot tell what the source said; an excerpt here ends
where the source's own sentence or line ends. The first sentence is kept whole even when it alone is over the
limit (up to `LONGEST_SENTENCE` times it): a requirement is one sentence, and half of one misleads. Only a
single line with no sentence end that long (a run-on table cell) is cut, at its last clause or word boundary
within the limit, and then marked with `[…]`, the quoting convention for words left out.
"""

from __future__ import annotations

import re

LONGEST_SENTENCE = 4  # a first sentence up to this many times the limit is quoted whole
OMITTED = " […]"

# A sentence ends at . ! or ? (optionally closed by a quote or bracket) before whitespace and a capital, digit,
# quote or bracket; "e.g. the" and "v1.0" do not end one. A line break always ends a piece (list items, rows).
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[A-Z0-9\"'(\[])")
# "e.g. The", "p. 4", "No. 3": a full stop after these does not end a sentence (the pieces are joined again).
_ABBREVIATION = re.compile(r"(?:^|\s)(?:e\.g|i\.e|etc|cf|vs|approx|para|fig|no|p|pp|s|ss)\.$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;:,]\s|\s[-–—]\s|\s\|\s")


def sentences(text: str) -> list[str]:
    """The sentences and lines of `text`, each with its whitespace collapsed."""
    pieces: list[str] = []
    for line in text.splitlines():
        joined = ""
        for piece in _SENTENCE_END.split(line):
            joined = f"{joined} {piece}" if joined else piece
            if not _ABBREVIATION.search(joined.rstrip()):
                _add(pieces, joined)
                joined = ""
        _add(pieces, joined)
    return pieces


def _add(pieces: list[str], piece: str) -> None:
    piece = re.sub(r"\s+", " ", piece).strip()
    if piece:
        pieces.append(piece)


def excerpt(text: str, limit: int) -> str:
    """`text` shortened to whole sentences within `limit` characters (joined with spaces): at least its first
    sentence, whole up to `LONGEST_SENTENCE` times the limit. Text within the limit comes back whole (whitespace
    collapsed)."""
    whole = re.sub(r"\s+", " ", text).strip()
    if len(whole) <= limit:
        return whole
    pieces = sentences(text)
    kept: list[str] = []
    length = 0
    for piece in pieces:
        if kept and length + 1 + len(piece) > limit:
            break
        kept.append(piece)
        length += len(piece) + (1 if length else 0)
    if kept and length <= limit * LONGEST_SENTENCE:
        return " ".join(kept)
    return _cut(pieces[0] if pieces else whole, limit)


def _cut(sentence: str, limit: int) -> str:
    """A run-on sentence cut at its last clause boundary within `limit` (else its last word), marked `[…]`."""
    head = sentence[:limit]
    clauses = list(_CLAUSE_END.finditer(head))
    if clauses and clauses[-1].start() > limit // 2:
        head = head[:clauses[-1].start()]
    elif " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-–—|") + OMITTED
