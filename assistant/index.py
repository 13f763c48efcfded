"""Build, verify, switch and open the index: chunks and their vectors in Chroma.

Layout of one index identity (a hash of what shapes the index: embedding model,
chunking, format), ``index/<backend>-<hash>/``::

    CURRENT                  which build is served, and the previous one (JSON, replaced atomically)
    builds/<build-id>/       one complete, verified build: manifest.json (+ the Chroma store, embedded mode)
    .staging-<build-id>/     a build in progress; never served, removed by the next re-index
    vectors/<hash>.npz       the vectors of one document version, so unchanged documents are not re-embedded

A re-index (``build_index``) holds an exclusive lock, embeds only the documents
whose content hash has no cached vectors, writes a whole new build into
staging, verifies it in a fresh process (counts, check queries), and only then
switches ``CURRENT`` with one ``os.replace``. The served build is never
written: a crash at any point leaves it answering as before. Readers open the
build ``CURRENT`` names, so a running server picks up a new build on its next
question.

With ``chroma_url`` set, the Chroma store is a server (``HttpClient``): each
build's collections are named after it, and the pointer, manifests and vector
cache stay in the local index folder.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.chunking import Chunk, chunk_document, sentences
from assistant.corpus import Document, load_corpus
from assistant.embeddings import backend_identity, load_embedder
from assistant.errors import IndexBusy, IndexMismatch, IndexMissing, IndexStoreError, IndexUnavailable
from assistant.files import TMP_MARK, write_atomic
from assistant.settings import Settings, without_password

FORMAT_VERSION = 3  # bump when what is embedded or how builds are laid out changes for the same settings
COLLECTION = "chunks"
SENTENCES = "sentences"
MANIFEST = "manifest.json"
POINTER = "CURRENT"
BUILDS = "builds"
VECTORS = "vectors"
LOCK = ".lock"
STAGING = ".staging-"
CHECKS_FILE = "index-checks.yaml"  # in the corpus folder: fixed queries a new build must answer
CHECK_TOP_K = 10
LOAD_PAGE = 5000  # chunks read per call when opening a build
# Seconds a Chroma server gets (chromadb's HttpClient has no timeout of its own: a hung server would hang a question).
CHROMA_CONNECT_TIMEOUT = 3.0
CHROMA_READ_TIMEOUT = 15.0  # a search or a load page when serving: a hung server fails the question in seconds
CHROMA_WRITE_TIMEOUT = 120.0  # a batch of 500 records written during a re-index
CHROMA_PROBE_TIMEOUT = 5.0  # the heartbeat before a client is made
Progress = Callable[[int, int], None]
Say = Callable[[str], None]


class Fingerprint(BaseModel):
    """Everything that shapes the index's content."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int
    embedding: str
    max_chars: int
    context_header: bool
    store: Literal["embedded", "server"]  # a server build's vectors are not in its folder

    def describe(self) -> str:
        where = ", on a Chroma server" if self.store == "server" else ""
        return f"embedding {self.embedding!r}, chunks of {self.max_chars} chars{where}"


class DocumentEntry(BaseModel):
    """What the manifest records per document."""

    content_hash: str
    chunks: int
    title: str


class Manifest(BaseModel):
    """The record of a built index, written last."""

    build: str
    fingerprint: Fingerprint
    documents: dict[str, DocumentEntry]
    chunk_count: int
    sentence_count: int
    dimension: int
    built_at: str
    seconds: float


