"""The CLI contract: `ingest`, `docs list|remove`, `search --json`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

from .conftest import copy_fixture, scanned_pdf

runner = CliRunner()


def test_ingest_list_search_remove(workdir: Path, plain_screen: None) -> None:
    md = copy_fixture("ARC-001-REQ-v1.0.md", workdir)
    csv_file = copy_fixture("integration-requirements.csv", workdir)
    result = runner.invoke(app, ["ingest", str(md), str(csv_file), "--project", "cli", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["status"] for r in rows] == ["ingested", "ingested"]

    listed = runner.invoke(app, ["docs", "list", "--project", "cli", "--json"])
    assert listed.exit_code == 0
    documents = json.loads(listed.stdout)
    assert {d["filename"] for d in documents} == {"ARC-001-REQ-v1.0.md", "integration-requirements.csv"}

    found = runner.invoke(app, ["search", "what does NFR-P-003 require?", "--project", "cli", "-k", "3", "--json"])
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert len(hits) == 3
    assert set(hits[0]) == {"chunk_id", "document", "page", "heading", "requirement_ids", "text", "score"}
    assert hits[0]["requirement_ids"] == ["NFR-P-003"] and hits[0]["document"] == "ARC-001-REQ-v1.0.md"

    table = runner.invoke(app, ["search", "event stream for new claims", "--project", "cli", "--scope", "project"])
    assert table.exit_code == 0 and "INT-001" in table.stdout

    removed = runner.invoke(app, ["docs", "remove", "integration-requirements.csv", "--project", "cli"])
    assert removed.exit_code == 0 and "Removed integration-requirements.csv" in removed.stdout
    listed = runner.invoke(app, ["docs", "list", "--project", "cli"])
    assert "integration-requirements.csv" not in listed.stdout


def test_ingest_exits_1_when_a_file_fails(workdir: Path) -> None:
    good = copy_fixture("stakeholder-notes.txt", workdir)
    bad = scanned_pdf(workdir / "scan.pdf")
    result = runner.invoke(app, ["ingest", str(workdir), "--project", "cli2"])
    assert result.exit_code == 1
    assert "scan.pdf" in result.output and "failed" in result.output
    assert "ingested" in result.output
    assert good.exists() and bad.exists()


def test_errors_exit_2_without_traceback() -> None:
    result = runner.invoke(app, ["docs", "remove", "nope.md", "--project", "cli3"])
    assert result.exit_code == 2
    assert "nope.md: no such document" in result.output and "Traceback" not in result.output
    empty = runner.invoke(app, ["search", "   ", "--project", "cli3"])
    assert empty.exit_code == 2 and "query is empty" in empty.output
