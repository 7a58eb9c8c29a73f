"""Issue 17, probe 7 and 9: hostile or huge files never stop the batch; names are safe; data at rest is private."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.config import get_settings
from assistant.ingest import ingest_paths, list_documents, pipeline, remove_document

REQ = "FR-001: The service shall rank claims by risk.\n\nFR-002: Every decision is logged.\n"


def _files(folder: Path, count: int = 3) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"req{i}.md"
        path.write_text(REQ.replace("FR-00", f"FR-{i}0"))
        paths.append(path)
    return paths


def test_an_unexpected_exception_fails_only_its_file(workdir: Path, plain_screen: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _files(workdir)
    real = pipeline.chunk_blocks

    def chunk_blocks(blocks):  # type: ignore[no-untyped-def]
        if any("FR-101" in b.text for b in blocks):
            raise ValueError("malformed table grid")
        return real(blocks)

    monkeypatch.setattr(pipeline, "chunk_blocks", chunk_blocks)
    results = ingest_paths(paths, "batch")
    assert [r.status for r in results] == ["ingested", "failed", "ingested"]
    assert "req1.md" in (results[1].error or "") and "ValueError" in (results[1].error or "")


@pytest.mark.parametrize("variable, value, words", [
    ("MLOPS_ASSISTANT_INGEST_MAX_CHARS", "40", "MLOPS_ASSISTANT_INGEST_MAX_CHARS"),
    ("MLOPS_ASSISTANT_INGEST_MAX_CHUNKS", "1", "MLOPS_ASSISTANT_INGEST_MAX_CHUNKS"),
    ("MLOPS_ASSISTANT_INGEST_PARSE_TIMEOUT_S", "0.000001", "MLOPS_ASSISTANT_INGEST_PARSE_TIMEOUT_S"),
    ("MLOPS_ASSISTANT_INGEST_PARSE_MEMORY_MB", "16", "MLOPS_ASSISTANT_INGEST_PARSE_MEMORY_MB"),
])
def test_each_limit_fails_the_file_with_a_message_naming_it(workdir: Path, plain_screen: None,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            variable: str, value: str, words: str) -> None:
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    (result,) = ingest_paths(_files(workdir, 1), "limits")
    assert result.status == "failed" and words in (result.error or "")
    monkeypatch.delenv(variable)
    get_settings.cache_clear()
    (again,) = ingest_paths(_files(workdir, 1), "limits")  # a fresh worker after the limit was hit
    assert again.status == "ingested"


def test_folder_ingest_does_not_follow_symlinks_out_of_the_folder(tmp_path: Path, plain_screen: None) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shadow.txt").write_text("root:$6$secrethash:19000:0:99999:7:::\n" * 5)
    folder = tmp_path / "folder"
    folder.mkdir()
    _files(folder, 1)
    (folder / "shadow.txt").symlink_to(outside / "shadow.txt")
    (folder / "inner.md").symlink_to(folder / "req0.md")  # inside the folder: fine
    names = [Path(r.path).name for r in ingest_paths([folder], "links")]
    assert "shadow.txt" not in names and "req0.md" in names


def test_utf16_without_bom_is_text(workdir: Path, plain_screen: None) -> None:
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le"):
        path = workdir / f"{encoding}.txt"
        path.write_bytes(REQ.encode(encoding))
        (result,) = ingest_paths([path], "wide")
        assert result.status == "ingested", result.error
        assert "FR-001" in result.requirement_ids


@pytest.mark.parametrize("name", ["..", ".", "", "../../escape.md", "a/../../b.md"])
def test_upload_names_never_become_paths(name: str, plain_screen: None) -> None:
    from assistant.ui import services

    ws = services.workspace()
    project = ws.create_project("Uploads", key="uploads")
    folder = services.upload_folder(project)
    outcomes = services.ingest_uploads(project, [(name, REQ.encode())], folder=folder)
    assert len(outcomes) == 1
    written = [p for p in folder.parent.parent.rglob("*") if p.is_file() and p.read_bytes() == REQ.encode()]
    assert written and all(p.parent == folder for p in written)


def test_escape_sequences_and_markup_in_names_never_reach_the_console(workdir: Path, plain_screen: None) -> None:
    from assistant.cli import app

    evil = workdir / "\x1b[2J\x1b]0;owned\x07[reverse]boom .md"
    evil.write_text(REQ)
    broken = workdir / "\x1b[31mbroken.docx"
    broken.write_bytes(b"not a docx at all")
    result = CliRunner().invoke(app, ["ingest", str(workdir), "--project", "names"])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "\x1b" not in output and "\x07" not in output
    assert "[reverse]boom" in output.replace("\n", "")  # shown literally, not as markup
    (record,) = [r for r in list_documents("names") if "boom" in r.filename]
    assert "\x1b" not in record.filename


def test_upload_copy_is_deleted_with_its_document_and_private(plain_screen: None) -> None:
    from assistant.ui import services

    ws = services.workspace()
    project = ws.create_project("Private", key="private")
    folder = services.upload_folder(project)
    (outcome,) = services.ingest_uploads(project, [("reqs.md", REQ.encode())], folder=folder)
    stored = folder / "reqs.md"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    remove_document(project.key, outcome.document.id if outcome.document else "reqs.md")
    assert not stored.exists()


def test_cli_ingest_never_deletes_the_users_own_file(workdir: Path, plain_screen: None) -> None:
    (path,) = _files(workdir, 1)
    (result,) = ingest_paths([path], "own")
    remove_document("own", result.document_id or "")
    assert path.exists()


def test_database_and_home_are_private(data_home: Path) -> None:
    from assistant.workspace import get_workspace

    ws = get_workspace()
    ws.create_project("Perm", key="perm")
    database = Path(ws.url.removeprefix("sqlite:///"))
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    for sidecar in (database.with_name(database.name + "-wal"),):
        if sidecar.exists():
            assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0


def test_classification_change_is_audited_with_old_and_new() -> None:
    from assistant.workspace import get_workspace

    ws = get_workspace()
    ws.create_project("Audit", key="audit", classification="OFFICIAL")
    ws.update_project("audit", classification="SECRET")
    ws.update_project("audit", name="Audit renamed")  # no classification change: no event
    events = ws.audit_events("audit", kind="classification_changed")
    assert [e.detail for e in events] == [{"old": "OFFICIAL", "new": "SECRET"}]


def test_files_written_under_umask_zero_are_still_private(plain_screen: None) -> None:
    from assistant.ui import services

    previous = os.umask(0)
    try:
        project = services.workspace().create_project("Umask", key="umask")
        folder = services.upload_folder(project)
        services.ingest_uploads(project, [("r.md", REQ.encode())], folder=folder)
        assert stat.S_IMODE((folder / "r.md").stat().st_mode) == 0o600
    finally:
        os.umask(previous)
