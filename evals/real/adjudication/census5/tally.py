"""The census of every filled claim cell of the real-document drafts, brought to the drafts at 7bebb2e (session 13).

    python evals/real/adjudication/census5/tally.py

carried.yaml: the cells of the session-12 census (census4/) that the drafts at 7bebb2e still hold unchanged (same
project, table, row, value and citation; only row numbers may differ); each keeps the verdict its blind judge gave.
cells5F.yaml: the cells that are new or changed since, judged by a helper who saw no product code and no earlier
verdict (judge5F.yaml; JUDGE.md is what they were told). Prints the figures and every cell not held correct.
The changes since the census were led by what it found, so these are development figures.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CENSUS4 = HERE.parent / "census4"


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def _verdicts(cells: str, judged: str, folder: Path) -> dict[str, dict]:
    names = {c["n"]: c for c in yaml.safe_load((folder / cells).read_text())["cells"]}
    out = {}
    for j in yaml.safe_load((folder / judged).read_text())["verdicts"]:
        out[j["n"]] = {**names[j["n"]], **j}
    if set(out) != set(names):
        raise SystemExit(f"{judged}: the judge's cells are not the group's cells")
    return out


def main() -> int:
    earlier = {}
    for group in "ABCDE":
        earlier.update(_verdicts(f"cells4{group}.yaml", f"judge4{group}.yaml", CENSUS4))
    carried = [earlier[c["n"]] for c in yaml.safe_load((HERE / "carried.yaml").read_text())["carried"]]
    new = list(_verdicts("cells5F.yaml", "judge5F.yaml", HERE).values())
    cells = carried + new
    bad = [c for c in cells if c["verdict"] != "correct"]
    low, high = wilson(len(bad), len(cells))
    print(f"claim cells: {len(cells)} ({len(carried)} carried with their census verdicts, {len(new)} new or changed, "
          f"judged blind)")
    print(f"not correct: {len(bad)} = {len(bad) / len(cells):.3f} (Wilson 95% {low:.3f}-{high:.3f}); "
          f"precision {1 - len(bad) / len(cells):.3f}")
    print(f"the cited place states the value: {sum(bool(c['citation']) for c in cells)} of {len(cells)}")
    for c in bad:
        print(f"  {c['n']:4} {c['project']:28} {c['cell']:50} {str(c['value'])[:36]!r}: {c['verdict']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
