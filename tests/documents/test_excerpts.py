"""Quoted excerpts end where the source's sentence or line ends, never on a cut word with an ellipsis."""

from __future__ import annotations

from assistant.documents.excerpts import LONGEST_SENTENCE, OMITTED, excerpt, sentences

LATENCY = "NFR-P-001: The p99 latency of the claims API shall not exceed 300 ms under 50 requests per second."
AVAILABILITY = "Availability shall be 99.5% measured monthly, excluding planned maintenance windows."
RETENTION = "Scored claims are retained for 7 years (see para. 4.2 of the retention schedule)."
PASSAGE = f"{LATENCY}  {AVAILABILITY}\n{RETENTION}"


def test_a_short_passage_is_whole() -> None:
    assert excerpt(PASSAGE, 1000) == f"{LATENCY} {AVAILABILITY} {RETENTION}"


def test_a_long_passage_ends_on_the_last_whole_sentence_within_the_limit() -> None:
    limit = len(LATENCY) + len(AVAILABILITY) + 10
    assert excerpt(PASSAGE, limit) == f"{LATENCY} {AVAILABILITY}"
    for limit in range(len(LATENCY) // LONGEST_SENTENCE + 1, len(PASSAGE), 7):
        quoted = excerpt(PASSAGE, limit)
        assert not quoted.endswith(("...", "…", OMITTED)), (limit, quoted)
        assert quoted.endswith("."), (limit, quoted)


def test_the_first_sentence_is_kept_whole_even_when_it_alone_is_over_the_limit() -> None:
    assert excerpt(PASSAGE, 40) == LATENCY


def test_abbreviations_and_version_numbers_do_not_end_a_sentence() -> None:
    assert sentences("See e.g. The Guide, p. 4 and v1.0 of it. Next one.") == [
        "See e.g. The Guide, p. 4 and v1.0 of it.", "Next one."]
    assert RETENTION in sentences(PASSAGE)


def test_lines_of_a_list_or_table_are_pieces_of_their_own() -> None:
    table = "| FR-001 | Score each claim | MUST |\n| FR-002 | Explain each score | SHOULD |\n| FR-003 | Audit | MUST |"
    assert excerpt(table, 80) == "| FR-001 | Score each claim | MUST | | FR-002 | Explain each score | SHOULD |"


def test_only_a_run_on_line_far_over_the_limit_is_cut_and_then_says_so() -> None:
    run_on = "; ".join(f"clause number {n} of a table cell with no full stop" for n in range(40))
    assert len(run_on) > 60 * LONGEST_SENTENCE
    quoted = excerpt(run_on, 60)
    assert quoted.endswith(OMITTED) and len(quoted) <= 60 + len(OMITTED)
    kept = quoted.removesuffix(OMITTED)
    assert run_on.startswith(kept) and run_on[len(kept)] == ";"  # cut at a clause boundary, not in a word