class Pointer(BaseModel):
    """``CURRENT``: the served build, and the one before it (for ``--rollback``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    build: str
    previous: str | None = None
    switched_at: str


class DocumentAction(BaseModel):
    """What a re-index did with one document."""

    doc_id: str
    action: Literal["added", "changed", "unchanged", "removed"]
    chunks: int
    embedded: int  # texts embedded for it now (0: its vectors were reused, or it was removed)

    def describe(self) -> str:
        if self.action == "removed":
            return f"removed    {self.doc_id}"
        how = f"{self.embedded} texts embedded" if self.embedded else "vectors reused"
        return f"{self.action:<10} {self.doc_id} ({self.chunks} chunks, {how})"


class BuildReport(BaseModel):
    """What ``assistant index`` did."""

    path: Path
    build: str
    documents: int
    chunks: int
    embedded: int
    actions: list[DocumentAction]
    seconds: float
    switched: bool  # False: nothing changed, the served build stays


# --- where things are ------------------------------------------------------------------------------------


def fingerprint(settings: Settings) -> Fingerprint:
    return Fingerprint(
        format=FORMAT_VERSION,
        embedding=backend_identity(settings.embedding),
        max_chars=settings.chunking.max_chars,
        context_header=settings.chunking.context_header,
        store="server" if settings.chroma_url else "embedded",
    )


def index_path(settings: Settings) -> Path:
    """``index/<backend>-<hash of the fingerprint>``: the folder of this index identity."""
    fp = fingerprint(settings)
    digest = hashlib.sha256(fp.model_dump_json().encode()).hexdigest()[:12]
    kind = settings.embedding.backend.partition(":")[0]
    return settings.paths.index_dir / f"{kind}-{digest}"


def build_path(settings: Settings, build: str) -> Path:
    return index_path(settings) / BUILDS / build


def read_pointer(settings: Settings) -> Pointer | None:
    """The served build of this identity (None: none was ever switched in)."""
    pointer_file = index_path(settings) / POINTER
    try:
        return Pointer.model_validate_json(pointer_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (ValidationError, OSError, UnicodeDecodeError):
        raise IndexStoreError(
            pointer_file, "unreadable: run `assistant index` or `assistant index --rollback`"
        ) from None


def current_build(settings: Settings) -> str | None:
    """The id of the served build: cheap enough to check before every question."""
    pointer = read_pointer(settings)
    return pointer.build if pointer else None


def read_manifest(settings: Settings, build: str | None = None) -> tuple[Path, Manifest]:
    """The folder and manifest of the served build (or of ``build``), checked against the settings."""
    if build is None:
        build = current_build(settings)
        if build is None:
            raise IndexMissing(
                index_path(settings), _other_indexes_hint(settings.paths.index_dir, index_path(settings))
            )
    path = build_path(settings, build)
    manifest = _manifest_at(path)
    expected = fingerprint(settings)
    if manifest.fingerprint != expected:
        raise IndexMismatch(path, expected.describe(), manifest.fingerprint.describe())
    return path, manifest


def _manifest_at(path: Path) -> Manifest:
    manifest_file = path / MANIFEST
    if not manifest_file.is_file():
        raise IndexStoreError(path, f"{MANIFEST} is missing: rebuild with `assistant index`")
    try:
        return Manifest.model_validate_json(manifest_file.read_text(encoding="utf-8"))
    except (ValidationError, OSError, UnicodeDecodeError):
        raise IndexStoreError(path, f"{MANIFEST} is unreadable: rebuild with `assistant index`") from None


# --- reading a build ---------------------------------------------------------------------------------------


def load_chunks(settings: Settings, path: Path) -> tuple[list[Chunk], dict[str, Any]]:
    """The chunks stored in a build, and its collections by name; a damaged store is an IndexStoreError."""
    try:
        client = _client(settings, path, create=False)
        names = _collection_names(settings, path)
        collections = {name: client.get_collection(names[name]) for name in (COLLECTION, SENTENCES)}
        chunks = []
        # A page at a time: one get() of ~40,000 records exceeds SQLite's limit on query variables.
        for offset in range(0, collections[COLLECTION].count(), LOAD_PAGE):
            got = collections[COLLECTION].get(include=["metadatas", "documents"], limit=LOAD_PAGE, offset=offset)
            chunks += [
                _chunk_from_metadata(chunk_id, text or "", meta or {})
                for chunk_id, text, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [])
            ]
    except IndexStoreError:
        raise
    except Exception as exc:  # chromadb raises many kinds (sqlite, rust bindings, HTTP, KeyError on metadata)
        if settings.chroma_url and _unreachable(exc):
            raise IndexUnavailable(_shown_url(settings), path, _reason(exc)) from None
        code = None if settings.chroma_url else _disk_errno(exc)
        if code is not None:  # Chroma writes to a store it opens: a full or read-only disk, not a damaged store
            raise IndexStoreError(path, f"cannot open the store: {os.strerror(code)}") from None
        raise IndexStoreError(
            path, f"the store is damaged or unreachable ({_reason(exc)}): rebuild with `assistant index`"
        ) from None
    chunks.sort(key=lambda c: (c.doc_id, c.start))
    return chunks, collections


@contextmanager
def store_call(settings: Settings, path: Path) -> Iterator[None]:
    """Around a query to a build's collections: a Chroma server that is down, restarting, hung or failing (5xx)
    is an IndexUnavailable naming its address. The client needs no reopening: it reconnects once the server is
    back (its collections keep their ids on the server's disk)."""
    try:
        yield
    except Exception as exc:
        if settings.chroma_url and _unreachable(exc):
            raise IndexUnavailable(_shown_url(settings), path, _reason(exc)) from None
        raise


def is_current(settings: Settings) -> bool:
    """Whether a served build exists, opens, and matches the corpus (a broken corpus raises)."""
    try:
        path, manifest = read_manifest(settings)
        chunks, _ = load_chunks(settings, path)
    except (IndexMissing, IndexMismatch, IndexStoreError):
        return False
    return len(chunks) == manifest.chunk_count and not stale_documents(settings, manifest)


def stale_documents(settings: Settings, manifest: Manifest) -> list[str]:
    """Ids of corpus documents added, changed or removed since the build was made."""
    current = {d.id: d.content_hash for d in load_corpus(settings.paths.corpus_dir)}
    indexed = {doc_id: entry.content_hash for doc_id, entry in manifest.documents.items()}
    return sorted(k for k in current.keys() | indexed.keys() if current.get(k) != indexed.get(k))


# --- re-indexing -------------------------------------------------------------------------------------------


@contextmanager
def index_lock(settings: Settings) -> Iterator[None]:
    """One re-index at a time per index folder; the kernel drops the lock if the process dies."""
    index_dir = settings.paths.index_dir
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise IndexStoreError(index_dir, f"cannot write: {exc.strerror or exc}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusy(index_dir, holder) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_index(settings: Settings, progress: Progress | None = None, say: Say | None = None) -> BuildReport:
    """Re-index the corpus: embed what changed, build and verify a new build, switch to it."""
    started = time.perf_counter()
    documents = load_corpus(settings.paths.corpus_dir)
    root = index_path(settings)
    with index_lock(settings):
        _clean_leftovers(settings)
        pointer = read_pointer(settings)
        previous = _previous_manifest(settings, pointer)
        actions = _plan(documents, previous)
        if previous is not None and all(a.action == "unchanged" for a in actions) and _opens(settings, previous):
            path = build_path(settings, previous.build)
            return BuildReport(
                path=path, build=previous.build, documents=len(documents), chunks=previous.chunk_count, embedded=0,
                actions=actions, seconds=round(time.perf_counter() - started, 2), switched=False,
            )  # fmt: skip
        build = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
        staging = root / f"{STAGING}{build}"
        try:
            staging.mkdir(parents=True)
            chunks, vectors, sentence_units, sentence_vectors, embedded = _vectors_for(
                settings, documents, progress, actions
            )
            _write_chroma(settings, staging, chunks, vectors, sentence_units, sentence_vectors)
            manifest = Manifest(
                build=build,
                fingerprint=fingerprint(settings),
                documents=_entries(documents, chunks),
                chunk_count=len(chunks),
                sentence_count=len(sentence_units),
                dimension=len(vectors[0]) if vectors else 0,
                built_at=datetime.now(UTC).isoformat(timespec="seconds"),
                seconds=round(time.perf_counter() - started, 3),
            )
            write_atomic(staging / MANIFEST, manifest.model_dump_json(indent=2))
            if say:
                say("verifying the new build in a fresh process")
            problems = _verify_in_fresh_process(settings, staging)
            if problems:
                raise IndexStoreError(staging, "the new build failed its check: " + "; ".join(problems))
            final = root / BUILDS / build
            final.parent.mkdir(exist_ok=True)
            staging.rename(final)
            _switch(settings, Pointer(build=build, previous=pointer.build if pointer else None, switched_at=_now()))
        except OSError as exc:
            _drop_unserved(settings, staging, root / BUILDS / build)
            raise IndexStoreError(root, f"cannot write: {exc.strerror or exc}") from None
        except BaseException:
            _drop_unserved(settings, staging, root / BUILDS / build)
            raise
        _collect_garbage(settings)
    return BuildReport(
        path=final, build=build, documents=len(documents), chunks=len(chunks), embedded=embedded,
        actions=actions, seconds=round(time.perf_counter() - started, 2), switched=True,
    )  # fmt: skip


def rollback(settings: Settings) -> Pointer:
    """Serve the previous build again (and keep the current one as the new 'previous')."""
    with index_lock(settings):
        pointer = read_pointer(settings)
        if pointer is None:
            raise IndexMissing(index_path(settings))
        if pointer.previous is None or not (build_path(settings, pointer.previous) / MANIFEST).is_file():
            raise IndexStoreError(index_path(settings), "no previous build to roll back to")
        read_manifest(settings, pointer.previous)  # it must still match these settings
        problems = _verify_in_fresh_process(settings, build_path(settings, pointer.previous))
        if problems:
            raise IndexStoreError(build_path(settings, pointer.previous), "fails its check: " + "; ".join(problems))
        new = Pointer(build=pointer.previous, previous=pointer.build, switched_at=_now())
        _switch(settings, new)
        return new


def _opens(settings: Settings, manifest: Manifest) -> bool:
    """Whether a build's store opens with the chunks its manifest counts (else a re-index rebuilds it)."""
    try:
        chunks, _ = load_chunks(settings, build_path(settings, manifest.build))
    except IndexStoreError:
        return False
    finally:
        _release()
    return len(chunks) == manifest.chunk_count


def _plan(documents: list[Document], previous: Manifest | None) -> list[DocumentAction]:
    before = previous.documents if previous else {}
    actions = []
    for doc in documents:
        old = before.get(doc.id)
        action: Literal["added", "changed", "unchanged"] = (
            "added" if old is None else "unchanged" if old.content_hash == doc.content_hash else "changed"
        )
        actions.append(DocumentAction(doc_id=doc.id, action=action, chunks=old.chunks if old else 0, embedded=0))
    current = {d.id for d in documents}
    actions += [
        DocumentAction(doc_id=d, action="removed", chunks=e.chunks, embedded=0)
        for d, e in sorted(before.items())
        if d not in current
    ]
    return actions


def _previous_manifest(settings: Settings, pointer: Pointer | None) -> Manifest | None:
    """The served build's manifest, if it can be trusted to compare against."""
    if pointer is None:
        return None
    try:
        return read_manifest(settings, pointer.build)[1]
    except (IndexStoreError, IndexMismatch):
        return None


def _vectors_for(
    settings: Settings, documents: list[Document], progress: Progress | None, actions: list[DocumentAction]
) -> tuple[list[Chunk], list[list[float]], list[tuple[Chunk, int, int]], list[list[float]], int]:
    """Every chunk and sentence with its vector: from the cache for known document versions, else embedded."""
    import numpy as np

    header = settings.chunking.context_header
    cache = index_path(settings) / VECTORS
    cache.mkdir(parents=True, exist_ok=True)
    per_doc: dict[str, tuple[list[Chunk], list[tuple[Chunk, int, int]], list[str]]] = {}
    missing: list[str] = []
    for doc in documents:
        chunks = chunk_document(doc, settings.chunking.max_chars)
        units = [(c, start, end) for c in chunks for start, end in sentences(c)]
        texts = [c.embed_text(header) for c in chunks] + [
            c.embed_text(header, c.text[start - c.start : end - c.start]) for c, start, end in units
        ]
        per_doc[doc.id] = (chunks, units, texts)
        if _cached(cache, doc, len(texts)) is None:
            missing.append(doc.id)
    total = sum(len(per_doc[d][2]) for d in missing)
    done = 0
    embedder = load_embedder(settings.embedding, settings.runtime.threads) if missing else None
    for doc in documents:
        if doc.id not in missing:
            continue
        texts = per_doc[doc.id][2]
        vectors = _embed(embedder, texts, settings.embedding.batch_size, progress, done, total)
        done += len(texts)
        write_atomic(cache / f"{doc.content_hash}.npy", _npy(np.asarray(vectors, dtype=np.float32)))
    all_chunks: list[Chunk] = []
    all_units: list[tuple[Chunk, int, int]] = []
    chunk_vectors: list[list[float]] = []
    unit_vectors: list[list[float]] = []
    by_id = {a.doc_id: a for a in actions}
    for doc in documents:
        chunks, units, texts = per_doc[doc.id]
        matrix = _cached(cache, doc, len(texts))
        if matrix is None:  # written just above: only a vanished cache file gets here
            raise IndexStoreError(cache / f"{doc.content_hash}.npy", "the cached vectors vanished during the build")
        rows = matrix.tolist()
        all_chunks += chunks
        all_units += units
        chunk_vectors += rows[: len(chunks)]
        unit_vectors += rows[len(chunks) :]
        action = by_id[doc.id]
        action.chunks = len(chunks)
        action.embedded = len(texts) if doc.id in missing else 0
    return all_chunks, chunk_vectors, all_units, unit_vectors, total


def _cached(cache: Path, doc: Document, rows: int) -> Any:
    """The cached vectors of this document version, or None when absent, unreadable or of the wrong shape."""
    import numpy as np

    try:
        matrix = np.load(cache / f"{doc.content_hash}.npy", allow_pickle=False)
    except (OSError, ValueError):
        return None
    return matrix if matrix.ndim == 2 and matrix.shape[0] == rows else None


def _npy(matrix: Any) -> bytes:
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, matrix, allow_pickle=False)
    return buffer.getvalue()


def _embed(
    embedder: Any, texts: list[str], batch: int, progress: Progress | None, offset: int, total: int
) -> list[list[float]]:
    vectors: list[list[float]] = []
    for i in range(0, len(texts), batch):
        vectors.extend(embedder.get_text_embedding_batch(texts[i : i + batch]))
        if progress:
            progress(offset + len(vectors), total)
    return vectors


def write_collections(
    client: Any,
    names: dict[str, str],
    chunks: list[Chunk],
    vectors: list[list[float]],
    units: list[tuple[Chunk, int, int]],
    unit_vectors: list[list[float]],
) -> None:
    """Two collections: whole chunks, and their sentences (each pointing to its chunk)."""
    from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

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
        collection = client.create_collection(names[name], embedding_function=None, metadata={"hnsw:space": "cosine"})
        store = ChromaVectorStore(chroma_collection=collection)
        for i in range(0, len(batch), 500):
            store.add(batch[i : i + 500])


def _write_chroma(
    settings: Settings,
    path: Path,
    chunks: list[Chunk],
    vectors: list[list[float]],
    units: list[tuple[Chunk, int, int]],
    unit_vectors: list[list[float]],
) -> None:
    try:
        write_collections(
            _client(settings, path), _collection_names(settings, path), chunks, vectors, units, unit_vectors
        )
    except IndexStoreError:
        raise
    except Exception as exc:  # chromadb's own kinds: turned into what build_index reports in one line
        if settings.chroma_url:
            if _unreachable(exc):
                raise IndexUnavailable(_shown_url(settings), path, _reason(exc)) from None
            raise IndexStoreError(
                path, f"the Chroma server at {_shown_url(settings)} did not store the build ({_reason(exc)})"
            ) from None
        code = _disk_errno(exc)
        if code is not None:  # the store's sqlite and files hit a full or read-only disk: an OSError like any write
            raise OSError(code, os.strerror(code)) from None
        if isinstance(exc, OSError):
            raise
        raise IndexStoreError(index_path(settings), f"the store did not take the build ({_reason(exc)})") from None
    finally:
        _release()


def _switch(settings: Settings, pointer: Pointer) -> None:
    """Serve another build: one atomic replace of the pointer file."""
    write_atomic(index_path(settings) / POINTER, pointer.model_dump_json(indent=2))


def _clean_leftovers(settings: Settings) -> None:
    """What an interrupted re-index left: staging folders, temporary files (only ever written under the lock)."""
    root = index_path(settings)
    if not root.is_dir():
        return
    for leftover in root.glob(f"{STAGING}*"):
        _drop(settings, leftover)
    for folder in (root, root / VECTORS):
        for tmp in folder.glob(f".*{TMP_MARK}*"):
            tmp.unlink(missing_ok=True)
    _collect_garbage(settings)


def _collect_garbage(settings: Settings) -> None:
    """Keep the served and the previous build, and the cached vectors they use; drop the rest."""
    pointer = read_pointer(settings)
    if pointer is None:
        return
    keep = {pointer.build, pointer.previous} - {None}
    builds = index_path(settings) / BUILDS
    hashes: set[str] = set()
    for build in keep:
        with suppress(IndexStoreError):
            hashes |= {e.content_hash for e in _manifest_at(builds / str(build)).documents.values()}
    if builds.is_dir():
        for folder in builds.iterdir():
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)
    if settings.chroma_url:  # every collection of this identity but the kept builds', in one listing
        _drop_server_collections(settings, keep)
    if hashes:  # never empty the cache on an unreadable manifest
        for cached in (index_path(settings) / VECTORS).glob("*.npy"):
            if cached.stem not in hashes:
                cached.unlink(missing_ok=True)


