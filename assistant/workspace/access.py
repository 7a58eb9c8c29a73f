"""Who may open what: roles within a project and clearances against its marking.

Off for single-user use: access is enforced once the workspace has a registered user (an administrator ran
`mlops-assistant users add`); until then the one local user owns everything, as before."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from assistant.config import get_settings
from assistant.documents.markings import LEVELS, RANK, parse_marking
from assistant.errors import InvalidInputError

ROLES: tuple[str, ...] = ("viewer", "editor", "owner")  # least to most
ROLE_RANK = {role: i for i, role in enumerate(ROLES)}
DEFAULT_CLEARANCES = Path(__file__).with_name("clearances.yaml")


def check_role(role: str) -> str:
    if role not in ROLE_RANK:
        raise InvalidInputError(f"--role {role!r}: use one of {', '.join(ROLES)}.")
    return role


def _levels(source: str, data: object) -> dict[str, str]:
    if not isinstance(data, dict) or not data:
        raise InvalidInputError(f"{source}: clearances must be a mapping of clearance to its highest marking.")
    out = {}
    for clearance, marking in data.items():
        parsed = parse_marking(str(marking))
        if parsed is None or parsed.level not in RANK:
            raise InvalidInputError(f"{source}: clearances.{clearance}: {marking!r} is not one of {list(LEVELS)}.")
        out[str(clearance).upper()] = parsed.level
    return out


@lru_cache(maxsize=8)
def _clearances_from(policy_file: Path | None) -> dict[str, str]:
    if policy_file is not None:
        try:
            policy = yaml.safe_load(policy_file.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InvalidInputError(f"{policy_file}: cannot read the clearances ({exc}).") from exc
        if isinstance(policy, dict) and "clearances" in policy:
            return _levels(f"{policy_file}", policy["clearances"])
    return _levels(str(DEFAULT_CLEARANCES), yaml.safe_load(DEFAULT_CLEARANCES.read_text(encoding="utf-8")))


def clearances() -> dict[str, str]:
    """Clearance -> the highest marking it may open: the policy file's `clearances:`, else the built-in map."""
    return _clearances_from(get_settings().policy_file)


def check_clearance(clearance: str) -> str:
    name = clearance.strip().upper()
    known = clearances()
    if name not in known:
        raise InvalidInputError(f"--clearance {clearance!r}: use one of {', '.join(known)} (policy file `clearances`).")
    return name


def marking_level(classification: str) -> str:
    """A project's classification as a tier; one that cannot be read counts as the highest (fail closed)."""
    parsed = parse_marking(classification or "OFFICIAL")
    return parsed.level if parsed is not None and parsed.level in RANK else LEVELS[-1]


def clearance_allows(clearance: str, classification: str) -> bool:
    highest = clearances().get(clearance.upper())
    return highest is not None and RANK[marking_level(classification)] <= RANK[highest]
