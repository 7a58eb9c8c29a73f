"""The census of every filled claim cell of the real-document drafts, brought to the drafts at c9fbc02 (session 15).

    python evals/real/adjudication/census6/tally.py

carried.yaml: the judged cells (census4/, census5/, and this folder's cells6G.yaml, judged at 4aa919a) that the
drafts at c9fbc02 still hold unchanged (same project, table, row, value and citation; only row numbers may differ);
each keeps the verdict its blind judge gave. cells6G.yaml (at 4aa919a) and cells6H.yaml (at c9fbc02): the cells new
or changed since census5, each group judged by a helper who saw no product code and no earlier verdict
(judge6G.yaml, judge6H.yaml; JUDGE.md and JUDGE_H.md are what they were told). The changes since the first census were led by what the
censuses found, so these are development figures.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("census5_tally", HERE.parent / "census5" / "tally.py")
assert _spec and _spec.loader
census5 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(census5)  # one Wilson interval and one reader of a judged group (census5/tally.py)


def main() -> int:
    earlier = {}
    for group in "ABCDE":
        earlier.update(census5._verdicts(f"cells4{group}.yaml", f"judge4{group}.yaml", census5.CENSUS4))
    earlier.update(census5._verdicts("cells5F.yaml", "judge5F.yaml", HERE.parent / "census5"))
    earlier.update(census5._verdicts("cells6G.yaml", "judge6G.yaml", HERE))
    carried = [earlier[c["n"]] for c in yaml.safe_load((HERE / "carried.yaml").read_text())["carried"]]
    new = list(census5._verdicts("cells6H.yaml", "judge6H.yaml", HERE).values())
    cells = carried + new
    bad = [c for c in cells if c["verdict"] != "correct"]
    low, high = census5.wilson(len(bad), len(cells))
    print(f"claim cells: {len(cells)} ({len(carried)} carried with their census verdicts, {len(new)} new or changed, "
          f"judged blind)")
    print(f"not correct: {len(bad)} = {len(bad) / len(cells):.3f} (Wilson 95% {low:.3f}-{high:.3f}); "
          f"precision {1 - len(bad) / len(cells):.3f}")
    print(f"the cited place states the value: {sum(str(c['citation']).lower() in ('yes', 'true') for c in cells)} "
          f"of {len(cells)}")
    for c in bad:
        print(f"  {c['n']:4} {c['project']:28} {c['cell']:50} {str(c['value'])[:36]!r}: {c['verdict']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
