"""Each marking x each provider kind under the default policy, plus an edited policy file."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import get_settings
from assistant.errors import InvalidInputError, PolicyBlockedError
from assistant.guardrails.gate import ProviderInfo, enforce_outbound, is_loopback
from assistant.guardrails.policy import DEFAULT_POLICY_FILE, load_policy

OFFLINE = ProviderInfo(name="offline", kind="offline")
LOOPBACK = ProviderInfo(name="ollama", kind="local", base_url="http://127.0.0.1:11434/v1")
LOCALHOST = ProviderInfo(name="vllm", kind="local", base_url="http://localhost:8000/v1")
REMOTE_LOCAL = ProviderInfo(name="ollama", kind="local", base_url="http://gpu-box.internal:11434/v1")
ENTERPRISE = ProviderInfo(name="anthropic", kind="external")
OTHER = ProviderInfo(name="random-cloud", kind="external")

ALLOWED = {  # marking -> providers allowed by the default policy
    "PUBLIC": {"offline", "loopback", "localhost", "remote_local", "enterprise", "other"},
    "OFFICIAL": {"offline", "loopback", "localhost", "enterprise"},
    "OFFICIAL-SENSITIVE": {"offline", "loopback", "localhost"},
    "SECRET": {"offline", "loopback", "localhost"},
    "TOP SECRET": {"offline", "loopback", "localhost"},
}
PROVIDERS = {"offline": OFFLINE, "loopback": LOOPBACK, "localhost": LOCALHOST, "remote_local": REMOTE_LOCAL,
             "enterprise": ENTERPRISE, "other": OTHER}
MESSAGES = [{"role": "user", "content": "Draft section 7."}]


@pytest.mark.parametrize("marking", list(ALLOWED))
@pytest.mark.parametrize("who", list(PROVIDERS))
def test_default_policy_matrix(marking: str, who: str) -> None:
    events: list[tuple[str, dict]] = []
    provider = PROVIDERS[who]
    if who in ALLOWED[marking]:
        decision = enforce_outbound(provider, MESSAGES, [marking], audit=lambda e, d: events.append((e, d)))
        assert decision.classification == marking
        assert not any(e == "policy_blocked" for e, _ in events)
    else:
        with pytest.raises(PolicyBlockedError) as info:
            enforce_outbound(provider, MESSAGES, [marking], audit=lambda e, d: events.append((e, d)))
        assert marking in str(info.value)
        assert f"markings.{marking}" in str(info.value)  # the rule is named
        assert events and events[0][0] == "policy_blocked"
        assert events[0][1]["marking"] == marking and events[0][1]["provider"] == provider.name


def test_most_restrictive_marking_wins() -> None:
    with pytest.raises(PolicyBlockedError, match="SECRET"):
        enforce_outbound(ENTERPRISE, MESSAGES, ["PUBLIC", "OFFICIAL", "SECRET"])


def test_marking_inside_the_messages_counts() -> None:
    messages = [{"role": "user", "content": "OFFICIAL-SENSITIVE\nThe casework extract follows."}]
    with pytest.raises(PolicyBlockedError, match="OFFICIAL-SENSITIVE"):
        enforce_outbound(ENTERPRISE, messages, [])


def test_unmarked_counts_as_official() -> None:
    assert enforce_outbound(ENTERPRISE, MESSAGES, []).classification == "OFFICIAL"
    with pytest.raises(PolicyBlockedError):
        enforce_outbound(OTHER, MESSAGES, [])


def test_unrecognised_marking_fails_closed() -> None:
    with pytest.raises(PolicyBlockedError, match="OFFICIAL-SENSITIVE"):
        enforce_outbound(ENTERPRISE, MESSAGES, ["SOMETHING ODD"])


def test_uk_eyes_only_caveat_blocks_external() -> None:
    with pytest.raises(PolicyBlockedError, match="UK EYES ONLY"):
        enforce_outbound(ENTERPRISE, MESSAGES, ["OFFICIAL UK EYES ONLY"])
    assert enforce_outbound(LOOPBACK, MESSAGES, ["SECRET UK EYES ONLY"]).caveats == ["UK EYES ONLY"]


@pytest.mark.parametrize("url,expected", [
    ("http://127.0.0.1:11434", True), ("http://localhost:8000/v1", True), ("http://[::1]:8000", True),
    ("http://127.1.2.3", True), ("http://10.0.0.5:8000", False), ("https://api.openai.com/v1", False),
    ("http://localhost.evil.com", False), (None, False),
])
def test_is_loopback(url: str | None, expected: bool) -> None:
    assert is_loopback(url) is expected


def test_edited_policy_file_names_a_provider(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = DEFAULT_POLICY_FILE.read_text().replace(
        "providers: []          # e.g. [azure]", "providers: [azure]          # e.g. [azure]")
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(text)
    monkeypatch.setenv("MLOPS_ASSISTANT_POLICY_FILE", str(policy_file))
    get_settings.cache_clear()
    azure = ProviderInfo(name="azure", kind="external")
    assert enforce_outbound(azure, MESSAGES, ["OFFICIAL-SENSITIVE"]).classification == "OFFICIAL-SENSITIVE"
    with pytest.raises(PolicyBlockedError, match=str(policy_file)):
        enforce_outbound(ENTERPRISE, MESSAGES, ["OFFICIAL-SENSITIVE"])


def test_bad_policy_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("markings:\n  PUBLIC: {allow_external: any}\n")
    with pytest.raises(InvalidInputError, match="no rule for"):
        load_policy(bad)
    with pytest.raises(InvalidInputError, match="cannot read"):
        load_policy(tmp_path / "missing.yaml")
