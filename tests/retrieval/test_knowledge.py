"""The knowledge base: notes are well formed; the collection is built once and only changed notes re-embed."""

from __future__ import annotations

from pathlib import Path

from assistant.config import RESOURCES
from assistant.index import embeddings
from assistant.index.store import KNOWLEDGE, get_store
from assistant.retrieval.knowledge import REQUIRED_FIELDS, build_knowledge, ensure_knowledge, load_notes
from assistant.retrieval.search import search


def test_repository_notes_have_front_matter() -> None:
    notes = load_notes(RESOURCES / "knowledge")
    ids = {note.id for note in notes}
    assert len(notes) >= 12
    for note in notes:
        for name in REQUIRED_FIELDS:
            assert note.meta.get(name), f"{note.path.name} lacks {name}"
        assert all(str(url).startswith("http") for url in note.meta["source_urls"])
        assert note.meta["confidence"] in {"high", "medium", "low", "medium-high", "medium-low"}
    assert {"uk-ai-playbook", "uk-atrs-v4", "mod-jsp-936", "mlops-drift-monitoring", "mlops-maturity-levels"} <= ids
    playbook = next(n for n in notes if n.id == "uk-ai-playbook").body
    assert playbook.count("\n1. You know what AI is") == 1 and "10. You use these principles" in playbook
    jsp = next(n for n in notes if n.id == "mod-jsp-936").body
    assert "UNVERIFIED" in jsp


def test_build_once_then_only_changed_notes(small_knowledge: Path, monkeypatch) -> None:
    calls: list[int] = []
    original = embeddings.Embedder.embed

    def counting(self, texts, **kwargs):  # noqa: ANN001
        calls.append(len(texts))
        return original(self, texts, **kwargs)

    monkeypatch.setattr(embeddings.Embedder, "embed", counting)
    first = build_knowledge()
    assert sorted(first.added) == ["atrs", "cards", "drift"] and first.embedded == 3
    calls.clear()
    second = build_knowledge()
    assert second.embedded == 0 and calls == [] and sorted(second.unchanged) == ["atrs", "cards", "drift"]

    note = small_knowledge / "drift.md"
    note.write_text(note.read_text().replace("0.2 an alert", "0.25 an alert"))
    (small_knowledge / "cards.md").unlink()
    third = build_knowledge()
    assert third.updated == ["drift"] and third.removed == ["cards"] and third.embedded == 1
    stored = get_store().get(KNOWLEDGE)
    assert sorted(c.metadata["document_id"] for c in stored) == ["atrs", "drift"]
    assert "0.25 an alert" in next(c.text for c in stored if c.metadata["document_id"] == "drift")


def test_ensure_knowledge_runs_on_first_search(small_knowledge: Path) -> None:
    hits = search("what is tier 2 of the transparency record", "anyproject", k=1, scope="knowledge")
    assert hits and hits[0].source == "knowledge" and hits[0].document_id == "atrs"
    assert hits[0].metadata["source_urls"] == "https://example.org/atrs"
    assert ensure_knowledge() is None  # nothing changed on disk: no rebuild


def test_both_scopes_mix_documents_and_guidance(small_knowledge: Path, tmp_path: Path) -> None:
    from assistant.ingest import ingest_file

    path = tmp_path / "ml.md"
    path.write_text("# ML\n\n- **FR-ML-002**: Drift alerts use PSI with an alert at 0.2.\n")
    ingest_file(path, "mixed")
    hits = search("PSI drift alert threshold", "mixed", k=2, scope="both")
    assert {h.source for h in hits} == {"document", "knowledge"}
    assert hits[0].source == "document"


def test_an_empty_knowledge_folder_is_a_clear_error_not_no_results(tmp_path: Path, monkeypatch) -> None:
    """A build without its notes (say a wheel packaged without them) says so, instead of answering 'No results'."""
    import pytest

    from assistant.errors import InvalidInputError

    empty = tmp_path / "knowledge"
    empty.mkdir()
    monkeypatch.setenv("MLOPS_ASSISTANT_KNOWLEDGE_DIR", str(empty))
    with pytest.raises(InvalidInputError, match="No knowledge notes in"):
        search("drift thresholds", "any-project", 3, scope="knowledge")
