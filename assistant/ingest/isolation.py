"""Parse a file in a worker process held to a time and memory limit (issue 17: files under the upload limit
ran for more than ten minutes and took GBs of memory).

One worker serves many files; it is replaced after a file that killed it or ran out of time. Each failure is an
`IngestError` naming the file, the limit and the setting that raises it.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from assistant.documents.parse_worker import text_limit_message
from assistant.documents.parsers import Block, ParsedDocument, parse_bytes
from assistant.errors import IngestError


class _Worker:
    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        # PYTHONPATH puts this package first, so a checkout's worker runs the checkout's parsers.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant.documents.parse_worker", str(memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=str(Path(__file__).resolve().parents[2]), env={**os.environ, "PYTHONPATH": _package_root()})

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()

    def parse(self, name: str, data: bytes, timeout_s: float, max_chars: int) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        payload = json.dumps({"name": name, "max_chars": max_chars}).encode("utf-8") + b"\n" + data
        deadline = time.monotonic() + timeout_s
        writer = threading.Thread(target=self._send, args=(struct.pack(">I", len(payload)) + payload,), daemon=True)
        writer.start()  # a pipe holds 64 KB: write from a thread so a stuck worker cannot block the parent
        header = self._read(4, deadline)
        body = self._read(struct.unpack(">I", header)[0], deadline)
        writer.join(timeout=max(0.0, deadline - time.monotonic()))
        return json.loads(body)

    def _send(self, payload: bytes) -> None:
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(payload)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the worker died; the reader reports it

    def _read(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        out = bytearray()
        while len(out) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise TimeoutError
            chunk = os.read(fd, min(size - len(out), 1 << 20))
            if not chunk:
                raise EOFError
            out += chunk
        return bytes(out)


def _package_root() -> str:
    root = str(Path(__file__).resolve().parents[2])
    existing = os.environ.get("PYTHONPATH")
    return f"{root}{os.pathsep}{existing}" if existing else root


_lock = threading.Lock()
_worker: _Worker | None = None


def _shutdown() -> None:
    global _worker
    if _worker is not None:
        _worker.kill()
        _worker = None


atexit.register(_shutdown)


def parse_isolated(path: Path, data: bytes, *, timeout_s: float, memory_mb: int, max_chars: int) -> ParsedDocument:
    """`parse_bytes(path, data)` in the worker; `IngestError` for the file's own errors and for a limit hit."""
    global _worker
    if sys.platform == "win32":  # select() cannot wait on a pipe there: parse in-process, text limit only

        document = parse_bytes(path, data)
        chars = sum(len(block.text) for block in document.blocks)
        if chars > max_chars:
            raise IngestError(text_limit_message(path.name, chars, max_chars))
        return document
    with _lock:  # one file at a time per worker; the app and CLI ingest sequentially anyway
        if _worker is None or not _worker.alive() or _worker.memory_mb != memory_mb:
            if _worker is not None:
                _worker.kill()
            _worker = _Worker(memory_mb)
        worker = _worker
        try:
            reply = worker.parse(path.name, data, timeout_s, max_chars)
        except TimeoutError:
            worker.kill()
            _worker = None
            raise IngestError(
                f"{path.name}: parsing took longer than {timeout_s:g} s and was stopped "
                "(limit MLOPS_ASSISTANT_INGEST_PARSE_TIMEOUT_S); split the file or raise the limit.") from None
        except (EOFError, struct.error, json.JSONDecodeError):
            worker.kill()
            _worker = None
            raise IngestError(
                f"{path.name}: parsing needed more than {memory_mb} MB of memory and was stopped "
                "(limit MLOPS_ASSISTANT_INGEST_PARSE_MEMORY_MB); split the file or raise the limit.") from None
    if not reply.get("ok"):
        if reply.get("type") == "MemoryError":
            raise IngestError(
                f"{path.name}: parsing needed more than {memory_mb} MB of memory and was stopped "
                "(limit MLOPS_ASSISTANT_INGEST_PARSE_MEMORY_MB); split the file or raise the limit.")
        if reply.get("type") == "IngestError":
            raise IngestError(reply["error"])
        raise IngestError(f"{path.name}: could not be parsed ({reply.get('error')}).")
    blocks = [Block(text=t, kind=k, page=p, heading_path=tuple(h)) for t, k, p, h in reply["blocks"]]
    return ParsedDocument(kind=reply["kind"], blocks=blocks, pages=reply["pages"], marking_text=reply["marking_text"])
