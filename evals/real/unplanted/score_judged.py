"""Score review findings on the unplanted development strategies against hand verdicts, per strategy and per rule.

    python evals/real/unplanted/score_judged.py DIR [DIR ...]

Each DIR holds `<p>.json` files written by `run_review.py --out`. Every finding is matched to a verdict in
`development_verdicts.yaml` by its rule and a phrase of its message (the first verdict whose phrase the message
contains); a finding no verdict matches is printed as UNJUDGED and counted apart, so that a new finding is judged by
hand before it is counted. Pooled precision per rule sums over the strategies.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
STRATEGIES = ("v2", "v6", "v21", "v48", "v11", "v52")


def main(argv: list[str]) -> int:
    verdicts = yaml.safe_load((HERE / "development_verdicts.yaml").read_text("utf-8"))
    for folder in map(Path, argv):
        per_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        print(f"## {folder}\n\n| strategy | findings | true | false | unjudged | precision | false 'missing' | "
              "defects caught |\n|---|---|---|---|---|---|---|---|")
        totals = [0, 0, 0, 0]
        for p in STRATEGIES:
            path = folder / f"{p}.json"
            if not path.is_file():
                continue
            findings = json.loads(path.read_text("utf-8"))["findings"]
            true = false = unjudged = missing = 0
            caught: set[str] = set()
            for f in findings:
                v = next((v for v in verdicts.get(p, []) if v["rule"] == f["rule"] and v["match"] in f["message"]),
                         None)
                if v is None:
                    unjudged += 1
                    print(f"UNJUDGED {p}: [{f['rule']}] {f['message'][:200]}", file=sys.stderr)
                    continue
                if v["verdict"]:
                    caught.update(re.findall(r"\bD\d{2}\b", v["reason"]))  # the answer-key defect it names
                    true += 1
                    per_rule[f["rule"]][0] += 1
                else:
                    false += 1
                    per_rule[f["rule"]][1] += 1
                    missing += bool(v.get("false_missing"))
            judged = true + false
            key = yaml.safe_load((HERE / f"{p}-hurried-strategy.defects.yaml").read_text("utf-8"))["defects"]
            print(f"| {p} | {len(findings)} | {true} | {false} | {unjudged} | "
                  f"{true / judged if judged else 1:.2f} | {missing} | {len(caught)}/{len(key)} |")
            for i, n in enumerate((true, false, unjudged, missing)):
                totals[i] += n
        judged = totals[0] + totals[1]
        print(f"| **all** | {sum(totals[:3])} | {totals[0]} | {totals[1]} | {totals[2]} | "
              f"**{totals[0] / judged if judged else 1:.2f}** | {totals[3]} | |\n")
        print("| rule | true | false | pooled precision |\n|---|---|---|---|")
        for rule, (t, f) in sorted(per_rule.items(), key=lambda kv: (kv[1][0] / sum(kv[1]), kv[0])):
            print(f"| {rule} | {t} | {f} | {t / (t + f):.2f} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
