"""Issue 17, probe 1: every place and spelling of a protective marking that ingestion used to miss."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.documents.markings import document_markings
from assistant.documents.parsers import parse_bytes

BODY = "FR-001: The service shall rank incoming claims by risk.\n\nNFR-P-001: Ranking completes within 2 seconds."


def _levels(name: str, data: bytes) -> list[str]:
    parsed = parse_bytes(Path(name), data)
    return document_markings("\n".join([parsed.marking_text, parsed.text])).levels


def _docx(build: Callable[..., None] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for line in BODY.split("\n\n"):
        document.add_paragraph(line)
    if build is not None:
        build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_part(data: bytes, name: str, xml: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, xml)
    return out.getvalue()


TEXT_VARIANTS = {
    "title case with caveat": ("Secret - UK Eyes Only\n\n" + BODY, "SECRET"),
    "non-breaking hyphen": ("OFFICIAL\u2011SENSITIVE\n\n" + BODY, "OFFICIAL-SENSITIVE"),
    "en dash": ("OFFICIAL\u2013SENSITIVE\n\n" + BODY, "OFFICIAL-SENSITIVE"),
    "declared in a sentence": ("This document is classified as SECRET.\n\n" + BODY, "SECRET"),
    "lower case paragraph lead": (BODY + "\n\nsecret: the depot list is in annex B.", "SECRET"),
    "portion marking": (BODY + "\n\n(S) The depot list is in annex B.", "SECRET"),
    "letter spaced": ("S E C R E T\n\n" + BODY, "SECRET"),
    "letter spaced top secret": ("T O P  S E C R E T\n\n" + BODY, "TOP SECRET"),
    "prose mention (unconfirmed, applied)": (BODY + "\n\nThe service must not process SECRET data.", "SECRET"),
}


@pytest.mark.parametrize("name", list(TEXT_VARIANTS))
def test_text_variants(name: str) -> None:
    text, level = TEXT_VARIANTS[name]
    assert level in _levels("doc.txt", text.encode("utf-8"))


def test_prose_mention_is_unconfirmed_with_its_passage() -> None:
    found = document_markings(BODY + "\n\nThe service must not process SECRET data.")
    assert found.certain == [] and "SECRET" in found.levels
    assert found.review["status"] == "unconfirmed" and found.review["level"] == "SECRET"
    assert "must not process SECRET data" in found.review["passages"][0]["text"]


def _header_table(document) -> None:  # type: ignore[no-untyped-def]
    table = document.sections[0].header.add_table(1, 2, document.sections[0].page_width)
    table.cell(0, 0).text = "Project Zephyr"
    table.cell(0, 1).text = "SECRET"


def _even_header(document) -> None:  # type: ignore[no-untyped-def]
    document.settings.odd_and_even_pages_header_footer = True
    document.sections[0].even_page_header.paragraphs[0].text = "SECRET"


def _first_header(document) -> None:  # type: ignore[no-untyped-def]
    document.sections[0].different_first_page_header_footer = True
    document.sections[0].first_page_header.paragraphs[0].text = "SECRET"


def _core_properties(document) -> None:  # type: ignore[no-untyped-def]
    document.core_properties.category = "SECRET"


def _hidden_run(document) -> None:  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph("Overview of the service ")
    paragraph.add_run("SECRET").font.hidden = True


DOCX_VARIANTS = {"header table": _header_table, "even-page header": _even_header,
                 "first-page header": _first_header, "core properties": _core_properties, "hidden run": _hidden_run}


@pytest.mark.parametrize("name", list(DOCX_VARIANTS))
def test_docx_variants(name: str) -> None:
    assert "SECRET" in _levels("doc.docx", _docx(DOCX_VARIANTS[name]))


def test_docx_sensitivity_label() -> None:
    custom = ('<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/'
              'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
              '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
              'name="MSIP_Label_0a1b2c3d-1111-2222-3333-444455556666_Name"><vt:lpwstr>Secret</vt:lpwstr>'
              '</property></Properties>')
    assert "SECRET" in _levels("doc.docx", _with_part(_docx(), "docProps/custom.xml", custom))


def test_docx_unmarked_stays_unmarked() -> None:
    assert _levels("doc.docx", _docx()) == []


def test_pdf_metadata_only(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    from tests.ingest.conftest import text_pdf

    source = text_pdf(tmp_path / "plain.pdf", [BODY.replace("\n\n", "\n")])
    writer = PdfWriter(clone_from=str(source))
    writer.add_metadata({"/Classification": "SECRET", "/Title": "Claims triage"})
    out = io.BytesIO()
    writer.write(out)
    assert "SECRET" in _levels("doc.pdf", out.getvalue())
    assert _levels("plain.pdf", source.read_bytes()) == []


def test_html_meta() -> None:
    html = ('<html><head><meta name="security-classification" content="SECRET"><title>Claims</title></head>'
            f'<body><p>{BODY}</p></body></html>')
    assert "SECRET" in _levels("doc.html", html.encode())


def test_malformed_docx_table_does_not_fail_the_file() -> None:
    """Probe 7: python-docx raised ValueError on a table whose grid is inconsistent; the text is kept."""
    def bad_table(document) -> None:  # type: ignore[no-untyped-def]
        table = document.add_table(2, 2)
        table.cell(0, 0).text = "FR-002: The service shall log every decision."
        table.cell(1, 0).text = "Owner"
        table._tbl.tr_lst[0].tc_lst[0].vMerge = "continue"  # merges into a row above the first: none exists

    parsed = parse_bytes(Path("t.docx"), _docx(bad_table))
    assert "FR-002" in parsed.text
