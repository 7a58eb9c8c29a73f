"""`mlops-assistant guard scan (FILE... | --text TEXT) [--json]`.

Text files (Markdown, text, HTML, CSV and anything that decodes as UTF-8) are scanned as they are on disk,
so hidden HTML comments are screened too and PII offsets index the file's text. PDF, DOCX and XLSX go
through ingestion's parser (`assistant.documents.parsers.parse_bytes`); their offsets index the extracted text
(header/footer marking text first, then the body).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from assistant.errors import AssistantError, InvalidInputError
from assistant.guardrails.screen import ScreenResult, screen_text

_BINARY_SUFFIXES = {".pdf", ".docx", ".xlsx"}


def read_text(path: Path) -> str:
    """The text of `path` to screen; raises a specific error naming the file and the reason."""
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file.")
    data = path.read_bytes()
    if path.suffix.lower() in _BINARY_SUFFIXES or data[:5] == b"%PDF-" or data[:2] == b"PK":
        try:
            from assistant.documents.parsers import parse_bytes  # lazy: guarded, text files scan without it
        except ImportError as exc:  # ingestion not installed: text files only
            raise InvalidInputError(f"{path}: only text files can be scanned without assistant.ingest.") from exc
        document = parse_bytes(path, data)
        return "\n".join(t for t in (document.marking_text, document.text) if t)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError(
            f"{path}: not UTF-8 text and not a PDF, DOCX or XLSX file; cannot scan it.") from None


def scan_json(path: str | None, result: ScreenResult) -> dict[str, Any]:
    """The stable `guard scan` JSON shape (README CLI contract), plus the caveats."""
    return {
        "path": path,
        "injection": result.injection.model_dump(),
        "pii": [{"type": s.type, "start": s.start, "end": s.end} for s in result.pii],
        "classification": result.classification,
        "caveats": result.caveats,
    }


def _human(item: dict[str, Any]) -> str:
    inj = item["injection"]
    counts: dict[str, int] = {}
    for span in item["pii"]:
        counts[span["type"]] = counts.get(span["type"], 0) + 1
    marking = " ".join([item["classification"] or "unmarked", *item["caveats"]])
    lines = [f"{item['path'] or '<text>'}",
             f"  classification: {marking}",
             f"  injection: {'FLAGGED' if inj['flagged'] else 'clean'} (score {inj['score']:.2f})"
             + (f": {', '.join(inj['reasons'])}" if inj["reasons"] else ""),
             "  pii: " + (", ".join(f"{k} x{v}" for k, v in sorted(counts.items())) or "none")]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    guard = typer.Typer(help="Guardrails: screen text for prompt injection, personal data and markings.",
                        no_args_is_help=True)

    @guard.command("scan")
    def scan(
        files: list[Path] = typer.Argument(None, help="Files to scan (Markdown, text, HTML, PDF, DOCX, XLSX)."),
        text: str | None = typer.Option(None, "--text", help="Scan this text instead of files."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON (a list when several files)."),
    ) -> None:
        """Screen files or text: injection score and reasons, PII spans, classification marking."""
        try:
            if bool(files) == (text is not None):
                raise InvalidInputError("guard scan: give either FILE... or --text TEXT (not both, not neither).")
            if text is not None:
                items = [scan_json(None, screen_text(text))]
            else:
                items = [scan_json(str(f), screen_text(read_text(f))) for f in files]
        except AssistantError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(2) from None
        if as_json:
            typer.echo(json.dumps(items[0] if len(items) == 1 else items, indent=2))
        else:
            typer.echo("\n".join(_human(i) for i in items))

    app.add_typer(guard, name="guard")
