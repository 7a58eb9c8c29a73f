"""Train the learned injection classifier: `python evals/data/guardrails/train_injection_model.py [--epochs N]`.

Fine-tunes low-rank adapters (LoRA, rank RANK) on every linear layer of the bundled all-MiniLM-L6-v2, with two
linear heads over its mean-pooled, unit-length sentence vector: `document` (uploaded text) and `chat` (what a user
types). Writes `assistant/guardrails/injection_adapter.npz` (the adapters) and `injection_model.json` (heads,
thresholds, provenance). CPU only, seeded; about 50 minutes on 2 cores (5 epochs).

Data, at sentence level (only sentences that pass the run-time pre-filter, `injection_model.candidates`):
- rows with an `attack_span` (the written training sets): the span's sentences are attacks, the rest of the row
  is benign text;
- rows without one (development sets, generated templates, third-party corpora): every candidate sentence of an
  attack row that does not also occur in a benign row is a possible attack; a logistic regression over the frozen
  base embeddings then keeps, per row, the top sentence and any scoring >= 0.5 (multiple-instance refinement).
Which head sees which rows is `SETS` below: an uploaded document that addresses the assistant is suspect, a chat
message that does so is normal, so hand-written indirect attacks train the document head only and legitimate
chat requests the chat head only.
NOT trained on: injection_eval.jsonl (spikee-derived held-apart set) and every injection_heldout*.jsonl.

Validation: VALIDATION_SHARE of the groups (a generated template, a written row, or in a set of minimal pairs every
row with the same opening, so that an attack and its honest twin fall on one side) are held out of training, and
joined by the calibration set (`injection_calibration.jsonl`, written apart from the training sets) and the
held-apart sets already scored blind (`SCORED_HELDOUT`). On all of them, scored through the run-time path (merged
model, ONNX int8 where the CPU allows, so the shipped values match what users run), the epoch is kept, the first
stage's cutoff keeps LEXICAL_RECALL of the attack sentences, and each head's threshold and corroboration floor (see
`injection.STANDALONE_SIGNALS`) are the pair that catches the most written English attacks while flagging at most
TARGET_FP of the written benign rows (twins aside, see `build`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from injection_synth import generate  # noqa: E402

from assistant.guardrails import injection_encoder, injection_model  # noqa: E402
from assistant.guardrails.injection import detect_injection, normalise_for_model, stands_alone  # noqa: E402

HERE = Path(__file__).parent
TRAIN_DIR = HERE / "data"  # what the detector was trained on (frozen with it)
HELD_DIR = ROOT / "evals" / "data" / "guardrails"  # calibration and held-apart sets: never trained on
HEADS = ("document", "chat")
BOTH, DOC, CHAT = ("document", "chat"), ("document",), ("chat",)
# file: (heads its attack rows train, heads its benign rows train); corpora rows split by kind (direct -> BOTH)
SETS = {
    "injection_dev.jsonl": (BOTH, BOTH),
    "injection_blind.jsonl": (DOC, BOTH),
    "injection_own.jsonl": (DOC, BOTH),
    "injection_train_written_a.jsonl": (DOC, BOTH),
    "injection_train_written_b.jsonl": (DOC, BOTH),
    "injection_train_written_c.jsonl": (DOC, BOTH),
    "injection_train_written_d.jsonl": (DOC, BOTH),
    "injection_train_written_e.jsonl": (DOC, BOTH),
    "injection_train_written_f.jsonl": (DOC, BOTH),
    "injection_train_written_g.jsonl": (DOC, BOTH),
    "injection_train_written_h.jsonl": (DOC, BOTH),
    "injection_train_written_i.jsonl": (DOC, BOTH),
    "injection_train_written_j.jsonl": (DOC, BOTH),
    "injection_train_written_k.jsonl": (DOC, BOTH),
    "injection_train_written_chat.jsonl": (BOTH, CHAT),
    "injection_corpora.jsonl": (DOC, BOTH),
}
# Sets of minimal pairs (an attack and a benign twin with the same opening): a pair must fall on one side of the
# validation split, or the twin of a trained attack looks like a false positive and drags the threshold up.
PAIRED = {f"injection_train_written_{letter}.jsonl" for letter in "efhjk"}
PAIR_KEY_WORDS = 3  # twins share their first three words
NEAR_COPY_WORDS = 10  # a training row sharing this many consecutive words with a held-apart row is left out
# Never trained on: its rows (document head) join the validation rows that the cutoff and thresholds are chosen on.
CALIBRATION = "injection_calibration.jsonl"
# Held-apart sets already scored once blind (several since read): never trained on, but from round 6 they join the
# calibration set in choosing the kept epoch and the thresholds (see TARGET_FP). A set still blind is never listed.
SCORED_HELDOUT = tuple(f"injection_heldout{n}.jsonl" for n in range(2, 11))
THRESHOLD_SETS = (CALIBRATION, *SCORED_HELDOUT)
SYNTH_HEADS = {"doc-attack": DOC, "chat-attack": BOTH, "doc-benign": BOTH, "chat-benign": CHAT}
CACHE = Path.home() / ".cache" / "mlops-assistant-injection-train"
# of written benign rows in the validation split, calibration and scored held-apart sets. The rule (fixed in round
# 7b, before heldout11 was scored): the lowest of 1%, 1.5% and 2% at which the scored held-apart sets together still
# catch >= 0.95 of their attacks, else 2%. Blind sets have flagged 1-3x the rate their thresholds were chosen at;
# round 7's adapter caught 0.94 at 1%, 0.946 at 1.5% and 0.958 at 2% of heldout2-10 (the hard heldout10 among them).
TARGET_FP = 0.02
VALIDATION_SHARE = 0.15
LEXICAL_FEATURES = 4000  # first-stage vocabulary kept (largest weights)
LEXICAL_RECALL = 0.99  # of validation attack sentences that must reach the encoder
LEXICAL_WEIGHTS = (0.0, 0.25, 0.5, 1.0)  # tried for the first stage's share of the sentence logit
RANK, ALPHA = 16, 32
TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")
SEED = 20261127


def _rows(name: str) -> list[dict]:
    path = TRAIN_DIR / name if (TRAIN_DIR / name).exists() else HELD_DIR / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9£%.']+", text.lower())
    return {tuple(words[i:i + NEAR_COPY_WORDS]) for i in range(len(words) - NEAR_COPY_WORDS + 1)}


@lru_cache(maxsize=1)
def _held_apart_runs() -> frozenset[tuple[str, ...]]:
    """Every run of NEAR_COPY_WORDS words in a hand-written set that is never trained on (read, never printed).
    Not `injection_eval.jsonl`: it shares benign requirement lines with the development set by construction."""
    names = [p.name for p in sorted(HELD_DIR.glob("injection_heldout*.jsonl"))] + [CALIBRATION]
    return frozenset(run for name in names for r in _rows(name) for run in _word_runs(r["text"]))


def training_rows(name: str) -> list[dict]:
    """A training file's rows, less near-copies of held-apart rows. The sets were written apart by helpers that
    phrase things alike: 17 training rows share a 10-word run with a held-apart or calibration row."""
    held = _held_apart_runs()
    return [r for r in _rows(name) if not _word_runs(r["text"]) & held]


def _norm(sentence: str) -> str:
    return normalise_for_model(injection_model.strip_scaffolding(sentence))


def _group(name: str, index: int, text: str) -> str:
    """The unit the validation split keeps together: a row, or in a paired set every row with the same opening."""
    if name in PAIRED:
        return f"{name}:{' '.join(text.lower().split()[:PAIR_KEY_WORDS])}"
    return f"{name}:{index}"


def build() -> list[dict]:
    """Rows: {group, head, label, origin, lang, sentences, positives (None = refine), annotated, heuristic, twin}.

    `twin`: a benign row of a paired set written as an attack's honest double. Twins are trained on, but kept out
    of the false-positive budget that picks the kept epoch and the thresholds (their rate is reported apart): they
    are built to sit on the decision boundary, and at 2% of them the threshold rose to 0.98."""
    raw: list[dict] = []
    for name, (attack_heads, benign_heads) in SETS.items():
        for i, r in enumerate(training_rows(name)):
            heads = attack_heads if r["label"] == 1 else benign_heads
            if name == "injection_corpora.jsonl" and r["kind"] == "direct":
                heads = BOTH
            for head in heads:
                raw.append({**r, "group": _group(name, i, r["text"]), "head": head, "origin": name})
    for name in THRESHOLD_SETS:
        for i, r in enumerate(_rows(name)):
            raw.append({**r, "group": f"{name}:{i}", "head": "document", "origin": name})
    for r in generate(SEED):
        kind = r["template"].rsplit("-", 1)[0]
        for head in SYNTH_HEADS[kind]:
            raw.append({"text": r["text"], "label": r["label"], "group": r["template"], "head": head,
                        "origin": "synth", "lang": "en"})
    benign_sentences = {h: {s for r in raw
                            if r["label"] == 0 and r["head"] == h and r["origin"] not in THRESHOLD_SETS
                            for s in injection_model.candidates(r["text"], h)} for h in HEADS}
    rows = []
    for r in raw:
        head = r["head"]
        sentences = injection_model.candidates(r["text"], head)
        positives, annotated = None, bool(r["label"] == 1 and r.get("attack_span"))
        if annotated:
            span = _norm(r["attack_span"])
            span_parts = [_norm(p) for p in injection_model.split_sentences(r["attack_span"])]
            positives = [s for s in sentences if s in span or any(p and p in s for p in span_parts)]
            if not positives:  # the span was split or joined differently inside the row: score it on its own
                positives = injection_model.candidates(r["attack_span"], head)
                sentences += [p for p in positives if p not in sentences]
        elif r["label"] == 1:
            sentences = [s for s in sentences if s not in benign_sentences[head]]
        heuristic = detect_injection(r["text"], source=head, use_classifier=False)
        rows.append({"group": r["group"], "head": head, "label": r["label"], "origin": r["origin"],
                     "lang": r.get("lang", "en"), "text": r["text"], "sentences": sentences, "positives": positives,
                     "annotated": annotated, "heuristic": heuristic.flagged,
                     "heuristic_alone": heuristic.flagged and stands_alone(heuristic.reasons)})
    attack_groups = {r["group"] for r in rows if r["label"] == 1 and r["origin"] in PAIRED}
    for r in rows:
        r["twin"] = r["label"] == 0 and r["group"] in attack_groups
    return rows


def _validation(group: str) -> bool:
    if group.split(":")[0] in THRESHOLD_SETS:
        return True
    digest = int(hashlib.sha256(f"{SEED}:{group}".encode()).hexdigest(), 16)
    return digest % 1000 < VALIDATION_SHARE * 1000


# ----- stage 1: which sentences of an unannotated attack row carry the attack ---------------------------------
def _frozen_vectors(texts: list[str]) -> dict[str, np.ndarray]:
    from assistant.index.embeddings import get_embedder

    embedder = get_embedder(injection_encoder.BASE_MODEL, "torch")
    CACHE.mkdir(parents=True, exist_ok=True)
    cache_file = CACHE / "frozen-torch.npz"
    cached: dict[str, np.ndarray] = {}
    if cache_file.exists():
        with np.load(cache_file, allow_pickle=False) as data:
            cached = dict(zip(data["texts"].tolist(), data["vectors"]))
    missing = sorted(set(texts) - set(cached))
    if missing:
        print(f"stage 1: embedding {len(missing)} sentences with the frozen model ...", flush=True)
        cached.update(zip(missing, embedder.embed(missing, batch_size=64)))
        keys = sorted(cached)
        np.savez(cache_file, texts=np.array(keys), vectors=np.stack([cached[k] for k in keys]))
    return {t: cached[t] for t in texts}


def refine_positives(rows: list[dict]) -> None:
    from sklearn.linear_model import LogisticRegression

    vec = _frozen_vectors(sorted({s for r in rows for s in r["sentences"]}))
    for head in HEADS:
        mine = [r for r in rows if r["head"] == head and not _validation(r["group"])]
        neg = {s for r in mine if r["label"] == 0 for s in r["sentences"]}
        neg |= {s for r in mine if r["positives"] is not None for s in r["sentences"] if s not in r["positives"]}
        pos = {s for r in mine if r["label"] == 1 for s in (r["positives"] or r["sentences"])} - neg
        xs = sorted(neg) + sorted(pos)
        model = LogisticRegression(C=8.0, class_weight="balanced", max_iter=3000)
        model.fit(np.stack([vec[s] for s in xs]), [0] * len(neg) + [1] * len(pos))
        for r in rows:
            if r["head"] == head and r["label"] == 1 and r["positives"] is None and r["sentences"]:
                probs = model.predict_proba(np.stack([vec[s] for s in r["sentences"]]))[:, 1]
                best = int(np.argmax(probs))
                r["positives"] = [s for i, (s, p) in enumerate(zip(r["sentences"], probs)) if p >= 0.5 or i == best]


def examples(rows: list[dict]) -> list[tuple[str, int, int]]:
    """(sentence, head index, label) for training; a sentence's attack label wins over benign within a head."""
    labels: dict[tuple[str, int], int] = {}
    for r in rows:
        if _validation(r["group"]):
            continue
        h = HEADS.index(r["head"])
        positives = set(r["positives"] or []) if r["label"] == 1 else set()
        for s in r["sentences"]:
            if r["label"] == 1 and s not in positives and not r["annotated"]:
                continue  # an unannotated attack row's other sentences are not known to be benign
            key = (s, h)
            labels[key] = max(labels.get(key, 0), int(s in positives))
    return sorted((s, h, y) for (s, h), y in labels.items())