def _drop(settings: Settings, folder: Path) -> None:
    """Delete a build or staging folder (and its collections on a Chroma server)."""
    shutil.rmtree(folder, ignore_errors=True)
    if settings.chroma_url:
        with suppress(Exception):
            client = _client(settings, folder)
            for name in _collection_names(settings, folder).values():
                with suppress(Exception):
                    client.delete_collection(name)


def _drop_unserved(settings: Settings, staging: Path, final: Path) -> None:
    """After a failed re-index: its staging folder, or its build if it was moved in but not switched to."""
    _drop(settings, staging)
    with suppress(IndexStoreError):
        if final.is_dir() and current_build(settings) != final.name:
            _drop(settings, final)


def _drop_server_collections(settings: Settings, keep: set[str | None]) -> None:
    prefix = index_path(settings).name + "-"
    kept = {_server_name(index_path(settings).name, str(b), n) for b in keep for n in (COLLECTION, SENTENCES)}
    with suppress(Exception):
        client = _client(settings, index_path(settings))
        for collection in client.list_collections():
            name = collection if isinstance(collection, str) else collection.name
            if name.startswith(prefix) and name not in kept:
                client.delete_collection(name)


# --- verification, in a fresh process ---------------------------------------------------------------------


class CheckQuery(BaseModel):
    """A query a build must answer with a chunk of ``expect`` among its first results."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    query: str
    expect: str


def check_queries(settings: Settings, doc_ids: set[str]) -> list[CheckQuery]:
    """The fixed check queries of the corpus folder for the documents present, and each document's title."""
    from assistant.yamldata import parse_yaml, validate

    checks: list[CheckQuery] = []
    checks_file = settings.paths.corpus_dir / CHECKS_FILE
    if checks_file.is_file():
        raw = parse_yaml(checks_file.read_text(encoding="utf-8"), checks_file, IndexStoreError, "check queries")
        if not isinstance(raw, list):
            raise IndexStoreError(checks_file, "must be a list of {query, expect} entries")
        checks = [validate(CheckQuery, item, checks_file, IndexStoreError) for item in raw]
    return [c for c in checks if c.expect in doc_ids]


