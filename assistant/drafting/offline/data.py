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


# Why a pre-test: a large project's draft tried ~150 term regexes on every passage, and most terms occur in none.
# Every alias is matched between non-alphanumeric characters and its spaces match `[\s-]+`, so each run of ASCII
# letters and digits in an alias is a whole run of the matched text; a term none of whose alias runs is among the
# text's runs cannot match, and its regexes are skipped. re.IGNORECASE also lets four non-ASCII letters match ASCII
# ones (Kelvin sign, long s, dotted and dotless i): a text holding one gets no pre-test.
_RUN = re.compile(r"[A-Za-z0-9]+")
_IGNORECASE_ASCII_LOOKALIKES = ("\u0130", "\u0131", "\u017f", "\u212a")


def word_runs(text: str) -> frozenset[str] | None:
    """The text's runs of ASCII letters and digits, lower-cased, for `Term.find`'s pre-test (None: no pre-test)."""
    if any(ch in text for ch in _IGNORECASE_ASCII_LOOKALIKES):
        return None
    # Only those four characters lower-case to ASCII, so lower-casing first adds or splits no run.
    return frozenset(_RUN.findall(text.lower()))


def _keys(aliases: list[str]) -> frozenset[str]:
    """One run of letters and digits per alias (its longest), lower-cased: a match contains each as a whole run.
    Empty (no pre-test) when an alias is not ASCII or has no such run."""
    runs = [_RUN.findall(alias) for alias in aliases]
    if not all(alias.isascii() for alias in aliases) or not all(runs):
        return frozenset()
    return frozenset(max(r, key=len).lower() for r in runs)


@dataclass(frozen=True)
class Term:
    name: str
    category: str
    patterns: tuple[re.Pattern[str], ...]
    attrs: tuple[tuple[str, str], ...] = ()
    keys: frozenset[str] = frozenset()  # see `word_runs`

    def may_occur(self, runs: frozenset[str] | None) -> bool:
        """False only when the term cannot match the text `runs` (`word_runs(text)`) was read from."""
        return runs is None or not self.keys or not self.keys.isdisjoint(runs)

    def find(self, text: str, runs: frozenset[str] | None = None) -> re.Match[str] | None:
        """The first match; `runs`, `word_runs(text)` when the caller has it, skips a term that cannot occur."""
        if not self.may_occur(runs):
            return None
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
        result.append(Term(entry["name"], entry["category"], tuple(_pattern(aliases, bool(entry.get("cs")))), attrs,
                           _keys(aliases)))
    return tuple(result)


@lru_cache(maxsize=1)
def _terms_by_name() -> dict[str, Term]:
    return {t.name: t for t in terms()}


def term_attr(name: str | None, key: str) -> str | None:
    """An attribute the vocabulary gives the named term ("provider" of an LLM, "repository" of a CI service)."""
    term = _terms_by_name().get(name) if name else None
    return term.attr(key) if term is not None else None


@lru_cache(maxsize=1)
def model_type_terms() -> tuple[Term, ...]:
    return tuple(
        Term(entry["name"], "model_type", tuple(_pattern(sorted(entry["triggers"], key=len, reverse=True), False)),
             keys=_keys(entry["triggers"]))
        for entry in vocabulary()["model_types"]
    )



# Signals that a named UK public body also raises (vocabulary.yaml `uk_bodies`).
_WITH_UK_BODIES = frozenset({"uk_public_sector", "uk_jurisdiction"})


@lru_cache(maxsize=1)
def signal_terms() -> dict[str, Term]:
    vocab = vocabulary()
    out = {}
    for name, phrases in vocab["signals"].items():
        phrases = [*phrases, *(vocab["uk_bodies"] if name in _WITH_UK_BODIES else [])]
        out[name] = Term(name, "signal", tuple(_pattern(sorted(phrases, key=len, reverse=True), False)),
                         keys=_keys(phrases))
    return out


@lru_cache(maxsize=1)
def role_terms() -> tuple[Term, ...]:
    return tuple(
        Term(entry["name"], "role", tuple(_pattern([entry["name"], *entry.get("aliases", [])], False)),
             keys=_keys([entry["name"], *entry.get("aliases", [])]))
        for entry in vocabulary()["roles"]
    )


def signal(name: str, text: str) -> re.Match[str] | None:
    return signal_terms()[name].find(text)
