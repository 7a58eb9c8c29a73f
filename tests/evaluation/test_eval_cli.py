"""`mlops-assistant eval` through the CLI: thresholds gate the exit code (0 pass, 1 fail, 2 bad input),
a weakened drafter fails the gate, and a comparison names a changed prompt version.

The `smoke` suite is one small case (thin-requirements) and `--no-suite-metrics` skips the retrieval
and guardrail sets, so each run is one ingest and one offline draft.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from assistant.evaluation import commands
from assistant.evaluation.report import CaseResult, Report, compare, load_report, to_markdown
from assistant.evaluation.scorers import Score

# What the offline drafter measures on thin-requirements today (traceability 0.5: two of four IDs traced).
GATE = "aggregate:\n  traceability: {min: 0.5}\n  structure: {min: 1.0}\nevery_case:\n  open_questions: {min: 1}\nsuite: {}\n"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    # `eval` is registered here directly; assistant/cli.py lists the command modules.
    application = typer.Typer()
    commands.register(application)
    application.command("noop")(lambda: None)  # typer needs two commands to keep `eval` as a sub-command
    return application


def _eval(app: typer.Typer, tmp_path: Path, *extra: str, thresholds: str = GATE) -> Any:
    tmp_path.mkdir(parents=True, exist_ok=True)
    gate = tmp_path / "thresholds.yaml"
    gate.write_text(thresholds, encoding="utf-8")
    return CliRunner().invoke(app, ["eval", "--suite", "smoke", "--no-suite-metrics", "--thresholds", str(gate),
                                    "--report", str(tmp_path / "report"), *extra])


def test_the_gate_passes_on_the_offline_drafter_and_fails_on_a_weakened_one(
        app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    passed = _eval(app, tmp_path / "clean")
    assert passed.exit_code == 0, passed.output
    report = load_report(tmp_path / "clean" / "report")
    assert report.passed and report.provider == "offline" and [c.id for c in report.cases] == ["thin-requirements"]
    assert report.aggregate["traceability"] >= 0.5 and report.replay is None and report.cache is None
    assert "PASSED" in passed.output and (tmp_path / "clean" / "report" / "junit.xml").exists()
    assert not any(s.name.startswith("rubric_") for s in report.cases[0].scores)  # offline: no model grading

    from assistant.drafting.offline import OfflineDrafter

    original = OfflineDrafter.draft_section

    def weakened(self: Any, number: int, strategy: Any) -> Any:
        drafted = original(self, number, strategy)
        if number == 15:
            drafted.traceability.rows = []  # the traceability table goes missing
        return drafted

    monkeypatch.setattr(OfflineDrafter, "draft_section", weakened)
    failed = _eval(app, tmp_path / "weak", "--compare", str(tmp_path / "clean" / "report"))
    assert failed.exit_code == 1, failed.output
    weak = load_report(tmp_path / "weak" / "report")
    assert not weak.passed
    assert any(c.metric == "traceability" and not c.passed for c in weak.checks)
    assert "FAILED aggregate `traceability`" in failed.output
    before = f"{report.aggregate['traceability']:.3f}"
    assert f"thin-requirements · traceability: {before} -> 0.000" in failed.output  # the comparison names the case
    junit = (tmp_path / "weak" / "report" / "junit.xml").read_text(encoding="utf-8")
    assert '<failure message="traceability' in junit


def test_bad_thresholds_exit_2_without_a_traceback(app: typer.Typer, tmp_path: Path) -> None:
    result = _eval(app, tmp_path, thresholds="aggregate:\n  traceability: {least: 1}\n")
    assert result.exit_code == 2
    assert "thresholds.yaml" in result.output and "Traceback" not in result.output


def test_replay_needs_a_folder(app: typer.Typer, tmp_path: Path) -> None:
    result = _eval(app, tmp_path, "--provider", "anthropic", "--replay", str(tmp_path / "missing"))
    assert result.exit_code == 2 and "not a folder of cassettes" in result.output


def _report(prompts: dict[str, str], traceability: float) -> Report:
    case = CaseResult(id="thin-requirements", title="t", seconds=1.0,
                      scores=[Score(name="traceability", value=traceability)])
    return Report(suite="smoke", provider="offline", prompts=prompts, started="2026-01-01T00:00:00+00:00",
                  seconds=1.0, cases=[case], aggregate={"traceability": traceability})


def test_a_comparison_shows_a_changed_prompt_version() -> None:
    before = _report({"draft_section": "1.0.0 (9bb3c408c920)", "review_rubric": "1.0.0 (df359131c11f)"}, 1.0)
    after = _report({"draft_section": "1.1.0 (0123456789ab)", "review_rubric": "1.0.0 (df359131c11f)"}, 0.75)
    text = compare(after, before)
    assert "- prompt `draft_section`: 1.0.0 (9bb3c408c920) -> 1.1.0 (0123456789ab)" in text
    assert "review_rubric" not in text  # unchanged prompts are not listed
    assert "| traceability | 1.000 | 0.750 | -0.250 |" in text
    assert "thin-requirements · traceability: 1.000 -> 0.750" in text
    assert text in to_markdown(after, text)


def test_prompt_versions_follow_the_prompts_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A draft_section 1.1.0 in the prompts folder is what a run records (and so what a comparison shows)."""
    import shutil

    from assistant.config import RESOURCES
    from assistant.evaluation.harness import prompt_versions
    from assistant.prompts import get_registry

    folder = tmp_path / "prompts"
    shutil.copytree(RESOURCES / "prompts", folder)
    source = (folder / "draft_section" / "1.0.0.yaml").read_text(encoding="utf-8")
    (folder / "draft_section" / "1.1.0.yaml").write_text(
        source.replace("version: 1.0.0", "version: 1.1.0").replace("Write plainly", "Write very plainly"),
        encoding="utf-8")
    lock = folder / "prompts.lock"
    if lock.exists():
        lock.unlink()  # the lock pins released versions of the real folder; this one is a scratch copy
    monkeypatch.setenv("MLOPS_ASSISTANT_PROMPTS_DIR", str(folder))
    get_registry.cache_clear()
    try:
        latest = prompt_versions()
        pinned = prompt_versions("1.0.0")
    finally:
        monkeypatch.delenv("MLOPS_ASSISTANT_PROMPTS_DIR")
        get_registry.cache_clear()
    assert latest["draft_section"].startswith("1.1.0 ") and pinned["draft_section"].startswith("1.0.0 ")
    text = compare(_report(latest, 1.0), _report(pinned, 1.0))
    assert "- prompt `draft_section`: 1.0.0 (" in text and "-> 1.1.0 (" in text
    assert json.loads(_report(latest, 1.0).model_dump_json())["prompts"]["draft_section"].startswith("1.1.0")
