"""Fixes make a new version; drifting hand-written imports review without crashing; the CLI contract;
organisation rules from YAML."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.review import (
    RequirementSet,
    RulesError,
    apply_fixes,
    load_rules,
    render_report,
    requirements_from_chunks,
    review_strategy,
)
from assistant.strategy import Strategy
from assistant.strategy.enums import TraceStatus
from assistant.strategy.io import load_strategy, read_text

from review_paths import DRIFT_FIXTURES, EXAMPLE_JSON, EXAMPLE_MD, EXAMPLE_REQUIREMENTS

runner = CliRunner()


def _rules(report, rule):  # noqa: ANN001, ANN202
    return [f for f in report.findings if f.rule == rule]


# ------------------------------------------------------------------------------------------------ fixes


def test_fixes_add_ethics_step_and_row_trace_rows_and_target(example: Strategy, requirements: RequirementSet) -> None:
    example.model_registry.approval_workflow = [r for r in example.model_registry.approval_workflow
                                                if "Ethics" not in (r.step or "")]
    example.approval = [r for r in example.approval if "Ethics" not in (r.role or "")]
    example.traceability.rows = [r for r in example.traceability.rows if r.requirement_id != "NFR-M-002"]
    for row in example.serving.performance_requirements:
        if row.metric == "Latency (p99)":
            row.target = "< 500 ms"
    report = review_strategy(example, requirements=requirements, provider=False)
    assert report.blocking

    fixed = apply_fixes(example, report.findings)
    assert fixed is not example and example.document_control.version == "1.0"
    assert fixed.document_control.version == "1.1"
    assert "Review fixes applied" in fixed.revision_history[-1].changes
    steps = [r.step for r in fixed.model_registry.approval_workflow]
    assert steps == ["1. Submit", "2. Technical Review", "3. Ethics Review", "4. Approve"]
    assert any(r.role == "Ethics Board" for r in fixed.approval)
    p99 = next(r for r in fixed.serving.performance_requirements if r.metric == "Latency (p99)")
    assert p99.target == "< 300 ms" and p99.provenance.evidence == ["NFR-P-001"]
    gap = next(r for r in fixed.traceability.rows if r.requirement_id == "NFR-M-002")
    assert gap.status == TraceStatus.GAP and gap.mlops_element is None
    assert any("NFR-M-002" in q.question for q in fixed.traceability.open_questions)

    again = review_strategy(fixed, requirements=requirements, provider=False)
    for rule in ("high-risk-ethics-review", "high-risk-ethics-approval", "nfr-targets-agree", "trace-missing-requirement"):
        assert _rules(again, rule) == [], rule
    assert not again.blocking


def test_open_question_fixes_never_invent_values(example: Strategy) -> None:
    example.monitoring.fairness = []
    report = review_strategy(example, provider=False)
    [finding] = _rules(report, "fairness-monitoring")
    assert finding.fixable
    fixed = apply_fixes(example, [finding])
    assert fixed.monitoring.fairness == []
    assert any("Fairness Monitoring" in q.question for q in fixed.monitoring.open_questions)


def test_nothing_fixable_returns_the_same_strategy(example: Strategy) -> None:
    assert apply_fixes(example, []) is example


# ------------------------------------------------------------------------------------------------ imports


@pytest.mark.parametrize("path", DRIFT_FIXTURES, ids=[p.name for p in DRIFT_FIXTURES])
def test_drifting_handwritten_import_is_reviewed(path: Path) -> None:
    strategy, _warnings = load_strategy(path)
    report = review_strategy(strategy, provider=False, markdown=read_text(path), filename=path.name)
    assert report.findings and report.summary.total == len(report.findings)
    assert render_report(report).startswith(f"# Review of {strategy.document_id}")
    # Real findings, not noise: every seeded template gap shows up under its own rule. On an imported document
    # the absences the template's places imply are questions for the author; a conflict stays a finding.
    asked = Counter(q.rule for q in report.questions)
    assert asked["section-missing"] >= 5 and asked["high-risk-ethics-review"] == 1
    assert report.summary.by_rule.get("oversight-matches-risk") == 1
    # (the quality checklist asks about its absence items and reports the others)
    assert not {q.rule for q in report.questions} - {"quality-checklist"} & set(report.summary.by_rule)
    assert len(report.summary.questions) == len(report.questions)
    fixed = apply_fixes(strategy, report.findings)
    assert fixed.document_control.version != strategy.document_control.version


def test_arckit_drift_reads_critical_as_very_high_and_mod_ids_as_not_mod() -> None:
    path = next(p for p in DRIFT_FIXTURES if "arckit-drift" in p.name)
    strategy, _ = load_strategy(path)
    report = review_strategy(strategy, provider=False)
    assert "Very High" in _rules(report, "high-risk-ethics-approval")[0].message
    assert _rules(report, "jsp936-missing") == []  # MOD-001 is a model ID, the owner is a council
    assert _rules(report, "uk-compliance-section-missing")
    assert _rules(report, "pii-dpia") and _rules(report, "pii-handling") == []  # "Address fields pseudonymised"


def test_handwritten_champion_outside_the_catalog() -> None:
    path = next(p for p in DRIFT_FIXTURES if "handwritten" in p.name)
    report = review_strategy(load_strategy(path)[0], provider=False)
    messages = [f.message for f in _rules(report, "champion-challenger-catalog")]
    assert len(messages) == 2 and all("Letter Summariser" in m for m in messages)
    assert _rules(report, "placeholder-text") == []  # "TBD" in Current, a column the template allows blank
    assert _rules(report, "genai-section-missing") == []  # section 9 is there


def test_markdown_and_json_example_review_the_same(requirements: RequirementSet) -> None:
    md = review_strategy(load_strategy(EXAMPLE_MD)[0], requirements=requirements, provider=False,
                         markdown=read_text(EXAMPLE_MD), filename=EXAMPLE_MD.name)
    js = review_strategy(load_strategy(EXAMPLE_JSON)[0], requirements=requirements, provider=False)
    assert md.summary.by_rule == js.summary.by_rule


def test_requirements_from_store_chunks() -> None:
    chunks = [{"id": "c1", "text": "NFR-P-001: Scoring SHALL respond within 250 ms at p99.",
               "metadata": {"requirement_ids": "NFR-P-001", "document": "nfr.md", "heading": "Performance"}},
              {"id": "c2", "text": "See NFR-P-001 and FR-010 for details.",
               "metadata": {"requirement_ids": "NFR-P-001|FR-010", "document": "notes.md"}}]
    reqs = requirements_from_chunks(chunks)
    assert reqs.get("NFR-P-001").statement.startswith("Scoring SHALL respond") and reqs.get("NFR-P-001").source == "nfr.md"
    assert "FR-010" in reqs and reqs.get("FR-010").statement is None


# ------------------------------------------------------------------------------------------------ CLI


def test_cli_json_shape_and_exit_code() -> None:
    result = runner.invoke(app, ["review", str(EXAMPLE_JSON), "--json", "--requirements", str(EXAMPLE_REQUIREMENTS)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"findings", "summary"}
    assert {"rule", "severity", "section", "message", "fix"} <= set(data["findings"][0])
    assert data["summary"]["blocking"] is False


def test_cli_exit_1_on_blocking_and_fix_writes_new_version(tmp_path: Path, example: Strategy) -> None:
    example.approval = [r for r in example.approval if "Ethics" not in (r.role or "")]
    src = tmp_path / "ARC-001-MLOPS-v1.0.json"
    src.write_text(example.model_dump_json(), encoding="utf-8")
    out = tmp_path / "fixed.md"
    result = runner.invoke(app, ["review", str(src), "--fix", "-o", str(out)])
    assert result.exit_code == 1
    assert "## Blocking" in result.stdout and "high-risk-ethics-approval" in result.stdout
    assert out.exists() and "ARC-001-MLOPS-v1.1" in out.read_text(encoding="utf-8")
    assert runner.invoke(app, ["review", str(out)]).exit_code in (0, 1)


def test_cli_bad_input_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["review", str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "bad.json" in result.output


def test_cli_unknown_project_exit_2() -> None:
    result = runner.invoke(app, ["review", str(EXAMPLE_JSON), "--project", "nope"])
    assert result.exit_code == 2 and "nope" in result.output


# ------------------------------------------------------------------------------------------------ organisation rules


ORG_RULES = """
vocabularies:
  protected_characteristics: [caring responsibilities]
