"""The one choke point every prompt passes before it leaves the process.

`enforce_outbound` decides, from the most restrictive marking in the request (the caller's markings and any
marking found in the messages themselves), whether the provider may receive it under the classification
policy. A blocked request raises `PolicyBlockedError` before anything touches the network; an allowed one
comes back with personal data replaced by stable placeholders when the provider is external.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from assistant.config import get_settings
from assistant.documents.markings import Marking, most_restrictive, parse_marking, scan_outbound
from assistant.errors import PolicyBlockedError
from assistant.guardrails.pii import Redactor
from assistant.guardrails.policy import DEFAULT_POLICY_FILE, Policy, load_policy
from assistant.workspace import get_workspace

AuditFn = Callable[[str, dict[str, Any]], None]


class ProviderInfo(BaseModel):
    """Who a request is for. `kind="local"` counts as local only when `base_url`'s host is loopback."""

    name: str
    kind: Literal["offline", "local", "external"]
    base_url: str | None = None


class OutboundDecision(BaseModel):
    """What the gate let through: the (redacted) messages and why it was allowed."""

    provider: str
    kind: Literal["offline", "local", "external"]  # the effective kind (a non-loopback "local" is external)
    classification: str  # the deciding tier, e.g. "OFFICIAL"
    caveats: list[str] = Field(default_factory=list)
    rule: str
    messages: list[dict[str, Any]]
    redaction_counts: dict[str, int] = Field(default_factory=dict)
    # placeholder -> original value; stays in memory with the caller, never serialised or logged.
    redaction_map: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)

    @property
    def redacted(self) -> bool:
        return bool(self.redaction_counts)


def is_loopback(base_url: str | None) -> bool:
    """True when the URL's host is localhost or a loopback address (no DNS lookup: names could lie)."""
    if not base_url:
        return False
    host = urlsplit(base_url if "//" in base_url else f"//{base_url}").hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def effective_kind(provider: ProviderInfo) -> Literal["offline", "local", "external"]:
    if provider.kind == "local" and not is_loopback(provider.base_url):
        return "external"
    return provider.kind


_policy_cache: dict[tuple[str, float], Policy] = {}


def current_policy() -> Policy:
    """The configured policy, re-read when the file changes."""

    path = Path(get_settings().policy_file or DEFAULT_POLICY_FILE)
    try:
        key = (str(path), path.stat().st_mtime)
    except OSError:
        return load_policy(path)  # raises the clear "cannot read" error
    if key not in _policy_cache:
        _policy_cache.clear()
        _policy_cache[key] = load_policy(path)
    return _policy_cache[key]


def _texts(messages: Iterable[dict[str, Any]]) -> Iterable[str]:
    for m in messages:
        content = m.get("content")
        if isinstance(content, str):
            yield content
        elif isinstance(content, list):
            for part in content:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    yield part["text"]


def project_markings(project_key: str) -> list[str]:
    """A project's classification and every marking of its documents (unconfirmed ones included, applied as
    the higher tier until a person confirms). A key this workspace does not hold adds nothing: every code
    path resolves its project from this workspace first, so only the caller's own markings can apply."""

    workspace = get_workspace()
    project = workspace.get_project(project_key)
    if project is None:
        return []
    return [project.classification, *(m for d in workspace.list_documents(project.key) for m in d.markings)]


def deciding_marking(markings: Iterable[str], messages: Iterable[dict[str, Any]], policy: Policy) -> Marking:
    """The most restrictive of the caller's markings and those found anywhere in the messages' own text
    (`scan_outbound`: also after a template's label, "Message: SECRET//UK EYES ONLY ...")."""
    found: list[Marking] = []
    for raw in markings:
        if not raw or not str(raw).strip():
            continue
        parsed = parse_marking(str(raw))
        found.append(parsed if parsed else Marking(policy.unrecognised))
    for text in _texts(messages):
        found.extend(scan_outbound(text))
    return most_restrictive(found) or Marking(policy.unmarked)


