"""The injection classifier's sentence encoder: the bundled MiniLM with fine-tuned low-rank updates merged in.

Training (`evals/data/guardrails/train_injection_model.py`) fine-tunes rank-r adapters (LoRA) on the linear
layers of the bundled all-MiniLM-L6-v2 together with the classifier heads. Only the adapters ship
(`injection_adapter.npz`, float16, about 1 MB): on first use they are merged into a copy of the bundled model,
written once to a folder named after the adapter's digest (beside the bundled model when that is writable, as the
retrieval embedder's ONNX export is, else under `<home>/models/`). The folder is then loaded through the
retrieval embedder, so the same ONNX int8 export and backend fallbacks apply.
"""

from __future__ import annotations

import hashlib
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.config import get_settings
from assistant.index.embeddings import publish_folder, resolve_model_path

BASE_MODEL = "all-minilm-l6-v2"
ADAPTER_PATH = Path(__file__).with_name("injection_adapter.npz")
_build_lock = threading.Lock()


@lru_cache(maxsize=4)
def adapter_digest(path: Path = ADAPTER_PATH) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def load_adapter(path: Path = ADAPTER_PATH) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], float]:
    """{linear module name: (A [r x in], B [out x r])} and the LoRA scale (alpha / r)."""
    with np.load(path, allow_pickle=False) as data:
        scale = float(data["scale"])
        names = sorted({key.rsplit("::", 1)[0] for key in data.files if "::" in key})
        return {n: (data[f"{n}::A"].astype(np.float32), data[f"{n}::B"].astype(np.float32)) for n in names}, scale


def save_adapter(path: Path, adapters: dict[str, tuple[np.ndarray, np.ndarray]], scale: float) -> None:
    arrays: dict[str, np.ndarray] = {"scale": np.asarray(scale, dtype=np.float32)}
    for name, (a, b) in adapters.items():
        arrays[f"{name}::A"] = a.astype(np.float16)
        arrays[f"{name}::B"] = b.astype(np.float16)
    # numpy's stub lets **kwds also fill `allow_pickle: bool`, so a dict of arrays is rejected; keys here are layer names.
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


def merge_into(transformer: object, adapters: dict[str, tuple[np.ndarray, np.ndarray]], scale: float) -> None:
    """Add scale * B @ A to each adapted linear layer of a Hugging Face model (in place)."""
    # Lazy: torch and sentence-transformers are heavy; loaded on the first screen that needs the classifier.
    import torch

    for name, (a, b) in adapters.items():
        module = transformer.get_submodule(name)  # type: ignore[attr-defined]
        with torch.no_grad():
            module.weight += torch.from_numpy(b @ a * scale).to(module.weight.dtype)


def encoder_dir(adapter_path: Path = ADAPTER_PATH) -> Path:
    """The merged encoder's folder, built on first use (a SentenceTransformer folder)."""
    base = resolve_model_path(BASE_MODEL)
    name = f"{base.name}-injection-{adapter_digest(adapter_path)}"
    home = get_settings().home / "models"
    for parent in (base.parent, home):
        if (parent / name / "config.json").is_file():
            return parent / name
    parent = base.parent if os.access(base.parent, os.W_OK) else home
    with _build_lock:
        target = parent / name
        if (target / "config.json").is_file():
            return target
        # Lazy: torch and sentence-transformers are heavy; loaded on the first screen that needs the classifier.
        from sentence_transformers import SentenceTransformer

        def merge(scratch: Path) -> None:
            model = SentenceTransformer(str(base), device="cpu")
            adapters, scale = load_adapter(adapter_path)
            merge_into(model[0].auto_model, adapters, scale)
            model.save(str(scratch))

        publish_folder(target, merge, lambda folder: (folder / "config.json").is_file())
    return target
