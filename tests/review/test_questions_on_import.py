"""On a document written outside this tool, the rules that infer an absence from the template's places ask the
author instead of reporting a finding (rules.yaml `on_import: question`); on our own drafts they still report."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.review import load_rules, render_report, review_strategy
from assistant.strategy.io import load_strategy, read_text

from review_paths import DRIFT_FIXTURES

runner = CliRunner()
_IMPORT = next(p for p in DRIFT_FIXTURES if "arckit-drift" in p.name)


def _absence_rules() -> set[str]:
    return {r.id for r in load_rules().rules if r.on_import == "question"}


def test_absences_are_findings_on_a_parsed_strategy_and_questions_on_its_markdown() -> None:
    strategy, _ = load_strategy(_IMPORT)
    absence = _absence_rules()
    as_draft = review_strategy(strategy, provider=False)
    drafted = {f.rule for f in as_draft.findings} & absence
    assert {"section-missing", "high-risk-ethics-review"} <= drafted and not as_draft.questions

    imported = review_strategy(strategy, provider=False, markdown=read_text(_IMPORT), filename=_IMPORT.name)
    assert not {f.rule for f in imported.findings} & absence
    # (with the Markdown, some absences are found written in prose: fewer questions than the parsed findings)
    assert {"section-missing", "high-risk-ethics-review"} <= {q.rule for q in imported.questions}
    # the checklist's absence items are asked; its format items (document control, footer...) still report
    checks = {q.data.get("check") for q in imported.questions if q.rule == "quality-checklist"}
    assert checks <= set(load_rules().vocab("absence_checks"))
    # a question never blocks, and nothing is offered as a fix to apply to the author's document
    assert not any(q.fixable for q in imported.questions)
    blocking_asked = [q for q in imported.questions if q.severity == "blocking"]
    assert blocking_asked and imported.blocking == any(f.severity == "blocking" for f in imported.findings)


def test_questions_render_and_travel_in_the_json_summary(tmp_path: Path) -> None:
    strategy, _ = load_strategy(_IMPORT)
    report = review_strategy(strategy, provider=False, markdown=read_text(_IMPORT), filename=_IMPORT.name)
    text = render_report(report)
    assert f"## Questions for the author ({len(report.questions)})" in text
    assert "question(s) for the author" in report.summary.text

    result = runner.invoke(app, ["review", str(_IMPORT), "--json"])
    data = json.loads(result.stdout)
    assert set(data) == {"findings", "summary"}  # the CLI's contract: questions travel in the summary
    assert len(data["summary"]["questions"]) == len(report.questions)
    assert {"rule", "section", "message", "fix"} == set(data["summary"]["questions"][0])
    assert not {f["rule"] for f in data["findings"]} & (_absence_rules() - {"quality-checklist"})


def test_an_organisation_can_keep_an_absence_rule_as_a_finding_on_imports(tmp_path: Path) -> None:
    org = tmp_path / "org-rules.yaml"
    org.write_text("rules:\n  - id: section-missing\n    on_import: finding\n", encoding="utf-8")
    strategy, _ = load_strategy(_IMPORT)
    report = review_strategy(strategy, provider=False, markdown=read_text(_IMPORT), filename=_IMPORT.name,
                             rules=load_rules(extra=[org]))
    assert [f for f in report.findings if f.rule == "section-missing"]
    assert not [q for q in report.questions if q.rule == "section-missing"]
