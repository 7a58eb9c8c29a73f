"""The fast signal patterns find exactly the matches of the plain patterns, on every kind of text we screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.guardrails import injection, injection_model
from assistant.guardrails.fast_patterns import MAX_POSITIONS, compile_signal

DATA = Path(__file__).resolve().parents[2] / "research" / "injection-detector" / "data"
# the detector's training sets only: tests never read a blind set
SOURCES = ("injection_dev.jsonl", "injection_own.jsonl", "injection_blind.jsonl", "injection_train_written_b.jsonl",
           "injection_corpora.jsonl")


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for name in SOURCES for line in (DATA / name).read_text().splitlines() if line]
    normalised = [injection._normalise(t).text for t in texts]
    # long texts, so that frequent prefixes pass MAX_POSITIONS and the plain scan takes over
    return normalised + [" ".join(normalised[i:i + 60]) for i in range(0, len(normalised), 60)]


TEXTS = _texts()
PATTERNS = [(name, p) for name, _, p in injection._SIGNALS] + [("vocative", injection._VOCATIVE)]


@pytest.mark.parametrize("name,pattern", PATTERNS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(PATTERNS)])
def test_fast_scan_finds_the_plain_patterns_matches(name: str, pattern) -> None:
    for text in TEXTS:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in pattern.plain.finditer(text)], name


def test_most_signals_are_tried_only_where_their_words_occur() -> None:
    with_prefixes = [name for name, p in PATTERNS if p.prefixes]
    assert len(with_prefixes) >= 0.75 * len(PATTERNS)
    assert any(len(t) > 4000 and any(p._positions(t) is None for _, p in PATTERNS if p.prefixes) for t in TEXTS), \
        f"some long text should exceed {MAX_POSITIONS} positions and fall back to the plain scan"


@pytest.mark.parametrize("pattern,text", [
    (r"\b(?:ignore|ignoring) (?:all|any) (?:rules|instructions)", "please ignoring all rules; ignore any instructions"),
    (r"(?:^|[.!?] )(?:system|admin)\s*:", "system: hi. admin: yes"),  # no literal prefix: guard or plain scan
    (r"\*{2,}\s*new", "** new and *** new"),
    (r"\b(?:ab|abc)d", "abcd abd"),  # a shorter prefix must not hide a longer alternative's match
])
def test_equivalence_on_edge_cases(pattern: str, text: str) -> None:
    fast = compile_signal(pattern)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in re.finditer(pattern, text)]


@pytest.mark.parametrize("sentence", [
    "ID: FR-001 | Requirement: The service SHALL log | Priority: MUST",
    "nfr-sec-12: **Statement**: records are kept; Owner: DPO; status: Draft",
    "Ref: AB-1234 Rationale : Won't have this release",
    "Straße FR-001: Beschreibung: unicode text keeps the case-insensitive path; Notes: ok",
    "no scaffolding here at all",
])
def test_scaffolding_is_cut_as_the_case_insensitive_pattern_cuts_it(sentence: str) -> None:
    expected = " ".join(injection_model._SCAFFOLD.sub(" ", sentence.replace("**", "")).split())
    plain = sentence.replace("**", "")
    if "|" in plain:
        plain = injection_model._CELL_LABEL.sub(" | ", plain).replace("|", " ")
        expected = " ".join(injection_model._SCAFFOLD.sub(" ", plain).split())
    assert injection_model.strip_scaffolding(sentence) == expected


def test_case_insensitive_patterns_scan_plainly() -> None:
    fast = compile_signal(r"\b(?:ignore|disregard) (?:all|any)", re.IGNORECASE)
    assert fast.prefixes is None
    assert [m.span() for m in fast.finditer("IGNORE ALL and Disregard any")] == [(0, 10), (15, 28)]
