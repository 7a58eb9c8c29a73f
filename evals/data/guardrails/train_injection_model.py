"""Train the learned injection classifier: `python evals/data/guardrails/train_injection_model.py`.

Writes `assistant/guardrails/injection_model.json` (per head: 384 coefficients over all-MiniLM-L6-v2 sentence
embeddings, intercept, threshold). Deterministic: fixed seeds, lbfgs, sorted inputs; embeddings come from the
project's embedder (`embedding_backend` setting, ONNX int8 by default) and are cached under
~/.cache/mlops-assistant-injection-train/ to make reruns quick (delete it to recompute).

Training data (sentence level; only sentences that pass the run-time lexical pre-filter):
- injection_dev.jsonl, injection_blind.jsonl, injection_own.jsonl (all development sets, see README.md);
- template-generated attacks and benign look-alikes from `injection_synth.py`.
NOT used: injection_eval.jsonl (the spikee-derived held-apart set, kept whole as a test set) and
injection_heldout2.jsonl (the lead's blind set; never opened here).
Attack rows hold benign requirement sentences too, so labels are multiple-instance: round 1 treats every
candidate sentence of an attack row (minus sentences that also occur in benign rows) as positive; round 2 keeps,
per attack row, the sentences round 1 scores >= 0.5 and always the top one.

Heads: `document` (all of the above, chat-benign excluded) and `chat` (positives: generated chat attacks and
the dev set's spikee attacks; negatives: generated legitimate chat requests and benign requirements).
Threshold: 5-fold grouped cross-validation (a generated template, or a hand-written row, is one group), out-of-fold
row scores combined with the heuristics (OR), lowest threshold whose combined false-positive rate on the
out-of-fold benign rows is <= TARGET_FP. C is chosen the same way from a small grid.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from injection_synth import generate  # noqa: E402

from assistant.guardrails import injection_model  # noqa: E402
from assistant.guardrails.injection import detect_injection  # noqa: E402

HERE = Path(__file__).parent
TRAIN_SETS = ("injection_dev.jsonl", "injection_blind.jsonl", "injection_own.jsonl")
CACHE = Path.home() / ".cache" / "mlops-assistant-injection-train"
TARGET_FP = 0.01  # added false positives on hand-written benign rows
TARGET_FP_SYNTH = 0.02  # on generated benign look-alikes
VERBOSE = '-v' in sys.argv
C_GRID = (2.0, 8.0, 32.0)
FOLDS = 5
SEED = 20261127


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _embed_all(texts: list[str]) -> tuple[dict[str, np.ndarray], str]:
    from assistant.config import get_settings
    from assistant.retrieval.embeddings import get_embedder

    embedder = get_embedder(injection_model.EMBEDDING_MODEL, get_settings().embedding_backend)
    CACHE.mkdir(parents=True, exist_ok=True)
    cache_file = CACHE / f"{embedder.backend}.npz"
    cached: dict[str, np.ndarray] = {}
    if cache_file.exists():
        data = np.load(cache_file, allow_pickle=False)
        cached = dict(zip(data["texts"].tolist(), data["vectors"]))
    missing = sorted(set(texts) - set(cached))
    if missing:
        print(f"embedding {len(missing)} sentences with {embedder.backend} ...", flush=True)
        vectors = embedder.embed(missing, batch_size=64)
        cached.update(zip(missing, vectors))
        keys = sorted(cached)
        np.savez(cache_file, texts=np.array(keys), vectors=np.stack([cached[k] for k in keys]))
    return {t: cached[t] for t in texts}, embedder.backend


def build(head: str) -> list[dict]:
    """Rows of one head: {group, label, sentences (normalised candidates), heuristic (bool), origin}."""
    source = "chat" if head == "chat" else "document"
    rows: list[dict] = []
    for name in TRAIN_SETS:
        for i, r in enumerate(_rows(name)):
            if head == "chat" and r["label"] == 1 and name != "injection_dev.jsonl":
                continue  # hand-written indirect attacks (vocatives, output edits) are legitimate chat requests
            rows.append({"group": f"{name}:{i}", "label": r["label"], "text": r["text"], "origin": name,
                         "lang": r.get("lang", "en")})
    for r in generate(SEED):
        if head == "document" and r["template"].startswith("chat-benign"):
            continue
        if head == "chat" and r["template"].startswith("doc-attack"):
            continue
        rows.append({"group": r["template"], "label": r["label"], "text": r["text"], "origin": "synth:" + r["mode"],
                     "lang": "en"})
    benign_sentences = {s for r in rows if r["label"] == 0 for s in injection_model.candidates(r["text"], source)}
    for r in rows:
        sents = injection_model.candidates(r["text"], source)
        if r["label"] == 1:
            sents = [s for s in sents if s not in benign_sentences]
        r["sentences"] = sents
        r["heuristic"] = detect_injection(r["text"], source=source, use_classifier=False).flagged
    return rows


def _fit(rows: list[dict], vec: dict[str, np.ndarray], C: float):
    from sklearn.linear_model import LogisticRegression

    def fit(pairs):
        X = np.stack([vec[s] for s, _ in pairs])
        y = np.array([lab for _, lab in pairs])
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, solver="lbfgs")
        model.fit(X, y)
        return model

    neg = sorted({s for r in rows if r["label"] == 0 for s in r["sentences"]})
    pos_bags = [r["sentences"] for r in rows if r["label"] == 1 and r["sentences"]]
    pos = sorted({s for bag in pos_bags for s in bag} - set(neg))
    model = fit([(s, 0) for s in neg] + [(s, 1) for s in pos])
    keep: set[str] = set()
    for bag in pos_bags:  # multiple-instance refinement: the attack sentence(s) of each attack row
        probs = model.predict_proba(np.stack([vec[s] for s in bag]))[:, 1]
        keep.add(bag[int(np.argmax(probs))])
        keep.update(s for s, p in zip(bag, probs) if p >= 0.5)
    pos = sorted(keep - set(neg))
    return fit([(s, 0) for s in neg] + [(s, 1) for s in pos])


def _row_scores(model, rows, vec) -> np.ndarray:
    out = np.zeros(len(rows))
    for i, r in enumerate(rows):
        if r["sentences"]:
            out[i] = model.predict_proba(np.stack([vec[s] for s in r["sentences"]]))[:, 1].max()
    return out


def _folds(rows: list[dict]) -> np.ndarray:
    groups = sorted({r["group"] for r in rows})
    fold_of = {g: int(hashlib.sha256(f"{SEED}:{g}".encode()).hexdigest(), 16) % FOLDS for g in groups}
    return np.array([fold_of[r["group"]] for r in rows])


def _pick_threshold(rows, oof) -> tuple[float, dict]:
    labels = np.array([r["label"] for r in rows])
    heur = np.array([r["heuristic"] for r in rows])
    real = np.array([not r["origin"].startswith("synth") for r in rows])
    best = None
    for t in np.round(np.arange(0.30, 0.995, 0.01), 2):
        # false positives the classifier ADDS (benign rows the heuristics pass but the classifier flags)
        added = (oof >= t) & ~heur
        fp_real = added[(labels == 0) & real].mean()
        fp_synth = added[(labels == 0) & ~real].mean()
        if VERBOSE and round(t * 100) % 5 == 0:
            det = (heur | (oof >= t))[labels == 1]
            print(f"    t={t:.2f} det_real={det[real[labels == 1]].mean():.3f} det_synth={det[~real[labels == 1]].mean():.3f}"
                  f" added_fp_real={fp_real:.3f} added_fp_synth={fp_synth:.3f}")
        if fp_real <= TARGET_FP and fp_synth <= TARGET_FP_SYNTH:
            best = float(t) if best is None else best
            if not VERBOSE:
                break
    best = best if best is not None else 0.99
    flagged = heur | (oof >= best)
    stats = {
        "threshold": best,
        "oof_detection_real": round(float(flagged[(labels == 1) & real].mean()), 4),
        "oof_detection_synth": round(float(flagged[(labels == 1) & ~real].mean()), 4),
        "oof_fp_real": round(float(flagged[(labels == 0) & real].mean()), 4),
        "oof_fp_synth": round(float(flagged[(labels == 0) & ~real].mean()), 4),
        "heuristics_only_detection_real": round(float(heur[(labels == 1) & real].mean()), 4),
        "heuristics_only_detection_synth": round(float(heur[(labels == 1) & ~real].mean()), 4),
    }
    return best, stats


def prefilter_recall(rows: list[dict]) -> dict:
    attacks = [r for r in rows if r["label"] == 1 and r["lang"] == "en"]
    hit = [r for r in attacks if r["sentences"]]
    return {"attack_rows": len(attacks), "with_candidate": len(hit),
            "recall": round(len(hit) / max(len(attacks), 1), 4),
            "misses": [r["text"][:100] for r in attacks if not r["sentences"]][:10]}


def train_head(head: str) -> dict:
    rows = build(head)
    vec, backend = _embed_all(sorted({s for r in rows for s in r["sentences"]}))
    folds = _folds(rows)
    results = {}
    for C in C_GRID:
        oof = np.zeros(len(rows))
        for k in range(FOLDS):
            train = [r for r, f in zip(rows, folds) if f != k]
            test_idx = [i for i, f in enumerate(folds) if f == k]
            model = _fit(train, vec, C)
            oof[test_idx] = _row_scores(model, [rows[i] for i in test_idx], vec)
        t, stats = _pick_threshold(rows, oof)
        results[C] = (t, stats)
        print(f"[{head}] C={C}: {stats}", flush=True)
    # the hand-written sets were the heuristics' tuning data, so generated attacks (whole templates held out)
    # are the informative part of the out-of-fold detection
    C = max(C_GRID, key=lambda c: (results[c][1]["oof_detection_synth"], results[c][1]["oof_detection_real"], -c))
    t, stats = results[C]
    model = _fit(rows, vec, C)
    return {
        "coef": [round(float(x), 7) for x in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 7),
        "threshold": t,
        "C": C,
        "validation": stats,
        "prefilter_recall": prefilter_recall(rows),
        "rows": {"attack": sum(r["label"] for r in rows), "benign": sum(1 - r["label"] for r in rows),
                 "sentences": len({s for r in rows for s in r["sentences"]})},
        "backend": backend,
    }


def main() -> None:
    heads = {head: train_head(head) for head in ("document", "chat")}
    out = {
        "embedding_model": injection_model.EMBEDDING_MODEL,
        "dimension": len(heads["document"]["coef"]),
        "trained_on": list(TRAIN_SETS) + ["injection_synth.py (seed %d)" % SEED],
        "not_trained_on": ["injection_eval.jsonl", "injection_heldout2.jsonl"],
        "heads": heads,
    }
    injection_model.WEIGHTS_PATH.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    for head, h in heads.items():
        print(head, "threshold", h["threshold"], "C", h["C"], h["validation"], "prefilter", h["prefilter_recall"])
    print("wrote", injection_model.WEIGHTS_PATH)


if __name__ == "__main__":
    main()
