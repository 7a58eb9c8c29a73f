"""Is this version ready to submit? What the Export page warns about before a download: failed validation
checks and open blocking review findings, each with its reason; an export despite them is audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.strategy import Strategy
from assistant.strategy.validate import validate_strategy
from assistant.workspace import ProjectRecord, get_workspace


@dataclass
class Readiness:
    failed_checks: list[str] = field(default_factory=list)  # "no_placeholders: 221 placeholder(s), e.g. ..."
    blocking: list[str] = field(default_factory=list)  # "§7 rule: message"
    reviewed_version: int | None = None  # the version the blocking findings come from
    not_reviewed: bool = False

    @property
    def ready(self) -> bool:
        return not self.failed_checks and not self.blocking

    def reasons(self) -> list[str]:
        out = []
        if self.failed_checks:
            out.append(f"Validation fails ({len(self.failed_checks)} check(s)): " + "; ".join(self.failed_checks))
        if self.blocking:
            out.append(f"{len(self.blocking)} blocking review finding(s) are open (review of version "
                       f"{self.reviewed_version}): " + "; ".join(self.blocking[:5])
                       + (f"; and {len(self.blocking) - 5} more" if len(self.blocking) > 5 else ""))
        return out


def readiness(project: ProjectRecord, strategy: Strategy) -> Readiness:
    report = validate_strategy(strategy)
    out = Readiness(failed_checks=[f"{c.check}: {c.detail}" for c in report.checks if not c.passed])
    last: dict[str, Any] = (project.settings or {}).get("last_review") or {}
    if not last:
        out.not_reviewed = True
        return out
    out.reviewed_version = last.get("version")
    for finding in last.get("findings", []):
        if finding.get("severity") == "blocking":
            where = f"§{finding['section']}" if finding.get("section") else "document"
            out.blocking.append(f"{where} {finding.get('rule')}: {finding.get('message')}")
    return out


def record_export(project: ProjectRecord, version: int, fmt: str, ready: Readiness) -> None:
    """Audit a download; one made despite warnings says so, with the warnings the user saw."""
    kind = "ui.exported" if ready.ready else "ui.exported_anyway"
    get_workspace().audit(project.key, kind, {"version": version, "format": fmt, "reasons": ready.reasons()})
