"""Writes the hand-written cassettes of tests/cassettes/llm/ that exercise the real wire shapes (issue 19).

    python tests/llm/write_cassettes.py

Requests are built by the provider code itself (`_params` of the real providers, the same tool /
response_format it adds), so they are what the project sends and replay's body matcher checks them.
Responses are HAND-WRITTEN here, in the shapes of public recordings named per cassette in
tests/cassettes/README.md (pydantic-ai's recorded cassettes, the SDKs' own test fixtures); ids and token
counts are made up. Re-running rewrites the files identically.
"""

from __future__ import annotations

import base64
import gzip
import json
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CASSETTES, JsonBodySerializer  # noqa: E402
from llm_scenarios import CACHE_PREFIX, DRIFT_QUESTION, SECTION_7, SYSTEM, DriftSection  # noqa: E402

from assistant.llm.anthropic_provider import AnthropicProvider  # noqa: E402
from assistant.llm.base import OutboundRequest, SchemaSpec  # noqa: E402
from assistant.llm.openai_provider import AzureOpenAIProvider, OpenAICompatibleProvider, OpenAIProvider  # noqa: E402

ANTHROPIC_HEADERS = {"host": ["api.anthropic.com"], "accept": ["application/json"],
                     "content-type": ["application/json"], "anthropic-version": ["2026-10-21"]}
SSE_HEADERS = {"content-type": ["text/event-stream; charset=utf-8"], "cache-control": ["no-cache"]}
JSON_HEADERS = {"content-type": ["application/json"]}


# ----- requests, built by the providers' own code ---------------------------------------------------
def anthropic_body(model: str, messages: list[dict], *, max_tokens: int, system: str | None = None,
                   cache_prefix: str | None = None, stream: bool = False, spec: SchemaSpec | None = None) -> dict:
    provider = AnthropicProvider(model=model, api_key="x")
    body = provider._params(OutboundRequest(messages=tuple(messages), system=system, cache_prefix=cache_prefix,
                                            max_tokens=max_tokens))
    if stream:
        body["stream"] = True
    if spec is not None:
        body["tools"] = [{"name": spec.name, "description": spec.description, "input_schema": spec.json_schema}]
        body["tool_choice"] = {"type": "tool", "name": spec.name}
    return body


def openai_body(provider: OpenAIProvider, messages: list[dict], *, max_tokens: int, system: str | None = None,
                cache_prefix: str | None = None, stream: bool = False, spec: SchemaSpec | None = None) -> dict:
    body = provider._params(OutboundRequest(messages=tuple(messages), system=system, cache_prefix=cache_prefix,
                                            max_tokens=max_tokens))
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    if spec is not None:
        body["response_format"] = {"type": "json_schema", "json_schema": {
            "name": spec.name, "description": spec.description, "schema": spec.json_schema, "strict": False}}
    return body


# ----- responses, hand-written -----------------------------------------------------------------------
def anthropic_sse(events: list[tuple[str, dict]]) -> str:
    return "".join(f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n" for name, data in events)


def openai_sse(chunks: list[dict]) -> str:
    return "".join(f"data: {json.dumps(c, separators=(',', ':'))}\n\n" for c in chunks) + "data: [DONE]\n\n"


def a_usage(inp: int, out: int, read: int = 0, write: int = 0, geo: str = "global") -> dict:
    """Messages API usage as the API sends it now (cache_creation split, service_tier, inference_geo)."""
    return {"input_tokens": inp, "cache_creation_input_tokens": write, "cache_read_input_tokens": read,
            "cache_creation": {"ephemeral_5m_input_tokens": write, "ephemeral_1h_input_tokens": 0},
            "output_tokens": out, "service_tier": "standard", "inference_geo": geo}


def a_start(msg_id: str, usage: dict, model: str = "claude-sonnet-4-5-20250929") -> tuple[str, dict]:
    return ("message_start", {"type": "message_start", "message": {
        "model": model, "id": msg_id, "type": "message", "role": "assistant", "content": [], "stop_reason": None,
        "stop_sequence": None, "stop_details": None, "usage": usage}})


def a_text(parts: list[str]) -> list[tuple[str, dict]]:
    events = [("content_block_start", {"type": "content_block_start", "index": 0,
                                       "content_block": {"type": "text", "text": ""}}),
              ("ping", {"type": "ping"})]
    events += [("content_block_delta", {"type": "content_block_delta", "index": 0,
                                        "delta": {"type": "text_delta", "text": p}}) for p in parts]
    return events


def a_end(stop_reason: str, usage: dict) -> list[tuple[str, dict]]:
    return [("content_block_stop", {"type": "content_block_stop", "index": 0}),
            ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop_reason, "stop_sequence": None,
                                                                  "stop_details": None}, "usage": usage}),
            ("message_stop", {"type": "message_stop"})]


