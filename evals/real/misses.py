"""Where the draft's coverage misses are: the placeable gold statements no correct cell found, counted by the
ArcKit document type the gold says states them, and by document type and field.

    python evals/real/misses.py REPORT_DIR [--key data_volume --key ...]

REPORT_DIR is a real-document run's --out folder (one <project>.json per project scored). With --key, each miss of
that field is listed (project, value, subject, where). Reads only our gold annotations and the report.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.evaluation.real_documents import _label  # noqa: E402
from assistant.evaluation.real_gold import GOLD_DIR, load_all  # noqa: E402

_TYPE = re.compile(r"ARC-\d{3}-([A-Z]+)")
# The documents ArcKit writes as the authority on what a strategy's cells hold (issue 21, part 2).
AUTHORITATIVE = frozenset({"REQ", "AIPB", "ATRS", "DPIA", "DATA", "DEVOPS", "FINOPS"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--key", action="append", default=[])
    args = parser.parse_args(argv)
    by_type: Counter[str] = Counter()
    by_field: Counter[tuple[str, str]] = Counter()
    total = 0
    for gold in load_all(GOLD_DIR, None):
        report = args.report / f"{gold.project}.json"
        if not report.is_file() or gold.placeable is None:
            continue
        found = set(json.loads(report.read_text(encoding="utf-8"))["coverage_found"])
        for sid, statement in gold.statement_ids().items():
            if sid not in gold.placeable or _label(statement) in found:
                continue
            total += 1
            where = str(getattr(statement, "where", ""))
            types = sorted(set(_TYPE.findall(where))) or ["?"]
            by_type["+".join(types)] += 1
            for kind in types:
                by_field[(kind, statement.key)] += 1
            if statement.key in args.key:
                print(f"{gold.project} | {statement.key} | {statement.value} | {statement.subject} | {where}")
    stated_in_authority = sum(n for types, n in by_type.items() if set(types.split("+")) & AUTHORITATIVE)
    print(f"placeable statements missed: {total}; stated in an authoritative document (alone or with others): "
          f"{stated_in_authority}")
    for types, n in by_type.most_common():
        print(f"  {types}: {n}")
    print("by authoritative document and field:")
    for (kind, key), n in by_field.most_common():
        if kind in AUTHORITATIVE and n >= 2:
            print(f"  {kind} {key}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
