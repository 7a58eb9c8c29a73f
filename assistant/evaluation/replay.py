"""Replaying provider calls from vcrpy cassettes, so a generative eval runs offline and costs nothing.

`mlops-assistant eval --provider anthropic --replay tests/cassettes/evals` drafts each case through the
real provider class (SDK, retries, structured output, guardrails gate); vcrpy answers its HTTP calls
from `<DIR>/<case id>.yaml` with `record_mode="none"`, so a request with no recorded answer fails and
nothing reaches the network. What the scores then measure is the pipeline on recorded (or hand-written)
replies, not a live model (tests/cassettes/README.md says which these are).

Matching: the request body carries per-run random delimiters and canaries, so bodies never compare
equal between runs. A draft request is matched to its answer by the forced tool's name and the section
number in its user message ("Draft section 7: ..."); other structured calls (the rubric) by the tool's
name, each recorded answer played once, in order. Method, host and path must match too.

The cassette format is the project's readable one (tests/cassettes/README.md): `body: {json: ...}` for a
JSON body, `body: {string: ...}` for anything else. vcrpy is a test extra: it is imported only here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import InvalidInputError

REPLAY_API_KEY = "replay-without-a-key"  # handed to the SDK in memory when replaying; never sent or written
FILTERED_REQUEST_HEADERS = ["authorization", "x-api-key", "api-key", "cookie", "openai-organization", "openai-project"]
_DRAFT_SECTION = re.compile(r"Draft section (\d{1,2}):")


def _body_to_yaml(body: Any) -> Any:
    if body is None:
        return None
    text = body.decode("utf-8") if isinstance(body, bytes) else str(body)
    try:
        return {"json": json.loads(text)}
    except ValueError:
        return {"string": text}


def _body_from_yaml(body: Any) -> Any:
    if isinstance(body, dict) and "json" in body:
        return json.dumps(body["json"], separators=(",", ":"))
    if isinstance(body, dict) and "string" in body:
        return body["string"]
    return body


class ReadableSerializer:
    """vcrpy serializer for the project's cassette format (YAML, JSON bodies as mappings).

    `dumper` is the yaml Dumper class that writes it; None is yaml.SafeDumper (what yaml.safe_dump uses).
    """

    dumper: Any = None

    @classmethod
    def serialize(cls, cassette: dict[str, Any]) -> str:
        out = []
        for item in cassette["interactions"]:
            req, resp = dict(item["request"]), dict(item["response"])
            req["body"] = _body_to_yaml(req.get("body"))
            resp["body"] = _body_to_yaml((resp.get("body") or {}).get("string"))
            out.append({"request": req, "response": resp})
        return yaml.dump({"interactions": out, "version": 1}, Dumper=cls.dumper or yaml.SafeDumper, sort_keys=False,
                         allow_unicode=True, width=120)

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        data = yaml.safe_load(text) or {"interactions": [], "version": 1}
        for item in data["interactions"]:
            item["request"]["body"] = _body_from_yaml(item["request"].get("body"))
            item["response"]["body"] = {"string": _body_from_yaml(item["response"].get("body")) or ""}
        return data


def call_key(body: Any) -> tuple[str | None, int | None]:
    """(forced tool name, section number) of a structured request body; (None, None) when not JSON."""
    if body in (None, b"", ""):
        return None, None
    try:
        data = json.loads(body.decode("utf-8") if isinstance(body, bytes) else body)
    except (ValueError, UnicodeDecodeError):
        return None, None
    choice = data.get("tool_choice") or {}
    tool = choice.get("name") if isinstance(choice, dict) else None
    if tool is None and isinstance(data.get("response_format"), dict):  # OpenAI-style json_schema
        tool = (data["response_format"].get("json_schema") or {}).get("name")
    users = [m for m in data.get("messages", []) if m.get("role") == "user"]
    text = users[0].get("content") if users else ""
    if isinstance(text, list):
        text = " ".join(part.get("text", "") for part in text if isinstance(part, dict))
    match = _DRAFT_SECTION.search(text or "")
    return tool, int(match.group(1)) if match else None


def _same_call(r1: Any, r2: Any) -> None:
    a, b = call_key(r1.body), call_key(r2.body)
    assert a == b, f"structured call {a} != recorded {b}"


def make_vcr(folder: Path, record_mode: str = "none") -> Any:
    try:
        # lazy: vcrpy (a test dependency) loads only when cassettes are replayed
        import vcr
    except ImportError as exc:
        raise InvalidInputError("--replay needs vcrpy (pip install 'mlops-strategy-assistant[test]').") from exc
    recorder = vcr.VCR(cassette_library_dir=str(folder), record_mode=record_mode,
                       filter_headers=FILTERED_REQUEST_HEADERS, decode_compressed_response=True,
                       match_on=["method", "scheme", "host", "port", "path", "structured_call"])
    recorder.register_serializer("readable", ReadableSerializer)
    recorder.register_matcher("structured_call", _same_call)
    return recorder


def check_replay_folder(folder: Path) -> Path:
    if not folder.is_dir():
        raise InvalidInputError(f"--replay {folder}: not a folder of cassettes (<case id>.yaml).")
    return folder


@contextmanager
def replaying(folder: Path, case_id: str) -> Iterator[Any]:
    """Answer every HTTP call in the block from `<folder>/<case_id>.yaml`; unmatched calls fail.

    A case with no cassette replays an empty one: any request it makes fails (e.g. a case whose
    provider must be blocked by policy before anything is sent).
    """
    with make_vcr(folder).use_cassette(f"{case_id}.yaml", serializer="readable",
                                       allow_playback_repeats=False) as cassette:
        yield cassette
