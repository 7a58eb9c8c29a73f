"""The real-document scorers on small hand-made strategies and gold: each judgement is pinned by a case that
would score differently if the scorer judged it wrongly."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from assistant.evaluation.real_documents import score_strategy
from assistant.evaluation.real_gold import Gold, load_gold
from assistant.evaluation.real_snapshot import stage
from assistant.evaluation.real_values import quantities, quantity_match
from assistant.strategy.schema import Strategy

GOLD = """
project: demo
repository: someone/demo-repo
commit: COMMIT
folder: projects/001-demo
project_number: "001"
project_name: Demo Search
documents:
  - {id: ARC-001-REQ-v1.0, file: ARC-001-REQ-v1.0.md, type: REQ, classification: OFFICIAL-SENSITIVE}
  - {id: ARC-000-PRIN-v1.0, file: ../000-global/ARC-000-PRIN-v1.0.md, type: PRIN, classification: OFFICIAL}
marking: OFFICIAL-SENSITIVE
risk_level: null
applicability:
  section_9_genai: {value: partly}
  section_13_uk_gov: {value: "yes"}
  jsp_936: {value: "no"}
models:
  - {name: Semantic search ranker, task: ranking search results}
  - {name: Speech transcription, task: transcribing hearings}
requirement_ids: [FR-001, FR-002, NFR-P-001]
ml_requirement_ids: [FR-001, FR-002]
fields:
  latency_target:
    - {value: "2", unit: s, comparator: "<", subject: "search results, p95", where: REQ NFR-P-001}
    - {value: "200", unit: ms, comparator: "<", subject: typeahead suggestions, where: REQ NFR-P-002}
  budget:
    - {value: "4,800,000", unit: GBP/year, subject: total OpEx, where: REQ Budget}
  data_sources:
    - {value: Case management system, subject: hearing records}
  model_names:
    - {value: Whisper large-v3, subject: transcription}
not_stated: [drift_threshold, risk_level]
not_values:
  - {key: model_names, value: Claude Opus 4.5, why: generation footer}
