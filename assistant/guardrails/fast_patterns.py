"""Regular expressions that scan a long text fast, with exactly the matches of the plain pattern.

Python's `re` tries a pattern at every position of the text: some 60 heuristic signals over an 8,000-character
chunk cost ~10 ms that way, most of the injection screen. Two speed-ups, both read from the parsed pattern, so
what matches never changes:
- literal prefixes: a pattern whose every match starts with one of a few words (`\\b(?:ignore|disregard) ...`)
  is tried only where `str.find` sees one of them (C speed), with `match` at each such position;
- otherwise a first-character guard: a lookahead for the characters a match can start with.
The equivalence is tested against the plain pattern on every evaluation text (tests/test_fast_patterns.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # private but stable since 3.11; without it every pattern scans plainly
    import re._constants as _sre_c
    import re._parser as _sre_p
except ImportError:  # pragma: no cover
    _sre_c = _sre_p = None

# Above this many candidate positions a plain scan is cheaper than one `match` call per position.
MAX_POSITIONS = 120
_MIN_PREFIX = 2  # one-letter prefixes ("a", "i") occur everywhere: scan plainly instead


def _first_chars(items: list, i: int = 0) -> tuple[set[str] | None, bool]:
    """Possible first characters of items[i:] (None: unknown) and whether the rest can match empty."""
    c = _sre_c
    out: set[str] = set()
    for op, av in items[i:]:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.LITERAL:
            out.add(chr(av))
            return out, False
        if op is c.IN:
            for o, a in av:
                if o is c.LITERAL:
                    out.add(chr(a))
                elif o is c.RANGE and a[1] - a[0] <= 200:
                    out.update(chr(x) for x in range(a[0], a[1] + 1))
                else:
                    return None, False
            return out, False
        if op is c.BRANCH:
            nullable = False
            for alt in av[1]:
                chars, empty = _first_chars(list(alt))
                if chars is None:
                    return None, False
                out |= chars
                nullable |= empty
            if not nullable:
                return out, False
            continue
        if op in (c.SUBPATTERN, c.MAX_REPEAT, c.MIN_REPEAT):
            sub = av[3] if op is c.SUBPATTERN else av[2]
            chars, empty = _first_chars(list(sub))
            if chars is None:
                return None, False
            out |= chars
            if not empty and (op is c.SUBPATTERN or av[0] >= 1):
                return out, False
            continue
        return None, False
    return out, True


def _prefixes(items: list) -> set[str] | None:
    """Literal strings one of which every match starts with, or None when there is no such set."""
    c = _sre_c
    for i, (op, av) in enumerate(items):
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: constrains the match but consumes nothing
        if op is c.LITERAL:
            prefix = ""
            for op2, av2 in items[i:]:
                if op2 is not c.LITERAL:
                    break
                prefix += chr(av2)
            return {prefix}
        if op is c.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                sub = _prefixes(list(alt))
                if not sub:
                    return None
                out |= sub
            return out
        if op is c.SUBPATTERN:
            return _prefixes(list(av[3]))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            return _prefixes(list(av[2]))
        return None
    return None


class SignalPattern:
    """A compiled pattern with the `finditer` of `re.Pattern`, faster on long texts."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.plain = re.compile(pattern, flags)
        self.pattern = pattern
        self.prefixes: tuple[str, ...] | None = None
        self._scan = self.plain
        if _sre_p is None:  # pragma: no cover
            return
        try:
            items = list(_sre_p.parse(pattern, flags))
            prefixes = _prefixes(items)
            chars, empty = _first_chars(items)
        except Exception:  # pragma: no cover - defensive: never fail import over an optimisation
            return
        if flags & re.IGNORECASE:
            return  # the parsed literals are not case-folded: neither speed-up would be exact
        if prefixes and min(map(len, prefixes)) >= _MIN_PREFIX:
            # "you" and "your" both listed: the positions of "you" cover both
            kept = sorted(prefixes, key=len)
            self.prefixes = tuple(p for i, p in enumerate(kept) if not any(p.startswith(q) for q in kept[:i]))
        if chars and not empty and len(chars) <= 24:
            guard = "".join(re.escape(ch) for ch in sorted(chars))
            self._scan = re.compile(f"(?=[{guard}])(?:{pattern})", flags)

    def _positions(self, text: str) -> list[int] | None:
        positions: list[int] = []
        find = text.find
        for prefix in self.prefixes or ():
            at = find(prefix)
            while at >= 0:
                positions.append(at)
                if len(positions) > MAX_POSITIONS:
                    return None
                at = find(prefix, at + 1)
        return sorted(positions)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches `re.Pattern.finditer` finds, in the same order (non-overlapping, leftmost first)."""
        positions = self._positions(text) if self.prefixes else None
        if positions is None:
            yield from self._scan.finditer(text)
            return
        match, end = self.plain.match, 0
        for at in positions:
            if at < end:
                continue
            m = match(text, at)
            if m:
                yield m
                end = max(m.end(), at + 1)


def compile_signal(pattern: str, flags: int = 0) -> SignalPattern:
    return SignalPattern(pattern, flags)
