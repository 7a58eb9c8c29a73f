"""Walk a strategy for the values it states and the provenance behind each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from assistant.strategy import SECTIONS, Fact, Provenance, Row, Strategy


@dataclass(frozen=True)
class Statement:
    section: int
    path: str
    text: str  # the stated values, joined
    free_text: str  # the values written as free text (enum choices such as "Level 1" and int fields left out)
    provenance: Provenance


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(_text(v) for v in value.values())
    return str(value)


def _scalars(model: BaseModel, *, with_enums: bool = True) -> str:
    """The values a row or fact states, without nested provenance."""
    parts = []
    for name in type(model).model_fields:
        if name == "provenance":
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel) or (not with_enums and (isinstance(value, Enum) or not isinstance(value, str | list))):
            continue  # free text only: enum choices, numbers of structure (principle 4) and flags left out
        parts.append(_text(value))
    return " ".join(part for part in parts if part)


def _walk(model: BaseModel, section: int, path: str) -> Iterator[Statement]:
    if isinstance(model, (Fact, Row)):
        text = _scalars(model)
        if text:
            yield Statement(section, path, text, _scalars(model, with_enums=False), model.provenance)
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel) and not isinstance(value, Provenance):
            yield from _walk(value, section, f"{path}.{name}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _walk(item, section, f"{path}.{name}[{index}]")


def statements(strategy: Strategy) -> Iterator[Statement]:
    """Every filled row or fact in the numbered sections, with its section number."""
    for info in SECTIONS:
        yield from _walk(getattr(strategy, info.field), info.number, info.field)


def open_question_count(strategy: Strategy) -> int:
    return sum(len(getattr(strategy, info.field).open_questions) for info in SECTIONS)
