"""A blind census of every filled claim cell of the real-document drafts (issue 21, session 12).

    python evals/real/adjudication/census4/tally.py

cells4{A,B,C,D}.yaml: all 356 claim cells of the offline drafts of the seven projects at 8a34243 (project, schema
path, row, value, where the draft cites it), shuffled within four groups of projects. judge4{A,B,C,D}.yaml: four
helpers, who saw no product code, no scorer verdict and no earlier judgement, each judged one group against the
project's own and global documents (JUDGE.md is what they were told). scorer4.yaml: the automatic scorer's
verdict per cell against the extended gold, kept from the judges. Prints the census figures, the agreement
between scorer and judges, and every cell a judge held not correct.

Then the same for the drafts at f781630, after the changes the census led to: carried.yaml lists the census cells
those drafts still hold unchanged (same table, row, value and citation; only row numbers may differ), which keep
their verdicts; cells4E.yaml holds the 29 cells that are new or changed, judged by a fifth blind helper
(judge4E.yaml).
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
GROUPS = "ABCD"


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def main() -> int:
    scorer = {v["n"]: v["scorer"] for v in yaml.safe_load((HERE / "scorer4.yaml").read_text())["verdicts"]}
    verdicts: Counter[str] = Counter()
    cited: Counter[bool] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    flagged = []
    for group in GROUPS:
        cells = {c["n"]: c for c in yaml.safe_load((HERE / f"cells4{group}.yaml").read_text())["cells"]}
        judged = yaml.safe_load((HERE / f"judge4{group}.yaml").read_text())["verdicts"]
        if {j["n"] for j in judged} != set(cells):
            raise SystemExit(f"group {group}: the judge's cells are not the group's cells")
        for j in judged:
            verdicts[j["verdict"]] += 1
            cited[bool(j["citation"])] += 1
            both[(scorer[j["n"]], j["verdict"])] += 1
            if j["verdict"] != "correct":
                flagged.append((j["n"], cells[j["n"]], j))
    total = sum(verdicts.values())
    bad = total - verdicts["correct"]
    low, high = wilson(bad, total)
    print(f"cells judged: {total}; correct {verdicts['correct']}, wrong {verdicts['wrong']}, "
          f"unsupported {verdicts['unsupported']}")
    print(f"wrong+unsupported share: {bad / total:.3f} (Wilson 95% {low:.3f}-{high:.3f}); "
          f"precision {verdicts['correct'] / total:.3f}")
    print(f"citation states the value: {cited[True]} of {total} ({cited[True] / total:.3f})")
    said_bad = sum(n for (s, _), n in both.items() if s != "correct")
    print(f"scorer called {said_bad} cells wrong or invented ({said_bad / total:.3f}); of those, judges held "
          f"{sum(n for (s, j), n in both.items() if s != 'correct' and j == 'correct')} correct; of the "
          f"{bad} the judges held not correct, the scorer had called "
          f"{sum(n for (s, j), n in both.items() if s == 'correct' and j != 'correct')} correct")
    for n, cell, judged in flagged:
        print(f"  {n:4} {cell['project']:28} {cell['cell']:50} {cell['value'][:36]!r}: {judged['verdict']}"
              f" (scorer: {scorer[n]})")
    _at_head({n: j["verdict"] for n, _, j in flagged})
    return 0


def _at_head(not_correct: dict[str, str]) -> None:
    carried = yaml.safe_load((HERE / "carried.yaml").read_text())
    new = yaml.safe_load((HERE / "judge4E.yaml").read_text())["verdicts"]
    cells = {c["n"]: c for c in yaml.safe_load((HERE / "cells4E.yaml").read_text())["cells"]}
    if {j["n"] for j in new} != set(cells):
        raise SystemExit("group E: the judge's cells are not the group's cells")
    verdicts = [not_correct.get(c["n"], "correct") for c in carried["carried"]] + [j["verdict"] for j in new]
    bad = sum(v != "correct" for v in verdicts)
    low, high = wilson(bad, len(verdicts))
    print(f"\nat {carried['commit']}: {len(verdicts)} cells ({len(carried['carried'])} carried, {len(new)} new or "
          f"changed); not correct {bad} ({bad / len(verdicts):.3f}, Wilson 95% {low:.3f}-{high:.3f})")
    for j in new:
        if j["verdict"] != "correct":
            c = cells[j["n"]]
            print(f"  {j['n']:4} {c['project']:28} {c['cell']:50} {c['value'][:36]!r}: {j['verdict']}")
    for c in carried["carried"]:
        if c["n"] in not_correct:
            print(f"  {c['n']:4} {c['project']:28} {c['cell']:50} (carried): {not_correct[c['n']]}")


if __name__ == "__main__":
    raise SystemExit(main())