def check_policy(provider: ProviderInfo, marking: Marking, policy: Policy) -> str:
    """The rule that allows `provider` to receive `marking`; raises `PolicyBlockedError` when none does."""
    kind = effective_kind(provider)
    rule = policy.markings[marking.level]
    where = f"(policy: {policy.source})"
    label = marking.label
    if kind == "offline":
        return f"{marking.level}: offline provider, nothing leaves the machine"
    if kind == "local":
        if "local" in rule.allow_kinds:
            return f"{marking.level}: local endpoint on loopback ({provider.base_url})"
        raise PolicyBlockedError(
            f"Blocked: material marked {label} may not be sent to local provider '{provider.name}'. "
            f"Rule markings.{marking.level}.allow_kinds = {rule.allow_kinds} {where}.")
    # external from here
    demoted = " (its base_url is not a loopback address, so it counts as external)" if provider.kind == "local" else ""
    name = provider.name.lower()
    if rule.allow_external == "any":
        allowed, why = True, "any external provider"
    elif rule.allow_external == "enterprise":
        allowed = name in {p.lower() for p in policy.enterprise_providers} or name in {p.lower() for p in rule.providers}
        why = f"enterprise providers {policy.enterprise_providers}"
    elif rule.allow_external == "named":
        allowed, why = name in {p.lower() for p in rule.providers}, f"named providers {rule.providers}"
    else:
        allowed, why = False, "no external provider"
    if not allowed:
        only = "offline or a local endpoint on loopback" if "local" in rule.allow_kinds else "offline"
        raise PolicyBlockedError(
            f"Blocked: material marked {label} may not be sent to external provider '{provider.name}'"
            f"{demoted}. Rule markings.{marking.level}.allow_external = {rule.allow_external} ({why}); "
            f"use {only}, or ask your security team to approve this provider {where}.")
    for caveat in marking.caveats:
        caveat_rule = policy.caveats.get(caveat)
        if caveat_rule is not None and name not in {p.lower() for p in caveat_rule.providers}:
            raise PolicyBlockedError(
                f"Blocked: material marked {label} carries the caveat {caveat}, and external provider "
                f"'{provider.name}' is not named in caveats.{caveat}.providers = {caveat_rule.providers}; "
                f"use offline or a local endpoint on loopback {where}.")
    return f"{marking.level}: external provider allowed ({why})"


def _redact_messages(messages: list[dict[str, Any]], redactor: Redactor) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in messages:
        copy = dict(m)
        content = m.get("content")
        if isinstance(content, str):
            copy["content"] = redactor.redact(content)[0]
        elif isinstance(content, list):
            parts = []
            for part in content:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    part = {**part, "text": redactor.redact(part["text"])[0]}
                parts.append(part)
            copy["content"] = parts
        out.append(copy)
    return out


def enforce_outbound(provider: ProviderInfo, messages: list[dict[str, Any]], markings: Iterable[str], *,
                     audit: AuditFn | None = None, policy: Policy | None = None,
                     project_key: str | None = None) -> OutboundDecision:
    """Allow or block one outbound request; redact PII for the kinds the policy names.

    `project_key`: the project whose material this is; its classification and all its documents' markings
    count, whatever the caller passed in `markings` (so no code path can forget a document's marking).

    Raises `PolicyBlockedError` (after an audit 'policy_blocked' event) when the policy forbids it.
    Never mutates `messages`.
    """
    policy = policy or current_policy()
    messages = list(messages)
    markings = list(markings)
    if project_key is not None and effective_kind(provider) != "offline":
        markings.extend(project_markings(project_key))
    marking = deciding_marking(markings, messages, policy)
    kind = effective_kind(provider)
    try:
        rule = check_policy(provider, marking, policy)
    except PolicyBlockedError as exc:
        if audit is not None:
            audit("policy_blocked", {"provider": provider.name, "kind": provider.kind, "effective_kind": kind,
                                     "marking": marking.label, "rule": str(exc), "policy": policy.source})
        raise
    redactor = Redactor(frozenset(policy.pii.entities))
    if kind in policy.pii.redact_for:
        for text in _texts(messages):  # first pass: every value gets its placeholder wherever it appears
            redactor.learn(text)
        gated = _redact_messages(messages, redactor)
    else:
        gated = [dict(m) for m in messages]
    decision = OutboundDecision(provider=provider.name, kind=kind, classification=marking.level,
                                caveats=list(marking.caveats), rule=rule, messages=gated,
                                redaction_counts=redactor.counts, redaction_map=redactor.mapping)
    if decision.redacted and audit is not None:
        audit("pii_redacted", {"provider": provider.name, "kind": kind, "counts": redactor.counts,
                               "marking": marking.label})
    return decision
