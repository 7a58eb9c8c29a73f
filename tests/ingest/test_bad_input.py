"""Every kind of bad upload raises IngestError naming the file and the reason; the batch carries on."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import get_settings
from assistant.errors import IngestError
from assistant.ingest import ingest_paths, list_documents
from assistant.documents.parsers import parse_bytes
from assistant.ingest.pipeline import read_upload

from .conftest import copy_fixture, encrypted_pdf, scanned_pdf, text_pdf, zip_bomb_docx


def _parse(path: Path) -> None:
    parse_bytes(path, read_upload(path))


def test_encrypted_pdf(workdir: Path) -> None:
    source = text_pdf(workdir / "plain.pdf", ["NFR-P-001: respond within 300 ms."])
    path = encrypted_pdf(workdir / "locked.pdf", source)
    with pytest.raises(IngestError, match=r"locked\.pdf: .*password-protected"):
        _parse(path)


def test_corrupt_pdf(workdir: Path) -> None:
    good = text_pdf(workdir / "good.pdf", ["Some text on a page that is long enough."] * 2).read_bytes()
    path = workdir / "broken.pdf"
    path.write_bytes(good[:200])  # header survives, body and xref are gone
    with pytest.raises(IngestError, match=r"broken\.pdf: .*(not a readable PDF|no text layer|corrupt)"):
        _parse(path)


def test_pdf_without_header_is_corrupt(workdir: Path) -> None:
    path = workdir / "fake.pdf"
    path.write_text("this is not a pdf at all")
    with pytest.raises(IngestError, match=r"fake\.pdf: is named \.pdf but has no PDF header"):
        _parse(path)


def test_scanned_pdf_without_text_layer(workdir: Path) -> None:
    path = scanned_pdf(workdir / "scan.pdf")
    with pytest.raises(IngestError, match=r"scan\.pdf: has no text layer .*OCR"):
        _parse(path)


def test_docx_zip_bomb_rejected_before_parsing(workdir: Path) -> None:
    path = zip_bomb_docx(workdir / "bomb.docx")
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(IngestError, match=r"bomb\.docx: .*zip bomb"):
        _parse(path)


def test_empty_file(workdir: Path) -> None:
    path = workdir / "empty.md"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match=r"empty\.md: is empty"):
        read_upload(path)
    blank = workdir / "blank.txt"
    blank.write_text("   \n\n  ")
    with pytest.raises(IngestError, match=r"blank\.txt: is empty"):
        _parse(blank)


def test_pdf_named_docx_is_a_specific_error(workdir: Path) -> None:
    path = copy_fixture("nfr-supplement.pdf", workdir, "requirements.docx")
    with pytest.raises(IngestError, match=r"requirements\.docx: is named \.docx but its content is a PDF file; rename it to \.pdf"):
        _parse(path)


def test_docx_named_pdf(workdir: Path) -> None:
    path = copy_fixture("data-requirements.docx", workdir, "data.pdf")
    with pytest.raises(IngestError, match=r"data\.pdf: is named \.pdf but its content is a DOCX file"):
        _parse(path)


def test_file_over_size_limit(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOPS_ASSISTANT_MAX_UPLOAD_MB", "0.001")
    get_settings.cache_clear()
    path = workdir / "big.txt"
    path.write_text("FR-001: The system shall do things.\n" * 100)
    with pytest.raises(IngestError, match=r"big\.txt: file is .* MB, over the 0\.001 MB upload limit"):
        read_upload(path)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("diagram.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "unsupported file type .png"),
        ("notes.rtf", b"{\\rtf1\\ansi hello}", "unsupported file type .rtf"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Office file"),
        ("archive.docx", None, "zip archive but not a DOCX or XLSX"),
    ],
)
def test_unsupported_types(workdir: Path, name: str, content: bytes | None, reason: str) -> None:
    path = workdir / name
    if content is None:
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "hello")
    else:
        path.write_bytes(content)
    with pytest.raises(IngestError) as info:
        _parse(path)
    assert str(info.value).startswith(f"{name}: ")
    assert reason in str(info.value)


def test_bad_files_fail_alone_in_a_batch(workdir: Path) -> None:
    good = copy_fixture("ARC-001-REQ-v1.0.md", workdir)
    scan = scanned_pdf(workdir / "scan.pdf")
    empty = workdir / "empty.txt"
    empty.write_bytes(b"")
    csv_file = copy_fixture("integration-requirements.csv", workdir)
    results = ingest_paths([good, scan, empty, csv_file, workdir / "missing.pdf"], "batch")
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["ARC-001-REQ-v1.0.md"].status == "ingested"
    assert by_name["integration-requirements.csv"].status == "ingested"
    for name in ("scan.pdf", "empty.txt", "missing.pdf"):
        assert by_name[name].status == "failed"
        assert by_name[name].error and by_name[name].error.startswith(name)
    assert sorted(d.filename for d in list_documents("batch")) == ["ARC-001-REQ-v1.0.md", "integration-requirements.csv"]
