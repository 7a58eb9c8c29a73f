"""Hand adjudication of the real-document scorer (issue 21): how often its verdicts on filled cells are right.

    python evals/real/adjudication/tally.py

Sample (cells.yaml, drawn with a fixed seed from the offline drafts scored at 6d9712f): all 13 cells the scorer
called wrong or invented, and 40 of the 304 it called correct (the 7 marking cells left out), shuffled, with no
verdicts. judge1.yaml: a helper who saw no product code and no verdict judged all 53 against the projects' own
documents. judge2.yaml: a second such helper judged the 16 cells on which the scorer and the first judge
disagreed (told, unlike the first, to search the repositories' global documents too). A cell's verdict is the
majority of the three (scorer, judge 1, judge 2), or the shared verdict where the scorer and judge 1 agree.
The estimate scales each stratum's adjudicated error share to its size; the interval is Wilson's on the
larger (scorer-correct) stratum, which dominates it.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
FILLED, SCORER_ERRORS, MARKING_CELLS = 324, 13, 7  # the drafts scored at 6d9712f (evals/real/reports/SUMMARY.md)


def _wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def main() -> int:
    cells = {c["n"]: c for c in yaml.safe_load((HERE / "cells.yaml").read_text())["cells"]}
    scorer = {k["n"]: k["scorer"] == "correct" for k in yaml.safe_load((HERE / "scorer.yaml").read_text())["key"]}
    judge1 = {j["n"]: j["verdict"] == "correct" for j in yaml.safe_load((HERE / "judge1.yaml").read_text())["judgements"]}
    judge2 = {j["n"]: j["verdict"] == "correct" for j in yaml.safe_load((HERE / "judge2.yaml").read_text())["judgements"]}
    final = {n: (sum((scorer[n], judge1[n], judge2[n])) >= 2) if n in judge2 else judge1[n] for n in cells}
    said_correct = [n for n in cells if scorer[n]]
    said_wrong = [n for n in cells if not scorer[n]]
    bad_in_correct = sum(not final[n] for n in said_correct)
    bad_in_wrong = sum(not final[n] for n in said_wrong)
    print(f"scorer said correct: {len(said_correct)} sampled, {bad_in_correct} not correct after adjudication")
    print(f"scorer said wrong/invented: {len(said_wrong)} (all), {bad_in_wrong} not correct after adjudication")
    print(f"judge 1 agreed with the scorer on {sum(scorer[n] == judge1[n] for n in cells)} of {len(cells)}")
    pool = FILLED - SCORER_ERRORS - MARKING_CELLS
    low, high = _wilson(bad_in_correct, len(said_correct))
    estimate = (pool * bad_in_correct / len(said_correct) + bad_in_wrong) / FILLED
    print(f"estimated wrong+unsupported share of filled cells: {estimate:.3f} "
          f"(95% range {(pool * low + bad_in_wrong) / FILLED:.3f}-{(pool * high + bad_in_wrong) / FILLED:.3f}); "
          f"the scorer's own figure: {SCORER_ERRORS / FILLED:.3f}")
    for n in sorted(cells):
        if not final[n] or scorer[n] != final[n]:
            c = cells[n]
            print(f"  {n:2} {c['project']:28} {c['cell']:50} {c['value'][:40]!r}: scorer "
                  f"{'correct' if scorer[n] else 'error'}, adjudicated {'correct' if final[n] else 'error'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
