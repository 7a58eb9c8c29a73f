"""Fixtures for ingestion tests: the committed requirement fixtures and generated bad inputs."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "requirements"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    folder = tmp_path / "uploads"
    folder.mkdir()
    return folder


def text_pdf(path: Path, pages: list[str]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page in pages:
        y = 800
        for line in page.splitlines():
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are only drawings (as a scan would be): no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(2):
        for row in range(40):
            pdf.rect(72, 780 - row * 18, 400 - (row * 7) % 150, 10, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def encrypted_pdf(path: Path, source: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="AES-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def zip_bomb_docx(path: Path, inflated_mb: int = 300) -> Path:
    """A DOCX-shaped zip whose document part inflates to hundreds of MB from a few hundred KB."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        chunk = b"\0" * (1024 * 1024)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(inflated_mb):
                member.write(chunk)
    return path


def copy_fixture(name: str, target: Path, new_name: str | None = None) -> Path:
    destination = target / (new_name or name)
    shutil.copyfile(FIXTURES / name, destination)
    return destination


def make_docx(path: Path, rows: list[tuple[str, str]], *, heading: str = "Requirements") -> Path:
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "ID", "Requirement"
    for rid, text in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = rid, text
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path
