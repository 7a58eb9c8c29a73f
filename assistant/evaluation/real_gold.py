"""Gold annotations of the real-document eval set (`evals/real/gold/<project>.yaml`), read as data.

The gold files were written by annotators who read the projects' own documents and no code; this module only
loads them into typed records. Nothing here knows a project's values.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.config import PROJECT_ROOT
from assistant.errors import InvalidInputError

REAL_DIR = PROJECT_ROOT / "evals" / "real"
GOLD_DIR = REAL_DIR / "gold"
# Which gold statements have a slot in the template, judged blind (evals/real/adjudication/placeable/README.md).
PLACEABLE_DIR = REAL_DIR / "adjudication" / "placeable"
FIELDS_FILE = REAL_DIR / "fields.yaml"


@dataclass(frozen=True)
class Statement:
    """One value a source states for one key (value as written, with unit, comparator, subject, where)."""

    key: str
    value: str
    unit: str = ""
    comparator: str = ""
    subject: str = ""
    where: str = ""


@dataclass(frozen=True)
class NotValue:
    key: str
    value: str
    why: str = ""


@dataclass(frozen=True)
class GoldDocument:
    id: str
    file: str
    type: str = ""
    classification: str | None = None
    superseded_by: str | None = None


@dataclass
class Gold:
    project: str
    repository: str
    commit: str
    folder: str
    project_number: str
    project_name: str
    documents: list[GoldDocument]
    marking: str | None
    risk_level: str | None
    applicability: dict[str, str]          # section_9_genai / section_13_uk_gov / jsp_936 -> yes | no | partly
    models: list[dict[str, Any]]
    requirement_ids: list[str]
    ml_requirement_ids: list[str]
    statements: list[Statement]
    not_stated: set[str]
    not_values: list[NotValue]
    source: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Ids of the statements a blind reader judged to have a slot in the template (None: not judged).
    placeable: set[str] | None = None

    def statement_ids(self) -> dict[str, Statement]:
        """Each statement under a stable id, its key and its place among that key's entries ("budget#2")."""
        seen: Counter[str] = Counter()
        out = {}
        for statement in self.statements:
            out[f"{statement.key}#{seen[statement.key]}"] = statement
            seen[statement.key] += 1
        return out

    def by_key(self, key: str) -> list[Statement]:
        return [s for s in self.statements if s.key == key]

    @property
    def stated_keys(self) -> set[str]:
        return {s.key for s in self.statements}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _risk(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("value")
    return _text(value) or None


def load_gold(path: Path) -> Gold:
    """One gold file; a missing required key is named in the error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInputError(f"{path}: cannot read gold file ({exc})") from exc
    if not isinstance(data, dict):
        raise InvalidInputError(f"{path}: a gold file is a mapping")
    for required in ("project", "commit", "folder", "fields"):
        if required not in data:
            raise InvalidInputError(f"{path}: gold file has no '{required}'")
    docs = [*(data.get("documents") or []), *(data.get("global_documents") or [])]
    statements: list[Statement] = []
    for key, entries in (data.get("fields") or {}).items():
        for entry in entries or []:
            if not isinstance(entry, dict) or "value" not in entry:
                raise InvalidInputError(f"{path}: fields.{key} has an entry without a value")
            statements.append(Statement(key=key, value=_text(entry["value"]), unit=_text(entry.get("unit")),
                                        comparator=_text(entry.get("comparator")),
                                        subject=_text(entry.get("subject")), where=_text(entry.get("where"))))
    applicability = {name: _text((entry or {}).get("value")).lower()
                     for name, entry in (data.get("applicability") or {}).items()}
    return Gold(
        project=str(data["project"]), repository=_text(data.get("repository")), commit=_text(data["commit"]),
        folder=_text(data["folder"]), project_number=_text(data.get("project_number")),
        project_name=_text(data.get("project_name")),
        documents=[GoldDocument(id=_text(d.get("id")), file=_text(d.get("file")), type=_text(d.get("type")),
                                classification=_text(d.get("classification")) or None,
                                superseded_by=_text(d.get("superseded_by")) or None) for d in docs],
        marking=_text(data.get("marking")) or None, risk_level=_risk(data.get("risk_level")),
        applicability=applicability, models=list(data.get("models") or []),
        requirement_ids=[str(x) for x in data.get("requirement_ids") or []],
        ml_requirement_ids=[str(x) for x in data.get("ml_requirement_ids") or []],
        statements=statements, not_stated=set(data.get("not_stated") or []),
        not_values=[NotValue(key=_text(n.get("key")), value=_text(n.get("value")), why=_text(n.get("why")))
                    for n in data.get("not_values") or []],
        source=path,
        extra={k: data[k] for k in ("excluded_ids", "ml_requirement_ids_borderline", "notes") if k in data},
    )


def load_all(gold_dir: Path = GOLD_DIR, only: list[str] | None = None,
             placeable_dir: Path | None = PLACEABLE_DIR) -> list[Gold]:
    golds = [load_gold(p) for p in sorted(gold_dir.glob("*.yaml"))]
    if placeable_dir is not None:
        for gold in golds:
            load_placeable(gold, placeable_dir)
    if only:
        unknown = set(only) - {g.project for g in golds}
        if unknown:
            raise InvalidInputError(f"no gold file for project(s): {', '.join(sorted(unknown))} (in {gold_dir})")
        golds = [g for g in golds if g.project in only]
    return golds


def catalogue_keys(path: Path = FIELDS_FILE) -> set[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return set((data.get("keys") or {}).keys())


def load_placeable(gold: Gold, folder: Path) -> None:
    """Attach `folder/<project>.tsv` (id, placeable yes/no, slot, why), when there is one, as `gold.placeable`;
    an id the gold does not have is named in the error (the two files must be written from the same gold)."""
    path = folder / f"{gold.project}.tsv"
    if not path.is_file():
        return
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    known = gold.statement_ids()
    unknown = [r.get("id") for r in rows if r.get("id") not in known]
    if unknown or len(rows) != len(known):
        raise InvalidInputError(f"{path}: does not match the gold's statements (unknown ids: {unknown[:5]}, "
                                f"{len(rows)} rows for {len(known)} statements)")
    gold.placeable = {r["id"] for r in rows if (r.get("placeable") or "").strip().lower() == "yes"}
