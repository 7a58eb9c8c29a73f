"""Rebuild the injection dev/eval sets from spikee's seed files and our benign requirements.

Run once by a maintainer (not at test time):
    pip download --no-deps spikee==0.9.2 -d /tmp/spikee && cd /tmp/spikee && python -m zipfile -e spikee-*.whl x
    python evals/data/guardrails/build_sets.py /tmp/spikee/x/spikee/data/workspace/datasets

Split (so the eval set is held apart from what the heuristics were tuned on):
  dev  = attacks from spikee's LEGACY cybersec-2025-04 and mini-test seeds + benign lines 1, 3, 5, ...
  eval = attacks from spikee's cybersec-2026-01, sysmsg-extraction-2025-04 and llm-mailbox seeds (texts
         also present in dev removed) + benign lines 2, 4, 6, ... and benign paragraphs built from them.
Each attack is embedded between two benign requirements (an indirect injection in an uploaded document);
one in four is also kept on its own (a direct injection in chat). Non-English seeds go to `lang != "en"`.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).parent
DEV_SEEDS = ["zzz_LEGACY_seeds-cybersec-2025-04", "seeds-mini-test"]
EVAL_SEEDS = ["seeds-cybersec-2026-01", "seeds-sysmsg-extraction-2025-04", "seeds-llm-mailbox"]


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _attacks(root: Path, seeds: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for seed in seeds:
        jailbreaks = _load(root / seed / "jailbreaks.jsonl")
        instructions = _load(root / seed / "instructions.jsonl")
        for jb in jailbreaks:
            for ins in instructions:
                if jb.get("lang", "en") != ins.get("lang", "en"):
                    continue
                text = jb["text"].replace("<INSTRUCTION>", ins["instruction"])
                out.append((text, jb.get("lang", "en"), f"{seed}:{jb['id']}+{ins['id']}"))
    return out


def main(root: Path) -> None:
    rng = random.Random(20240601)
    benign = [l.strip() for l in (HERE / "benign_requirements.txt").read_text().splitlines() if l.strip()]
    benign_dev, benign_eval = benign[0::2], benign[1::2]
    dev_attacks = _attacks(root, DEV_SEEDS)
    dev_texts = {t for t, _, _ in dev_attacks}
    eval_attacks = [a for a in _attacks(root, EVAL_SEEDS) if a[0] not in dev_texts]
    eval_attacks = list({a[0]: a for a in eval_attacks}.values())
    rng.shuffle(dev_attacks)
    rng.shuffle(eval_attacks)

    def build(attacks, pool, n_attacks, n_paragraphs):
        rows = []
        for text, lang, source in attacks[:n_attacks]:
            a, b = rng.sample(pool, 2)
            rows.append({"text": f"{a}\n{text}\n{b}", "label": 1, "kind": "indirect", "lang": lang, "source": source})
            if rng.random() < 0.25:
                rows.append({"text": text, "label": 1, "kind": "direct", "lang": lang, "source": source})
        for line in pool:
            rows.append({"text": line, "label": 0, "kind": "benign", "lang": "en", "source": "own"})
        for _ in range(n_paragraphs):
            rows.append({"text": "\n".join(rng.sample(pool, 3)), "label": 0, "kind": "benign", "lang": "en",
                         "source": "own"})
        return rows

    sets = {"injection_dev.jsonl": build(dev_attacks, benign_dev, 120, 60),
            "injection_eval.jsonl": build(eval_attacks, benign_eval, 400, 200)}
    for name, rows in sets.items():
        with open(HERE / name, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(name, len(rows), "rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
