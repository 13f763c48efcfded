"""Scale benchmark: ingest throughput, query latency and memory as the corpus grows, embedded vs Chroma server.

The corpus is grown synthetically. Scale N holds the real documents of ``corpus/`` and N-1
generated variants of each: the real text with other editions and years, dates, durations,
counts, deadlines, a status line, a thematic/regional programme variant, other contacts and
shuffled list items. Scale N has about N x 39 chunks and N x 182 embedded texts (chunks and
their sentences, the two collections of an index build; the real corpus alone: 38 and 177).

Embedding 1000x with the real model would take hours on two cores, so:

- the embedding rate is measured for real (the configured model, one thread) on the 1x and 10x texts;
- the stores get synthetic vectors at every scale: the real vector of the base text a generated
  text comes from, plus Gaussian noise calibrated so that its cosine to that base vector matches
  what the real 10x embeddings show, re-normalised (the HNSW graph sees realistic geometry).

Each scale and mode runs in fresh processes and a fresh folder (server mode: a fresh
``chroma run`` server with its own data folder). An ingest process writes both collections
through ``assistant.index.write_collections`` (the code path of ``assistant index``) with a
manifest and ``CURRENT`` pointer; a query process then opens the build as a server would and
times dense queries of both collections (top 30 / 90, as the retriever) and the full hybrid
``Retriever.search``. Memory is the peak and current resident set (VmHWM/VmRSS) of each process,
and of the Chroma server. Should ``Retriever(settings)`` fail to open a build (as it did past
32,766 chunks before ``load_chunks`` read them in pages), the failure is recorded and the search
is timed with the chunks read a page at a time, patched into the query process only.

The defaults (1x to 1000x, both modes) take about 12 minutes and 4.5 GB of memory at the peak.

    .venv/bin/python benchmarks/scale.py [--scales 1,10,100,1000] [--modes embedded,server]
        [--queries 50] [--repeat 3] [--hybrid-max 1000] [--out scale.json] [--svg benchmarks/scale.svg]
    .venv/bin/python benchmarks/scale.py --from-json scale.json   # the table and chart again, no run

A benchmark, not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant import runtime
from assistant.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "evals" / "dev.jsonl"

# --- memory ---------------------------------------------------------------------------------------------------


def memory(pid: int | str = "self") -> dict[str, float]:
    """Resident set now (VmRSS) and at its peak (VmHWM) of one process, in MiB; zeros when it is gone."""
    figures = {"rss_mb": 0.0, "hwm_mb": 0.0}
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return figures
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key == "VmRSS":
            figures["rss_mb"] = int(value.split()[0]) / 1024
        elif key == "VmHWM":
            figures["hwm_mb"] = int(value.split()[0]) / 1024
    return figures


def tree_memory(pid: int) -> dict[str, float]:
    """``memory`` summed over a process and its descendants (``chroma run`` serves from its own process)."""
    total = {"rss_mb": 0.0, "hwm_mb": 0.0}
    pending = [pid]
    while pending:
        current = pending.pop()
        for key, value in memory(current).items():
            total[key] += value
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending += [int(c) for c in children.read_text().split()]
            except (OSError, ValueError):
                continue
    return total


def self_memory() -> dict[str, float]:
    figures = memory()
    figures["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return figures


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20 if folder.exists() else 0.0


# --- the synthetic corpus --------------------------------------------------------------------------------------

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
THEMES = (
    "neurosciences", "cancérologie", "santé publique", "immunologie", "génétique", "cardiologie", "pédiatrie",
    "maladies infectieuses", "imagerie", "technologies pour la santé", "physiopathologie", "bioinformatique",
)  # fmt: skip
SITES = (
    "Paris", "Lyon", "Marseille", "Lille", "Bordeaux", "Toulouse", "Nantes", "Strasbourg",
    "Montpellier", "Rennes", "Grenoble", "Nancy",
)  # fmt: skip
FIRST_NAMES = ("Claire", "Julien", "Sophie", "Karim", "Anne", "Thomas", "Léa", "Hugo", "Nadia", "Pierre", "Camille")
LAST_NAMES = ("MARTIN", "BERNARD", "DUBOIS", "LEROY", "MOREAU", "GARNIER", "FAURE", "ROUSSEL", "BLANC", "MERCIER")
STATUSES = (
    "Statut de l'appel : ouvert, les inscriptions sont en cours.",
    "Statut de l'appel : clos, les candidatures sont en cours d'examen.",
    "Statut de l'appel : clos, les résultats ont été publiés.",
    "Statut de l'appel : en préparation, l'ouverture sera annoncée sur le site Inserm pro.",
    "Statut de l'appel : prolongé de deux semaines pour cette édition.",
)
DURATIONS = {"ans": ("deux", "trois", "quatre", "2", "3", "4", "5"), "mois": ("6", "12", "18", "24", "36")}
DURATIONS["années"] = DURATIONS["ans"]
COUNTS = ("dizaine", "vingtaine", "trentaine", "quarantaine", "cinquantaine")

_YEAR = re.compile(r"\b20[2-3]\d\b")
_DATE = re.compile(r"\b(1er|[1-9]|[12]\d|3[01]) (" + "|".join(MONTHS) + r")\b")
_DURATION = re.compile(r"\b(deux|trois|quatre|cinq|six|\d{1,2}) (ans|années|mois)\b")
_COUNT = re.compile(r"\b(" + "|".join(COUNTS) + r")\b")
_HOUR = re.compile(r"\b1\d ?(heures|h)\b")
_EMAIL = re.compile(r"\b([\w.-]+)@([\w-]+(?:\.[\w-]+)+)")
_SIGNATURE = re.compile(r"^[A-ZÉ][a-zéèëï]+ [A-Z]{2,}(?:-[A-Z]{2,})?(?=,)", re.MULTILINE)
_H1 = re.compile(r"^# .+$", re.MULTILINE)


def vary(doc: Any, variant: int, programme_names: dict[str, str]) -> Any:
    """Variant ``variant`` (>= 1) of a real document: same structure and wording, other particulars."""
    from assistant.corpus import Document, DocumentMeta

    rng = random.Random(f"{doc.id}/{variant}")
    shift = rng.randint(1, 9)
    theme, site = rng.choice(THEMES), rng.choice(SITES)

    def years(text: str) -> str:
        return _YEAR.sub(lambda m: str(int(m.group(0)) + shift), text)

    body = years(doc.body)
    body = _DATE.sub(lambda m: f"{rng.choice(['1er', *map(str, range(2, 29))])} {rng.choice(MONTHS)}", body)
    body = _DURATION.sub(lambda m: f"{rng.choice(DURATIONS[m.group(2)])} {m.group(2)}", body)
    body = _COUNT.sub(lambda m: rng.choice(COUNTS), body)
    body = _HOUR.sub(lambda m: f"{rng.randint(12, 18)}{' heures' if m.group(1) == 'heures' else 'h'}", body)
    body = _EMAIL.sub(lambda m: f"{m.group(1)}.{site.lower()}@{m.group(2)}", body)
    body = _SIGNATURE.sub(lambda m: f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", body)
    for programme in doc.meta.programmes:  # a thematic variant of the programme, where the text names it
        name = programme_names.get(programme)
        if name:
            body = re.sub(re.escape(name), lambda m: f"{m.group(0)} ({theme})", body, count=2, flags=re.IGNORECASE)
    lines = body.split("\n")  # shuffle the items of each run of list lines
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].startswith("- "):
            j += 1
        if j - i > 1:
            run = lines[i:j]
            rng.shuffle(run)
            lines[i:j] = run
        i = max(j, i + 1)
    body = "\n".join(lines)
    title = f"{years(doc.meta.title)} — {theme}, délégation de {site}"
    status = rng.choice(STATUSES)
    heading = f"# {title}\n\n{status}"
    body = _H1.sub(lambda m: heading, body, count=1) if _H1.search(body) else f"{status}\n\n{body}"
    meta = doc.meta.model_copy(
        update={
            "id": f"{doc.id}-v{variant:04d}",
            "title": title,
            "edition": years(doc.meta.edition) if doc.meta.edition else None,
            "year": doc.meta.year + shift if doc.meta.year else None,
            "url": years(doc.meta.url) if doc.meta.url else None,
            "source": None,
        }
    )
    meta = DocumentMeta.model_validate(meta.model_dump())
    return Document(meta=meta, body=body, path=doc.path.with_name(f"{meta.id}.md"))


def corpus_at(settings: Settings, scale: int) -> list[tuple[Any, int, int]]:
    """(document, index of its base document, variant) for scale N: the real documents, then N-1 variants of each."""
    from assistant.corpus import load_corpus
    from assistant.programmes import load_programmes

    base = load_corpus(settings.paths.corpus_dir)
    names = {p.id: p.name for p in load_programmes(settings.paths.corpus_dir)}
    docs = [(d, b, 0) for b, d in enumerate(base)]
    for variant in range(1, scale):
        docs += [(vary(d, variant, names), b, variant) for b, d in enumerate(base)]
    return docs


class Prepared:
    """Chunks, sentence units and their embedded texts, with the base text each one derives from."""

    def __init__(self, settings: Settings, docs: list[tuple[Any, int, int]]) -> None:
        from assistant.chunking import chunk_document, sentences

        header = settings.chunking.context_header
        self.chunks: list[Any] = []
        self.units: list[tuple[Any, int, int]] = []
        self.chunk_base: list[int] = []  # row of the base chunk vector
        self.unit_base: list[int] = []
        self.chunk_variant: list[int] = []
        self.unit_variant: list[int] = []
        started = time.perf_counter()
        per_doc: list[tuple[list[Any], list[tuple[Any, int, int]]]] = []
        for doc, _, _ in docs:
            chunks = chunk_document(doc, settings.chunking.max_chars)
            per_doc.append((chunks, [(c, s, e) for c in chunks for s, e in sentences(c)]))
        self.chunk_seconds = time.perf_counter() - started  # chunking is part of a real build's cost
        base: dict[int, tuple[list[tuple[int, set[str]]], list[tuple[int, set[str]]]]] = {}
        for (_, b, variant), (chunks, units) in zip(docs, per_doc):
            if variant == 0:  # the real documents come first: the base rows
                base[b] = (
                    [(len(self.chunks) + j, _words(c.text)) for j, c in enumerate(chunks)],
                    [(len(self.units) + j, _words(_unit_text(u))) for j, u in enumerate(units)],
                )
            self.chunk_base += (
                [_closest(_words(c.text), base[b][0]) for c in chunks] if variant else [row for row, _ in base[b][0]]
            )
            self.unit_base += (
                [_closest(_words(_unit_text(u)), base[b][1]) for u in units]
                if variant
                else [row for row, _ in base[b][1]]
            )
            self.chunk_variant += [variant] * len(chunks)
            self.unit_variant += [variant] * len(units)
            self.chunks += chunks
            self.units += units
        self.header = header

    def chunk_texts(self) -> list[str]:
        return [c.embed_text(self.header) for c in self.chunks]

    def unit_texts(self) -> list[str]:
        return [u[0].embed_text(self.header, _unit_text(u)) for u in self.units]

    @property
    def texts(self) -> int:
        return len(self.chunks) + len(self.units)


def _unit_text(unit: tuple[Any, int, int]) -> str:
    chunk, start, end = unit
    return str(chunk.text[start - chunk.start : end - chunk.start])


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _closest(words: set[str], candidates: list[tuple[int, set[str]]]) -> int:
    """The row of the base text sharing the most words with a generated text (Jaccard)."""

    def jaccard(candidate: tuple[int, set[str]]) -> float:
        shared = len(words & candidate[1])
        return shared / ((len(words) + len(candidate[1]) - shared) or 1)

    return max(candidates, key=jaccard)[0]


def synthetic_vectors(base: Any, rows: list[int], variants: list[int], sigma: float, seed: int) -> Any:
    """Each row's base vector plus Gaussian noise (none for the real documents, variant 0), re-normalised."""
    import numpy as np

    rng = np.random.default_rng(seed)
    vectors = base[np.asarray(rows, dtype=np.int64)].astype(np.float32)
    noisy = np.asarray(variants) > 0
    vectors[noisy] += sigma * rng.standard_normal((int(noisy.sum()), vectors.shape[1]), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def sigma_for(cosine: float, dimension: int) -> float:
    """Noise per component giving an expected cosine ``cosine`` to the unit base vector: 1/sqrt(1 + s² d)."""
    return math.sqrt(max(1 / cosine**2 - 1, 0.0) / dimension)


# --- child processes -------------------------------------------------------------------------------------------


def child_settings(spec: dict[str, Any]) -> Settings:
    settings = load_settings(
        paths={"corpus_dir": REPO / "corpus", "index_dir": Path(spec["index_dir"])}, chroma_url=spec.get("chroma_url")
    )
    runtime.configure(settings)  # offline, one thread: before numpy, onnxruntime or chromadb are imported
    return settings


def questions(limit: int) -> list[str]:
    lines = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [q["question"] for q in lines][:limit]


def child_embed(spec: dict[str, Any]) -> dict[str, Any]:
    """Real embedding rate on the 1x and 10x texts, base vectors, noise calibration, query vectors."""
    settings = child_settings(spec)
    import numpy as np

    from assistant.embeddings import load_embedder

    embedder = load_embedder(settings.embedding, settings.runtime.threads)
    batch = settings.embedding.batch_size

    def embed(texts: list[str]) -> tuple[Any, float]:
        started = time.perf_counter()
        rows: list[list[float]] = []
        for i in range(0, len(texts), batch):  # as assistant.index._embed does
            rows.extend(embedder.get_text_embedding_batch(texts[i : i + batch]))
        return np.asarray(rows, dtype=np.float32), time.perf_counter() - started

    out: dict[str, Any] = {"backend": settings.embedding.backend, "threads": settings.runtime.threads, "rates": {}}
    base = Prepared(settings, corpus_at(settings, 1))
    base_chunks, s1 = embed(base.chunk_texts())
    base_units, s2 = embed(base.unit_texts())
    out["rates"]["1"] = {"texts": base.texts, "seconds": s1 + s2, "texts_per_s": base.texts / (s1 + s2)}
    print(f"  embedded 1x: {base.texts} texts in {s1 + s2:.1f} s", file=sys.stderr, flush=True)
    ten = Prepared(settings, corpus_at(settings, 10))
    ten_chunks, s1 = embed(ten.chunk_texts())
    ten_units, s2 = embed(ten.unit_texts())
    out["rates"]["10"] = {"texts": ten.texts, "seconds": s1 + s2, "texts_per_s": ten.texts / (s1 + s2)}
    print(f"  embedded 10x: {ten.texts} texts in {s1 + s2:.1f} s", file=sys.stderr, flush=True)

    # Calibration: how far a generated text's real vector is from its base text's vector.
    dimension = base_chunks.shape[1]
    calibration: dict[str, Any] = {"dimension": dimension}
    for kind, real, base_vecs, rows, variants in (
        ("chunks", ten_chunks, base_chunks, ten.chunk_base, ten.chunk_variant),
        ("sentences", ten_units, base_units, ten.unit_base, ten.unit_variant),
    ):
        generated = np.asarray(variants) > 0
        cos = np.sum(real[generated] * base_vecs[np.asarray(rows)[generated]], axis=1)
        target = float(np.median(cos))
        sigma = sigma_for(target, dimension)
        synthetic = synthetic_vectors(base_vecs, rows, variants, sigma, seed=10)
        synth_cos = np.sum(synthetic[generated] * base_vecs[np.asarray(rows)[generated]], axis=1)

        def nearest(m: Any) -> float:  # mean cosine of each vector's nearest other vector
            sims = m @ m.T
            np.fill_diagonal(sims, -1)
            return float(sims.max(axis=1).mean())

        calibration[kind] = {
            "real_cos_to_base_median": target,
            "real_cos_to_base_p10": float(np.percentile(cos, 10)),
            "sigma": sigma,
            "synthetic_cos_to_base_median": float(np.median(synth_cos)),
            "real_nearest_cos_mean_10x": nearest(real),
            "synthetic_nearest_cos_mean_10x": nearest(synthetic),
        }
    out["calibration"] = calibration

    asked = questions(spec["queries"])
    started = time.perf_counter()
    query_vectors = np.asarray([embedder.get_query_embedding(q) for q in asked], dtype=np.float32)
    out["query_embedding_ms"] = 1000 * (time.perf_counter() - started) / len(asked)
    np.savez(spec["vectors"], chunks=base_chunks, units=base_units, queries=query_vectors)
    return out


def _timed_adds(batches: list[dict[str, Any]]) -> None:
    """Record each ``ChromaVectorStore.add`` batch: total time, and the part inside chromadb's ``Collection.add``."""
    from chromadb.api.models.Collection import Collection
    from llama_index.vector_stores.chroma import ChromaVectorStore

    store_add, collection_add = ChromaVectorStore.add, Collection.add
    inside = [0.0]

    def timed_collection_add(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return collection_add(self, *args, **kwargs)
        finally:
            inside[0] += time.perf_counter() - started

    def timed_store_add(self: Any, nodes: list[Any], **kwargs: Any) -> Any:
        inside[0] = 0.0
        started = time.perf_counter()
        result = store_add(self, nodes, **kwargs)
        name = self._collection.name
        batches.append({"collection": name.rsplit("-", 1)[-1], "n": len(nodes), "seconds": time.perf_counter() - started,
                        "chroma_seconds": inside[0]})  # fmt: skip
        return result

    Collection.add = timed_collection_add  # type: ignore[method-assign]
    ChromaVectorStore.add = timed_store_add  # type: ignore[method-assign]


def child_ingest(spec: dict[str, Any]) -> dict[str, Any]:
    """Write scale N's two collections through ``write_collections``, then its manifest and pointer."""
    settings = child_settings(spec)
    import numpy as np

    from assistant.index import (
        COLLECTION,
        MANIFEST,
        POINTER,
        SENTENCES,
        Manifest,
        Pointer,
        _client,
        _collection_names,
        _entries,
        _release,
        build_path,
        fingerprint,
        index_path,
        write_collections,
    )

    scale = spec["scale"]
    docs = corpus_at(settings, scale)
    prepared = Prepared(settings, docs)
    saved = np.load(spec["vectors"])
    sigma = spec["sigma"]
    chunk_vectors = synthetic_vectors(saved["chunks"], prepared.chunk_base, prepared.chunk_variant, sigma["chunks"], 1)
    unit_vectors = synthetic_vectors(saved["units"], prepared.unit_base, prepared.unit_variant, sigma["sentences"], 2)
    vectors, unit_rows = chunk_vectors.tolist(), unit_vectors.tolist()  # what the index hands over: lists of floats
    del chunk_vectors, unit_vectors
    before = self_memory()
    batches: list[dict[str, Any]] = []
    _timed_adds(batches)

    build = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-scale{scale}"
    path = build_path(settings, build)
    started = time.perf_counter()
    client = _client(settings, path)
    names = _collection_names(settings, path)
    write_collections(client, names, prepared.chunks, vectors, prepared.units, unit_rows)
    store_seconds = time.perf_counter() - started
    counts = {name: client.get_collection(names[name]).count() for name in (COLLECTION, SENTENCES)}
    after = self_memory()
    manifest = Manifest(
        build=build,
        fingerprint=fingerprint(settings),
        documents=_entries([d for d, _, _ in docs], prepared.chunks),
        chunk_count=len(prepared.chunks),
        sentence_count=len(prepared.units),
        dimension=len(vectors[0]),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=round(store_seconds, 3),
    )
    path.mkdir(parents=True, exist_ok=True)
    (path / MANIFEST).write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
    pointer = Pointer(build=build, switched_at=datetime.now(UTC).isoformat(timespec="seconds"))
    (index_path(settings) / POINTER).write_text(pointer.model_dump_json(indent=2), encoding="utf-8")
    _release()
    return {
        "documents": len(docs),
        "chunks": len(prepared.chunks),
        "sentences": len(prepared.units),
        "stored": counts,
        "chunk_seconds": prepared.chunk_seconds,
        "store_seconds": store_seconds,
        "store_texts_per_s": prepared.texts / store_seconds,
        "batches": batches,
        "memory_before_store": before,
        "memory_after_store": after,
        "store_disk_mb": disk_mb(path),
    }


def child_query(spec: dict[str, Any]) -> dict[str, Any]:
    """Open the served build and time dense queries of both collections, then the hybrid search."""
    settings = child_settings(spec)
    import numpy as np

    from assistant.index import COLLECTION, SENTENCES, _client, _collection_names, read_manifest

    top = settings.retrieval.candidates
    asked = questions(spec["queries"])
    query_vectors = np.load(spec["vectors"])["queries"].tolist()
    out: dict[str, Any] = {"memory_start": self_memory(), "phases": {}}
    server_pid = spec.get("server_pid")

    def snap(phase: str) -> None:
        """Memory of this process, and of the Chroma server, at the end of a phase."""
        out["phases"][phase] = {"self": self_memory(), "server": tree_memory(server_pid) if server_pid else None}

    snap("start")
    started = time.perf_counter()
    path, manifest = read_manifest(settings)
    client = _client(settings, path, create=False)
    names = _collection_names(settings, path)
    collections = {name: client.get_collection(names[name]) for name in (COLLECTION, SENTENCES)}
    out["open_seconds"] = time.perf_counter() - started
    n_chunks, n_sentences = min(top, manifest.chunk_count), min(3 * top, manifest.sentence_count)

    def dense(vector: list[float]) -> tuple[float, float]:
        t0 = time.perf_counter()
        collections[COLLECTION].query(query_embeddings=[vector], n_results=n_chunks)
        t1 = time.perf_counter()
        collections[SENTENCES].query(query_embeddings=[vector], n_results=n_sentences)
        return t1 - t0, time.perf_counter() - t1

    first = dense(query_vectors[0])  # the first query loads the HNSW segments
    out["first_query_ms"] = 1000 * sum(first)
    snap("first query")
    chunk_ms, sentence_ms = [], []
    for _ in range(spec["repeat"]):
        for vector in query_vectors:
            a, b = dense(vector)
            chunk_ms.append(1000 * a)
            sentence_ms.append(1000 * b)
    out["dense"] = {
        "chunks": latency(chunk_ms),
        "sentences": latency(sentence_ms),
        "both": latency([a + b for a, b in zip(chunk_ms, sentence_ms)]),
    }
    out["memory_after_dense"] = self_memory()
    snap("dense queries")
    if spec["scale"] <= spec["hybrid_max"]:
        out["hybrid"] = hybrid(settings, asked, spec["hybrid_repeat"], snap)
        out["memory_after_hybrid"] = self_memory()
    return out


def hybrid(settings: Settings, asked: list[str], repeat: int, snap: Any) -> dict[str, Any]:
    """``Retriever.search`` end to end, with the time of each ranker (the rest: query embedding, fusion)."""
    from assistant import retrieval
    from assistant.errors import IndexStoreError

    failure = None
    started = time.perf_counter()
    try:
        retriever = retrieval.Retriever(settings)
    except IndexStoreError as exc:  # load_chunks' single get() of every chunk: SQLite caps its variables
        failure = str(exc)
        snap("Retriever failed")
        print(f"  Retriever failed ({failure[-120:]}); retrying with paged chunk loading", file=sys.stderr)
        setattr(retrieval, "load_chunks", paged_load_chunks)  # noqa: B010 - this process only
        started = time.perf_counter()
        retriever = retrieval.Retriever(settings)
    open_seconds = time.perf_counter() - started
    snap("Retriever open")
    parts: dict[str, float] = {}

    def timed(name: str, func: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                parts[name] = parts.get(name, 0.0) + time.perf_counter() - t

        return wrapper

    retriever._dense = timed("dense", retriever._dense)  # type: ignore[method-assign]
    retriever._best_sentence = timed("sentence", retriever._best_sentence)  # type: ignore[method-assign]
    retriever._named_programmes = timed("programme", retriever._named_programmes)  # type: ignore[method-assign]
    retriever._bm25.rank = timed("bm25", retriever._bm25.rank)  # type: ignore[method-assign]
    retriever.search(asked[0], k=5)  # warm-up: the first query embedding
    totals: list[float] = []
    per_part: dict[str, list[float]] = {}
    for _ in range(repeat):
        for question in asked:
            parts.clear()
            t = time.perf_counter()
            retriever.search(question, k=5)
            totals.append(1000 * (time.perf_counter() - t))
            for name in ("dense", "sentence", "bm25", "programme"):
                per_part.setdefault(name, []).append(1000 * parts.get(name, 0.0))
            per_part.setdefault("other", []).append(totals[-1] - sum(1000 * v for v in parts.values()))
    snap("hybrid searches")
    return {
        "stock_failure": failure,
        "open_seconds": open_seconds,
        "search": latency(totals),
        "parts_p50_ms": {name: statistics.median(values) for name, values in per_part.items()},
    }


def paged_load_chunks(settings: Settings, path: Path, page: int = 10_000) -> tuple[list[Any], dict[str, Any]]:
    """``assistant.index.load_chunks`` reading the chunks a page at a time (the benchmark's workaround)."""
    from assistant.index import COLLECTION, SENTENCES, _chunk_from_metadata, _client, _collection_names

    client = _client(settings, path, create=False)
    names = _collection_names(settings, path)
    collections = {name: client.get_collection(names[name]) for name in (COLLECTION, SENTENCES)}
    chunks: list[Any] = []
    while True:
        got = collections[COLLECTION].get(include=["metadatas", "documents"], limit=page, offset=len(chunks))
        if not got["ids"]:
            break
        chunks += [
            _chunk_from_metadata(i, text or "", meta or {})
            for i, text, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [])
        ]
    chunks.sort(key=lambda c: (c.doc_id, c.start))
    return chunks, collections


def latency(ms: list[float]) -> dict[str, float]:
    from assistant.evals import percentile

    return {"p50": statistics.median(ms), "p95": percentile(ms, 95), "n": len(ms)}


# --- the runner ------------------------------------------------------------------------------------------------


def run_child(kind: str, spec: dict[str, Any], folder: Path) -> dict[str, Any]:
    spec_file = folder / f"{kind}.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--spec", str(spec_file)],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise SystemExit(f"the {kind} process failed (exit {done.returncode})")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A fresh ``chroma run`` on a free loopback port with its own data folder; waits for its heartbeat."""
    data.mkdir(parents=True)
    port = free_port()
    log = open(data.parent / "server.log", "wb")  # noqa: SIM115 - the server writes it until stopped
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(data), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2).read()
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_server(proc)
                log_text = (data.parent / "server.log").read_text()[-2000:]
                raise SystemExit(f"chroma run did not start: {log_text}") from None
            time.sleep(0.3)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def machine() -> dict[str, Any]:
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_total = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem_total = int(line.split()[1]) // 1024
    from importlib.metadata import version

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "assistant_changed": bool(git("status", "--porcelain", "assistant")),  # uncommitted changes measured
        "cpus": os.cpu_count(),
        "cpu": model,
        "memory_mb": mem_total,
        "python": platform.python_version(),
        "chromadb": version("chromadb"),
        "llama_index_core": version("llama-index-core"),
        "load_average_start": os.getloadavg(),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    settings = load_settings()
    runtime.configure(settings)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([".venv/bin/python", "benchmarks/scale.py", *sys.argv[1:]]),
        "machine": machine(),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        root = Path(tmp)
        vectors = root / "vectors.npz"
        print("embedding the 1x and 10x texts with the real model (one thread)...", file=sys.stderr, flush=True)
        results["embedding"] = run_child(
            "embed", {"index_dir": str(root / "unused"), "queries": args.queries, "vectors": str(vectors)}, root
        )
        sigma = {k: results["embedding"]["calibration"][k]["sigma"] for k in ("chunks", "sentences")}
        for scale in args.scales:
            for mode in args.modes:
                folder = root / f"{mode}-{scale}"
                folder.mkdir()
                spec: dict[str, Any] = {
                    "scale": scale, "index_dir": str(folder / "index"), "vectors": str(vectors), "sigma": sigma,
                    "queries": args.queries, "repeat": args.repeat, "hybrid_max": args.hybrid_max,
                    "hybrid_repeat": args.hybrid_repeat,
                }  # fmt: skip
                server = None
                started = time.perf_counter()
                print(f"{scale}x {mode}: ingest...", file=sys.stderr, flush=True)
                try:
                    if mode == "server":
                        server, spec["chroma_url"] = start_server(folder / "chroma")
                        spec["server_pid"] = server.pid
                    row: dict[str, Any] = {"scale": scale, "mode": mode}
                    row["ingest"] = run_child("ingest", spec, folder)
                    if server:
                        row["server_after_ingest"] = tree_memory(server.pid)
                    print(f"{scale}x {mode}: queries...", file=sys.stderr, flush=True)
                    row["query"] = run_child("query", spec, folder)
                    if server:
                        row["server_after_query"] = tree_memory(server.pid)
                        row["ingest"]["store_disk_mb"] = disk_mb(folder / "chroma")
                finally:
                    if server:
                        stop_server(server)
                    shutil.rmtree(folder, ignore_errors=True)
                row["wall_seconds"] = time.perf_counter() - started
                results["runs"].append(row)
                print(f"{scale}x {mode}: done in {row['wall_seconds']:.0f} s", file=sys.stderr, flush=True)
                if args.out:
                    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    results["machine"]["load_average_end"] = os.getloadavg()
    return results


# --- the report ------------------------------------------------------------------------------------------------


def embed_rate(results: dict[str, Any]) -> float:
    rates = results["embedding"]["rates"]
    return float(rates.get("10", rates["1"])["texts_per_s"])


def end_to_end(ingest: dict[str, Any], rate: float) -> float:
    """Texts per second of a whole build: chunking, embedding at the measured rate, then the store."""
    texts = ingest["chunks"] + ingest["sentences"]
    return float(texts / (ingest["chunk_seconds"] + texts / rate + ingest["store_seconds"]))


def insert_rates(ingest: dict[str, Any]) -> tuple[float, float]:
    """Sentences written per second in the first and the last tenth of that collection's batches."""
    batches = [b for b in ingest["batches"] if b["collection"] == "sentences"]
    tenth = max(1, len(batches) // 10)

    def rate(part: list[dict[str, Any]]) -> float:
        return float(sum(b["n"] for b in part) / sum(b["seconds"] for b in part))

    return rate(batches[:tenth]), rate(batches[-tenth:])


def table(results: dict[str, Any]) -> str:
    rate = embed_rate(results)
    lines = [
        "| scale | store | chunks | sentences | store-only ingest (texts/s) | sentence inserts, first → last tenth "
        "(/s) | est. end-to-end (texts/s) | dense p50 / p95 (ms) | hybrid p50 / p95 (ms) | retriever open (s) "
        "| ingest process peak RSS (MB) | query process RSS (MB) | server RSS (MB) | on disk (MB) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["runs"]:
        ing, q = row["ingest"], row["query"]
        first, last = insert_rates(ing)
        h = q.get("hybrid")
        hybrid_cell = f"{h['search']['p50']:,.0f} / {h['search']['p95']:,.0f}" if h else "—"
        hybrid_cell += " ¹" if h and h.get("stock_failure") else ""
        open_cell = f"{h['open_seconds']:.2f}" if h else "—"
        query_mem = q.get("memory_after_hybrid", q["memory_after_dense"])["hwm_mb"]
        server = row.get("server_after_query")
        server_cell = f"{server['rss_mb']:,.0f} (peak {server['hwm_mb']:,.0f})" if server else "—"
        lines.append(
            f"| {row['scale']}x | {row['mode']} | {ing['chunks']:,} | {ing['sentences']:,} | "
            f"{ing['store_texts_per_s']:,.0f} | {first:,.0f} → {last:,.0f} | {end_to_end(ing, rate):.1f} | "
            f"{q['dense']['both']['p50']:.1f} / {q['dense']['both']['p95']:.1f} | {hybrid_cell} | {open_cell} | "
            f"{ing['memory_after_store']['hwm_mb']:,.0f} | {query_mem:,.0f} | {server_cell} | "
            f"{ing['store_disk_mb']:,.0f} |"
        )
    failures = {_reason(r["query"].get("hybrid", {}).get("stock_failure")) for r in results["runs"]} - {None}
    if failures:
        lines.append(
            "\n¹ `Retriever(settings)` fails as is at this scale (`load_chunks`: "
            + "; ".join(sorted(str(f) for f in failures))
            + "); timed with the chunks loaded a page at a time."
        )
    return "\n".join(lines)


def _reason(failure: str | None) -> str | None:
    if failure is None:
        return None
    found = re.search(r"unreachable \((.*)\): rebuild", failure)
    return found.group(1) if found else failure[-160:]


def parts_table(results: dict[str, Any]) -> str:
    lines = [
        "| scale | store | open store (s) | first dense query, cold (ms) | dense chunks p50 | dense sentences p50 "
        "| hybrid: dense | sentence | BM25 | programme | rest (query embedding, fusion) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["runs"]:
        q = row["query"]
        p = q.get("hybrid", {}).get("parts_p50_ms")
        cells = [f"{p[k]:.1f}" for k in ("dense", "sentence", "bm25", "programme", "other")] if p else ["—"] * 5
        lines.append(
            f"| {row['scale']}x | {row['mode']} | {q['open_seconds']:.2f} | {q['first_query_ms']:.0f} | "
            f"{q['dense']['chunks']['p50']:.1f} | "
            f"{q['dense']['sentences']['p50']:.1f} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def memory_table(results: dict[str, Any]) -> str:
    """Resident memory (MB) by phase: now / peak so far, of the query process and of the Chroma server."""
    phases = ("first query", "dense queries", "Retriever failed", "Retriever open", "hybrid searches")
    lines = [
        "| scale | store | ingest process: inputs built / peak | "
        + " | ".join(f"after {p}: query process / server" for p in phases)
        + " |",
        "|---:|---|---:|" + "---:|" * len(phases),
    ]
    for row in results["runs"]:
        ing = row["ingest"]
        cells = []
        for phase in phases:
            got = row["query"].get("phases", {}).get(phase)
            if got is None:
                cells.append("—")
                continue
            server = got["server"]
            cells.append(f"{got['self']['rss_mb']:,.0f}" + (f" / {server['rss_mb']:,.0f}" if server else ""))
        lines.append(
            f"| {row['scale']}x | {row['mode']} | {ing['memory_before_store']['rss_mb']:,.0f} / "
            f"{ing['memory_after_store']['hwm_mb']:,.0f} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def ingest_table(results: dict[str, Any]) -> str:
    """Where the store-only ingest time goes."""
    lines = [
        "| scale | store | store-only (s) | building TextNodes, collections (s) | llama-index node → Chroma record (s) "
        "| chromadb Collection.add (s) | chroma share |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in results["runs"]:
        ing = row["ingest"]
        in_store = sum(b["seconds"] for b in ing["batches"])
        in_chroma = sum(b["chroma_seconds"] for b in ing["batches"])
        lines.append(
            f"| {row['scale']}x | {row['mode']} | {ing['store_seconds']:.1f} | {ing['store_seconds'] - in_store:.1f} | "
            f"{in_store - in_chroma:.1f} | {in_chroma:.1f} | {in_chroma / ing['store_seconds']:.0%} |"
        )
    return "\n".join(lines)


def summary(results: dict[str, Any]) -> str:
    e = results["embedding"]
    m = results["machine"]
    rates = ", ".join(f"{k}x: {v['texts']} texts at {v['texts_per_s']:.1f}/s" for k, v in e["rates"].items())
    cal = e["calibration"]
    return "\n".join(
        [
            f"date {results['date']}, {m['cpus']} CPUs ({m['cpu']}), {m['memory_mb']} MB, Python {m['python']}, "
            f"chromadb {m['chromadb']}, load average at start {m['load_average_start']}, "
            f"commit {m.get('commit', '?')}{' + uncommitted assistant/ changes' if m.get('assistant_changed') else ''}",
            f"embedding {e['backend']}, {e['threads']} thread(s): {rates}; "
            f"query embedding {e['query_embedding_ms']:.1f} ms",
            *(
                f"{k}: real cos to base text (median) {cal[k]['real_cos_to_base_median']:.3f} -> sigma "
                f"{cal[k]['sigma']:.4f}, synthetic {cal[k]['synthetic_cos_to_base_median']:.3f}; nearest-neighbour "
                f"cos at 10x real {cal[k]['real_nearest_cos_mean_10x']:.3f}, synthetic "
                f"{cal[k]['synthetic_nearest_cos_mean_10x']:.3f}"
                for k in ("chunks", "sentences")
            ),
        ]
    )


# --- the chart: a self-contained SVG ---------------------------------------------------------------------------

COLOURS = {"embedded": "#1f6fb4", "server": "#d4500b"}
DASHES = {"solid": "", "dash": "6 4", "dot": "2 3"}


def _log_ticks(low: float, high: float) -> list[float]:
    ticks = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            value = mantissa * 10**exponent
            if low <= value <= high:
                ticks.append(value)
    if len(ticks) > 7:
        ticks = [t for t in ticks if f"{t:g}".lstrip("0.").startswith("1")]
    return ticks


def _label(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def _panel(x: float, y: float, title: str, series: list[dict[str, Any]], y_label: str) -> list[str]:
    """One log-log panel at (x, y): 300 x 190 plot area, legend below."""
    w, h, left, top = 300, 190, 55, 28
    points = [p for s in series for p in s["points"]]
    if not points:
        return []
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x_lo, x_hi = 10 ** math.floor(math.log10(min(xs))), 10 ** math.ceil(math.log10(max(xs)))
    y_lo, y_hi = min(ys) / 1.3, max(ys) * 1.3
    if math.log10(y_hi / y_lo) < 1:
        mid = math.sqrt(y_lo * y_hi)
        y_lo, y_hi = mid / 10**0.5, mid * 10**0.5

    def px(v: float) -> float:
        return x + left + w * (math.log10(v) - math.log10(x_lo)) / (math.log10(x_hi) - math.log10(x_lo))

    def py(v: float) -> float:
        return y + top + h - h * (math.log10(v) - math.log10(y_lo)) / (math.log10(y_hi) - math.log10(y_lo))

    out = [
        f'<text x="{x + left}" y="{y + 16}" font-weight="bold">{title}</text>',
        f'<rect x="{x + left}" y="{y + top}" width="{w}" height="{h}" fill="none" stroke="#999"/>',
    ]
    for t in _log_ticks(x_lo, x_hi):
        if f"{t:g}".startswith("1"):
            out.append(f'<line x1="{px(t):.1f}" y1="{y + top}" x2="{px(t):.1f}" y2="{y + top + h}" stroke="#eee"/>')
            out.append(f'<text x="{px(t):.1f}" y="{y + top + h + 14}" text-anchor="middle">{_label(t)}</text>')
    out.append(f'<text x="{x + left + w / 2}" y="{y + top + h + 30}" text-anchor="middle">chunks (log)</text>')
    for t in _log_ticks(y_lo, y_hi):
        out.append(f'<line x1="{x + left}" y1="{py(t):.1f}" x2="{x + left + w}" y2="{py(t):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x + left - 5}" y="{py(t) + 4:.1f}" text-anchor="end">{_label(t)}</text>')
    out.append(
        f'<text transform="translate({x + 14},{y + top + h / 2}) rotate(-90)" text-anchor="middle">{y_label}</text>'
    )
    for i, s in enumerate(series):
        pts = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in s["points"])
        dash = f' stroke-dasharray="{DASHES[s["dash"]]}"' if DASHES[s["dash"]] else ""
        out.append(f'<polyline points="{pts}" fill="none" stroke="{s["colour"]}" stroke-width="2"{dash}/>')
        out += [f'<circle cx="{px(a):.1f}" cy="{py(b):.1f}" r="3" fill="{s["colour"]}"/>' for a, b in s["points"]]
        lx, ly = x + left, y + top + h + 48 + i * 15
        out.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 22}" y2="{ly - 4}" stroke="{s["colour"]}" '
                   f'stroke-width="2"{dash}/>')  # fmt: skip
        out.append(f'<text x="{lx + 27}" y="{ly}">{s["name"]}</text>')
    return out


def svg(results: dict[str, Any]) -> str:
    rate = embed_rate(results)
    runs = results["runs"]

    def line(mode: str, name: str, dash: str, value: Any) -> dict[str, Any]:
        points = []
        for row in runs:
            if row["mode"] == mode:
                v = value(row)
                if v:
                    points.append((row["ingest"]["chunks"], v))
        return {"name": f"{mode}: {name}", "colour": COLOURS[mode], "dash": dash, "points": points}

    modes = [m for m in COLOURS if any(r["mode"] == m for r in runs)]
    panels = [
        (
            "Ingest throughput",
            "texts/s",
            [line(m, "store only", "solid", lambda r: r["ingest"]["store_texts_per_s"]) for m in modes]
            + [line(m, "est. with embedding", "dot", lambda r: end_to_end(r["ingest"], rate)) for m in modes],
        ),
        (
            "Dense query (chunks top 30 + sentences top 90)",
            "ms",
            [line(m, "p50", "solid", lambda r: r["query"]["dense"]["both"]["p50"]) for m in modes]
            + [line(m, "p95", "dash", lambda r: r["query"]["dense"]["both"]["p95"]) for m in modes],
        ),
        (
            "Hybrid Retriever.search"
            + "".join(
                f" ({r['scale']}x: chunks loaded in pages)"
                for r in runs
                if r["mode"] == modes[0] and r["query"].get("hybrid", {}).get("stock_failure")
            ),
            "ms",
            [
                line(m, "p50", "solid", lambda r: r["query"].get("hybrid", {}).get("search", {}).get("p50"))
                for m in modes
            ]
            + [
                line(m, "p95", "dash", lambda r: r["query"].get("hybrid", {}).get("search", {}).get("p95"))
                for m in modes
            ],
        ),
        (
            "Resident memory (peak)",
            "MB",
            [line(m, "ingest process", "dash", lambda r: r["ingest"]["memory_after_store"]["hwm_mb"]) for m in modes]
            + [
                line(m, "query process", "solid", lambda r: r["query"].get("memory_after_hybrid", {}).get("hwm_mb"))
                for m in modes
            ]
            + [line("server", "Chroma server", "dot", lambda r: r.get("server_after_query", {}).get("hwm_mb"))]
            * ("server" in modes),
        ),
    ]
    width, height = 2 * 400, 2 * 370 + 30
    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="12" y="18" font-size="13">Scale benchmark, {results["date"][:10]}, '
        f"{results['machine']['cpus']} CPUs: embedded Chroma (blue) vs Chroma server (orange); log-log axes</text>",
    ]
    for i, (title, unit, series) in enumerate(panels):
        body += _panel(400 * (i % 2), 30 + 370 * (i // 2), title, series, unit)
    body.append("</svg>")
    return "\n".join(body) + "\n"


# --- entry point -----------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100,1000", help="corpus sizes, in multiples of the real corpus")
    parser.add_argument("--modes", default="embedded,server", help="embedded (PersistentClient), server (chroma run)")
    parser.add_argument("--queries", type=int, default=50, help="questions of evals/dev.jsonl to time")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the questions for the dense latencies")
    parser.add_argument("--hybrid-max", type=int, default=1000, help="largest scale at which to time Retriever.search")
    parser.add_argument("--hybrid-repeat", type=int, default=1, help="passes over the questions for Retriever.search")
    parser.add_argument("--out", type=Path, help="write the results as JSON (rewritten after each scale)")
    parser.add_argument("--svg", type=Path, default=REPO / "benchmarks" / "scale.svg", help="the chart to write")
    parser.add_argument("--from-json", type=Path, help="print the table and draw the chart of an earlier run")
    parser.add_argument("--child", choices=("embed", "ingest", "query"), help=argparse.SUPPRESS)
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        spec = json.loads(args.spec.read_text(encoding="utf-8"))
        work = {"embed": child_embed, "ingest": child_ingest, "query": child_query}[args.child]
        print(json.dumps(work(spec)), flush=True)
        return
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        args.scales = [int(s) for s in args.scales.split(",") if s.strip()]
        args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
        unknown = set(args.modes) - set(COLOURS)
        if unknown or not args.scales or min(args.scales) < 1:
            parser.error(f"--modes takes embedded,server and --scales positive integers (got {unknown or args.scales})")
        results = run(args)
        if args.out:
            args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(summary(results) + "\n")
    print(table(results) + "\n")
    print(parts_table(results) + "\n")
    print(ingest_table(results) + "\n")
    print(memory_table(results))
    if args.svg:
        args.svg.write_text(svg(results), encoding="utf-8")
        print(f"\nchart: {args.svg}")


if __name__ == "__main__":
    main()