# ----- stage 2: fine-tune -------------------------------------------------------------------------------------
def _detection_at_target_fp(val: list[dict], probability) -> float:
    """Written English attack rows caught by the classifier alone, at the lowest threshold that flags at most
    TARGET_FP of the written benign rows (twins aside): the early-stopping score."""
    sentences = sorted({s for r in val for s in r["sentences"]})
    p = dict(zip(sentences, probability(sentences))) if sentences else {}
    best = np.array([max((p[s] for s in r["sentences"]), default=0.0) for r in val])
    labels = np.array([r["label"] for r in val])
    written = np.array([r["origin"] != "synth" and r["lang"] == "en" for r in val])
    twin = np.array([r["twin"] for r in val])
    benign = np.sort(best[(labels == 0) & written & ~twin])[::-1]
    allowed = int(TARGET_FP * len(benign))
    threshold = benign[allowed] if allowed < len(benign) else 0.0
    return float((best[(labels == 1) & written] > threshold).mean())


def fine_tune(data: list[tuple[str, int, int]], epochs: int, val: list[dict], batch_size: int = 32):
    """LoRA adapters and heads; the epoch kept is the one that scores best on the document validation rows."""
    import torch
    from torch import nn
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(SEED)
    random.seed(SEED)
    base = injection_encoder.resolve_model_path(injection_encoder.BASE_MODEL)
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    encoder = AutoModel.from_pretrained(str(base))
    for p in encoder.parameters():
        p.requires_grad_(False)

    class LoRA(nn.Module):
        def __init__(self, linear: nn.Linear) -> None:
            super().__init__()
            self.linear = linear
            self.A = nn.Parameter(torch.randn(RANK, linear.in_features) / np.sqrt(linear.in_features))
            self.B = nn.Parameter(torch.zeros(linear.out_features, RANK))

        def forward(self, x):
            return self.linear(x) + (x @ self.A.T @ self.B.T) * (ALPHA / RANK)

    wrapped: dict[str, LoRA] = {}
    for name, module in list(encoder.named_modules()):
        if isinstance(module, nn.Linear) and name.startswith("encoder.layer.") and name.endswith(TARGETS):
            parent_name, attr = name.rsplit(".", 1)
            lora = LoRA(module)
            setattr(encoder.get_submodule(parent_name), attr, lora)
            wrapped[name] = lora
    heads = nn.Linear(384, len(HEADS))
    nn.init.zeros_(heads.weight)
    nn.init.zeros_(heads.bias)
    optimiser = torch.optim.AdamW([
        {"params": [p for m in wrapped.values() for p in (m.A, m.B)], "lr": 5e-4, "weight_decay": 0.01},
        {"params": heads.parameters(), "lr": 1e-2, "weight_decay": 0.0},
    ])
    pos_weight = torch.tensor([
        sum(1 for _, h, y in data if h == k and y == 0) / max(1, sum(1 for _, h, y in data if h == k and y == 1))
        for k in range(len(HEADS))])
    steps = epochs * ((len(data) + batch_size - 1) // batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=[5e-4, 1e-2], total_steps=steps, pct_start=0.1)
    def sentence_vectors(sentences: list[str]):
        """Mean-pooled unit vectors, as the run-time embedder computes them."""
        enc = tokenizer(sentences, padding=True, truncation=True, max_length=128, return_tensors="pt")
        hidden = encoder(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).float()
        return nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9), dim=-1)

    def _probabilities(sentences: list[str], head: int) -> np.ndarray:
        with torch.no_grad():
            return np.concatenate([torch.sigmoid(heads(sentence_vectors(sentences[start:start + 64]))[:, head]).numpy()
                                   for start in range(0, len(sentences), 64)])

    kept: tuple | None = None  # (score, epoch, adapters, weight, bias)
    encoder.train()
    step, started = 0, time.time()
    for epoch in range(epochs):
        order = list(range(len(data)))
        random.shuffle(order)
        total = 0.0
        for start in range(0, len(order), batch_size):
            batch = [data[i] for i in order[start:start + batch_size]]
            vec = sentence_vectors([s for s, _, _ in batch])
            head_idx = torch.tensor([h for _, h, _ in batch])
            logits = heads(vec).gather(1, head_idx.unsqueeze(1)).squeeze(1)
            target = torch.tensor([float(y) for _, _, y in batch])
            loss = nn.functional.binary_cross_entropy_with_logits(logits, target, pos_weight=pos_weight[head_idx])
            loss.backward()
            optimiser.step()
            scheduler.step()
            optimiser.zero_grad()
            total += float(loss.detach()) * len(batch)
            step += 1
            if step % 50 == 0:
                print(f"  epoch {epoch + 1}/{epochs} step {step}/{steps} loss {float(loss.detach()):.4f} "
                      f"({time.time() - started:.0f} s)", flush=True)
        encoder.eval()
        score = _detection_at_target_fp(val, lambda sentences: _probabilities(sentences, 0))
        encoder.train()
        print(f"epoch {epoch + 1}: mean loss {total / len(data):.4f}; validation detection at "
              f"{TARGET_FP:.1%} false positives {score:.4f}", flush=True)
        if kept is None or score > kept[0]:
            kept = (score, epoch + 1, {name: (m.A.detach().numpy().copy(), m.B.detach().numpy().copy())
                                       for name, m in wrapped.items()},
                    heads.weight.detach().numpy().copy(), heads.bias.detach().numpy().copy())
    assert kept is not None
    print(f"kept epoch {kept[1]} (validation {kept[0]:.4f})", flush=True)
    return kept[2], kept[3], kept[4], kept[1]


