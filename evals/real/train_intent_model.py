"""Train the router's learned second opinion (assistant/drafting/intent_model.py) on labelled utterance sets.

    python evals/real/train_intent_model.py [--sets 'evals/data/chat/intents*.yaml'] [--loso]

Writes assistant/drafting/data/intent_model.npz: a multinomial logistic regression (scikit-learn, C=4) over each
utterance's sentence embedding (one text at a time, as the router embeds a message), with the file name and
sha256 of every set it learned from, so a test can tell when a set changed and the model is stale. Every set
it learns from is a DEVELOPMENT set from then on; a blind figure needs a set it never saw.
`--loso` prints leave-one-set-out accuracy (rules, model, both) on the five newest sets instead of writing.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.drafting.intent_model import OVERRIDE_PROBABILITY, IntentModel, save  # noqa: E402
from assistant.evaluation.chat_scoring import load_utterances  # noqa: E402
from assistant.index.embeddings import embed_query  # noqa: E402

DEFAULT_SETS = "evals/data/chat/intents*.yaml"
C = 4.0  # chosen by --loso among 1, 4, 16, 64 (development sets)


def _fit(x: np.ndarray, y: list[str]) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression  # training only: the product reads the weights

    clf = LogisticRegression(C=C, max_iter=3000).fit(x, y)
    return tuple(str(c) for c in clf.classes_), clf.coef_, clf.intercept_


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=DEFAULT_SETS, help="glob of labelled sets, relative to the repository")
    parser.add_argument("--loso", action="store_true", help="leave-one-set-out figures instead of training")
    args = parser.parse_args(argv)
    paths = sorted(Path(p) for p in glob.glob(str(ROOT / args.sets)))
    if not paths:
        print(f"no sets match {args.sets}", file=sys.stderr)
        return 2
    sets = {p.name: load_utterances(p) for p in paths}
    vectors = {name: np.stack([embed_query(u.text) for u in items]) for name, items in sets.items()}
    print(f"{sum(len(v) for v in sets.values())} utterances from {len(sets)} sets", file=sys.stderr)
    if args.loso:
        from assistant.drafting.intent import route

        # the five newest blind sets, by their number (file times say nothing in a fresh clone)
        blind = sorted((n for n in sets if re.fullmatch(r"intents_blind\d*\.yaml", n)),
                       key=lambda n: int(re.sub(r"\D", "", n) or 1))
        for held in blind[-5:]:
            train = [n for n in sets if n != held]
            classes, coef, intercept = _fit(np.vstack([vectors[n] for n in train]),
                                            [u.intent for n in train for u in sets[n]])
            model = IntentModel(classes, coef, intercept, {})
            gold = [u.intent for u in sets[held]]
            rules = [route(u.text).intent for u in sets[held]]
            both = []
            for v, r in zip(vectors[held], rules, strict=True):
                p = model.probabilities(v)
                top = max(p, key=p.__getitem__)
                both.append(top if p[top] >= OVERRIDE_PROBABILITY else r)
            alone = [max(model.probabilities(v).items(), key=lambda kv: kv[1])[0] for v in vectors[held]]
            acc = [float(np.mean([a == g for a, g in zip(x, gold, strict=True)])) for x in (rules, alone, both)]
            print(f"{held}: rules {acc[0]:.3f} model {acc[1]:.3f} both {acc[2]:.3f}")
        return 0
    classes, coef, intercept = _fit(np.vstack(list(vectors.values())), [u.intent for v in sets.values() for u in v])
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    save(IntentModel(classes, coef, intercept, hashes))
    print(f"wrote the intent model: classes {', '.join(classes)}; trained on {', '.join(hashes)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
