"""Rules as data (`rules.yaml`), the registry of check functions keyed by rule id, and declarative rules.

A rule is id + severity + section + rationale + fix text. A built-in rule's logic is a function
registered with `@check("rule-id")` (in `checks.py`); an organisation's rule is declarative:

    - id: org-registry-platform
      severity: major
      section: 5
      rationale: Our platform team supports only the MLflow registry.
      fix: Use the MLflow registry.
      when:                       # optional; all conditions must hold (any value on a list path)
        - path: model_inventory.models[*].risk_level
          in: [High, Very High]
      require:                    # all conditions must hold (every value on a list path)
        - path: model_registry.registry_configuration.platform.value
          matches: "(?i)mlflow"

Paths are dotted attribute names of the `Strategy` schema; `[*]` walks every row of a table. Operators:
`non_empty: true`, `empty: true`, `equals`, `not_equals`, `in`, `not_in`, `matches` (regex, searched),
`min_count` (number of non-empty values). Loading checks every path against the schema, so a typo is
an error that names the file and the rule, not a rule that never fires.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.errors import InvalidInputError
from assistant.review.models import Severity
from assistant.strategy import Strategy

Group = Literal["structure", "consistency", "traceability", "guidance", "organisation"]


class RulesError(InvalidInputError):
    """A rules file that cannot be used; the message names the file and the rule."""


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    path: str
    non_empty: bool | None = None
    empty: bool | None = None
    equals: Any = None
    not_equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    not_in: list[Any] | None = None
    matches: str | None = None
    min_count: int | None = Field(default=None, ge=0)

    @field_validator("matches")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"`matches` is not a valid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        ops = [n for n in ("non_empty", "empty", "equals", "not_equals", "in_", "not_in", "matches", "min_count")
               if getattr(self, n) is not None]
        if not ops:
            raise ValueError(f"condition on {self.path!r} has no operator "
                             "(non_empty, empty, equals, not_equals, in, not_in, matches, min_count)")
        return self

    def describe(self) -> str:
        for name, word in (("non_empty", "is filled"), ("empty", "is empty"), ("equals", "equals"),
                           ("not_equals", "is not"), ("in_", "is one of"), ("not_in", "is not one of"),
                           ("matches", "matches"), ("min_count", "has at least")):
            value = getattr(self, name)
            if value is not None:
                return f"{self.path} {word}" + ("" if isinstance(value, bool) else f" {value!r}")
        return self.path


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._:-]*$")
    severity: Severity
    section: int | None = Field(default=None, ge=1, le=15)
    title: str = ""
    group: Group = "organisation"
    rationale: str
    fix: str
    needs: Literal["requirements", "sources"] | None = None
    enabled: bool = True
    # "open_question": `apply_fixes` records the fix as an open question in the rule's section.
    autofix: Literal["open_question"] | None = None
    # On an imported document (reviewed from its own Markdown) "question": the rule's hits are questions for the
    # author, not findings. Rules that infer an absence from where the template would put the content cannot
    # see content an author wrote under their own arrangement, so they ask instead of asserting.
    on_import: Literal["finding", "question"] = "finding"
    when: list[Condition] = Field(default_factory=list)
    require: list[Condition] = Field(default_factory=list)
    message: str | None = None  # declarative rules: the finding's message ({failed} = the failed condition)

    @field_validator("when", "require", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    @property
    def declarative(self) -> bool:
        return bool(self.require)


class RuleOverride(BaseModel):
    """An entry in an extra file that reuses a built-in id: only these fields may change."""

    model_config = ConfigDict(extra="forbid")

    id: str
    severity: Severity | None = None
    section: int | None = Field(default=None, ge=1, le=15)
    fix: str | None = None
    rationale: str | None = None
    enabled: bool | None = None
    autofix: Literal["open_question"] | None = None
    on_import: Literal["finding", "question"] | None = None


@dataclass
class RuleSet:
    """The rules in force and the vocabularies their checks read."""

    rules: list[Rule]
    vocabularies: dict[str, list[str]] = field(default_factory=dict)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def enabled(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]

    def vocab(self, name: str) -> list[str]:
        return self.vocabularies.get(name, [])


# ---------------------------------------------------------------------------------------------------
# Registry of check functions
# ---------------------------------------------------------------------------------------------------


@dataclass
class Hit:
    """What a check reports; the engine turns it into a `Finding` with the rule's defaults."""

    message: str
    section: int | None | Literal["rule"] = "rule"  # "rule": the rule's own section
    fix: str | None = None  # None: the rule's fix text
    data: dict[str, Any] = field(default_factory=dict)
    fixable: bool | None = None  # None: fixable when a fixer is registered for the rule
    question: bool = False  # on an imported document, a question for the author (see Rule.on_import)


