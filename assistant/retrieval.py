"""Hybrid retrieval: four rankings of the chunks, fused.

- dense: the query against whole chunks (under their title and section);
- sentence: the query against single sentences, each chunk scored by its best one;
- bm25: French BM25 (with word pairs) over the chunks;
- programme: a prior for chunks about the programmes the question names.

Fusion is a weighted sum of min-max scaled scores by default (e5's cosines are
bunched between 0.8 and 0.9, so raw scores would not mix), or reciprocal rank.

The query is first expanded (acronyms the corpus defines, English domain words
in French); see ``assistant.glossary``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.chunking import Chunk
from assistant.embeddings import load_embedder, within_tokens
from assistant.glossary import expand, mine_acronyms
from assistant.index import COLLECTION, SENTENCES, load_chunks, read_manifest, store_call
from assistant.programmes import load_programmes, mentioned
from assistant.settings import Settings
from assistant.text import analyze, clean_query

Scores = dict[str, float]  # chunk id -> a ranker's score (higher is better)


class SearchHit(BaseModel):
    """One ranked chunk, its fused score, and the rank each ranker gave it (None: not a candidate)."""

    model_config = ConfigDict(frozen=True)

    chunk: Chunk
    score: float
    ranks: dict[str, int | None]
    similarity: float | None = Field(
        default=None, description="Cosine of the query and the chunk's closest sentence (None: not a candidate)."
    )

    def as_json(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "doc_id": c.doc_id,
            "title": c.title,
            "section": c.section,
            "text": c.text,
            "score": round(self.score, 6),
            "start": c.start,
            "end": c.end,
            "url": c.url,
            "chunk_id": c.id,
            "ranks": self.ranks,
            "similarity": None if self.similarity is None else round(self.similarity, 6),
        }


class Retriever:
    """Loads an index once and answers searches over it."""

    def __init__(self, settings: Settings) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self.settings = settings
        self.path, self.manifest = read_manifest(settings)
        self.build = self.manifest.build
        self.chunks, collections = load_chunks(settings, self.path)
        self._by_id = {c.id: c for c in self.chunks}
        self._stores = {name: ChromaVectorStore(chroma_collection=col) for name, col in collections.items()}
        self._embedder = load_embedder(settings.embedding, settings.runtime.threads)
        # A question about several programmes is searched once for each with the same query: embedded once.
        self._vector = lru_cache(maxsize=8)(self._embed)
        self._bm25 = _Bm25(self.chunks, settings.chunking.context_header)
        self.acronyms = mine_acronyms(c.text for c in self.chunks)
        self.programmes = load_programmes(settings.paths.corpus_dir)

    def search(
        self, query: str, k: int | None = None, programme: str | None = None, exclude: frozenset[str] = frozenset()
    ) -> list[SearchHit]:
        """The ``k`` best chunks for a query, optionally only those about one programme, never those of the
        documents in ``exclude``."""
        k = k or self.settings.retrieval.k
        query = clean_query(query)
        allowed = None
        if programme is not None or exclude:
            allowed = {
                c.id
                for c in self.chunks
                if (programme is None or programme in c.programmes) and c.doc_id not in exclude
            }
        if (allowed is not None and not allowed) or not re.search(r"\w", query):
            return []
        r = self.settings.retrieval
        expanded = expand(query, self.acronyms)
        vector = self._vector(expanded if r.expand_dense else query)
        rankings: dict[str, tuple[Scores, float]] = {
            "dense": (self._dense(vector, programme), r.dense_weight),
            "sentence": (self._best_sentence(vector, programme), r.sentence_weight),
            "bm25": (self._bm25.rank(expanded, allowed, r.candidates), r.bm25_weight),
            "programme": (self._named_programmes(query), r.programme_weight),
        }
        if allowed is not None:  # the filter holds for every ranking, the programme prior included
            rankings = {name: ({c: v for c, v in sc.items() if c in allowed}, w) for name, (sc, w) in rankings.items()}
        ranks = {name: _ranks(scores) for name, (scores, _) in rankings.items()}
        fused: dict[str, float] = {}
        for name, (scores, weight) in rankings.items():
            if r.fusion == "rrf":
                contributions = {cid: 1 / (r.rrf_k + rank) for cid, rank in ranks[name].items()}
            else:
                contributions = _min_max(scores)
            for chunk_id, value in contributions.items():
                fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * value
        order = sorted(fused, key=lambda cid: (-fused[cid], cid))[:k]
        return [
            SearchHit(
                chunk=self._by_id[cid],
                score=fused[cid],
                ranks={name: ranks[name].get(cid) for name in rankings},
                similarity=rankings["sentence"][0].get(cid),
            )
            for cid in order
        ]

    def vector(self, query: str) -> list[float]:
        """A query's vector, as searches embed it (the last few are kept: understanding and search share it)."""
        return self._vector(clean_query(query))

    def query_vectors(self, texts: list[str]) -> list[list[float]]:
        """Many queries' vectors in one batch."""
        return self._embedder.queries(texts)

    def _embed(self, query: str) -> list[float]:
        """The query's vector, from its first retrieval.max_query_tokens tokens: embedding is what a long question
        costs (2,000 random characters, ~1,000 tokens: 2-5 s, four times over when it names four programmes)."""
        query = within_tokens(query, self.settings.retrieval.max_query_tokens, self._embedder.query_tokens)
        vector: list[float] = self._embedder.get_query_embedding(query)
        return vector

    def _dense(self, vector: list[float], programme: str | None) -> Scores:
        with store_call(self.settings, self.path):  # a Chroma server out of reach: an IndexUnavailable
            result = self._stores[COLLECTION].query(
                _vector_query(vector, self.settings.retrieval.candidates, programme)
            )
        return {i: s for i, s in zip(result.ids or [], result.similarities or []) if i in self._by_id}

    def _best_sentence(self, vector: list[float], programme: str | None) -> Scores:
        """Chunks scored by their best-matching sentence: short questions match short sentences."""
        top = 3 * self.settings.retrieval.candidates
        with store_call(self.settings, self.path):
            result = self._stores[SENTENCES].query(_vector_query(vector, top, programme))
        scores: Scores = {}
        for node, score in zip(result.nodes or [], result.similarities or []):
            chunk_id = str(node.metadata.get("chunk_id", ""))
            if chunk_id in self._by_id and chunk_id not in scores:
                scores[chunk_id] = score
        return scores

    def _named_programmes(self, query: str) -> Scores:
        """A prior for the chunks about the programmes the question names (all tied first)."""
        named = set(mentioned(query, self.programmes))
        return {c.id: 1.0 for c in self.chunks if named & set(c.programmes)}


