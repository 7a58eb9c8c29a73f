"""A drafted document resolves its evidence: each cited ID has an ArcKit citation with a quoted passage."""

from __future__ import annotations

from assistant.config import PROJECT_ROOT
from assistant.drafting.engine import draft_document
from assistant.ingest import ingest_paths
from assistant.llm import get_provider
from assistant.strategy.render import render_markdown
from assistant.workspace import get_workspace


def test_offline_draft_cites_every_evidence_id_with_a_passage() -> None:
    get_workspace().create_project("Benefit Fraud Triage", key="bft", project_id="001")
    [result] = ingest_paths([PROJECT_ROOT / "assistant/resources/sample/benefits-fraud-requirements.md"], "bft")
    assert result.status == "ingested"

    outcome = draft_document("bft", sections=[2, 6], provider=get_provider("offline"))

    strategy = outcome.strategy
    cited = {c.evidence_id: c for c in strategy.external_references.citations}
    used = set(strategy.model_inventory.model_dump_json().split('"')) | set(strategy.serving.model_dump_json().split('"'))
    section_ids = {eid for eid in strategy.all_evidence_ids() if eid in used}
    assert section_ids, "the drafted sections cite nothing"
    assert section_ids <= set(cited), f"uncited evidence: {sorted(section_ids - set(cited))}"
    assert all(cited[eid].quoted_passage for eid in section_ids)
    markdown = render_markdown(strategy)
    assert any(f"[{c.citation_id}]" in markdown for c in cited.values())
