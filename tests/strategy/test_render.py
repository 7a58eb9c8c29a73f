from __future__ import annotations

import datetime as dt
import re

from assistant.strategy import Provenance, Strategy
from assistant.strategy.markdown_blocks import read_blocks
from assistant.strategy.render import render_markdown
from assistant.strategy.schema import ChampionChallenger, DataSourceRow, ModelRow, ServingPlatformRow
from assistant.strategy.validate import validate_markdown

from .conftest import EXAMPLE_MD, FIXTURES

# Documented corrections (docs/template-deviations.md) that change the heading skeleton.
ADDED_HEADINGS = ["### Document Register", "### Citations", "### Unreferenced Documents"]


def _skeleton(markdown: str) -> list[str]:
    return [("#" * b.level) + " " + b.text for b in read_blocks(markdown) if b.kind == "heading"]


def test_empty_strategy_has_the_template_heading_skeleton() -> None:
    seed = [
        line for line in (FIXTURES / "mlops-template-headings.txt").read_text().splitlines() if not line.startswith("# ")
        or line == "# MLOps Strategy"
    ]
    ours = _skeleton(render_markdown(Strategy.new("001", "X", today=dt.date(2025, 1, 1))))
    expected = seed + ADDED_HEADINGS
    assert ours == expected
    assert _skeleton(render_markdown(Strategy())) == expected


def test_empty_strategy_shows_placeholders_filled_one_none() -> None:
    empty = render_markdown(Strategy.new("001", "X"))
    assert "[ML System Name]" in empty and "[Yes/No]" in empty
    report = validate_markdown(EXAMPLE_MD.read_text())
    assert {c.check: c.passed for c in report.checks}["no_placeholders"]


def test_template_defects_are_corrected() -> None:
    text = render_markdown(Strategy.new("001", "X"))
    assert "You have meaningful human control at the right stage" in text
    assert "Understand users and their needs" not in text
    assert "Decision support / 2: Automated decision" not in text
    assert "Tier 1 (summary information, for the public)" in text
    assert "not verified against the JSP 936" in text
    assert "[Low/Medium/High/Very High]" in text and "[Low/Medium/High]" not in text


def test_provenance_is_visible_and_cited() -> None:
    s = Strategy.new("001", "X")
    s.model_inventory.models = [
        ModelRow(model_id="ML-001", name="Scorer", risk_level="High", provenance=Provenance.of("FR-001", "chunk-9")),
        ModelRow(model_id="ML-002", name="Other", provenance=Provenance.recommendation("KB note mlops-risk-3")),
    ]
    s.external_references.add_citation("chunk-9", "requirements.md", doc_id="DOC-001", page_section="p. 4", quoted_passage="x")
    text = render_markdown(s)
    assert "| High | [Owner] [FR-001] [R-C1] |" not in text  # owner placeholder is the template's
    assert "[FR-001] [R-C1]" in text
    assert "_(Recommendation: KB note mlops-risk-3)_" in text
    assert "| R-C1 | DOC-001 | p. 4 · chunk-9 |" in text


def test_arckit_space_after_angle_brackets() -> None:
    s = Strategy.new("001", "X")
    s.serving.performance_requirements[1].target = "<300ms"
    assert "| < 300ms |" in render_markdown(s)


def test_charts_are_built_from_the_data() -> None:
    s = Strategy.new("001", "X")
    s.data_pipeline.training_sources = [DataSourceRow(source="Claims DB")]
    s.data_pipeline.feature_store.platform.value = "Feast"
    s.model_inventory.models = [ModelRow(model_id="ML-001", name="Scorer")]
    s.serving.serving_platforms = [ServingPlatformRow(model="ML-001", endpoint="https://x/score")]
    s.retraining.champion_challenger = ChampionChallenger(champion="Scorer v1.2", challenger="Scorer v1.3", challenger_traffic_pct=20)
    text = render_markdown(s)
    assert 'D1["Claims DB"]' in text and 'F1["Feature Store: Feast"]' in text
    assert 'M1["ML-001 Scorer"]' in text and 'S1["https://x/score"]' in text and "M1 --> S1" in text
    assert '|"80%"| C["Champion: Scorer v1.2"]' in text and '|"20%"| D["Challenger: Scorer v1.3"]' in text


def test_not_applicable_sections_say_so() -> None:
    s = Strategy.new("001", "X")
    s.genai.applies, s.genai.applies_reason = False, "No LLM"
    s.genai.guardrails, s.genai.rag_pipeline, s.genai.cost_optimization = [], [], []
    text = render_markdown(s)
    section9 = text.split("## 9.")[1].split("## 10.")[0]
    assert "**Applies**: No — No LLM" in section9 and "###" not in section9


def test_example_markdown_is_current() -> None:
    from assistant.strategy.io import load_strategy

    from .conftest import EXAMPLE_JSON

    assert render_markdown(load_strategy(EXAMPLE_JSON)[0]) == EXAMPLE_MD.read_text()
    assert not re.search(r"\bTBD\b", EXAMPLE_MD.read_text())
