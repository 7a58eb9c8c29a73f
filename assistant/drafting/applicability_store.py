"""Which sections apply, kept on disk per project and document set.

Deciding applicability (`engine.applicability`) builds the offline drafter over every passage of the project
and scans them for signals: seconds to tens of seconds on a large project, which made the first "give me an
outline" chat turn slow after every restart. The decision depends only on the project's documents, the facts
read from them and the project record, so it is computed once and kept in `<home>/applicability/<project>.json`
with a fingerprint of all three; a different fingerprint (a document ingested, removed or changed, facts
re-extracted by a newer extractor, the project renamed or re-marked) means the stored decision is ignored and
replaced. One file per project: only the latest document set is kept, since only it is asked about.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from assistant import __version__
from assistant.config import get_settings
from assistant.facts.models import EXTRACTOR_VERSION

Decision = dict[int, tuple[bool, str]]

FORMAT = 2  # bump when the applicability rule changes, so decisions kept by an older rule are recomputed


def _path(project_key: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", project_key).strip("-.") or "project"
    return get_settings().home / "applicability" / f"{safe}.json"


def fingerprint(key: object) -> str:
    """A stable digest of what the decision depends on (`key` must have a deterministic repr)."""
    return hashlib.sha256(repr((FORMAT, __version__, EXTRACTOR_VERSION, key)).encode()).hexdigest()


def _load(path: Path, digest: str) -> Decision | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored.get("fingerprint") != digest:
            return None
        return {int(n): (bool(v[0]), str(v[1])) for n, v in stored["decided"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # missing or unreadable: recompute (it is only a cache)


def _save(path: Path, digest: str, decided: Decision) -> None:
    # temporary file then rename: a reader never sees half a file, and a failed write keeps the old one
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"fingerprint": digest, "decided": {str(n): list(v) for n, v in decided.items()}})
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)  # a cache that cannot be written only costs the next turn time


def kept_applicability(project_key: str, key: object, compute: Callable[[], Decision]) -> Decision:
    """The decision stored for `key`, else `compute()`'s, stored for next time."""
    path, digest = _path(project_key), fingerprint(key)
    decided = _load(path, digest)
    if decided is None:
        decided = compute()
        _save(path, digest, decided)
    return decided