"""


@pytest.fixture
def gold(tmp_path: Path) -> Gold:
    path = tmp_path / "demo.yaml"
    path.write_text(GOLD, encoding="utf-8")
    return load_gold(path)


def _strategy(**sections: Any) -> dict[str, Any]:
    data = {"document_control": {"project_id": "001", "classification": "OFFICIAL-SENSITIVE"}, **sections}
    return Strategy.model_validate(data).model_dump(mode="json")


def _perf(metric: str, target: str, evidence: list[str] | None = None, basis: str | None = None) -> dict:
    prov: dict[str, Any] = {"evidence": evidence or ["FR-001"]}
    if basis:
        prov = {"basis": basis, "rationale": "rule", "evidence": []}
    return {"metric": metric, "target": target, "provenance": prov}


def _judged(score, key: str) -> list:  # noqa: ANN001
    return [j for j in score.judgements if j.key == key]


def test_same_value_in_another_unit_for_the_same_subject_is_correct(gold: Gold) -> None:
    s = score_strategy(_strategy(serving={"performance_requirements": [_perf("Search results latency (p95)",
                                                                             "< 2000 ms")]}), gold)
    (j,) = _judged(s, "latency_target")
    assert j.verdict == "correct"
    assert s.summary()["precision"] == 1.0  # the classification cell is correct too


def test_another_value_for_the_same_subject_is_wrong(gold: Gold) -> None:
    s = score_strategy(_strategy(serving={"performance_requirements": [_perf("Search results latency (p95)",
                                                                             "< 5 s")]}), gold)
    (j,) = _judged(s, "latency_target")
    assert j.verdict == "wrong"
    assert "another value" in j.reason


def test_a_gold_value_under_another_subject_is_wrong_not_correct(gold: Gold) -> None:
    # 2 s is the search target; as a typeahead target it is the misattribution the issue describes.
    s = score_strategy(_strategy(serving={"performance_requirements": [_perf("Typeahead suggestions latency",
                                                                             "< 2 s")]}), gold)
    (j,) = _judged(s, "latency_target")
    assert j.verdict == "wrong"
    assert "another subject" in j.reason


def test_opposite_bound_is_not_the_same_value(gold: Gold) -> None:
    s = score_strategy(_strategy(serving={"performance_requirements": [_perf("Search results latency",
                                                                             "> 2 s")]}), gold)
    assert _judged(s, "latency_target")[0].verdict == "wrong"


def test_a_key_the_sources_do_not_state_is_invented(gold: Gold) -> None:
    drift = {"data_drift": [{"feature_group": "Query embeddings", "method": "PSI", "threshold": "PSI > 0.2",
                             "provenance": {"evidence": ["FR-002"]}}]}
    s = score_strategy(_strategy(monitoring=drift), gold)
    verdicts = {j.verdict for j in _judged(s, "drift_threshold")}
    assert verdicts == {"invented"}
    assert s.summary()["invented"] == 2


def test_an_unsupported_list_item_is_invented_and_a_not_value_is_wrong(gold: Gold) -> None:
    genai = {"llm_configuration": {"model": {"value": "Claude Opus 4.5", "provenance": {"evidence": ["c1"]}}}}
    sources = {"training_sources": [{"source": "Twitter firehose", "provenance": {"evidence": ["c2"]}},
                                    {"source": "Case Management System", "provenance": {"evidence": ["c3"]}}]}
    s = score_strategy(_strategy(genai=genai, data_pipeline=sources), gold)
    (model,) = _judged(s, "model_names")
    assert model.verdict == "wrong" and "not_value" in model.reason
    verdicts = sorted(j.verdict for j in _judged(s, "data_sources"))
    assert verdicts == ["correct", "invented"]


def test_labelled_recommendations_stay_out_of_precision(gold: Gold) -> None:
    rows = [_perf("Search results latency", "< 2 s"), _perf("Model latency", "< 50 ms", basis="recommendation")]
    s = score_strategy(_strategy(serving={"performance_requirements": rows}), gold)
    summary = s.summary()
    assert summary["filled"] == 2  # classification + the evidenced target
    assert summary["recommendations"]["filled"] == 1
    assert summary["precision"] == 1.0


def test_money_with_magnitude_matches_the_gold_figure(gold: Gold) -> None:
    costs = {"total_monthly_cost": {"value": "£4.8M per year", "provenance": {"evidence": ["c9"]}}}
    s = score_strategy(_strategy(costs=costs), gold)
    assert _judged(s, "budget")[0].verdict == "correct"


def test_marking_must_be_carried(gold: Gold) -> None:
    lowered = _strategy()
    lowered["document_control"]["classification"] = "OFFICIAL"
    assert score_strategy(lowered, gold).summary()["marking_carried"] is False
    assert score_strategy(_strategy(), gold).summary()["marking_carried"] is True
    cells = _judged(score_strategy(lowered, gold), "classification")
    assert cells[0].verdict == "wrong"


def test_traceability_counts_rows_that_are_not_requirements(gold: Gold) -> None:
    rows = [{"requirement_id": "FR-001", "requirement": "Search", "status": "✅", "provenance": {"evidence": ["FR-001"]}},
            {"requirement_id": "E-001", "requirement": "Entity", "status": "⚠️"},
            {"requirement_id": "DPIA-003", "requirement": "Risk", "status": "⚠️"}]
    t = score_strategy(_strategy(traceability={"rows": rows}), gold).traceability
    assert t["rows_not_requirements"] == 2
    assert t["not_requirement_ids"] == ["DPIA-003", "E-001"]
    assert t["ml_requirement_coverage"] == 0.5
    assert t["ml_requirements_missing"] == ["FR-002"]


def test_risk_tier_stated_without_a_playbook_assessment_disagrees(gold: Gold) -> None:
    models = {"models": [{"model_id": "ML-001", "name": "Semantic search ranker", "risk_level": "High",
                          "provenance": {"evidence": ["c1"]}}]}
    s = score_strategy(_strategy(model_inventory=models), gold)
    assert s.risk_tier["agree"] is False
    recommended = {"models": [{"model_id": "ML-001", "name": "Semantic search ranker", "risk_level": "High",
                               "provenance": {"basis": "recommendation", "rationale": "rule"}}]}
    assert score_strategy(_strategy(model_inventory=recommended), gold).risk_tier["agree"] is True


def test_applicability_partly_agrees_with_applies_and_jsp_mismatch_is_caught(gold: Gold) -> None:
    s = score_strategy(_strategy(genai={"applies": True}, uk_compliance={"applies": True, "jsp936_applies": True}),
                       gold)
    assert s.applicability["section_9_genai"]["agree"] is True
    assert s.applicability["section_13_uk_gov"]["agree"] is True
    assert s.applicability["jsp_936"]["agree"] is False
    unset = score_strategy(_strategy(), gold).applicability
    assert unset["section_9_genai"]["agree"] is False


def test_model_inventory_recall_and_precision(gold: Gold) -> None:
    models = {"models": [{"model_id": "ML-001", "name": "Search ranking model"},
                         {"model_id": "ML-002", "name": "Claude"}]}
    m = score_strategy(_strategy(model_inventory=models), gold).models
    assert m["recall"] == 0.5
    assert m["precision"] == 0.5
    assert m["missing"] == ["Speech transcription"]


def test_a_hyphened_compound_matches_by_its_parts_and_an_identifier_stays_whole(gold: Gold) -> None:
    # "speech-transcription" names the gold's "Speech transcription"; "ML-001" shares no word with any gold model
    models = {"models": [{"model_id": "ML-001", "name": "Call speech-transcription service"},
                         {"model_id": "ML-002", "name": "ML-001"}]}
    m = score_strategy(_strategy(model_inventory=models), gold).models
    assert m["missing"] == ["Semantic search ranker"]
    assert m["unmatched_draft"] == ["ML-001"]


def test_citation_support_needs_the_value_and_the_subject_in_the_cited_passage(gold: Gold) -> None:
    chunks = [{"chunk_id": "doc:a:1", "text": "NFR-P-001: search results p95 under 2 seconds", "requirement_ids": []},
              {"chunk_id": "doc:a:2", "text": "Typeahead suggestions appear within 200 ms", "requirement_ids": []},
              {"chunk_id": "doc:a:3", "text": "FR-001 the search MUST rank results", "requirement_ids": ["FR-001"]}]
    rows = [_perf("Search results latency", "< 2 s", ["doc:a:1"]),
            _perf("Search results latency", "< 2 s", ["doc:a:2"]),
            _perf("Search results latency", "< 2 s", ["FR-001"])]
    s = score_strategy(_strategy(serving={"performance_requirements": rows}), gold, chunks)
    assert [j.citation for j in _judged(s, "latency_target")] == ["supported", "unsupported", "unsupported"]


def test_per_section_counts(gold: Gold) -> None:
    rows = [_perf("Search results latency", "< 2 s"), _perf("Search results latency", "< 9 s")]
    per = score_strategy(_strategy(serving={"performance_requirements": rows}), gold).per_section()
    assert per["6"]["filled"] == 2 and per["6"]["correct"] == 1 and per["6"]["wrong"] == 1


@pytest.mark.parametrize(("draft", "gold_value", "unit", "same"), [
    ("< 2000 ms", "2", "s", True),
    ("99.9%", "99.9", "%", True),
    ("0.92", "92", "%", True),
    ("£4.8M", "4,800,000", "GBP", True),
    ("7 years", "84", "months", True),
    ("2 s", "2", "min", False),
    ("20%", "2", "%", False),
])
def test_quantity_match(draft: str, gold_value: str, unit: str, same: bool) -> None:
    assert quantity_match(draft, gold_value, unit) is same


def test_quantities_read_bounds() -> None:
    (q,) = quantities("at least 95%")
    assert q.comparator == ">" and q.dim == "percent" and q.value == 95


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}).stdout.strip()


def test_staging_from_a_git_snapshot_takes_the_gold_documents_only(tmp_path: Path) -> None:
    repo = tmp_path / "snap" / "someone+demo-repo" / "repo"
    work = tmp_path / "work"
    (work / "projects" / "001-demo").mkdir(parents=True)
    (work / "projects" / "000-global").mkdir()
    (work / "projects" / "001-demo" / "ARC-001-REQ-v1.0.md").write_text("# REQ\n")
    (work / "projects" / "001-demo" / "ARC-001-MLOPS-v1.0.md").write_text("# a strategy: never staged\n")
    (work / "projects" / "001-demo" / "README.md").write_text("readme\n")
    (work / "projects" / "000-global" / "ARC-000-PRIN-v1.0.md").write_text("# PRIN\n")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    _git(work, "commit", "-qm", "x")
    commit = _git(work, "rev-parse", "HEAD")
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(repo)], check=True)
    gold_file = tmp_path / "demo.yaml"
    gold_file.write_text(GOLD.replace("COMMIT", commit) + textwrap.dedent("""
        global_documents:
          - {id: ARC-001-MLOPS-v1.0, file: ARC-001-MLOPS-v1.0.md}
          - {id: ARC-001-DPIA-v1.0, file: ARC-001-DPIA-v1.0.md}
    """), encoding="utf-8")
    staged = stage(load_gold(gold_file), [tmp_path / "snap"], tmp_path / "staged")
    assert staged is not None and staged.origin.startswith("git:")
    assert sorted(staged.files) == ["ARC-001-REQ-v1.0.md", "_global/ARC-000-PRIN-v1.0.md"]
    assert (tmp_path / "staged" / "_global" / "ARC-000-PRIN-v1.0.md").read_text() == "# PRIN\n"
    assert staged.missing == ["projects/001-demo/ARC-001-DPIA-v1.0.md"]
    assert "projects/001-demo/README.md" in staged.left_out
    assert not (tmp_path / "staged" / "ARC-001-MLOPS-v1.0.md").exists()
    assert stage(load_gold(gold_file), [tmp_path / "nowhere"], tmp_path / "staged2") is None


def test_names_agree_on_half_their_words_and_a_bare_metric_name_is_no_subject(gold: Gold) -> None:
    sources = {"training_sources": [{"source": "Case Management Feed", "provenance": {"evidence": ["c3"]}},
                                    {"source": "Management consultants", "provenance": {"evidence": ["c4"]}}]}
    rows = [_perf("Latency (p95)", "< 200 ms")]
    s = score_strategy(_strategy(data_pipeline=sources, serving={"performance_requirements": rows}), gold)
    assert [j.verdict for j in _judged(s, "data_sources")] == ["correct", "invented"]
    # "Latency (p95)" names no subject: the value is one the gold states, so it is not held against the draft.
    assert _judged(s, "latency_target")[0].verdict == "correct"


def test_an_alert_threshold_is_judged_against_drift_statements_too(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    extra = ('  drift_threshold:\n    - {value: "accuracy < 90% for 7 consecutive days", subject: concept drift alert}\n'
             "  fairness_group:\n    - {value: gender}\n"
             "not_stated: [risk_level]")
    path.write_text(GOLD.replace("not_stated: [drift_threshold, risk_level]", extra), encoding="utf-8")
    gold = load_gold(path)
    assert {s.key for s in gold.statements} >= {"drift_threshold", "fairness_group"}
    metrics = {"performance_metrics": [{"metric": "Accuracy", "baseline": None, "critical": "< 90%",
                                        "provenance": {"evidence": ["c1"]}}],
               "fairness": [{"protected_group": "Sex", "provenance": {"evidence": ["c2"]}}]}
    retraining = {"triggers": [{"trigger": "Performance", "condition": "Accuracy below 90%",
                                "provenance": {"evidence": ["c3"]}}]}
    s = score_strategy(_strategy(monitoring=metrics, retraining=retraining), gold)
    verdicts = {j.path.split(".")[-1]: j.verdict for j in s.judgements if j.key != "classification"}
    assert verdicts == {"critical": "correct", "protected_group": "correct", "condition": "correct"}


def test_an_unnamed_subject_with_a_value_the_gold_never_states_is_unsupported_not_wrong(gold: Gold) -> None:
    s = score_strategy(_strategy(serving={"performance_requirements": [_perf("Latency (p95)", "< 7 s")]}), gold)
    (j,) = _judged(s, "latency_target")
    assert j.verdict == "invented"
    rollout = {"rollout": {"strategy": {"value": "Canary", "provenance": {"evidence": ["c1"]}}}}
    assert _judged(score_strategy(_strategy(serving=rollout), gold), "rollout_strategy")[0].verdict == "invented"


def test_placeable_coverage_counts_only_statements_judged_to_have_a_template_slot(gold: Gold, tmp_path: Path) -> None:
    from assistant.evaluation.real_gold import load_placeable
    (tmp_path / "demo.tsv").write_text(
        "id\tplaceable\tslot\twhy\n"
        "latency_target#0\tyes\t6 Performance Requirements / Target\tsearch serving\n"
        "latency_target#1\tyes\t6 Performance Requirements / Target\ttypeahead serving\n"
        "budget#0\tno\t\tprogramme figure\n"
        "data_sources#0\tno\t\tnot ML\n"
        "model_names#0\tyes\t2 Model Catalog / Name\tmodel\n", encoding="utf-8")
    load_placeable(gold, tmp_path)
    costs = {"infrastructure_costs": [{"component": "Total OpEx", "monthly_cost": "£4.8M per year",
                                       "provenance": {"evidence": ["FR-001"]}}]}
    s = score_strategy(_strategy(serving={"performance_requirements": [_perf("Search results latency (p95)", "< 2 s")]},
                                 costs=costs), gold).summary()
    assert (s["placeable_found"], s["placeable_total"]) == (1, 3)  # the budget found is not placeable
    assert s["coverage_found"] == 2 and s["coverage_placeable"] == pytest.approx(0.333, abs=0.001)


def test_a_placeable_file_written_from_another_gold_is_refused(gold: Gold, tmp_path: Path) -> None:
    from assistant.errors import InvalidInputError
    from assistant.evaluation.real_gold import load_placeable
    (tmp_path / "demo.tsv").write_text("id\tplaceable\tslot\twhy\nlatency_target#7\tyes\tx\ty\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="latency_target#7"):
        load_placeable(gold, tmp_path)
    assert gold.placeable is None


def test_a_carried_marking_covers_the_documents_classification_it_states(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(GOLD.replace("fields:\n", "fields:\n  classification:\n"
                                 "    - {value: OFFICIAL-SENSITIVE, subject: REQ}\n"
                                 "    - {value: OFFICIAL, subject: PRIN}\n", 1), encoding="utf-8")
    gold = load_gold(path)
    carried = score_strategy(_strategy(), gold)
    assert carried.coverage_found == ["classification: OFFICIAL-SENSITIVE [REQ]"]
    lowered = _strategy()
    lowered["document_control"]["classification"] = "OFFICIAL"
    assert score_strategy(lowered, gold).coverage_found == []  # a lowered marking covers nothing
