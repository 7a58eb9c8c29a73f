from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

from .conftest import EXAMPLE_JSON, EXAMPLE_MD, FIXTURES

runner = CliRunner()


def test_new_render_parse_validate_export(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    out = runner.invoke(app, ["new", "--project-id", "007", "--name", "Demo", "--classification", "OFFICIAL-SENSITIVE", "-o", "s.json"])
    assert out.exit_code == 0, out.output
    data = json.loads(Path("s.json").read_text())
    assert data["document_control"]["status"] == "DRAFT" and data["document_control"]["project_id"] == "007"
    assert runner.invoke(app, ["render", "s.json", "-o", "s.md"]).exit_code == 0
    assert Path("s.md").read_text().startswith("# MLOps Strategy")
    assert runner.invoke(app, ["parse", "s.md", "-o", "back.json"]).exit_code == 0
    assert json.loads(Path("back.json").read_text()) == data
    res = runner.invoke(app, ["validate", "s.json", "--json"])
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    assert report["passed"] is False and {"check", "passed", "detail"} <= set(report["checks"][0])
    res = runner.invoke(app, ["export", "s.json", "--format", "docx"])
    assert res.exit_code == 0 and Path("ARC-007-MLOPS-v1.0.docx").exists()
    res = runner.invoke(app, ["schema", "-o", "schema.json"])
    assert res.exit_code == 0 and "Strategy" in json.loads(Path("schema.json").read_text())["title"]


def test_validate_example_passes() -> None:
    for path in (EXAMPLE_JSON, EXAMPLE_MD):
        res = runner.invoke(app, ["validate", str(path), "--json"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["passed"] is True


def test_parse_warnings_go_to_stderr(tmp_path: Path) -> None:
    res = runner.invoke(app, ["parse", str(FIXTURES / "strategies" / "arckit-drift-mlop.md"), "-o", str(tmp_path / "x.json")])
    assert res.exit_code == 0
    assert "warning: Document ID 'ARC-004-MLOP-v1.0'" in res.stderr
    assert "warning" not in res.stdout


def test_bad_inputs_exit_2_without_traceback(tmp_path: Path) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"document_control": ')
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"document_control": {"classification": "RESTRICTED"}}))
    notes = tmp_path / "notes.md"
    notes.write_text("# Meeting notes\n\nNothing to see.\n")
    cases = [
        (["render", str(bad_json)], "invalid JSON"),
        (["render", str(wrong)], "document_control.classification"),
        (["export", str(wrong), "--format", "md"], "document_control.classification"),
        (["validate", str(bad_json)], "invalid JSON"),
        (["parse", str(notes)], "not an ArcKit MLOps Strategy"),
        (["validate", str(notes)], "not an ArcKit MLOps Strategy"),
        (["render", str(tmp_path / "missing.json")], "file not found"),
        (["export", str(EXAMPLE_JSON), "--format", "pdf"], "use md, docx or json"),
        (["new", "--project-id", "1", "--name", "X"], "project ID is 3 digits"),
        (["new", "--project-id", "001", "--name", "X", "--classification", "RESTRICTED"], "--classification"),
    ]
    for args, message in cases:
        res = runner.invoke(app, args)
        assert res.exit_code == 2, (args, res.output)
        assert message in res.stderr, (args, res.stderr)
        assert "Traceback" not in res.output
