"""The classification policy: an editable YAML file deciding which providers may receive which markings.

The built-in default is `default_policy.yaml` beside this module; `get_settings().policy_file` replaces it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from assistant.config import get_settings
from assistant.documents.markings import LEVELS, normalise_level
from assistant.errors import InvalidInputError
from assistant.guardrails.pii import ENTITY_TYPES

DEFAULT_POLICY_FILE = Path(__file__).with_name("default_policy.yaml")
Kind = Literal["offline", "local", "external"]


LocalKind = Literal["offline", "local"]


def _offline_only() -> list[LocalKind]:
    return ["offline"]


def _external_only() -> list[Kind]:
    return ["external"]


class MarkingRule(BaseModel):
    allow_kinds: list[LocalKind] = Field(default_factory=_offline_only)
    allow_external: Literal["any", "enterprise", "named", "none"] = "none"
    providers: list[str] = Field(default_factory=list)


class CaveatRule(BaseModel):
    providers: list[str] = Field(default_factory=list)


class PiiPolicy(BaseModel):
    redact_for: list[Kind] = Field(default_factory=_external_only)
    entities: list[str] = Field(default_factory=lambda: list(ENTITY_TYPES))

    @model_validator(mode="after")
    def _known(self) -> PiiPolicy:
        unknown = sorted(set(self.entities) - set(ENTITY_TYPES))
        if unknown:
            raise ValueError(f"unknown PII entity types {unknown}; known: {list(ENTITY_TYPES)}")
        return self


class InjectionPolicy(BaseModel):
    threshold: float = Field(default=0.5, ge=0, le=1)


class OutputPolicy(BaseModel):
    max_chars: int | None = 60000
    max_tokens: int | None = 16000
    rate_per_minute: float = 20
    burst: int = 5


class NetworkPolicy(BaseModel):
    """How provider HTTP clients reach the network. They never read HTTP_PROXY / HTTPS_PROXY / ALL_PROXY:
    a proxy named only in the environment could carry "loopback" or approved-provider traffic to another
    host. `proxy` names the one proxy they may use; its host then counts as the destination for the
    classification rules (a proxy that is not on loopback makes a local endpoint external)."""

    proxy: str | None = None

    @field_validator("proxy")
    @classmethod
    def _url(cls, proxy: str | None) -> str | None:
        if proxy is not None:
            parts = urlsplit(proxy)
            if parts.scheme not in ("http", "https", "socks5", "socks5h") or not parts.hostname:
                raise ValueError(f"{proxy!r} must be a URL like http://proxy.example.org:3128")
        return proxy


class Policy(BaseModel):
    version: int = 1
    unmarked: str = "OFFICIAL"
    unrecognised: str = "OFFICIAL-SENSITIVE"
    enterprise_providers: list[str] = Field(default_factory=list)
    markings: dict[str, MarkingRule]
    caveats: dict[str, CaveatRule] = Field(default_factory=dict)
    pii: PiiPolicy = Field(default_factory=PiiPolicy)
    injection: InjectionPolicy = Field(default_factory=InjectionPolicy)
    output: OutputPolicy = Field(default_factory=OutputPolicy)
    network: NetworkPolicy = Field(default_factory=NetworkPolicy)
    source: str = Field(default="built-in default", exclude=True)

    @model_validator(mode="after")
    def _complete(self) -> Policy:
        self.markings = {normalise_level(k) or k: v for k, v in self.markings.items()}
        missing = [level for level in LEVELS if level not in self.markings]
        if missing:
            raise ValueError(f"markings: no rule for {missing}; every tier {list(LEVELS)} needs one")
        for name in ("unmarked", "unrecognised"):
            level = normalise_level(getattr(self, name))
            if level is None:
                raise ValueError(f"{name}: {getattr(self, name)!r} is not one of {list(LEVELS)}")
            setattr(self, name, level)
        self.caveats = {" ".join(k.upper().split()): v for k, v in self.caveats.items()}
        return self


def load_policy(path: Path | str | None = None) -> Policy:
    """Read a policy file (default: the settings' `policy_file`, else the built-in one)."""
    if path is None:

        path = get_settings().policy_file
    chosen = Path(path) if path else DEFAULT_POLICY_FILE
    try:
        data = yaml.safe_load(chosen.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInputError(f"{chosen}: cannot read the classification policy ({exc.strerror}).") from exc
    except yaml.YAMLError as exc:
        raise InvalidInputError(f"{chosen}: the classification policy is not valid YAML ({exc}).") from exc
    if not isinstance(data, dict):
        raise InvalidInputError(f"{chosen}: the classification policy must be a YAML mapping.")
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise InvalidInputError(f"{chosen}: {where}: {first['msg']}") from exc
    policy.source = str(chosen)
    return policy
