"""Reading strategies from files and JSON, with errors that name the file, the field and the reason."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import InvalidInputError
from assistant.strategy.errors import NotAStrategyError, StrategySchemaError
from assistant.strategy.parse import parse_markdown
from assistant.strategy.schema import Strategy


def describe_validation_error(exc: ValidationError, source: str) -> str:
    lines = [f"{source}: does not match the MLOps Strategy schema ({exc.error_count()} problem(s))"]
    for err in exc.errors()[:10]:
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"  - {loc}: {err['msg']}")
    return "\n".join(lines)


def strategy_from_json(text: str, source: str = "<json>") -> Strategy:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{source}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    try:
        return Strategy.model_validate(data)
    except ValidationError as exc:
        raise StrategySchemaError(describe_validation_error(exc, source)) from exc


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InvalidInputError(f"{path}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot be read ({exc.strerror})") from exc


def load_strategy(path: Path) -> tuple[Strategy, list[str]]:
    """A strategy from `.json` or ArcKit `.md`; returns (strategy, parse warnings)."""
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return strategy_from_json(text, str(path)), []

    try:
        result = parse_markdown(text)
    except NotAStrategyError as exc:
        raise NotAStrategyError(f"{path}: {exc}") from exc
    return result.strategy, result.warnings


def strategy_to_json(strategy: Strategy) -> str:
    return strategy.model_dump_json(indent=2, exclude_defaults=False) + "\n"