def verify_build(settings: Settings, path: Path) -> list[str]:
    """Problems of a build: its counts against its manifest, and check queries missing their documents."""
    manifest = _manifest_at(path)
    problems: list[str] = []
    chunks, collections = load_chunks(settings, path)
    if len(chunks) != manifest.chunk_count:
        problems.append(f"{len(chunks)} chunks stored, the manifest says {manifest.chunk_count}")
    sentence_count = collections[SENTENCES].count()
    if sentence_count != manifest.sentence_count:
        problems.append(f"{sentence_count} sentences stored, the manifest says {manifest.sentence_count}")
    per_doc: dict[str, int] = {}
    for chunk in chunks:
        per_doc[chunk.doc_id] = per_doc.get(chunk.doc_id, 0) + 1
    for doc_id, entry in manifest.documents.items():
        if per_doc.get(doc_id, 0) != entry.chunks:
            problems.append(f"{doc_id}: {per_doc.get(doc_id, 0)} chunks stored, the manifest says {entry.chunks}")
    titles = [CheckQuery(query=e.title, expect=d) for d, e in manifest.documents.items()]
    checks = titles + check_queries(settings, set(manifest.documents))
    if checks and not problems:
        embedder = load_embedder(settings.embedding, settings.runtime.threads)
        for check in checks:
            got = collections[COLLECTION].query(
                query_embeddings=[embedder.get_query_embedding(check.query)],
                n_results=min(CHECK_TOP_K, manifest.chunk_count),
                include=["metadatas"],
            )
            found = {str((m or {}).get("doc_id")) for m in (got["metadatas"] or [[]])[0]}
            if check.expect not in found:
                problems.append(f"check query {check.query!r} does not find {check.expect}")
    return problems


