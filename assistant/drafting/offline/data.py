"""The drafter's data files (fields.yaml, vocabulary.yaml, rules.yaml), loaded once, and term matching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml


def data_text(name: str) -> str:
    return resources.files("assistant.drafting.offline").joinpath(name).read_text(encoding="utf-8")


# libyaml's safe loader when the wheel has it: the vocabulary is large and the pure-Python parser takes about a
# second to read it, paid by the first outline or draft of a process.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> dict[str, Any]:
    return yaml.load(data_text(name), Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader (C or Python)


def fields() -> list[dict[str, Any]]:
    return load("fields.yaml")["fields"]


def field_settings() -> dict[str, float]:
    data = load("fields.yaml")
    return {"min_score": float(data["min_score"]), "ml_related_score": float(data["ml_related_score"])}


def rules() -> dict[str, Any]:
    return load("rules.yaml")


def vocabulary() -> dict[str, Any]:
    return load("vocabulary.yaml")


def rule_rationale(rule_key: str, detail: str | None = None) -> str:
    """`rule <id> (<note>)`: how every recommendation names its rule and knowledge note."""
    rule = rules()[rule_key]
    text = f"rule {rule['id']} ({rule['note']})"
    return f"{text}: {detail}" if detail else text


# ---------------------------------------------------------------------------------------------------
# Term matching
# ---------------------------------------------------------------------------------------------------


def _is_acronym(alias: str) -> bool:
    # "MOD", "MoD", "DfE", "AI": short words with two capitals are acronyms ("mod" is not the MOD).
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return bool(letters) and len(letters) <= 5 and sum(ch.isupper() for ch in letters) >= 2


def _pattern(aliases: list[str], case_sensitive: bool) -> list[re.Pattern[str]]:
    """At most two alternations (case-sensitive, case-insensitive): one regex scan per term and case."""
    groups: dict[bool, list[str]] = {True: [], False: []}
    for alias in aliases:
        body = re.escape(alias).replace(r"\ ", r"[\s-]+")
        groups[case_sensitive or _is_acronym(alias)].append(body)
    patterns = []
    for sensitive, bodies in groups.items():
        if bodies:
            flags = 0 if sensitive else re.IGNORECASE
            patterns.append(re.compile(rf"(?<![A-Za-z0-9])(?:{'|'.join(bodies)})(?![A-Za-z0-9])", flags))
    return patterns


@dataclass(frozen=True)
class Term:
    name: str
    category: str
    patterns: tuple[re.Pattern[str], ...]
    attrs: tuple[tuple[str, str], ...] = ()
    # Lower-case words one of which every alias contains: a text holding none of them cannot match, so the
    # (slow, look-around) patterns are not run on it. Empty: always run them.
    needles: tuple[str, ...] = ()

    def may_occur(self, low_text: str) -> bool:
        return not self.needles or any(n in low_text for n in self.needles)

    def find(self, text: str) -> re.Match[str] | None:
        for pattern in self.patterns:
            match = pattern.search(text)
            if match:
                return match
        return None

    def attr(self, key: str) -> str | None:
        return dict(self.attrs).get(key)


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    result = []
    for entry in vocabulary()["terms"]:
        aliases = [entry["name"], *entry.get("aliases", [])]
        # Longest alias first so "Azure OpenAI" is tried before "OpenAI".
        aliases.sort(key=len, reverse=True)
        attrs = tuple((k, str(v)) for k, v in entry.items() if k not in ("name", "category", "aliases", "cs"))
        result.append(Term(entry["name"], entry["category"], tuple(_pattern(aliases, bool(entry.get("cs")))), attrs))
    return tuple(result)


@lru_cache(maxsize=1)
def model_type_terms() -> tuple[Term, ...]:
    return tuple(
        Term(entry["name"], "model_type", tuple(_pattern(sorted(entry["triggers"], key=len, reverse=True), False)))
        for entry in vocabulary()["model_types"]
    )


def _needles(aliases: list[str]) -> tuple[str, ...]:
    """The longest word of each alias, lower-cased (any match of the alias contains it); none when an alias
    has no word of three letters or more to look for."""
    out = []
    for alias in aliases:
        words = re.findall(r"[A-Za-z0-9]{3,}", alias)
        if not words:
            return ()
        out.append(max(words, key=len).casefold())
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1)
def signal_terms() -> dict[str, Term]:
    return {
        name: Term(name, "signal", tuple(_pattern(sorted(phrases, key=len, reverse=True), False)),
                   needles=_needles(phrases))
        for name, phrases in vocabulary()["signals"].items()
    }


@lru_cache(maxsize=1)
def role_terms() -> tuple[Term, ...]:
    return tuple(
        Term(entry["name"], "role", tuple(_pattern([entry["name"], *entry.get("aliases", [])], False)))
        for entry in vocabulary()["roles"]
    )


def signal(name: str, text: str) -> re.Match[str] | None:
    return signal_terms()[name].find(text)
