"""Issue 21: an explainability method the documents state for one model is that model's method, not every model's
("SHAP explanations for every parcel delay score" says nothing of how the address-matching model is explained);
stated for all models, or in a project with one model, it is each model's. Documents written for this test in
ArcKit's style (no real project's text)."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from assistant.strategy import Strategy
from tests.drafting.arckit_snippets import document_control

REQ = document_control("ARC-001-REQ-v1.0", "Requirements") + """## Functional Requirements

### FR-001: AI Delay Scoring
**Description**: Provide AI-assisted delay scoring that classifies each parcel route by delay risk with a confidence score.

### FR-002: AI Address Matching
**Description**: Provide AI-assisted address matching that classifies free-text addresses against the postcode gazetteer.
"""

DPIA = document_control("ARC-001-DPIA-v1.0", "Data Protection Impact Assessment") + """## 6. Technical Measures

- [x] Model explainability: {line}
- [x] Human oversight: a dispatcher reviews every output of the system
"""


def _methods(tmp_path: Path, line: str) -> dict[str, tuple[str, str]]:
    (tmp_path / "ARC-001-REQ-v1.0.md").write_text(REQ, encoding="utf-8")
    (tmp_path / "ARC-001-DPIA-v1.0.md").write_text(DPIA.format(line=line), encoding="utf-8")
    evidence = [c for name in ("ARC-001-REQ-v1.0.md", "ARC-001-DPIA-v1.0.md")
                for c in evidence_from_file(tmp_path / name)]
    strategy: Strategy = OfflineDrafter(evidence, project_name="Parcel Routing", project_id="001",
                                        classification="OFFICIAL").draft()
    return {row.model or "": (row.method or "", row.provenance.basis) for row in strategy.responsible_ai.explainability}


def test_a_method_stated_for_one_model_is_not_every_models(tmp_path: Path) -> None:
    methods = _methods(tmp_path, "SHAP explanations for every delay score shown to dispatchers")
    delay = next(v for k, v in methods.items() if "Delay" in k)
    address = next(v for k, v in methods.items() if "Address" in k)
    assert delay == ("SHAP", "evidence")
    assert address[1] != "evidence"  # not stated for this model: a recommendation at most, saying so


def test_a_method_stated_for_all_models_is_each_models(tmp_path: Path) -> None:
    methods = _methods(tmp_path, "SHAP feature attributions available for all AI outputs")
    assert {v for k, v in methods.items() if "Delay" in k or "Address" in k} == {("SHAP", "evidence")}
