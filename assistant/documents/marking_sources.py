"""Where a protective marking can live outside a document's body text, read as lines for the marking scanner.

DOCX: every header and footer part (default, first-page, even-page, and parts no section references), with
their tables, text boxes and watermark shapes; hidden runs and text boxes in the body; core properties; custom
properties, where a sensitivity label (Microsoft Purview `MSIP_Label_<guid>_Name`) or a "Classification"
property counts as a classification field. PDF: the document information dictionary and XMP metadata. HTML:
`<meta>` tags. None of this is indexed as content; it only decides the document's marking.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_V = "urn:schemas-microsoft-com:vml"
# Property names whose value is the document's classification (case-insensitive, any punctuation).
_CLASSIFICATION_NAME = re.compile(
    r"classif|protective.?marking|security.?marking|sensitivity|^msip_label_.*_name$|accessrights|^marking$",
    re.IGNORECASE)
_MAX_METADATA_LINES = 2000
_MAX_PART_BYTES = 8 * 1024 * 1024  # headers, footers and properties are small; a huge one is not read


def _parser() -> Any:
    # lazy: lxml loads only when Office XML is read
    from lxml import etree

    # No entity expansion and no network: these parts come from an untrusted upload.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


def _paragraph_lines(root: Any) -> Iterator[str]:
    for paragraph in root.iter(f"{{{_W}}}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{{{_W}}}t"))
        if text.strip():
            yield text
    for shape in root.iter(f"{{{_V}}}textpath"):  # WordArt watermarks: "SECRET" diagonally across the page
        if shape.get("string"):
            yield shape.get("string")


def _property_lines(name: str, value: str) -> Iterator[str]:
    value = " ".join(value.split())
    if not value:
        return
    if _CLASSIFICATION_NAME.search(name):
        yield f"Classification: {value}"
    else:
        yield from (part.strip() for part in re.split(r"[;,\n]", value) if part.strip())


def _hidden_and_boxed(data: bytes) -> Iterator[str]:
    """Hidden runs (w:vanish) and body text boxes, streamed so a large body is never held as one tree."""
    # lazy: lxml loads only when Office XML is read
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("word/document.xml") as handle:
        for _event, element in etree.iterparse(handle, events=("end",), tag=(f"{{{_W}}}r", f"{{{_W}}}txbxContent"),
                                               resolve_entities=False, no_network=True):
            if element.tag == f"{{{_W}}}txbxContent":
                yield from _paragraph_lines(element)
            else:
                properties = element.find(f"{{{_W}}}rPr")
                if properties is not None and (properties.find(f"{{{_W}}}vanish") is not None
                                               or properties.find(f"{{{_W}}}specVanish") is not None):
                    text = "".join(t.text or "" for t in element.iter(f"{{{_W}}}t"))
                    if text.strip():
                        yield text
                if next(element.iterancestors(f"{{{_W}}}txbxContent"), None) is None:
                    element.clear(keep_tail=True)  # keep memory flat over a large body


def docx_marking_lines(data: bytes) -> list[str]:
    """Marking-bearing text of a DOCX outside its body paragraphs (module docstring), in a stable order."""
    # lazy: lxml loads only when Office XML is read
    from lxml import etree

    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        for name in sorted(infos):
            if infos[name].file_size > _MAX_PART_BYTES:
                continue
            if re.fullmatch(r"word/(?:header|footer)\d*\.xml", name):
                root = etree.fromstring(archive.read(name), _parser())
                if root is not None:
                    lines.extend(_paragraph_lines(root))
            elif name == "docProps/core.xml":
                root = etree.fromstring(archive.read(name), _parser())
                for element in [] if root is None else root:
                    tag = etree.QName(element).localname
                    if tag not in {"created", "modified", "revision", "lastPrinted"}:
                        lines.extend(_property_lines(tag, element.text or ""))
            elif name == "docProps/custom.xml":
                root = etree.fromstring(archive.read(name), _parser())
                for prop in [] if root is None else root:
                    value = "".join(prop.itertext())
                    lines.extend(_property_lines(prop.get("name") or "", value))
            elif re.fullmatch(r"customXml/item\d*\.xml", name):  # labelling tools (Titus, Boldon James)
                root = etree.fromstring(archive.read(name), _parser())
                for element in [] if root is None else root.iter():
                    if not isinstance(element.tag, str):
                        continue
                    for key, value in element.attrib.items():
                        lines.extend(_property_lines(etree.QName(key).localname, value))
                    if element.text and element.text.strip():
                        lines.extend(_property_lines(etree.QName(element).localname, element.text))
    # A broken document.xml is reported by the body parser; here only the extra marking text is missing.
    with contextlib.suppress(KeyError, etree.XMLSyntaxError):
        lines.extend(_hidden_and_boxed(data))
    return list(dict.fromkeys(lines))[:_MAX_METADATA_LINES]


def pdf_metadata_lines(reader: Any) -> list[str]:
    """The PDF's information dictionary (Title, Subject, Keywords, custom keys) and XMP packet, as lines."""
    lines: list[str] = []
    try:
        info = reader.metadata or {}
        items: Iterable[tuple[Any, Any]] = info.items()
    except Exception:  # noqa: BLE001 - a damaged info dictionary must not fail the document
        items = []
    for key, value in items:
        if key in ("/CreationDate", "/ModDate"):
            continue
        lines.extend(_property_lines(str(key).lstrip("/"), str(value)))
    try:
        xmp = reader.xmp_metadata
        raw = xmp.stream.get_data().decode("utf-8", "replace") if xmp is not None else ""
    except Exception:  # noqa: BLE001
        raw = ""
    for name, value in re.findall(r"<(?:\w+:)?(\w+)[^>]*>([^<>]{1,400})</", raw):
        lines.extend(_property_lines(name, value))
    for name, value in re.findall(r"(\w+:\w+)=\"([^\"]{1,400})\"", raw):
        lines.extend(_property_lines(name.split(":")[-1], value))
    return list(dict.fromkeys(lines))[:_MAX_METADATA_LINES]


def html_meta_lines(data: bytes) -> list[str]:
    """`<meta name|property|http-equiv=... content=...>` and the `<title>`, as lines."""
    # lazy: BeautifulSoup loads only when HTML is parsed
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    lines: list[str] = []
    for meta in soup.find_all("meta"):
        name = str(meta.get("name") or meta.get("property") or meta.get("http-equiv") or "")
        content = meta.get("content")
        if content:
            lines.extend(_property_lines(name, str(content)))
    if soup.title and soup.title.string:
        lines.extend(_property_lines("title", soup.title.string))
    return list(dict.fromkeys(lines))[:_MAX_METADATA_LINES]