# ----- the cheap first stage ----------------------------------------------------------------------------------
def fit_lexical(data: list[tuple[str, int, int]], head: int) -> dict:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    pairs = [(s, y) for s, h, y in data if h == head]
    vectoriser = CountVectorizer(analyzer=injection_model.lexical_features, binary=True, min_df=2)
    X = vectoriser.fit_transform([s for s, _ in pairs])
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000).fit(X, [y for _, y in pairs])
    names, coef = vectoriser.get_feature_names_out(), model.coef_[0]
    keep = sorted(i for i in np.argsort(-np.abs(coef))[:LEXICAL_FEATURES] if abs(coef[i]) >= 1e-3)
    return {"weights": {str(names[i]): round(float(coef[i]), 4) for i in keep},
            "intercept": round(float(model.intercept_[0]), 4), "cutoff": -1e9}


def pick_cutoff(rows: list[dict], head: str) -> tuple[float, dict]:
    """The first stage's cutoff: keeps LEXICAL_RECALL of the validation rows' attack sentences."""
    val = [r for r in rows if r["head"] == head and _validation(r["group"])]
    attack = [injection_model.lexical_score(s, head) for r in val if r["label"] == 1 for s in r["positives"] or []]
    benign = [injection_model.lexical_score(s, head) for r in val if r["label"] == 0 for s in r["sentences"]]
    cutoff = round(float(np.quantile(attack, 1 - LEXICAL_RECALL)), 4)
    return cutoff, {"attack_sentences_kept": round(float(np.mean(np.array(attack) >= cutoff)), 4),
                    "benign_sentences_kept": round(float(np.mean(np.array(benign) >= cutoff)), 4)}


