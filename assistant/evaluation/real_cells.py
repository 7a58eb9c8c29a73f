"""The filled cells of a drafted strategy, each with the catalogue key it states (from real_cell_keys.yaml).

Works on the strategy's public JSON shape (assistant/strategy/schema.py): a Fact is `{"value", "provenance"}`,
a table row a dict with `provenance` and `extra`. A row's provenance is every one of its cells' provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.strategy.schema import SECTIONS

CELL_KEYS_FILE = Path(__file__).with_name("real_cell_keys.yaml")
_NOT_CELLS = {"traceability", "external_references", "approval", "revision_history", "footer", "extra_content",
              "schema_version"}
_PLACEHOLDER = re.compile(r"^\s*(\[[^\]]*\]|tbd|tbc|n/?a|unknown|pending|-|—)\s*$", re.IGNORECASE)


@dataclass
class Cell:
    path: str                 # concrete: serving.performance_requirements[2].target
    pattern: str              # serving.performance_requirements[].target
    value: str
    row: dict[str, str] = field(default_factory=dict)   # the row's other columns (text), for subject and key_by
    evidence: list[str] = field(default_factory=list)
    basis: str | None = None
    key: str | None = None
    also: tuple[str, ...] = ()  # other keys whose statements may support this cell (an alert threshold is both)
    subject: str = ""

    @property
    def section(self) -> str:
        top = self.path.split(".")[0].split("[")[0]
        for info in SECTIONS:
            if info.field == top:
                return f"{info.number}"
        return "0"  # Document Control

    @property
    def is_claim(self) -> bool:
        """Presented as a fact of the project (not a labelled recommendation or assumption)."""
        return self.basis not in ("recommendation", "assumption")


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = str(value).strip()
    return None if not text or _PLACEHOLDER.match(text) else text


def _is_fact(node: Any) -> bool:
    return isinstance(node, dict) and set(node) == {"value", "provenance"}


def _is_row(node: Any) -> bool:
    return isinstance(node, dict) and "provenance" in node and "extra" in node


def _prov(node: dict[str, Any]) -> tuple[list[str], str | None]:
    prov = node.get("provenance") or {}
    return list(prov.get("evidence") or []), prov.get("basis")


def filled_cells(strategy: dict[str, Any]) -> list[Cell]:
    """Every non-empty value cell, in document order (traceability and references are scored apart)."""
    out: list[Cell] = []

    def walk(node: Any, path: str, pattern: str) -> None:
        if _is_fact(node):
            text = _scalar(node["value"])
            if text is not None:
                evidence, basis = _prov(node)
                out.append(Cell(path, pattern, text, evidence=evidence, basis=basis))
            return
        if _is_row(node):
            evidence, basis = _prov(node)
            texts = {k: t for k, v in node.items() if k not in ("provenance", "extra")
                     if (t := _scalar(v)) is not None}
            for column, text in texts.items():
                out.append(Cell(f"{path}.{column}", f"{pattern}.{column}", text,
                                row={k: t for k, t in texts.items() if k != column}, evidence=evidence, basis=basis))
            for name, value in node.items():
                if isinstance(value, (dict, list)) and name not in ("provenance", "extra"):
                    walk(value, f"{path}.{name}", f"{pattern}.{name}")
            return
        if isinstance(node, dict):
            for name, value in node.items():
                if name in ("provenance", "open_questions", "extra") or (not path and name in _NOT_CELLS):
                    continue
                child_path = f"{path}.{name}" if path else name
                if isinstance(value, (dict, list)):
                    walk(value, child_path, child_path if not pattern else f"{pattern}.{name}")
                elif name in ("applies_reason", "rag_applies", "applies", "jsp936_applies", "jsp936_reason"):
                    continue  # applicability is scored on its own
                elif (text := _scalar(value)) is not None:
                    out.append(Cell(child_path, child_path if not pattern else f"{pattern}.{name}", text))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]", f"{pattern}[]")

    walk(strategy, "", "")
    return out


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    return yaml.safe_load(CELL_KEYS_FILE.read_text(encoding="utf-8"))


def _key_by(text: str, fallback: str | None) -> str | None:
    for key, patterns in _table()["key_by_words"].items():
        if any(re.search(p, text, re.IGNORECASE) for p in patterns):
            return key
    return fallback


def assign_keys(cells: list[Cell]) -> list[Cell]:
    """Set `key` and `subject` on every cell the table maps (others keep key None: unmapped)."""
    rules = {rule["path"]: rule for rule in _table()["cells"]}
    for cell in cells:
        rule = rules.get(cell.pattern)
        if rule is None:
            continue
        when = rule.get("when") or {}
        if any(not re.search(rx, cell.row.get(col, "")) for col, rx in when.items()):
            continue
        key = rule.get("key")
        if "key_by" in rule:
            key = _key_by(cell.row.get(rule["key_by"], ""), key)
        if key is None:
            continue
        cell.key = key
        cell.also = tuple(k for k in rule.get("also") or [] if k != key)
        parts = [cell.row.get(col, "") for col in rule.get("subject") or []]
        parts.append(rule.get("subject_text", ""))
        cell.subject = " ".join(p for p in parts if p)
    return cells
