"""Dump a project's ingested chunks (id, document, heading, requirement IDs, text) as JSON.

Run as `python -m assistant.evaluation.real_chunks PROJECT OUT.json` inside the data home the project was
ingested into (MLOPS_ASSISTANT_HOME): the citation-support scorer reads cited passages from this file, i.e.
from the store the product itself retrieved from, not from the source files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from assistant.index.store import get_store
from assistant.workspace import get_workspace


def project_chunks(project: str) -> list[dict[str, Any]]:
    out = []
    for chunk in get_store().get(get_workspace().chunk_scope(project)):
        meta = chunk.metadata or {}
        ids = {part for field in ("requirement_ids", "arckit_ids")
               for part in str(meta.get(field) or "").split("|") if part}
        out.append({"chunk_id": chunk.id, "document": meta.get("document"), "document_id": meta.get("document_id"),
                    "heading": meta.get("heading"), "requirement_ids": sorted(ids), "text": chunk.text})
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m assistant.evaluation.real_chunks PROJECT OUT.json", file=sys.stderr)
        return 2
    project, out = args
    Path(out).write_text(json.dumps(project_chunks(project), indent=0), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
