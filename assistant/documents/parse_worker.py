"""The parsing worker process: `python -m assistant.documents.parse_worker MEMORY_MB`.

Reads requests from stdin and writes replies to stdout, each a 4-byte big-endian length and a body. A request
is a JSON header line (the file name) followed by the file's bytes; a reply is JSON: the parsed document, or
the `IngestError` message. It holds itself to MEMORY_MB of address space, so a decompression or XML blow-up
ends this process (the parent reports the limit) instead of the application. Replies are JSON, never pickle:
a parser compromised by a hostile file must not be able to run code in the parent.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path
from typing import Any, BinaryIO


def _read_exact(stream: BinaryIO, size: int) -> bytes:
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _write(stream: BinaryIO, reply: dict[str, Any]) -> None:
    body = json.dumps(reply).encode("utf-8")
    stream.write(struct.pack(">I", len(body)) + body)
    stream.flush()


def text_limit_message(name: str, chars: int, limit: int) -> str:
    return (f"{name}: holds {chars:,} characters of text, over the {limit:,} limit per file "
            "(MLOPS_ASSISTANT_INGEST_MAX_CHARS); split the file or raise the limit.")


def _check_text_size(path: Path, data: bytes, max_chars: int | None) -> None:
    """Refuse an over-long text-like file before it is split into blocks (a million-row CSV would build a
    million of them first)."""
    # lazy: the worker sets its memory limit first; the parser stack then loads (and allocates) under it
    from assistant.documents.parsers import _decode, sniff_kind
    from assistant.errors import IngestError

    if max_chars is None or not data.strip() or sniff_kind(path, data) not in ("csv", "markdown", "text", "html"):
        return
    chars = len(_decode(path, data))
    if chars > max_chars:
        raise IngestError(text_limit_message(path.name, chars, max_chars))


def _limit_memory(megabytes: int) -> None:
    try:
        import resource  # lazy: POSIX only; Windows has no such module
    except ImportError:  # Windows: no address-space limit; the time limit and text limits still hold
        return

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    # lazy: the worker sets its memory limit first; the parser stack then loads (and allocates) under it
    from assistant.documents.parsers import parse_bytes
    from assistant.errors import IngestError

    while True:
        try:
            size = struct.unpack(">I", _read_exact(stdin, 4))[0]
        except EOFError:
            return
        request = _read_exact(stdin, size)
        header, _, data = request.partition(b"\n")
        request_header = json.loads(header)
        name = request_header["name"]
        try:
            _check_text_size(Path(name), data, request_header.get("max_chars"))
            document = parse_bytes(Path(name), data)
            chars = sum(len(block.text) for block in document.blocks)
            if chars > request_header.get("max_chars", chars):
                raise IngestError(text_limit_message(name, chars, request_header["max_chars"]))
            reply: dict[str, Any] = {
                "ok": True, "kind": document.kind, "pages": document.pages, "marking_text": document.marking_text,
                "blocks": [[b.text, b.kind, b.page, list(b.heading_path)] for b in document.blocks]}
        except IngestError as exc:
            reply = {"ok": False, "error": str(exc), "type": "IngestError"}
        except MemoryError:
            reply = {"ok": False, "error": "memory", "type": "MemoryError"}
        except Exception as exc:  # noqa: BLE001 - any parser failure is this file's error, not the worker's end
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "type": "Exception"}
        del data, request
        _write(stdout, reply)


if __name__ == "__main__":
    _limit_memory(int(sys.argv[1]))
    serve(sys.stdin.buffer, sys.stdout.buffer)
