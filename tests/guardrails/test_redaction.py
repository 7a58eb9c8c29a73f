"""PII detection and redaction round trips: stable placeholders, nothing personal left."""

from __future__ import annotations

import json

import pytest

from assistant.guardrails.gate import ProviderInfo, enforce_outbound
from assistant.guardrails.pii import detect_pii, nhs_checksum_ok

RECORD = ("Name: Jane Smith, date of birth 04/07/1981, NI number AB 12 34 56 C, NHS number 943 476 5919, "
          "tel 020 7946 0958, mobile +44 7700 900123, email jane.smith@example.gov.uk, postcode SW1A 2AA, "
          "sort code 20-00-00, account number 12345678, passport number 123456789, "
          "driving licence MORGA753116SM9IJ.")
VALUES = ["Jane Smith", "04/07/1981", "AB 12 34 56 C", "943 476 5919", "020 7946 0958", "+44 7700 900123",
          "jane.smith@example.gov.uk", "SW1A 2AA", "20-00-00", "12345678", "123456789", "MORGA753116SM9IJ"]
EXTERNAL = ProviderInfo(name="anthropic", kind="external")


def test_every_uk_identifier_is_found() -> None:
    types = {s.type for s in detect_pii(RECORD)}
    assert types >= {"PERSON", "DATE_OF_BIRTH", "NI_NUMBER", "NHS_NUMBER", "PHONE", "EMAIL", "POSTCODE",
                     "SORT_CODE", "BANK_ACCOUNT", "PASSPORT", "DRIVING_LICENCE"}


def test_nhs_checksum() -> None:
    assert nhs_checksum_ok("943 476 5919")
    assert not nhs_checksum_ok("943 476 5918")
    assert not detect_pii("NHS number 943 476 5918")


@pytest.mark.parametrize("text", [
    "FR-104: p99 latency shall stay below 300 ms for 1,000 requests per second.",
    "Model version 2.14.1 was promoted on 2024-11-03 after review REQ-2291.",
    "Owner: Head of Data Science. The Data Science Team approves releases.",
    "The batch job runs at 02:00 and processes 12345678 rows.",
])
def test_look_alikes_are_not_pii(text: str) -> None:
    assert detect_pii(text) == []


def test_redaction_round_trip_is_stable_and_complete() -> None:
    messages = [{"role": "system", "content": "You draft MLOps strategies."},
                {"role": "user", "content": RECORD},
                {"role": "user", "content": "Again: Jane Smith, jane.smith@example.gov.uk, 943 476 5919."}]
    events: list[tuple[str, dict]] = []
    decision = enforce_outbound(EXTERNAL, messages, ["OFFICIAL"], audit=lambda e, d: events.append((e, d)))
    sent = json.dumps(decision.messages)
    for value in VALUES:
        assert value not in sent, value
    first, second = decision.messages[1]["content"], decision.messages[2]["content"]
    assert "[PERSON_1]" in first and "[PERSON_1]" in second
    assert "[EMAIL_1]" in second and "[NHS_NUMBER_1]" in second
    assert decision.redaction_counts["PERSON"] == 1
    # the map restores the original, stays out of JSON and out of the audit event
    restored = second
    for token, original in decision.redaction_map.items():
        restored = restored.replace(token, original)
    assert restored == messages[2]["content"]
    assert "redaction_map" not in decision.model_dump_json() and "Jane" not in decision.model_dump_json()
    assert events == [("pii_redacted", events[0][1])] and "Jane" not in json.dumps(events)
    assert messages[1]["content"] == RECORD  # the caller's messages are not mutated


def test_different_values_get_different_placeholders() -> None:
    decision = enforce_outbound(EXTERNAL, [{"role": "user", "content": "Email a@example.com and b@example.com."}], [])
    assert decision.messages[0]["content"] == "Email [EMAIL_1] and [EMAIL_2]."


def test_local_and_offline_are_not_redacted() -> None:
    local = ProviderInfo(name="ollama", kind="local", base_url="http://127.0.0.1:11434")
    decision = enforce_outbound(local, [{"role": "user", "content": RECORD}], ["SECRET"])
    assert decision.messages[0]["content"] == RECORD and not decision.redacted


def test_content_parts_are_redacted() -> None:
    messages = [{"role": "user", "content": [{"type": "text", "text": "Contact Mr John Brown."}]}]
    decision = enforce_outbound(EXTERNAL, messages, [])
    assert decision.messages[0]["content"][0]["text"] == "Contact Mr [PERSON_1]."


def test_pii_span_json_excludes_the_value() -> None:
    span = detect_pii("email jane@example.com")[0]
    assert "jane" not in span.model_dump_json()