rules:
  - id: org-mlflow-registry
    severity: major
    section: 5
    title: MLflow registry for High risk
    rationale: Our platform team supports only the MLflow registry for High risk models.
    fix: Use the MLflow registry.
    when:
      path: model_inventory.models[*].risk_level
      in: [High, Very High]
    require:
      - path: model_registry.registry_configuration.platform.value
        matches: "(?i)mlflow"
  - id: org-owner-named
    severity: minor
    rationale: Every model has an owner.
    fix: Name the owner.
    require: {path: "model_inventory.models[*].owner", non_empty: true}
  - id: open-questions
    enabled: false
  - id: costs-cover-infrastructure
    severity: info
"""


def test_organisation_rules_from_yaml(tmp_path: Path, example: Strategy) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(ORG_RULES, encoding="utf-8")
    rules = load_rules(extra=[path])
    report = review_strategy(example, provider=False, rules=rules)
    assert _rules(report, "open-questions") == []
    assert all(f.severity == "info" for f in _rules(report, "costs-cover-infrastructure"))
    platform = example.model_registry.registry_configuration.platform.value or ""
    assert bool(_rules(report, "org-mlflow-registry")) == ("mlflow" not in platform.lower())
    example.model_registry.registry_configuration.platform.value = "SageMaker Registry"
    example.model_inventory.models[1].owner = None
    report = review_strategy(example, provider=False, rules=rules)
    [org] = _rules(report, "org-mlflow-registry")
    assert org.section == 5 and "mlflow" in org.message.lower()
    assert _rules(report, "org-owner-named")
    for model in example.model_inventory.models:
        model.risk_level = None
    assert _rules(review_strategy(example, provider=False, rules=rules), "org-mlflow-registry") == []


def test_organisation_rule_with_a_bad_path_names_file_and_rule(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  - id: org-x\n    severity: major\n    rationale: r\n    fix: f\n"
                    "    require: {path: \"model_inventory.modles[*].owner\", non_empty: true}\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"bad.yaml: rule 'org-x'.*modles"):
        load_rules(extra=[path])


def test_organisation_rule_without_conditions_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  - id: org-y\n    severity: major\n    rationale: r\n    fix: f\n", encoding="utf-8")
    with pytest.raises(RulesError, match="org-y"):
        load_rules(extra=[path])


def test_every_builtin_rule_has_rationale_fix_and_a_check() -> None:
    from assistant.review.rules import CHECKS
    import assistant.review.checks  # noqa: F401

    for rule in load_rules().rules:
        assert rule.rationale.strip() and rule.fix.strip() and rule.id in CHECKS, rule.id