class _Bm25:
    """llama-index's BM25 retriever over text we analyse ourselves (it has no French analysis)."""

    def __init__(self, chunks: list[Chunk], context_header: bool) -> None:
        from llama_index.core.schema import BaseNode, TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        analysed = [_with_bigrams(analyze(c.embed_text(context_header))) for c in chunks]
        nodes: list[BaseNode] = [TextNode(id_=c.id, text=" ".join(terms)) for c, terms in zip(chunks, analysed)]
        self.vocabulary = {t for terms in analysed for t in terms}
        self.retriever = BM25Retriever.from_defaults(
            nodes=nodes,
            similarity_top_k=len(nodes),
            skip_stemming=True,  # analyze() already stemmed
            token_pattern=r"\S+",
            # An empty stop-word list (bm25s takes a list too; the annotation says str): analyze() removed them.
            language=[],  # type: ignore[arg-type]
        )

    def rank(self, query: str, allowed: set[str] | None, candidates: int) -> Scores:
        from llama_index.core.schema import QueryBundle

        terms = [t for t in _with_bigrams(analyze(query)) if t in self.vocabulary]
        if not terms:
            return {}
        hits = self.retriever.retrieve(QueryBundle(" ".join(terms)))
        scored = [(h.node.node_id, float(h.score or 0)) for h in hits if (h.score or 0) > 0]
        if allowed is not None:
            scored = [(i, s) for i, s in scored if i in allowed]
        return dict(scored[:candidates])


def _with_bigrams(terms: list[str]) -> list[str]:
    """Terms plus adjacent pairs, so that 'thèse d'exercice' outweighs 'thèse' ... 'exercice'."""
    return terms + [f"{a}_{b}" for a, b in zip(terms, terms[1:])]


def _ranks(scores: Scores) -> dict[str, int]:
    """1-based ranks, best score first (ties broken by id, for determinism)."""
    order = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return {cid: rank for rank, cid in enumerate(order, start=1)}


def _min_max(scores: Scores) -> dict[str, float]:
    """Scores rescaled to [0, 1] among the candidates: e5's bunched cosines become comparable to BM25's."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    span = high - low
    return {cid: (s - low) / span if span > 0 else 1.0 for cid, s in scores.items()}


def _vector_query(vector: list[float], top_k: int, programme: str | None) -> Any:
    from llama_index.core.vector_stores.types import MetadataFilter, MetadataFilters, VectorStoreQuery

    filters = None
    if programme is not None:
        filters = MetadataFilters(filters=[MetadataFilter(key=f"programme:{programme}", value=1)])
    return VectorStoreQuery(query_embedding=vector, similarity_top_k=top_k, filters=filters)