# ----- threshold through the run-time path ---------------------------------------------------------------------
def pick_threshold(rows: list[dict], head: str) -> tuple[float, float, float, dict]:
    """The head's threshold and corroboration floor, chosen together on the validation and calibration rows.

    Flagged = a heuristic signal that stands alone, OR plain-language heuristic signals with the classifier at
    the floor or above, OR the classifier at the threshold or above. The pair kept catches the most written
    English attacks while flagging at most TARGET_FP of the written benign rows, twins aside (ties: fewer false
    positives, then the higher pair).
    """
    val = [r for r in rows if r["head"] == head and _validation(r["group"])]
    def sentence_logits(use_cutoff: bool) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per row, the encoder logits and first-stage scores of the sentences the classifier would encode."""
        out = []
        for r in val:
            sentences = injection_model.shortlist(r["sentences"], head, use_cutoff=use_cutoff)
            probs = injection_model.sentence_probabilities(sentences, head) if sentences else None
            if probs is None or not len(probs):
                out.append((np.zeros(0), np.zeros(0)))
                continue
            p = np.clip(probs.astype(np.float64), 1e-9, 1 - 1e-9)
            out.append((np.log(p / (1 - p)), np.array([injection_model.lexical_score(s, head) for s in sentences])))
        return out

    def row_scores(logits: list[tuple[np.ndarray, np.ndarray]], weight: float) -> np.ndarray:
        return np.array([float((1 / (1 + np.exp(-(e + weight * x)))).max()) if len(e) else 0.0 for e, x in logits])

    shortlisted, all_best = sentence_logits(True), sentence_logits(False)  # (logits with lexical_weight = 0)
    labels = np.array([r["label"] for r in val])
    heur = np.array([r["heuristic"] for r in val])
    alone = np.array([r["heuristic_alone"] for r in val])
    written = np.array([r["origin"] != "synth" for r in val])
    twin = np.array([r["twin"] for r in val])
    budget = (labels == 0) & written & ~twin  # the benign rows the false-positive budget is counted on
    calibration = np.array([r["origin"] == CALIBRATION for r in val])
    heldout = np.array([r["origin"] in SCORED_HELDOUT for r in val])
    en = np.array([r["lang"] == "en" for r in val])
    judged = np.array([bool(r["sentences"]) for r in val])  # no candidate at all: the classifier cannot judge
    grid = np.round(np.arange(0.0, 0.995, 0.01), 2)
    # ((detection, -false positives), threshold, floor, lexical weight)
    best: tuple[tuple[float, float], float, float, float] | None = None
    for weight in LEXICAL_WEIGHTS:
        # as at run time: the classifier's own score over the shortlist; when plain-language heuristics fire, over
        # the best candidates even below the first stage's cutoff (`classify(insist=True)`)
        scores_a, insisted = row_scores(shortlisted, weight), row_scores(all_best, weight)
        # neither below 0.5: heads are trained class-balanced, so under 0.5 the model itself says "more likely
        # benign", which neither flags a text nor backs a heuristic (with no such bound the floor fell to 0.01 in
        # round 5, letting every plain-language signal stand alone again)
        for t in grid[grid >= 0.5]:
            for f in grid[(grid >= 0.5) & (grid <= t)]:
                flagged = alone | (heur & ((insisted >= f) | ~judged)) | (scores_a >= t)
                if flagged[budget].mean() > TARGET_FP:
                    continue
                key = (float(flagged[(labels == 1) & written & en].mean()), -float(flagged[budget].mean()))
                if best is None or key >= best[0]:
                    best = (key, float(t), float(f), float(weight))
    _, chosen, floor, lexical_weight = best or ((0.0, 0.0), 0.99, 0.99, 0.0)
    scores_a, insisted = row_scores(shortlisted, lexical_weight), row_scores(all_best, lexical_weight)
    flagged = alone | (heur & ((insisted >= floor) | ~judged)) | (scores_a >= chosen)

    def rate(mask: np.ndarray) -> float | None:
        return round(float(flagged[mask].mean()), 4) if mask.any() else None

    stats = {
        "validation_rows": {"attack": int((labels == 1).sum()), "benign": int((labels == 0).sum())},
        "detection_written_en": rate((labels == 1) & written & en),
        "detection_generated": rate((labels == 1) & ~written),
        "detection_non_english": rate((labels == 1) & ~en),
        "false_positives_written": rate(budget),
        "false_positives_twins": rate(twin),
        "false_positives_generated": rate((labels == 0) & ~written),
        "calibration_detection": rate((labels == 1) & calibration),
        "calibration_false_positives": rate((labels == 0) & calibration),
        "scored_heldout_detection": rate((labels == 1) & heldout),
        "scored_heldout_false_positives": rate((labels == 0) & heldout),
        "heuristics_only_detection_written_en": round(float(heur[(labels == 1) & written & en].mean()), 4)
        if ((labels == 1) & written & en).any() else None,
    }
    return chosen, floor, lexical_weight, stats


def prefilter_recall(rows: list[dict], head: str) -> dict:
    attacks = [r for r in rows if r["head"] == head and r["label"] == 1 and r["lang"] == "en"]
    hit = [r for r in attacks if r["sentences"]]
    return {"attack_rows": len(attacks), "with_candidate": len(hit), "recall": round(len(hit) / max(len(attacks), 1), 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--thresholds-only", action="store_true",
                        help="keep the trained adapters and heads; only pick the thresholds again")
    args = parser.parse_args()
    rows = build()
    if args.thresholds_only:
        out = json.loads(injection_model.WEIGHTS_PATH.read_text(encoding="utf-8"))
        refine_positives(rows)
        write_thresholds(rows, out)
        return
    refine_positives(rows)
    data = examples(rows)
    print(f"{len(rows)} rows, {len(data)} training sentences "
          f"({sum(y for _, _, y in data)} attack sentences)", flush=True)
    val = [r for r in rows if r["head"] == "document" and _validation(r["group"])]
    adapters, weight, bias, kept_epoch = fine_tune(data, args.epochs, val)
    injection_encoder.save_adapter(injection_encoder.ADAPTER_PATH, adapters, ALPHA / RANK)
    injection_encoder.adapter_digest.cache_clear()
    heads = {h: {"coef": [round(float(x), 6) for x in weight[i]], "intercept": round(float(bias[i]), 6),
                 "threshold": 0.5, "lexical": fit_lexical(data, i)} for i, h in enumerate(HEADS)}
    out = {
        "encoder": {"base": injection_encoder.BASE_MODEL, "adapter": injection_encoder.ADAPTER_PATH.name,
                    "adapter_sha256_12": injection_encoder.adapter_digest(), "rank": RANK, "alpha": ALPHA,
                    "targets": list(TARGETS), "epochs": args.epochs, "kept_epoch": kept_epoch},
        "dimension": 384,
        "trained_on": sorted(SETS) + [f"injection_synth.py (seed {SEED})"],
        "not_trained_on": ["injection_eval.jsonl", "injection_heldout*.jsonl"],
        "heads": heads,
    }
    injection_model.WEIGHTS_PATH.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    injection_model.reload()
    for h in HEADS:
        heads[h]["lexical"]["cutoff"], heads[h]["lexical_validation"] = pick_cutoff(rows, h)
        print(h, "first-stage cutoff", heads[h]["lexical"]["cutoff"], heads[h]["lexical_validation"], flush=True)
    injection_model.WEIGHTS_PATH.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    write_thresholds(rows, out)
    print("wrote", injection_encoder.ADAPTER_PATH, "and", injection_model.WEIGHTS_PATH)


def write_thresholds(rows: list[dict], out: dict) -> None:
    for h in HEADS:  # pick_threshold combines the encoder's own logits with the first stage's score itself
        out["heads"][h]["lexical_weight"] = 0.0
    injection_model.WEIGHTS_PATH.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    injection_model.reload()
    for h in HEADS:
        t, f, w, stats = pick_threshold(rows, h)
        out["heads"][h].update(threshold=t, corroboration_floor=f, lexical_weight=w, validation=stats,
                               prefilter_recall=prefilter_recall(rows, h))
        print(h, "threshold", t, "floor", f, "lexical weight", w, stats, out["heads"][h]["prefilter_recall"],
              flush=True)
    injection_model.WEIGHTS_PATH.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    injection_model.reload()


if __name__ == "__main__":
    main()
