"""The v22 real project (MIT, committed under evals/real/projects/) through the whole real-document runner:
CLI ingest into a fresh data home, offline draft, scoring, reports. It asserts the report is complete, not a
quality level (that gate is decided from the measured figures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "v22-genai-playbook"


def test_v22_runs_end_to_end_and_reports_every_figure(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_REAL_SNAPSHOTS"}
    out, work = tmp_path / "reports", tmp_path / "work"
    done = subprocess.run([sys.executable, "evals/real/run.py", "--project", PROJECT, "--out", str(out),
                           "--work", str(work)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]

    report = json.loads((out / f"{PROJECT}.json").read_text())
    staged = report["run"]["staged"]
    assert staged["origin"].startswith("tree:") and "evals/real/projects" in staged["origin"]
    assert len(staged["files"]) == 7 and staged["missing"] == []
    assert report["run"]["provider"] == "offline"

    summary = report["summary"]
    for name in ("precision", "wrong_or_invented_rate", "coverage", "citation_support", "ml_requirement_coverage",
                 "model_recall", "model_precision"):
        assert summary[name] is None or 0.0 <= summary[name] <= 1.0, name
    assert summary["filled"] == summary["correct"] + summary["wrong"] + summary["invented"]
    assert summary["filled"] > 0 and summary["coverage_total"] > 0
    for name in ("marking_carried", "risk_tier_agree", "section_9_agree", "section_13_agree", "jsp_936_agree"):
        assert isinstance(summary[name], bool), name
    assert isinstance(summary["traceability_rows_not_requirements"], int)
    assert sum(s["filled"] for s in report["per_section"].values()) == summary["filled"]
    assert {j["verdict"] for j in report["judgements"]} <= {"correct", "wrong", "invented"}
    assert all(j["citation"] in {"supported", "unsupported", "no-passage", "none"} for j in report["judgements"])

    assert (out / f"{PROJECT}.md").read_text().startswith(f"# Real-document eval: {PROJECT}")
    pooled = json.loads((out / "summary.json").read_text())
    assert pooled["overall"]["projects_scored"] == 1
    assert PROJECT in (out / "SUMMARY.md").read_text()