OVERLOADED = ("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})


def o_chunk(cid: str, model: str, choices: list[dict], usage: Any = None, **extra: Any) -> dict:
    return {"id": cid, "object": "chat.completion.chunk", "created": 1764900000, "model": model,
            "service_tier": "default", "system_fingerprint": "fp_1b2c3d4e5f", "choices": choices, "usage": usage,
            **extra}


def o_delta(text: str | None = None, finish: str | None = None, role: bool = False) -> dict:
    delta: dict[str, Any] = {"role": "assistant", "content": "", "refusal": None} if role else {}
    if text is not None:
        delta["content"] = text
    return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}


def o_usage(prompt: int, completion: int, cached: int = 0, written: int | None = None) -> dict:
    details: dict[str, int] = {"cached_tokens": cached, "audio_tokens": 0}
    if written is not None:
        details["cache_write_tokens"] = written
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
            "prompt_tokens_details": details,
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                          "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}


# ----- writing --------------------------------------------------------------------------------------
def interaction(uri: str, req_headers: dict, body: dict, status: int, resp_headers: dict, resp: Any) -> dict:
    return {"request": {"method": "POST", "uri": uri, "headers": req_headers,
                        "body": json.dumps(body, separators=(",", ":"))},
            "response": {"status": {"code": status, "message": "OK" if status == 200 else "Error"},
                         "headers": resp_headers,
                         "body": {"string": resp if isinstance(resp, (str, bytes)) else json.dumps(resp)}}}


def write(name: str, comment: str, interactions: list[dict]) -> None:
    gz = [i for i in interactions if isinstance(i["response"]["body"]["string"], bytes)]
    for item in gz:  # the serializer writes text; gzip bodies are put in afterwards as !!binary
        item["response"]["body"]["string"] = "@GZIP@"
    text = JsonBodySerializer.serialize({"interactions": interactions, "version": 1})
    for item in gz:
        raw = base64.b64encode(item["_gzip"]).decode()
        text = text.replace("string: '@GZIP@'", "string: !!binary |\n          " + raw, 1)
    header = "".join(f"# {line}\n" for line in comment.strip().splitlines())
    header += "# Hand-written response(s), not recorded live: see tests/cassettes/README.md and tests/llm/write_cassettes.py.\n"
    (CASSETTES / f"{name}.yaml").write_text(header + text, encoding="utf-8")
    yaml.safe_load((CASSETTES / f"{name}.yaml").read_text(encoding="utf-8"))  # still valid YAML


