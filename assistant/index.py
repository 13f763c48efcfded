"""Build and open the persisted index: chunks and their vectors in Chroma.

The index folder's name derives from what shapes it (embedding model,
chunking parameters, format), so a changed setting never reuses a stale index.
A build writes into a staging folder and only then takes the final name, so an
interrupted build leaves the previous index as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.chunking import Chunk, chunk_document, sentences
from assistant.corpus import Document, load_corpus
from assistant.embeddings import backend_identity, load_embedder
from assistant.errors import IndexMismatch, IndexMissing, IndexStoreError
from assistant.settings import Settings

FORMAT_VERSION = 2  # bump when what is embedded changes for the same settings
COLLECTION = "chunks"
SENTENCES = "sentences"
MANIFEST = "manifest.json"
Progress = Callable[[int, int], None]


class Fingerprint(BaseModel):
    """Everything that shapes the index's content."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int
    embedding: str
    max_chars: int
    context_header: bool

    def describe(self) -> str:
        return f"embedding {self.embedding!r}, chunks of {self.max_chars} chars"


class DocumentEntry(BaseModel):
    """What the manifest records per document."""

    content_hash: str
    chunks: int
    title: str


class Manifest(BaseModel):
    """The record of a built index, written last."""

    fingerprint: Fingerprint
    documents: dict[str, DocumentEntry]
    chunk_count: int
    dimension: int
    built_at: str
    seconds: float


class BuildReport(BaseModel):
    """What ``assistant index`` did."""

    path: Path
    documents: int
    chunks: int
    seconds: float


def fingerprint(settings: Settings) -> Fingerprint:
    return Fingerprint(
        format=FORMAT_VERSION,
        embedding=backend_identity(settings.embedding),
        max_chars=settings.chunking.max_chars,
        context_header=settings.chunking.context_header,
    )


def index_path(settings: Settings) -> Path:
    """``index/<backend>-<hash of the fingerprint>``."""
    fp = fingerprint(settings)
    digest = hashlib.sha256(fp.model_dump_json().encode()).hexdigest()[:12]
    kind = settings.embedding.backend.partition(":")[0]
    return settings.paths.index_dir / f"{kind}-{digest}"


def build_index(settings: Settings, progress: Progress | None = None) -> BuildReport:
    """Chunk and embed the whole corpus into a fresh index for these settings."""
    started = time.perf_counter()
    documents = load_corpus(settings.paths.corpus_dir)
    chunks = [c for doc in documents for c in chunk_document(doc, settings.chunking.max_chars)]
    embedder = load_embedder(settings.embedding, settings.runtime.threads)
    final = index_path(settings)
    staging = final.with_name(f".staging-{final.name}")
    try:
        settings.paths.index_dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        header = settings.chunking.context_header
        units = [(c, start, end) for c in chunks for start, end in sentences(c)]
        texts = [c.embed_text(header) for c in chunks] + [
            c.embed_text(header, c.text[start - c.start : end - c.start]) for c, start, end in units
        ]
        vectors = _embed(embedder, texts, settings.embedding.batch_size, progress)
        n = len(chunks)
        _write_chroma(staging, chunks, vectors[:n], units, vectors[n:])
        manifest = Manifest(
            fingerprint=fingerprint(settings),
            documents=_entries(documents, chunks),
            chunk_count=len(chunks),
            dimension=len(vectors[0]) if vectors else 0,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            seconds=round(time.perf_counter() - started, 3),
        )
        (staging / MANIFEST).write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
        _swap(staging, final)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise IndexStoreError(final, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildReport(
        path=final, documents=len(documents), chunks=len(chunks), seconds=round(time.perf_counter() - started, 2)
    )


def read_manifest(settings: Settings) -> tuple[Path, Manifest]:
    """The manifest of the index these settings select, checked against them."""
    path = index_path(settings)
    expected = fingerprint(settings)
    manifest_file = path / MANIFEST
    if not manifest_file.is_file():
        raise IndexMissing(path, _other_indexes_hint(settings.paths.index_dir, path))
    try:
        manifest = Manifest.model_validate_json(manifest_file.read_text(encoding="utf-8"))
    except (ValidationError, OSError, UnicodeDecodeError):
        raise IndexStoreError(path, f"{MANIFEST} is unreadable: rebuild with `assistant index`") from None
    if manifest.fingerprint != expected:
        raise IndexMismatch(path, expected.describe(), manifest.fingerprint.describe())
    return path, manifest


def load_chunks(path: Path) -> tuple[list[Chunk], dict[str, Any]]:
    """The chunks stored in an index, and its collections by name; a damaged store is an IndexStoreError."""
    try:
        client = _client(path, create=False)
        collections = {name: client.get_collection(name) for name in (COLLECTION, SENTENCES)}
        got = collections[COLLECTION].get(include=["metadatas", "documents"])
        chunks = [
            _chunk_from_metadata(chunk_id, text or "", meta or {})
            for chunk_id, text, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [])
        ]
    except IndexStoreError:
        raise
    except Exception as exc:  # chromadb raises many kinds (sqlite, rust bindings, KeyError on metadata)
        raise IndexStoreError(
            path, f"the store is damaged ({exc.__class__.__name__}): rebuild with `assistant index`"
        ) from None
    chunks.sort(key=lambda c: (c.doc_id, c.start))
    return chunks, collections