CheckFn = Callable[[Any, Rule], Iterable[Hit]]
CHECKS: dict[str, CheckFn] = {}


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register the function that implements a rule of `rules.yaml`."""

    def register(fn: CheckFn) -> CheckFn:
        if rule_id in CHECKS:
            raise RuntimeError(f"two check functions for rule {rule_id!r}")
        CHECKS[rule_id] = fn
        return fn

    return register


# ---------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------


def _read(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise RulesError(f"{where}: not valid YAML: {exc}") from exc
    if isinstance(data, list):
        data = {"rules": data}
    if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
        raise RulesError(f"{where}: expected a mapping with a `rules:` list")
    return data


@lru_cache(maxsize=1)
def _builtin() -> tuple[tuple[Rule, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    text = resources.files("assistant.review").joinpath("rules.yaml").read_text(encoding="utf-8")
    data = _read(text, "assistant/review/rules.yaml")
    rules = []
    for entry in data["rules"]:
        try:
            rules.append(Rule.model_validate(entry))
        except ValidationError as exc:  # pragma: no cover - guarded by tests
            raise RulesError(f"assistant/review/rules.yaml: rule {entry.get('id')!r}: {exc}") from exc
    vocab = tuple((k, tuple(str(v).lower() for v in vs)) for k, vs in (data.get("vocabularies") or {}).items())
    return tuple(rules), vocab


def load_rules(extra: str | Path | Sequence[str | Path] | None = None) -> RuleSet:
    """The built-in rules, plus (and overridden by) the rules in `extra` YAML files, in order.

    An extra entry with a new id must be declarative (`require`); one with a built-in id may only
    change severity, section, fix, rationale or `enabled`. An extra file may add words to the
    vocabularies (`vocabularies: {protected_characteristics: [...]}`).
    """
    builtin, vocab = _builtin()
    rules = [r.model_copy(deep=True) for r in builtin]
    vocabularies = {k: list(v) for k, v in vocab}
    paths = [] if extra is None else [extra] if isinstance(extra, (str, Path)) else list(extra)
    for path in paths:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise RulesError(f"{path}: cannot read the rules file: {exc.strerror}") from exc
        data = _read(text, str(path))
        for name, words in (data.get("vocabularies") or {}).items():
            if not isinstance(words, list):
                raise RulesError(f"{path}: vocabulary {name!r} must be a list of words")
            vocabularies.setdefault(name, []).extend(str(w).lower() for w in words)
        for index, entry in enumerate(data["rules"]):
            if not isinstance(entry, dict) or "id" not in entry:
                raise RulesError(f"{path}: rules[{index}] needs an `id`")
            existing = next((i for i, r in enumerate(rules) if r.id == entry["id"]), None)
            try:
                if existing is not None and not entry.get("require"):
                    override = RuleOverride.model_validate(entry)
                    changes = override.model_dump(exclude_none=True, exclude={"id"})
                    rules[existing] = rules[existing].model_copy(update=changes)
                    continue
                rule = Rule.model_validate(entry)
            except ValidationError as exc:
                raise RulesError(f"{path}: rule {entry['id']!r}: {_short(exc)}") from exc
            if not rule.declarative:
                raise RulesError(f"{path}: rule {rule.id!r} has no `require` conditions; an organisation's "
                                 "rule must say which field paths it requires.")
            for cond in [*rule.when, *rule.require]:
                error = check_path(cond.path)
                if error:
                    raise RulesError(f"{path}: rule {rule.id!r}: {error}")
            if existing is not None:
                rules[existing] = rule
            else:
                rules.append(rule)
    return RuleSet(rules=rules, vocabularies=vocabularies)


def _short(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())


# ---------------------------------------------------------------------------------------------------
# Declarative conditions over field paths
# ---------------------------------------------------------------------------------------------------

_STEP = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(\[\*\]|\[\d+\])?$")


def check_path(path: str) -> str | None:
    """None when `path` names fields of the Strategy schema; otherwise why not."""
    current: Any = Strategy
    for step in path.split("."):
        match = _STEP.match(step)
        if not match:
            return f"path {path!r}: step {step!r} is not a field name (optionally followed by [*] or [N])"
        name = match.group(1)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return f"path {path!r}: {step!r} is below a value that has no fields"
        fields = current.model_fields
        if name not in fields:
            return f"path {path!r}: {current.__name__} has no field {name!r} (fields: {', '.join(fields)})"
        annotation = fields[name].annotation
        # unwrap Optional / list / Fact[T]
        for _ in range(4):
            origin = get_origin(annotation)
            if origin is list:
                annotation = get_args(annotation)[0]
            elif origin is not None and type(None) in get_args(annotation):
                annotation = next(a for a in get_args(annotation) if a is not type(None))
            else:
                break
        current = annotation
    return None


def resolve(obj: Any, path: str) -> list[Any]:
    """Every value at `path` (lists are walked at `[*]` steps and at the end)."""
    values = [obj]
    for step in path.split("."):
        match = _STEP.match(step)
        if not match:
            return []
        name, index = match.group(1), match.group(2)
        nxt: list[Any] = []
        for value in values:
            child = getattr(value, name, None)
            if index == "[*]" and isinstance(child, list):
                nxt.extend(child)
            elif index and index != "[*]" and isinstance(child, list):
                i = int(index[1:-1])
                if i < len(child):
                    nxt.append(child[i])
            else:
                nxt.append(child)
        values = nxt
    flat: list[Any] = []
    for value in values:
        flat.extend(value if isinstance(value, list) else [value])
    return flat


def _scalar(value: Any) -> Any:
    if hasattr(value, "value") and type(value).__name__.startswith("Fact"):
        value = value.value
    if isinstance(value, Enum):
        return value.value
    return value


def _filled(value: Any) -> bool:
    value = _scalar(value)
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    if isinstance(value, BaseModel) and hasattr(value, "is_empty"):
        return not value.is_empty()
    return True


def _loose_eq(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return a == b


def _holds(cond: Condition, value: Any) -> bool:
    v = _scalar(value)
    if cond.non_empty is not None:
        return _filled(v) == cond.non_empty
    if cond.empty is not None:
        return (not _filled(v)) == cond.empty
    if cond.equals is not None:
        return _loose_eq(v, cond.equals)
    if cond.not_equals is not None:
        return not _loose_eq(v, cond.not_equals)
    if cond.in_ is not None:
        return any(_loose_eq(v, x) for x in cond.in_)
    if cond.not_in is not None:
        return not any(_loose_eq(v, x) for x in cond.not_in)
    if cond.matches is not None:
        return v is not None and re.search(cond.matches, str(v)) is not None
    return True


def condition_any(obj: Any, cond: Condition) -> bool:
    """`when`: some value at the path satisfies the condition."""
    return any(_holds(cond, v) for v in resolve(obj, cond.path))


def condition_all(obj: Any, cond: Condition) -> bool:
    """`require`: every value at the path satisfies it, and there is at least one (or min_count filled)."""
    values = resolve(obj, cond.path)
    if cond.min_count is not None:
        return sum(_filled(v) for v in values) >= cond.min_count
    return bool(values) and all(_holds(cond, v) for v in values)


def run_declarative(strategy: Any, rule: Rule) -> Iterator[Hit]:
    if not all(condition_any(strategy, c) for c in rule.when):
        return
    for cond in rule.require:
        if not condition_all(strategy, cond):
            because = f" (because {'; '.join(c.describe() for c in rule.when)})" if rule.when else ""
            text = rule.message.format(failed=cond.describe()) if rule.message else (
                f"{rule.title or rule.id}: required {cond.describe()}{because}.")
            yield Hit(text)