def main() -> None:
    spec = SchemaSpec.of(DriftSection)
    a_url = "https://api.anthropic.com/v1/messages"
    sonnet = "claude-sonnet-4-5"
    answer = ["Population stability", " is checked weekly, with", " an alert above 0.2 [REQ-12]."]

    # 1. a stream cut at max_tokens
    body = anthropic_body(sonnet, DRIFT_QUESTION, max_tokens=12, system=SYSTEM, stream=True)
    sse = anthropic_sse([a_start("msg_01MaxTok7Qw2Er4Ty6Ui8Op", a_usage(38, 1)), *a_text(answer[:2]),
                         *a_end("max_tokens", {"output_tokens": 12})])
    write("anthropic_stream_max_tokens", "Messages API stream stopped at max_tokens (message_delta stop_reason max_tokens).",
          [interaction(a_url, ANTHROPIC_HEADERS, body, 200, SSE_HEADERS, sse)])

    # 2. an error event before any text, then a stream that works
    body = anthropic_body(sonnet, DRIFT_QUESTION, max_tokens=256, system=SYSTEM, stream=True)
    failed = anthropic_sse([a_start("msg_01Ovl1Zx3Cv5Bn7Mq9Wd2Fg", a_usage(38, 1)), OVERLOADED])
    ok = anthropic_sse([a_start("msg_01Ovl2Hj4Kl6Zx8Cv0Bn1Qa", a_usage(38, 1)), *a_text(answer),
                        *a_end("end_turn", {"output_tokens": 21})])
    write("anthropic_stream_overloaded_then_success",
          "A 200 stream whose first events are message_start and `event: error` (overloaded_error), then a retry that\n"
          "streams the answer.",
          [interaction(a_url, ANTHROPIC_HEADERS, body, 200, SSE_HEADERS, failed),
           interaction(a_url, ANTHROPIC_HEADERS, body, 200, SSE_HEADERS, ok)])

    # 3. an error event after text
    sse = anthropic_sse([a_start("msg_01Ovl3Rt5Yu7Io9Pa2Sd4Fg", a_usage(38, 1)), *a_text(answer[:2]), OVERLOADED])
    write("anthropic_stream_error_after_text",
          "A 200 stream that sends two text deltas, then `event: error` (overloaded_error); no message_delta follows.",
          [interaction(a_url, ANTHROPIC_HEADERS, body, 200, SSE_HEADERS, sse)])

    # 3b. a streamed refusal with stop_details (category and explanation)
    refusal_delta = ("message_delta", {"type": "message_delta", "delta": {
        "stop_reason": "refusal", "stop_sequence": None,
        "stop_details": {"type": "refusal", "category": "cyber",
                         "explanation": "This request was refused because it could enable cyber harm."}},
        "usage": {"output_tokens": 0}})
    sse = anthropic_sse([a_start("msg_01Ref9Lk7Jh5Gf3Ds1Aq8Wz", a_usage(38, 1)),
                         ("content_block_start", {"type": "content_block_start", "index": 0,
                                                  "content_block": {"type": "text", "text": ""}}),
                         ("content_block_stop", {"type": "content_block_stop", "index": 0}),
                         refusal_delta, ("message_stop", {"type": "message_stop"})])
    write("anthropic_stream_refusal",
          "A streamed refusal: no text, then message_delta with stop_reason refusal and stop_details {type, category,\n"
          "explanation} (the shape of anthropic-sdk-python tests/lib/streaming/fixtures/refusal_response.txt).",
          [interaction(a_url, ANTHROPIC_HEADERS, body, 200, SSE_HEADERS, sse)])

    # 4. structured output cut at max_tokens, then the larger budget works (mixed cache read and write)
    small = anthropic_body(sonnet, SECTION_7, max_tokens=512, system=SYSTEM, cache_prefix=CACHE_PREFIX, spec=spec)
    large = anthropic_body(sonnet, SECTION_7, max_tokens=2048, system=SYSTEM, cache_prefix=CACHE_PREFIX, spec=spec)

    def message(msg_id: str, tool_input: dict, stop: str, usage: dict) -> dict:
        return {"model": "claude-sonnet-4-5-20250929", "id": msg_id, "type": "message", "role": "assistant",
                "content": [{"type": "tool_use", "id": "toolu_01" + msg_id[-22:], "name": "DriftSection",
                             "input": tool_input, "caller": {"type": "direct"}}],
                "stop_reason": stop, "stop_sequence": None, "stop_details": None, "usage": usage}

    cut = message("msg_01Cut4Gh6Jk8Lz0Xc2Vb4Nm", {"summary": "Population stability index (PSI) is checked weekly",
                                                  "thresholds": []},
                  "max_tokens", a_usage(214, 512, read=2048, write=0))
    full = message("msg_01Full5Qw7Er9Ty1Ui3Op5", {
        "summary": "Population stability is checked weekly; an alert is raised above 0.2 [REQ-12].",
        "thresholds": [{"metric": "population stability index", "threshold": "> 0.2 raises an alert",
                        "evidence": ["REQ-12"]}],
        "open_questions": ["Who receives the drift alert?"]}, "tool_use", a_usage(214, 187, read=1536, write=512))
    write("anthropic_structured_max_tokens_then_larger",
          "Forced tool_use stopped at max_tokens (512, partial tool input); the retry with a larger budget (2048)\n"
          "answers, with cache reads and cache writes in the same usage, inference_geo and stop_details null.",
          [interaction(a_url, ANTHROPIC_HEADERS, small, 200, JSON_HEADERS, cut),
           interaction(a_url, ANTHROPIC_HEADERS, large, 200, JSON_HEADERS, full)])

    # 5. a gzip-encoded stream through a gateway (LiteLLM proxy) named by base_url
    body = anthropic_body(sonnet, DRIFT_QUESTION, max_tokens=256, system=SYSTEM, stream=True)
    sse = anthropic_sse([a_start("msg_01Gzip6As8Df0Gh2Jk4Lz6", a_usage(38, 1, geo="us")), *a_text(answer),
                         *a_end("end_turn", {"input_tokens": 38, "cache_creation_input_tokens": 0,
                                             "cache_read_input_tokens": 0, "output_tokens": 21})])
    item = interaction("https://llm-gateway.example.org/v1/messages",
                       {**ANTHROPIC_HEADERS, "host": ["llm-gateway.example.org"]}, body, 200,
                       {**SSE_HEADERS, "content-encoding": ["gzip"], "vary": ["Accept-Encoding"]}, b"")
    item["_gzip"] = gzip.compress(sse.encode(), mtime=0)
    item["response"]["body"]["string"] = b""
    write("anthropic_stream_gzip_gateway",
          "A gzip-encoded (content-encoding: gzip) Messages API stream from a gateway at base_url\n"
          "https://llm-gateway.example.org (e.g. LiteLLM). The body is the gzip of an SSE stream, base64 in !!binary.",
          [item])

    # 6. OpenAI structured output stopped by finish_reason length at the model's ceiling
    oa = OpenAIProvider(model="gpt-4o-mini", api_key="x")
    body = openai_body(oa, SECTION_7, max_tokens=16384, system=SYSTEM, spec=spec)
    completion = {"id": "chatcmpl-Len7Zx9Cv1Bn3Mq5Wd7Fg9Hj", "object": "chat.completion", "created": 1764900000,
                  "model": "gpt-4o-mini-2024-07-18", "choices": [{"index": 0, "message": {
                      "role": "assistant", "content": '{"summary": "Population stability is checked weekly, with',
                      "refusal": None, "annotations": []}, "logprobs": None, "finish_reason": "length"}],
                  "usage": o_usage(262, 16384), "service_tier": "default", "system_fingerprint": "fp_560af6e559"}
    write("openai_structured_length", "Chat Completions json_schema reply stopped by finish_reason \"length\" (cut-off JSON).",
          [interaction("https://api.openai.com/v1/chat/completions",
                       {"host": ["api.openai.com"], "accept": ["application/json"],
                        "content-type": ["application/json"]}, body, 200, JSON_HEADERS, completion)])

    # 7. OpenAI cache writes and reads in usage (prompt_tokens_details.cache_write_tokens)
    g51 = OpenAIProvider(model="gpt-5.1", api_key="x")
    body = openai_body(g51, SECTION_7, max_tokens=4096, system=SYSTEM, cache_prefix=CACHE_PREFIX, spec=spec)
    content = json.dumps({"summary": "Population stability is checked weekly [REQ-12].",
                          "thresholds": [{"metric": "population stability index", "threshold": "> 0.2",
                                          "evidence": ["REQ-12"]}], "open_questions": []})
    completion = {"id": "chatcmpl-Cw1Qa3Ws5Ed7Rf9Tg1Yh3Uj", "object": "chat.completion", "created": 1764900000,
                  "model": "gpt-5.1-2025-11-13", "choices": [{"index": 0, "message": {
                      "role": "assistant", "content": content, "refusal": None, "annotations": []},
                      "logprobs": None, "finish_reason": "stop"}],
                  "usage": o_usage(4020, 96, cached=1024, written=2988), "service_tier": "default",
                  "system_fingerprint": None}
    write("openai_structured_cache_write",
          "Chat Completions usage with prompt_tokens_details.cache_write_tokens and cached_tokens in one reply.",
          [interaction("https://api.openai.com/v1/chat/completions",
                       {"host": ["api.openai.com"], "accept": ["application/json"],
                        "content-type": ["application/json"]}, body, 200, JSON_HEADERS, completion)])

    # 8. OpenAI stream with the trailing moderation chunk (after the usage chunk, usage null)
    g5 = OpenAIProvider(model="gpt-5", api_key="x")
    body = openai_body(g5, DRIFT_QUESTION, max_tokens=256, system=SYSTEM, stream=True)
    cid, model = "chatcmpl-Mod4Rt6Yu8Io0Pa2Sd4Fg6Hj", "gpt-5-2025-08-07"
    verdict = {"type": "moderation_results", "model": "omni-moderation-latest", "results": [{
        "type": "moderation_result", "model": "omni-moderation-latest", "flagged": False,
        "categories": {"harassment": False, "hate": False, "illicit": False, "self-harm": False,
                       "sexual": False, "violence": False}}]}
    chunks = [o_chunk(cid, model, [o_delta(role=True)], obfuscation="CVQ5")]
    chunks += [o_chunk(cid, model, [o_delta(p)], obfuscation="EeXx") for p in answer]
    chunks += [o_chunk(cid, model, [o_delta(finish="stop")], obfuscation="0eqq"),
               o_chunk(cid, model, [], o_usage(41, 19), obfuscation="uLVW"),
               o_chunk(cid, model, [], None, moderation={"input": verdict, "output": verdict}, obfuscation="Lml3")]
    write("openai_stream_moderation",
          "Chat Completions stream with include_usage: the usage chunk, then OpenAI's trailing `moderation` chunk\n"
          "(choices [], usage null), then [DONE].",
          [interaction("https://api.openai.com/v1/chat/completions",
                       {"host": ["api.openai.com"], "accept": ["application/json"],
                        "content-type": ["application/json"]}, body, 200, SSE_HEADERS, openai_sse(chunks))])

    # 9. Azure stream with prompt-filter and asynchronous-filter annotation chunks
    az = AzureOpenAIProvider(model="gpt-4o-mini-prod", api_key="x", base_url="https://example-resource.openai.azure.com",
                             api_version="2024-10-21")
    body = openai_body(az, DRIFT_QUESTION, max_tokens=256, system=SYSTEM, stream=True)
    safe = {k: {"filtered": False, "severity": "safe"} for k in ("hate", "self_harm", "sexual", "violence")}
    cid, model = "chatcmpl-Az5Df7Gh9Jk1Lz3Xc5Vb7Nm9Q", "gpt-4o-mini-2024-07-18"
    chunks = [{"choices": [], "created": 0, "id": "", "model": "", "object": "",
               "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": safe}]},
              o_chunk(cid, model, [o_delta(role=True)])]
    chunks += [o_chunk(cid, model, [o_delta(p)]) for p in answer]
    chunks += [o_chunk(cid, model, [o_delta(finish="stop")]),
               {"choices": [{"index": 0, "finish_reason": None, "content_filter_results": safe,
                             "content_filter_offsets": {"check_offset": 0, "start_offset": 0, "end_offset": 75}}],
                "created": 0, "id": "", "model": "", "object": "", "usage": None},
               o_chunk(cid, model, [], o_usage(41, 19))]
    write("azure_stream_async_filter",
          "Azure OpenAI stream: the first chunk carries prompt_filter_results (choices []), the content chunks, then an\n"
          "asynchronous-filter annotation chunk (id \"\", content_filter_offsets, content_filter_results) and usage.",
          [interaction("https://example-resource.openai.azure.com/openai/deployments/gpt-4o-mini-prod/chat/completions"
                       "?api-version=2024-10-21",
                       {"host": ["example-resource.openai.azure.com"], "accept": ["application/json"],
                        "content-type": ["application/json"]}, body, 200, SSE_HEADERS, openai_sse(chunks))])

    # 10. an OpenAI-compatible error chunk after text (OpenRouter's shape: error + usage in one chunk)
    orr = OpenAICompatibleProvider(model="anthropic/claude-sonnet-4.5", base_url="https://openrouter.ai/api/v1",
                                   kind="external")
    body = openai_body(orr, DRIFT_QUESTION, max_tokens=256, system=SYSTEM, stream=True)
    cid, model = "gen-1764900000-Err7Zx9Cv1Bn3Mq5", "anthropic/claude-sonnet-4.5"
    chunks = [o_chunk(cid, model, [o_delta(p, role=i == 0)], provider="Anthropic") for i, p in enumerate(answer[:2])]
    chunks.append({"id": cid, "provider": "Anthropic", "model": model, "object": "chat.completion.chunk",
                   "created": 1764900000, "error": {"code": 502, "message": "Provider returned error: overloaded"},
                   "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": "error",
                                "native_finish_reason": None, "logprobs": None}],
                   "usage": {"prompt_tokens": 43, "completion_tokens": 10, "total_tokens": 53,
                             "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0}}})
    write("openai_compatible_stream_error_chunk",
          "An OpenAI-compatible stream (OpenRouter) that sends text, then an error chunk carrying usage, then [DONE].",
          [interaction("https://openrouter.ai/api/v1/chat/completions",
                       {"host": ["openrouter.ai"], "accept": ["application/json"],
                        "content-type": ["application/json"]}, body, 200,
                       {"content-type": ["text/event-stream"], "cache-control": ["no-cache"]}, openai_sse(chunks))])

    # 11. an error chunk before any text (rate limit), then a stream that works
    lite = OpenAICompatibleProvider(model="llama3.1:8b", base_url="http://127.0.0.1:4000/v1")
    body = openai_body(lite, DRIFT_QUESTION, max_tokens=256, system=SYSTEM, stream=True)
    cid, model = "chatcmpl-Rl8Qw0Er2Ty4Ui6Op8As0Df", "llama3.1:8b"
    failed = openai_sse([{"error": {"message": "Rate limit reached for llama3.1:8b; retry shortly.",
                                    "type": "rate_limit_error", "param": None, "code": "429"}}])
    ok = [o_chunk(cid, model, [o_delta(p, role=i == 0)]) for i, p in enumerate(answer)]
    ok += [o_chunk(cid, model, [o_delta(finish="stop")]), o_chunk(cid, model, [], o_usage(41, 19))]
    write("openai_compatible_stream_error_chunk_then_success",
          "A LiteLLM proxy on loopback whose first stream holds only an error chunk (rate_limit_error, code \"429\"),\n"
          "then a retry that streams the answer.",
          [interaction("http://127.0.0.1:4000/v1/chat/completions",
                       {"host": ["127.0.0.1:4000"], "accept": ["application/json"],
                        "content-type": ["application/json"]}, body, 200, SSE_HEADERS, failed),
           interaction("http://127.0.0.1:4000/v1/chat/completions",
                       {"host": ["127.0.0.1:4000"], "accept": ["application/json"],
                        "content-type": ["application/json"]}, body, 200, SSE_HEADERS, openai_sse(ok))])

    # 12. OpenAI through a gateway (base_url) that drops the usage chunk, cut by finish_reason length
    gw = OpenAIProvider(model="gpt-4o-mini", api_key="x", base_url="https://llm-gateway.example.org/v1")
    body = openai_body(gw, DRIFT_QUESTION, max_tokens=12, system=SYSTEM, stream=True)
    cid, model = "chatcmpl-Gw9As1Df3Gh5Jk7Lz9Xc1Vb", "gpt-4o-mini-2024-07-18"
    chunks = [o_chunk(cid, model, [o_delta(p, role=i == 0)]) for i, p in enumerate(answer[:2])]
    chunks.append(o_chunk(cid, model, [o_delta(finish="length")]))
    write("openai_gateway_stream_length_no_usage",
          "Chat Completions stream through a gateway at base_url https://llm-gateway.example.org/v1 that sends no usage\n"
          "chunk; the reply stops with finish_reason \"length\".",
          [interaction("https://llm-gateway.example.org/v1/chat/completions",
                       {"host": ["llm-gateway.example.org"], "accept": ["application/json"],
                        "content-type": ["application/json"]}, body, 200, SSE_HEADERS, openai_sse(chunks))])


if __name__ == "__main__":
    main()