def is_current(settings: Settings) -> bool:
    """Whether an index for these settings exists, opens, and matches the corpus (a broken corpus raises)."""
    try:
        path, manifest = read_manifest(settings)
        chunks, _ = load_chunks(path)
    except (IndexMissing, IndexMismatch, IndexStoreError):
        return False
    return len(chunks) == manifest.chunk_count and not stale_documents(settings, manifest)


def stale_documents(settings: Settings, manifest: Manifest) -> list[str]:
    """Ids of corpus documents added, changed or removed since the index was built."""
    current = {d.id: d.content_hash for d in load_corpus(settings.paths.corpus_dir)}
    indexed = {doc_id: entry.content_hash for doc_id, entry in manifest.documents.items()}
    return sorted(k for k in current.keys() | indexed.keys() if current.get(k) != indexed.get(k))


def _embed(embedder: Any, texts: list[str], batch: int, progress: Progress | None) -> list[list[float]]:
    vectors: list[list[float]] = []
    for i in range(0, len(texts), batch):
        vectors.extend(embedder.get_text_embedding_batch(texts[i : i + batch]))
        if progress:
            progress(len(vectors), len(texts))
    return vectors


def _write_chroma(
    path: Path,
    chunks: list[Chunk],
    vectors: list[list[float]],
    units: list[tuple[Chunk, int, int]],
    unit_vectors: list[list[float]],
) -> None:
    """Two collections: whole chunks, and their sentences (each pointing to its chunk)."""
    from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    client = _client(path)
    nodes = [
        TextNode(
            id_=c.id,
            text=c.text,
            embedding=v,
            metadata=_chunk_metadata(c),
            start_char_idx=c.start,
            end_char_idx=c.end,
            # The source relationship makes llama-index store our id as doc_id/ref_doc_id
            # (it overwrites those metadata keys with it) and lets it delete by document.
            relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.doc_id)},
        )
        for c, v in zip(chunks, vectors)
    ]
    sentence_nodes = [
        TextNode(
            id_=f"{c.id}/{start}-{end}",
            text=c.text[start - c.start : end - c.start],
            embedding=v,
            metadata={"chunk_id": c.id, **_programme_flags(c)},
            start_char_idx=start,
            end_char_idx=end,
            relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.doc_id)},
        )
        for (c, start, end), v in zip(units, unit_vectors)
    ]
    batches: tuple[tuple[str, list[BaseNode]], ...] = ((COLLECTION, list(nodes)), (SENTENCES, list(sentence_nodes)))
    for name, batch in batches:
        # embedding_function=None: Chroma's default one downloads a model, which fails offline.
        collection = client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
        store = ChromaVectorStore(chroma_collection=collection)
        for i in range(0, len(batch), 500):
            store.add(batch[i : i + 500])
    _release()


def _programme_flags(chunk: Chunk) -> dict[str, int]:
    """One flag per programme, so that Chroma can filter on it."""
    return {f"programme:{p}": 1 for p in chunk.programmes}


def _chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": chunk.title,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "programmes": ",".join(chunk.programmes),
        "kind": chunk.kind,
        "edition": chunk.edition or "",
        "url": chunk.url or "",
    }
    meta.update(_programme_flags(chunk))
    return meta


def _chunk_from_metadata(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        id=chunk_id,
        doc_id=str(meta["doc_id"]),
        title=str(meta["title"]),
        section=str(meta["section"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=text,
        programmes=tuple(p for p in str(meta["programmes"]).split(",") if p),
        kind=str(meta["kind"]),
        edition=str(meta["edition"]) or None,
        url=str(meta.get("url", "")) or None,
    )


def _entries(documents: list[Document], chunks: list[Chunk]) -> dict[str, DocumentEntry]:
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
    return {
        d.id: DocumentEntry(content_hash=d.content_hash, chunks=counts.get(d.id, 0), title=d.meta.title)
        for d in documents
    }


def _swap(staging: Path, final: Path) -> None:
    """Give the staging folder the final name, keeping the old index until it has."""
    old = final.with_name(f".old-{final.name}")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _other_indexes_hint(index_dir: Path, wanted: Path) -> str:
    others = []
    for manifest_file in sorted(index_dir.glob(f"*/{MANIFEST}")):
        if manifest_file.parent == wanted:
            continue
        try:
            fp = Manifest.model_validate_json(manifest_file.read_text(encoding="utf-8")).fingerprint
        except (ValidationError, OSError, UnicodeDecodeError):
            continue
        others.append(f"{manifest_file.parent.name} has {fp.describe()}")
    if len(others) > 3:
        others = [*others[:3], f"{len(others) - 3} more"]
    return "; ".join(others)


def _client(path: Path, create: bool = True) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    if create:
        path.mkdir(parents=True, exist_ok=True)
    elif not (path / "chroma.sqlite3").is_file():
        # Opening would create an empty store inside the served index: refuse instead.
        raise IndexStoreError(path, "the store (chroma.sqlite3) is missing: rebuild with `assistant index`")
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def _release() -> None:
    """Drop Chroma's per-path client cache, so a moved or rebuilt folder is reopened afresh."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
