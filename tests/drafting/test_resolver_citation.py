"""A fact's citation is the chunk that states it: a table cell's clause is its value alone, and another table of
the same document may hold the same number (a user count of 1,500,000 beside a £1,500,000 running cost)."""

from __future__ import annotations

from assistant.drafting.offline.authority import Resolver
from assistant.drafting.offline.evidence import EvidenceChunk
from assistant.facts.models import QuantityFact, SourceSpan

DOC = "ARC-001-REQ-v1.0.md"
USERS = EvidenceChunk(chunk_id="d:1:00001", document=DOC, heading="Requirements > Success Criteria",
                      text="Metric: Active users (monthly) | Target: 1,500,000 | Timeline: 12 months")
RUNNING = EvidenceChunk(chunk_id="d:1:00002", document=DOC, heading="Requirements > Budget > Ongoing Costs",
                        text="Category: AWS Bedrock (LLM) | Annual Cost: £1,000,000")
INFRA = EvidenceChunk(chunk_id="d:1:00003", document=DOC, heading="Requirements > Budget > Ongoing Costs",
                      text="Category: AWS Infrastructure | Annual Cost: £1,500,000 | Notes: Compute")


def _cost(subject: str, value: str, heading: str) -> QuantityFact:
    span = SourceSpan(document=DOC, heading=heading, text=f"£{value}")
    return QuantityFact(source=span, clause=f"£{value}", metric="cost", subject=subject, value=value, unit="GBP")


def test_the_chunk_under_the_facts_heading_naming_its_subject_is_cited() -> None:
    resolve = Resolver([USERS, RUNNING, INFRA])
    assert resolve(_cost("AWS Infrastructure", "1,500,000", INFRA.heading)) == INFRA.chunk_id


def test_without_a_better_fit_the_first_chunk_holding_the_clause_is_cited() -> None:
    resolve = Resolver([USERS, RUNNING, INFRA])
    assert resolve(_cost("", "1,500,000", "")) == USERS.chunk_id
    assert resolve(_cost("Storage", "2,000,000", INFRA.heading)) is None  # stated nowhere
