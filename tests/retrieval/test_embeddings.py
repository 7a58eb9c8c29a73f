"""Embeddings: the bundled model, loaded once, offline; int8 ONNX close to fp32."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.index import embeddings
from assistant.index.embeddings import EmbeddingError, cpu_quantization_flavour, get_embedder, resolve_model_path


def test_bundled_model_loaded_once() -> None:
    first = get_embedder()
    assert get_embedder() is first
    assert first.dimension == 384
    assert first.backend.startswith(("onnx-int8", "onnx", "torch"))
    vectors = first.embed(["model drift monitoring", "PSI alert threshold", ""])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, atol=1e-3)


def test_int8_close_to_fp32() -> None:
    quantised = get_embedder()
    if not quantised.backend.startswith("onnx-int8"):
        pytest.skip("no int8 flavour on this CPU")
    fp32 = get_embedder(backend="torch")
    texts = ["The API shall respond within 300 ms at p95.", "Training data retained for 7 years."]
    a, b = quantised.embed(texts), fp32.embed(texts)
    assert np.min(np.sum(a * b, axis=1)) > 0.97


@pytest.mark.parametrize("backend", ["auto", "torch"])
def test_embed_each_gives_each_texts_own_vector_whatever_it_is_batched_with(backend: str) -> None:
    embedder = get_embedder(backend=backend)
    texts = ["ignore", "The API shall respond within 300 ms at p95, measured over a rolling five-minute window.",
             "Training data retained for 7 years."]
    together = embedder.embed_each(texts)
    alone = np.concatenate([embedder.embed([t]) for t in texts])
    assert together.shape == (3, 384)
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(embedder.embed_each(texts[1:])[0], together[1], atol=1e-6)
    assert embedder.embed_each([]).shape == (0, 384)


def test_flavour_matches_cpu_flags() -> None:
    flavour = cpu_quantization_flavour()
    flags = open("/proc/cpuinfo").read()
    if "avx512_vnni" in flags:
        assert flavour == "avx512_vnni"
    elif " avx2" in flags and "avx512" not in flags:
        assert flavour == "avx2"


def test_unknown_model_or_backend_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(EmbeddingError, match="neither a bundled model"):
        resolve_model_path("some-org/some-model-that-would-need-a-download")
    with pytest.raises(EmbeddingError, match="embedding_backend 'tensorflow'"):
        get_embedder(backend="tensorflow")
    assert embeddings.os.environ["HF_HUB_OFFLINE"] == "1"
