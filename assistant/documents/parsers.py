"""Turn an uploaded file into ordered text blocks with page numbers and heading paths.

Every check that can reject a file runs here, before anything touches the store: size limit, empty
file, content sniffing against the extension, zip bombs, encrypted, corrupt and image-only PDFs.
Each rejection is an `IngestError` naming the file and the reason.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assistant.documents.ids import starts_with_requirement_id
from assistant.documents.marking_sources import docx_marking_lines, html_meta_lines, pdf_metadata_lines
from assistant.documents.markings import normalise_level, parse_marking
from assistant.errors import IngestError
from assistant.markdown_tables import table_starts

if TYPE_CHECKING:  # python-docx loads only when a DOCX is parsed
    from docx.table import Table as DocxTable

Kind = Literal["pdf", "docx", "xlsx", "csv", "markdown", "html", "text"]
BlockKind = Literal["text", "table_row", "heading"]

SUPPORTED_EXTENSIONS: dict[str, Kind] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
}

# Zip-bomb limits for DOCX/XLSX: checked from the central directory before any member is inflated.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100.0
MAX_ZIP_MEMBERS = 5000
# One XML part (a DOCX body, an XLSX sheet) parses into a tree about ten times its size: 150 MB of body XML took
# 1.33 GB (issue 17). A 300-page document's body is under 10 MB.
MAX_XML_PART_BYTES = 64 * 1024 * 1024
# A PDF whose pages give fewer characters than this on average has no usable text layer.
MIN_CHARS_PER_PDF_PAGE = 20


@dataclass
class Block:
    """One paragraph, requirement or table row in reading order."""

    text: str
    kind: BlockKind = "text"
    page: int | None = None
    heading_path: tuple[str, ...] = ()


@dataclass
class ParsedDocument:
    kind: Kind
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    # Text that is not indexed but may carry a protective marking (DOCX headers and footers).
    marking_text: str = ""

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


def _fail(path: Path, reason: str) -> IngestError:
    return IngestError(f"{path.name}: {reason}")


# --- Sniffing ---------------------------------------------------------------------------------------


def sniff_kind(path: Path, data: bytes) -> Kind:
    """The file's real type from its content, checked against its extension."""
    suffix = path.suffix.lower()
    expected = SUPPORTED_EXTENSIONS.get(suffix)
    actual: Kind | None = None
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        actual = "pdf"
    elif data.startswith(b"PK\x03\x04"):
        actual = _sniff_zip(path, data)
    elif data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _fail(path, "is a legacy Office file (.doc/.xls); save it as .docx or .xlsx and upload again.")
    elif b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and not _wide_encoding(data):
        if expected is None:
            raise _fail(path, f"unsupported file type {suffix or '(no extension)'}: it is a binary file.")
        raise _fail(path, f"is named {suffix} but its content is binary, not {expected.upper()}.")

    if actual is not None:
        if expected is not None and expected != actual:
            raise _fail(
                path,
                f"is named {suffix} but its content is a {actual.upper()} file; rename it to "
                f".{_extension_for(actual)} (or upload the right file).",
            )
        return actual
    # Text-like content.
    if expected in ("pdf", "docx", "xlsx"):
        what = "PDF header" if expected == "pdf" else "Office (zip) container"
        raise _fail(path, f"is named {suffix} but has no {what}: the file is corrupt or not a {expected.upper()}.")
    if expected is None:
        head = data[:2048].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            return "html"
        raise _fail(
            path,
            f"unsupported file type {suffix or '(no extension)'}; supported: "
            + ", ".join(sorted(SUPPORTED_EXTENSIONS)),
        )
    return expected


def _extension_for(kind: Kind) -> str:
    return {"markdown": "md", "text": "txt"}.get(kind, kind)


