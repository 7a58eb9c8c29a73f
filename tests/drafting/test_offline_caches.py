"""The offline drafter's speed-ups change nothing it drafts: pre-tests, gates and per-drafter indexes.

Each shortcut is compared with the plain computation it replaces, on the fixture requirements and on every
vocabulary alias written in other cases (including the non-ASCII letters re.IGNORECASE treats as ASCII).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import numpy as np
import pytest

from assistant.drafting.offline import OfflineDrafter, data, evidence_from_file, quantities
from assistant.drafting.offline.drafter import CitationIndex, cite
from assistant.drafting.offline.facts import _first_unnegated
from assistant.drafting.offline.questions import question_labels, tidy_questions

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = [
    ROOT / "assistant" / "resources" / "sample" / "benefits-fraud-requirements.md",
    *sorted((ROOT / "tests" / "fixtures" / "drafting").glob("*-requirements.md")),
]


def _embed(texts: list[str]) -> np.ndarray:
    """A stand-in embedding (the same vector for the same text): these tests compare two runs, not quality."""
    return np.stack([np.random.default_rng(zlib.crc32(t.encode())).standard_normal(16) for t in texts])


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return match.span() if match else None


def _all_terms() -> list[data.Term]:
    return [*data.terms(), *data.signal_terms().values(), *data.model_type_terms(), *data.role_terms()]


def _aliases(term: data.Term) -> list[str]:
    """The alias texts a term's regexes were built from, read back from the patterns."""
    bodies = [re.sub(r"^\(\?<!\[A-Za-z0-9\]\)\(\?:|\)\(\?!\[A-Za-z0-9\]\)$", "", p.pattern) for p in term.patterns]
    return [re.sub(r"\\(.)", r"\1", alias.replace(r"[\s-]+", " ")) for body in bodies for alias in body.split("|")]


_SPECIALS = str.maketrans({"K": "\u212a", "k": "\u212a", "s": "\u017f", "I": "\u0130", "i": "\u0131"})


def _variants(alias: str) -> list[str]:
    return [alias, alias.upper(), alias.lower(), alias.title(), alias.translate(_SPECIALS), alias.replace(" ", "-")]


def test_every_alias_pre_test_agrees_with_its_regexes() -> None:
    checked = 0
    for term in _all_terms():
        assert term.keys, f"{term.name}: no pre-test words"
        for alias in _aliases(term):
            for variant in _variants(alias):
                text = f"The service uses {variant}, as agreed."
                runs = data.word_runs(text)
                assert _span(term.find(text, runs)) == _span(term.find(text)), (term.name, variant)
                assert _span(_first_unnegated(term, text, runs)) == _span(_first_unnegated(term, text)), variant
                checked += 1
    assert checked > 1000


def test_non_ascii_lookalikes_still_match() -> None:
    """"Kubernete\u017f" (long s) matches "Kubernetes" under re.IGNORECASE: the pre-test must not skip it."""
    term = next(t for t in data.terms() if t.name == "Kubernetes")
    text = "Deployed on Kubernete\u017f."
    assert term.find(text) is not None
    assert term.find(text, data.word_runs(text)) is not None


def test_pre_test_skips_a_term_only_where_its_words_are_absent() -> None:
    term = next(t for t in data.terms() if t.name == "Kubernetes")
    assert not term.may_occur(data.word_runs("Deployed on virtual machines; kubernetesish is not a word."))
    assert term.may_occur(data.word_runs("Deployed on OpenShift."))


def _paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in REQUIREMENTS]
    return [para for text in texts for para in re.split(r"\n\s*\n", text) if para.strip()]


def test_quantity_gates_skip_only_passages_their_pattern_cannot_match(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = _paragraphs() + [
        "p95 latency < 300 ms; 1,000 requests per second; 99.9% availability; at least 500 concurrent users",
        "retrain monthly; 5% of traffic; missing values above 2%; up to 4,000 tokens; 50 RPS; recall of 0.9",
        "at most 2 % missing", "Model refresh quarterly", "uptime of 99.5%", "<= 1.5 s response time",
    ]
    gated = [quantities.extract(p, "c", "e") for p in paragraphs]
    monkeypatch.setattr(quantities, "_GATES", {})
    assert gated == [quantities.extract(p, "c", "e") for p in paragraphs]
    assert sum(map(len, gated)) > 20  # the texts do state quantities


@pytest.fixture(scope="module")
def evidence() -> list:
    return [c for path in REQUIREMENTS[:2] for c in evidence_from_file(path)]


def _drafter(evidence: list) -> OfflineDrafter:
    return OfflineDrafter(evidence, project_name="Cache Check", project_id="042", classification="OFFICIAL",
                          embed_fn=_embed)


def test_sections_drafted_from_one_drafter_equal_each_drafted_by_a_fresh_one(evidence: list) -> None:
    """One drafter keeps its citation index, question labels and facts between sections; a fresh drafter per
    section builds them again. The strategies must be identical."""
    shared = _drafter(evidence)
    kept = fresh = shared.new_strategy()
    for number in range(1, 16):
        kept = shared.draft_section(number, kept)
        fresh = _drafter(evidence).draft_section(number, fresh)
    assert kept.model_dump(mode="json") == fresh.model_dump(mode="json")
    assert kept.external_references.citations  # something was cited


def test_draft_section_leaves_its_input_untouched(evidence: list) -> None:
    drafter = _drafter(evidence)
    start = drafter.new_strategy()
    before = start.model_dump(mode="json")
    drafter.draft_section(6, start)
    assert start.model_dump(mode="json") == before


def test_cite_and_tidy_with_kept_indexes_equal_building_them_each_time(evidence: list) -> None:
    strategy = _drafter(evidence).draft()
    once, again = strategy.model_copy(deep=True), strategy.model_copy(deep=True)
    for s in (once, again):
        s.external_references.citations.clear()
        s.external_references.documents.clear()
    cite(once, evidence)
    cite(again, CitationIndex(evidence))
    tidy_questions(once, evidence)
    tidy_questions(again, evidence, labels=question_labels(evidence))
    assert once.model_dump(mode="json") == again.model_dump(mode="json")
    assert once.external_references.citations
