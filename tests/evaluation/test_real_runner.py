"""The real-document runner skips, saying so, a project whose snapshot is absent (no ingest, no draft)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_project_without_a_snapshot_is_skipped_with_the_reason(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_REAL_SNAPSHOTS"}
    out = tmp_path / "reports"
    done = subprocess.run([sys.executable, "evals/real/run.py", "--project", "v2-hmrc-chatbot", "--snapshots",
                           str(tmp_path / "no-snapshots-here"), "--out", str(out), "--work", str(tmp_path / "work")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "skipped: no snapshot of tractorjuice/arckit-test-project-v2-hmrc-chatbot" in done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["overall"]["projects_scored"] == 0
    assert summary["overall"]["projects_skipped"] == ["v2-hmrc-chatbot"]
    assert "skipped" in (out / "SUMMARY.md").read_text()
    assert not (tmp_path / "work" / "v2-hmrc-chatbot" / "home").exists()


def test_an_unknown_project_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "evals/real/run.py", "--project", "no-such-project", "--out",
                           str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "no gold file for project(s): no-such-project" in done.stderr


def test_a_reused_home_with_facts_from_another_extractor_is_stale_and_a_copied_workdir_finds_its_sources(
        tmp_path: Path) -> None:
    from assistant.evaluation.real_run import _rebased, stale_facts
    from assistant.facts.models import EXTRACTOR_VERSION

    home = tmp_path / "home"
    folder = home / "facts" / "p"
    folder.mkdir(parents=True)
    (folder / "d1.json").write_text(json.dumps({"extractor_version": EXTRACTOR_VERSION}))
    assert not stale_facts(home)
    (folder / "d2.json").write_text(json.dumps({"extractor_version": "0"}))
    assert stale_facts(home)
    assert _rebased(Path("/old/work/p/sources"), Path("/old/work/p"), tmp_path / "p") == tmp_path / "p" / "sources"
    assert _rebased(Path("/elsewhere/sources"), Path("/old/work/p"), tmp_path / "p") == Path("/elsewhere/sources")