def _sniff_zip(path: Path, data: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise _fail(path, f"is a damaged zip/Office file ({exc}).") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise _fail(path, "is a zip archive but not a DOCX or XLSX document; unpack it and upload the files.")


def check_zip_safety(path: Path, data: bytes) -> None:
    """Reject archives that would inflate far beyond their size (zip bombs) before parsing them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise _fail(path, f"is a damaged Office file ({exc}).") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _fail(path, f"has {len(infos)} parts inside (limit {MAX_ZIP_MEMBERS}); refusing a possible zip bomb.")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _fail(
            path,
            f"would expand to {total / 1_048_576:.0f} MB (limit {MAX_UNCOMPRESSED_BYTES // 1_048_576} MB); "
            "refusing a possible zip bomb.",
        )
    for info in infos:
        if info.filename.endswith(".xml") and info.file_size > MAX_XML_PART_BYTES:
            raise _fail(
                path,
                f"part {info.filename} holds {info.file_size / 1_048_576:.0f} MB of XML (limit "
                f"{MAX_XML_PART_BYTES // 1_048_576} MB per part); split the document.",
            )
        if info.file_size > 1_048_576 and info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
            raise _fail(
                path,
                f"part {info.filename} is compressed {info.file_size / info.compress_size:.0f}:1 "
                f"(limit {MAX_COMPRESSION_RATIO:.0f}:1); refusing a possible zip bomb.",
            )


# --- Parsers ------------------------------------------------------------------------------------------


def parse_bytes(path: Path, data: bytes) -> ParsedDocument:
    """Parse `data` (the content of `path`) into blocks, or raise `IngestError`."""
    if not data.strip():
        raise _fail(path, "is empty.")
    kind = sniff_kind(path, data)
    if kind in ("docx", "xlsx"):
        check_zip_safety(path, data)
    parser = {
        "pdf": _parse_pdf,
        "docx": _parse_docx,
        "xlsx": _parse_xlsx,
        "csv": _parse_csv,
        "markdown": _parse_markdown,
        "html": _parse_html,
        "text": _parse_text,
    }[kind]
    document = parser(path, data)
    if not document.marking_text and kind in ("markdown", "html", "text"):
        # Banner lines are dropped from the blocks as page furniture; scan the raw text for markings.
        document.marking_text = _decode(path, data) if kind != "html" else _html_text(data)
    if kind == "html":

        document.marking_text = "\n".join([*html_meta_lines(data), document.marking_text])
    if not any(block.text.strip() for block in document.blocks):
        raise _fail(path, "contains no text to index.")
    return document


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 (either byte order) without a byte-order mark, from where the zero bytes fall in the
    first 4 KB, confirmed by decoding it; None when the sample is not such text."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8:
        return None
    for encoding, zero_at, period in (("utf-32-le", (1, 2, 3), 4), ("utf-32-be", (0, 1, 2), 4),
                                      ("utf-16-le", (1,), 2), ("utf-16-be", (0,), 2)):
        units = len(sample) // period
        zeros = sum(1 for i in range(0, len(sample), period) if all(sample[i + z] == 0 for z in zero_at))
        if zeros >= 0.6 * units:
            try:
                text = sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            if sum(c.isprintable() or c.isspace() for c in text) >= 0.95 * len(text):
                return encoding
    return None


def _decode(path: Path, data: bytes) -> str:
    wide = None if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _wide_encoding(data)
    if wide:
        try:
            return data.decode(wide)
        except UnicodeDecodeError as exc:
            raise _fail(path, f"is not readable {wide.upper()} text ({exc.reason}).") from exc
    for encoding in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Windows exports are common in government; cp1252 decodes any byte sequence it can map.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _fail(path, f"is not readable text (unknown encoding: {exc.reason}).") from exc


_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+){0,3})\.?\s+([A-Z][^.:;]{1,80})$")


def _heading_level(line: str) -> int | None:
    """A plain-text heading: "3.2 Performance requirements" or a short ALL-CAPS line."""
    stripped = line.strip()
    match = _NUMBERED_HEADING.match(stripped)
    if match and not stripped.endswith((".", ",", ";")) and len(stripped.split()) <= 10:
        return match.group(1).count(".") + 1
    letters = [c for c in stripped if c.isalpha()]
    # "NFR-P-001" alone is a requirement, not a heading: two or more digits rule a heading out
    if (3 <= len(stripped) <= 60 and letters and all(c.isupper() for c in letters) and len(stripped.split()) <= 8
            and not re.search(r"\d{2,}", stripped)):
        return 1
    return None


_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)


def _is_banner(line: str) -> bool:
    stripped = line.strip().strip("*_#|")
    if _PAGE_NUMBER.match(stripped):
        return True
    if len(stripped) > 60 or not stripped.isupper():
        return False
    if normalise_level(stripped) is not None:
        return True
    marking = parse_marking(stripped)
    squash = lambda text: re.sub(r"[\s/-]", "", text).replace("UKEO", "UKEYESONLY")  # noqa: E731
    return marking is not None and squash(marking.label) == squash(stripped)


class _HeadingTracker:
    def __init__(self) -> None:
        self.path: list[tuple[int, str]] = []

    def push(self, level: int, title: str) -> None:
        while self.path and self.path[-1][0] >= level:
            self.path.pop()
        self.path.append((level, title.strip()))

    @property
    def current(self) -> tuple[str, ...]:
        return tuple(title for _, title in self.path)


_BULLET = re.compile(r"^\s*[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u00b7\x7f\uf0b7]\s+")  # glyph bullets, not Markdown's "- "


def _paragraphs_from_lines(
    lines: list[str], tracker: _HeadingTracker, page: int | None, *, detect_headings: bool = True
) -> list[Block]:
    """Group lines into paragraphs; a requirement ID at a line start begins a new paragraph."""

    blocks: list[Block] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            text = " ".join(part.strip() for part in buffer).strip()
            if text:
                blocks.append(Block(text=text, page=page, heading_path=tracker.current))
            buffer.clear()

    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if _is_banner(line):
            # Page furniture (a marking banner, "Page 3 of 10") is neither content nor a heading.
            continue
        level = _heading_level(line) if detect_headings else None
        if level is not None and not starts_with_requirement_id(line):
            flush()
            tracker.push(level, line.strip())
            blocks.append(Block(text=line.strip(), kind="heading", page=page, heading_path=tracker.current))
            continue
        bullet = _BULLET.match(line)
        if bullet:
            # PDFs extract bullet glyphs as they were encoded ("•", or "\x7f" from a symbol font): drop them
            # so "• FR-001: ..." starts its own paragraph like "FR-001: ..." does.
            line = line[bullet.end():]
        if bullet or starts_with_requirement_id(line.strip()) or line.lstrip().startswith(("- ", "* ")):
            flush()
        buffer.append(line)
    flush()
    return blocks


def _parse_pdf(path: Path, data: bytes) -> ParsedDocument:
    # lazy: pypdf loads only when a PDF is parsed
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported encryption
                raise _fail(path, f"is encrypted and cannot be opened ({exc}).") from exc
            if not opened:
                raise _fail(path, "is password-protected (encrypted PDF); remove the password and upload again.")
        pages = list(reader.pages)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _fail(path, f"is not a readable PDF (corrupt or truncated: {exc}).") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf surfaces many internal errors on damaged files
        raise _fail(path, f"is not a readable PDF ({type(exc).__name__}: {exc}).") from exc

    tracker = _HeadingTracker()
    blocks: list[Block] = []
    raw_pages: list[str] = []
    total_chars = 0
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001
            raise _fail(path, f"page {number} could not be read (corrupt PDF: {exc}).") from exc
        total_chars += len(text.strip())
        raw_pages.append(text)
        blocks.extend(_paragraphs_from_lines(text.splitlines(), tracker, number))
    if not pages:
        raise _fail(path, "is a PDF with no pages.")
    if total_chars < MIN_CHARS_PER_PDF_PAGE * len(pages):
        raise _fail(
            path,
            "has no text layer (it looks like a scanned image); run OCR on it or upload the original document.",
        )

    marking_lines = pdf_metadata_lines(reader)
    return ParsedDocument(kind="pdf", blocks=blocks, pages=len(pages), marking_text="\n".join([*marking_lines, *raw_pages]))


def _row_text(header: list[str], row: list[str]) -> str:
    """A table row as "Column: value | Column: value" so each row stands alone in retrieval."""
    parts = []
    for index, value in enumerate(row):
        value = value.strip()
        if not value:
            continue
        name = header[index].strip() if index < len(header) and header[index].strip() else f"Column {index + 1}"
        parts.append(f"{name}: {value}")
    return " | ".join(parts)


def _table_blocks(rows: list[list[str]], heading_path: tuple[str, ...], page: int | None = None) -> list[Block]:
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    if not body:  # a one-row table: keep it as text
        return [Block(text=" | ".join(c for c in header if c.strip()), kind="table_row", page=page, heading_path=heading_path)]
    return [
        Block(text=text, kind="table_row", page=page, heading_path=heading_path)
        for row in body
        if (text := _row_text(header, row))
    ]


def _parse_docx(path: Path, data: bytes) -> ParsedDocument:
    # lazy: python-docx loads only when a DOCX is read or written
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises KeyError, XML errors, ValueError
        raise _fail(path, f"is not a readable DOCX ({type(exc).__name__}: {exc}).") from exc
    tracker = _HeadingTracker()
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            level: int | None = None
            if style.lower().startswith("heading"):
                digits = re.findall(r"\d+", style)
                level = int(digits[0]) if digits else 1
            elif style.lower() == "title":
                level = 1
            if level is not None:
                tracker.push(level, text)
                blocks.append(Block(text=text, kind="heading", heading_path=tracker.current))
            else:
                blocks.append(Block(text=text, heading_path=tracker.current))
        elif isinstance(item, Table):
            try:
                rows = _docx_table_rows(item)
            except Exception:  # noqa: BLE001 - python-docx raises ValueError on malformed grids (issue 17)
                # Keep the table's text row by row from the XML rather than lose the file.
                rows = [[" ".join(t for t in tr.itertext() if t.strip())] for tr in item._tbl.tr_lst]
            blocks.extend(_table_blocks(rows, tracker.current))

    return ParsedDocument(kind="docx", blocks=blocks, marking_text="\n".join(docx_marking_lines(data)))


def _docx_table_rows(table: DocxTable) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # Merged cells repeat the same cell object; keep one copy.
            if previous is not None and cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(cell.text.replace("\n", " ").strip())
        rows.append(cells)
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parse_xlsx(path: Path, data: bytes) -> ParsedDocument:
    # lazy: openpyxl loads only when a spreadsheet is parsed
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise _fail(path, f"is not a readable XLSX ({type(exc).__name__}: {exc}).") from exc
    blocks: list[Block] = []
    try:
        for sheet in workbook.worksheets:
            rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            blocks.extend(_table_blocks(rows, (sheet.title,)))
    finally:
        workbook.close()
    return ParsedDocument(kind="xlsx", blocks=blocks)


def _parse_csv(path: Path, data: bytes) -> ParsedDocument:
    text = _decode(path, data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise _fail(path, f"is not valid CSV ({exc}).") from exc
    return ParsedDocument(kind="csv", blocks=_table_blocks(rows, (path.stem,)))


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
def _parse_markdown(path: Path, data: bytes) -> ParsedDocument:
    text = _decode(path, data)
    lines = text.splitlines()
    # Front matter is metadata, not content.
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                lines = lines[end + 1 :]
                break
    tables = table_starts(lines)
    tracker = _HeadingTracker()
    blocks: list[Block] = []
    pending: list[str] = []
    in_fence = False
    index = 0

    def flush() -> None:
        if pending:
            blocks.extend(_paragraphs_from_lines(pending, tracker, None, detect_headings=False))
            pending.clear()

    while index < len(lines):
        line = lines[index]
        if line.strip().startswith("```"):
            in_fence = not in_fence
            pending.append(line)
            index += 1
            continue
        heading = None if in_fence else _MD_HEADING.match(line)
        if heading:
            flush()
            tracker.push(len(heading.group(1)), heading.group(2))
            blocks.append(Block(text=heading.group(2), kind="heading", heading_path=tracker.current))
            index += 1
            continue
        table = None if in_fence else tables.get(index)
        if table is not None:
            flush()
            rows = [table.columns] + [row.values for row in table.rows]
            index = table.end
            blocks.extend(_table_blocks(rows, tracker.current))
            continue
        pending.append(line)
        index += 1
    flush()
    return ParsedDocument(kind="markdown", blocks=blocks)


def _html_text(data: bytes) -> str:
    # lazy: BeautifulSoup loads only when HTML is parsed
    from bs4 import BeautifulSoup

    return BeautifulSoup(data, "html.parser").get_text("\n")


def _parse_html(path: Path, data: bytes) -> ParsedDocument:
    # lazy: BeautifulSoup loads only when HTML is parsed
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(path, data), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer"]):
        tag.decompose()
    root = soup.body or soup
    tracker = _HeadingTracker()
    blocks: list[Block] = []
    text_tags = {"p", "li", "pre", "blockquote", "dd", "dt", "td", "caption"}
    for element in root.find_all(True):
        name = element.name
        if re.fullmatch(r"h[1-6]", name):
            title = element.get_text(" ", strip=True)
            if title:
                tracker.push(int(name[1]), title)
                blocks.append(Block(text=title, kind="heading", heading_path=tracker.current))
        elif name == "table":
            if element.find_parent("table") is not None:
                continue
            rows = [
                [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
                for row in element.find_all("tr")
            ]
            blocks.extend(_table_blocks(rows, tracker.current))
        elif name in text_tags and element.find_parent(["table", "li", "p", "pre", "blockquote"]) is None:
            if name == "td":
                continue
            text = element.get_text(" ", strip=True)
            if text:
                blocks.append(Block(text=text, heading_path=tracker.current))
    if not blocks:  # bare text without block tags
        text = root.get_text("\n", strip=True)
        blocks = _paragraphs_from_lines(text.splitlines(), tracker, None)
    return ParsedDocument(kind="html", blocks=blocks)


def _parse_text(path: Path, data: bytes) -> ParsedDocument:
    text = _decode(path, data)
    return ParsedDocument(kind="text", blocks=_paragraphs_from_lines(text.splitlines(), _HeadingTracker(), None))
