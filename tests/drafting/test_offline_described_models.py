"""Models the documents state without a product name become inventory rows (issue 21): a requirement's
"predictive maintenance models ...", an ATRS record's "Embedding Model: <product>" line, an AI Playbook
assessment's list of its AI components. On real projects these were missing while the sources stated them."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from assistant.drafting.offline.evidence import EvidenceChunk
from assistant.drafting.offline.inventory import listed_components
from assistant.facts.extract import read_facts
from tests.drafting.arckit_snippets import document_control

REQ = document_control("ARC-001-REQ-v1.0", "Requirements") + """## Business Requirements

### BR-010: Depot Asset Lifecycle Data

**Description**: Manage the lifecycle of depot assets.

**Success Criteria**:
- Predictive maintenance models consuming vehicle telemetry to forecast brake wear (6-month horizon)
- Digital twin data model supporting depot layouts and bay allocation
- Predictive AI/ML models for demand forecasting (Phase 2 - Year 2)

## Functional Requirements

### FR-002: ML-Assisted Parcel Classification

**Description**: The system must suggest a handling class for each parcel using ML models.

- [ ] Given classification model, when performance monitored, then precision >80%

### FR-003: Semantic Address Search

**Description**: Address search must support semantic search using NLP models to find the nearest match.
"""

ATRS = document_control("ARC-001-ATRS-v1.0", "Algorithmic Transparency Record") + """## 2.1 Detailed Description

- **Embedding Model**: Titan Text Embeddings (1536-dimensional vectors)
- **Reranker Model**: Acme Rerank or Contoso Rank
"""

AIPB = document_control("ARC-001-AIPB-v1.0", "AI Playbook Assessment") + """## What is the AI System?

**Use Case**: The AI components within the platform serve three functions: 1. **Route Planner** (FR-002): orders the day's drops for each van 2. **Address Matching** (FR-003): AI-powered search across the address gazetteer 3. **Parcel Classification** (FR-002): suggests a handling class
**Users**: depot staff
"""


def _draft(tmp_path: Path, *documents: tuple[str, str]):
    for name, text in documents:
        (tmp_path / name).write_text(text, encoding="utf-8")
    evidence = [c for name, _ in documents for c in evidence_from_file(tmp_path / name)]
    return OfflineDrafter(evidence, project_name="Parcel Routing", project_id="001", classification="OFFICIAL").draft()


def test_a_model_named_by_its_capability_is_read_with_its_task_and_a_data_model_is_not() -> None:
    models = [f for f in read_facts(REQ, "ARC-001-REQ-v1.0.md").facts if f.kind == "model"]
    named = {f.name: f for f in models}
    assert "Predictive maintenance models" in named
    assert named["Predictive maintenance models"].task.startswith("consuming vehicle telemetry to forecast brake wear")
    assert named["Predictive maintenance models"].asserted
    assert not any("data model" in n.casefold() for n in named)
    # "Phase 2" makes it a plan, not a model of the system now
    assert not named["Predictive AI/ML models"].asserted


def test_requirement_models_are_rows_once_each_and_a_bare_kind_is_named_by_its_requirement(tmp_path: Path) -> None:
    rows = {m.name: m for m in _draft(tmp_path, ("ARC-001-REQ-v1.0.md", REQ)).model_inventory.models}
    assert "Predictive maintenance models" in rows
    assert "Semantic Address Search (NLP models)" in rows
    # FR-002's "ML models" (its classification model's checkbox is unticked) is named by its requirement alone
    assert "ML-Assisted Parcel Classification" in rows
    assert not any("ML models" in name for name in rows)
    assert len(rows) == 3
    assert not any("Predictive AI/ML" in name for name in rows)


def test_an_atrs_line_naming_the_product_for_a_kind_of_model_is_a_row_an_open_choice_is_not(tmp_path: Path) -> None:
    rows = {m.name for m in _draft(tmp_path, ("ARC-001-REQ-v1.0.md", REQ),
                                   ("ARC-001-ATRS-v1.0.md", ATRS)).model_inventory.models}
    assert "Titan Text Embeddings" in rows
    assert not any("Acme" in name or "Contoso" in name for name in rows)


def test_an_assessments_list_of_ai_components_is_read_even_on_one_line() -> None:
    chunk = EvidenceChunk(chunk_id="c1", document="ARC-001-AIPB-v1.0.md", text=AIPB)
    items = listed_components([chunk])
    assert [(i.name, i.references) for i in items] == [
        ("Route Planner", ("FR-002",)), ("Address Matching", ("FR-003",)), ("Parcel Classification", ("FR-002",))]
    assert items[1].task == "AI-powered search across the address gazetteer"
    # the list ends where something other than an item follows
    assert listed_components([EvidenceChunk(chunk_id="c2", document="x.md", text="The AI components: none yet.\n"
                                            "1. **Later Thing** (FR-009): not a listed item")]) == []


def test_listed_components_add_rows_for_requirements_no_row_stands_for(tmp_path: Path) -> None:
    rows = {m.name for m in _draft(tmp_path, ("ARC-001-REQ-v1.0.md", REQ),
                                   ("ARC-001-AIPB-v1.0.md", AIPB)).model_inventory.models}
    # the assessment is the authority on the AI components: its list adds FR-003's; FR-002 already has its row
    # (the requirement whose title names the component), so neither of the list's FR-002 items is another
    assert "Address Matching" in rows
    assert "ML-Assisted Parcel Classification" in rows
    assert "Route Planner" not in rows and "Parcel Classification" not in rows