def _verify_in_fresh_process(settings: Settings, path: Path) -> list[str]:
    """``verify_build`` in a new interpreter: nothing this process cached can hide a broken store."""
    command = [sys.executable, "-c", "import sys; from assistant.index import _verify_main; sys.exit(_verify_main())"]
    request = json.dumps({"settings": settings.model_dump(mode="json"), "path": str(path)})
    try:
        done = subprocess.run(command, input=request, capture_output=True, text=True, timeout=1800, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [f"the check process failed ({exc.__class__.__name__})"]
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        return [str(p) for p in answer["problems"]]
    except (IndexError, ValueError, KeyError, TypeError):
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [f"the check process exited {done.returncode}: {last}"]


def _verify_main() -> int:
    """Entry point of the check process: settings and path as JSON on stdin, problems as JSON on stdout."""
    from assistant import runtime
    from assistant.errors import AssistantError

    request = json.loads(sys.stdin.read())
    settings = Settings.model_validate(request["settings"])
    runtime.configure(settings)
    try:
        problems = verify_build(settings, Path(request["path"]))
    except AssistantError as exc:
        problems = [str(exc)]
    print(json.dumps({"problems": problems}))
    return 0


# --- the Chroma client --------------------------------------------------------------------------------------


def _server_name(identity: str, build: str, collection: str) -> str:
    return f"{identity}-{build.lower()}-{collection}"


def _collection_names(settings: Settings, path: Path) -> dict[str, str]:
    """Collection names of a build: plain in its own embedded store, prefixed by identity and build on a server."""
    if not settings.chroma_url:
        return {COLLECTION: COLLECTION, SENTENCES: SENTENCES}
    build = path.name.removeprefix(STAGING)
    return {n: _server_name(index_path(settings).name, build, n) for n in (COLLECTION, SENTENCES)}


def _client(settings: Settings, path: Path, create: bool = True) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        import httpx

        url = urlsplit(settings.chroma_url)
        ssl = url.scheme == "https"
        host, port = url.hostname or "127.0.0.1", url.port or (443 if ssl else 8000)
        timeout = httpx.Timeout(CHROMA_WRITE_TIMEOUT if create else CHROMA_READ_TIMEOUT, connect=CHROMA_CONNECT_TIMEOUT)
        try:
            # HttpClient() talks to the server with no timeout at all: a heartbeat with one first.
            base = f"{'https' if ssl else 'http'}://{f'[{host}]' if ':' in host else host}:{port}"
            httpx.get(f"{base}/api/v2/heartbeat", timeout=httpx.Timeout(CHROMA_PROBE_TIMEOUT)).raise_for_status()
            client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
            session = getattr(getattr(client, "_server", None), "_session", None)  # its httpx.Client
            if session is not None:
                session.timeout = timeout
            return client
        except Exception as exc:  # connection refused, timeouts, a 5xx, a server of another version
            if _unreachable(exc):
                raise IndexUnavailable(_shown_url(settings), path, _reason(exc)) from None
            raise IndexStoreError(
                path, f"cannot use the Chroma server at {_shown_url(settings)} ({_reason(exc)})"
            ) from None
    if create:
        path.mkdir(parents=True, exist_ok=True)
    elif not (path / "chroma.sqlite3").is_file():
        # Opening would create an empty store inside the served index: refuse instead.
        raise IndexStoreError(path, "the store (chroma.sqlite3) is missing: rebuild with `assistant index`")
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _release() -> None:
    """Drop Chroma's per-path client cache, so a moved or rebuilt folder is reopened afresh."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _shown_url(settings: Settings) -> str:
    """The server's address for a message: never its password."""
    return without_password(settings.chroma_url or "")


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """An exception and what it was raised from or during (chromadb re-raises httpx's errors as its own)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _unreachable(exc: BaseException) -> bool:
    """Whether a Chroma client error means the server is down, restarting, hung or failing (worth a retry)."""
    import httpx
    from chromadb.errors import ChromaError, VersionMismatchError

    for cause in _causes(exc):
        if isinstance(cause, (httpx.TransportError, ConnectionError, TimeoutError)):
            return True  # refused, reset, timed out, a proxy that cannot connect
        if isinstance(cause, httpx.HTTPStatusError) and cause.response.status_code >= 500:
            return True  # chromadb raises a plain Exception(body) from it
        if isinstance(cause, ChromaError) and not isinstance(cause, VersionMismatchError) and cause.code() >= 500:
            return True
    return False


_DISK_WORDS = (
    ("no space left", errno.ENOSPC),
    ("disk is full", errno.ENOSPC),  # sqlite's SQLITE_FULL, as chromadb's rust bindings report it
    ("quota exceeded", errno.EDQUOT),
    ("read-only file system", errno.EROFS),
    ("readonly database", errno.EROFS),  # sqlite's SQLITE_READONLY
)


def _disk_errno(exc: BaseException) -> int | None:
    """The errno of a full or read-only disk behind an embedded store's error (sqlite and rust report it as text)."""
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            return cause.errno
        text = str(cause).lower()
        for words, code in _DISK_WORDS:
            if words in text:
                return code
    return None


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return exc.__class__.__name__ + (f": {text[:120]}" if text else "")


# --- metadata -----------------------------------------------------------------------------------------------


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _other_indexes_hint(index_dir: Path, wanted: Path) -> str:
    others = []
    for pointer_file in sorted(index_dir.glob(f"*/{POINTER}")):
        root = pointer_file.parent
        if root == wanted:
            continue
        try:
            build = Pointer.model_validate_json(pointer_file.read_text(encoding="utf-8")).build
            fp = _manifest_at(root / BUILDS / build).fingerprint
        except (ValidationError, OSError, UnicodeDecodeError, IndexStoreError):
            continue
        others.append(f"{root.name} has {fp.describe()}")
    if len(others) > 3:
        others = [*others[:3], f"{len(others) - 3} more"]
    return "; ".join(others)
