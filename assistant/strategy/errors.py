"""Errors of the strategy package; all are `InvalidInputError`s, so the CLI prints them and exits 2."""

from assistant.errors import InvalidInputError


class StrategySchemaError(InvalidInputError):
    """JSON that is valid JSON but breaks the strategy schema (the message names field and reason)."""


class NotAStrategyError(InvalidInputError):
    """Markdown that is not an ArcKit MLOps Strategy."""
