"""Hybrid retrieval: dense (Chroma), keyword (BM25) and table-row hits fused by reciprocal rank."""

from __future__ import annotations

import math
from collections import defaultdict

from ingest import ChunkRecord
from rag.calculation.lookup import score_rows, vocabulary_of
from rag.retrieval.scoping import company_names
from rag.types import Passage
from store import Library, ScoredChunk
from store.scope import Scope

# The usual RRF constant: it damps the head of each ranking so neither retriever dominates.
RRF_K = 60


def reciprocal_rank_fusion(rankings: list[list[ScoredChunk]], k: int = RRF_K) -> list[tuple[ChunkRecord, float]]:
    """Fuse rankings by summing 1/(k + rank); ties keep the order of first appearance."""
    scores: dict[str, float] = defaultdict(float)
    chunks: dict[str, ChunkRecord] = {}
    for ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            scores[hit.chunk.chunk_id] += 1.0 / (k + rank)
            chunks.setdefault(hit.chunk.chunk_id, hit.chunk)
    ordered = sorted(scores, key=scores.__getitem__, reverse=True)
    return [(chunks[chunk_id], scores[chunk_id]) for chunk_id in ordered]


class HybridRetriever:
    """Takes `candidates` hits from each retriever and returns the best `top_k` after fusion.

    The third retriever reads table rows: a chunk ranks by its row and column names that match the line item
    asked for (`rag.calculation.lookup.score_rows`, at least `min_row_score`). A statement's rows are mostly figures, which
    neither the embedder nor BM25 tells apart (every page of a 10-K says "net income"); their names do.
    """

    def __init__(self, library: Library, candidates: int, min_row_score: float) -> None:
        self._library = library
        self._candidates = candidates
        self._min_row_score = min_row_score
        self._vocabularies: dict[str, frozenset[str]] = {}

    def retrieve(self, question: str, top_k: int, scope: Scope | None = None) -> list[Passage]:
        """The `top_k` best passages for `question`, from the documents in `scope` when one is given."""
        dense = self._library.dense_search(question, self._candidates, scope)
        keyword = self._library.keyword_search(question, self._candidates, scope)
        rows = self.row_search(question, scope or Scope())
        dense_scores = {hit.chunk.chunk_id: hit.score for hit in dense}
        keyword_scores = {hit.chunk.chunk_id: hit.score for hit in keyword}
        fused = _with_best_row(reciprocal_rank_fusion([dense, keyword, rows])[:top_k], rows)
        return [
            Passage(chunk, score, rank, dense_scores.get(chunk.chunk_id), keyword_scores.get(chunk.chunk_id))
            for rank, (chunk, score) in enumerate(fused, start=1)
        ]

    def row_search(self, question: str, scope: Scope) -> list[ScoredChunk]:
        """The `candidates` chunks whose best table row names what `question` asks for, best first (on a tie the
        earlier in its document: a report's summary table comes before its statements and notes)."""
        documents = [d for d in self._library.documents() if scope.admits(d.company, d.period)]
        facts = self._library.facts_in(scope)
        vocabulary = frozenset().union(*(self.fact_vocabulary(document.doc_id) for document in documents))
        best: dict[str, float] = {}
        for score, fact in score_rows(question, facts, company_names(documents), vocabulary):
            if score >= self._min_row_score and score > best.get(fact.chunk_id, 0.0):
                best[fact.chunk_id] = score
        ranked = sorted(best, key=best.__getitem__, reverse=True)[: self._candidates]
        chunks = self._library.chunks(ranked)
        return [ScoredChunk(chunks[chunk_id], best[chunk_id]) for chunk_id in ranked if chunk_id in chunks]

    def fact_vocabulary(self, doc_id: str) -> frozenset[str]:
        """`vocabulary_of` a document's facts, read once: a document id names its content, which never changes."""
        if doc_id not in self._vocabularies:
            self._vocabularies[doc_id] = vocabulary_of(self._library.fact_names(doc_id))
        return self._vocabularies[doc_id]


def _with_best_row(fused: list[tuple[ChunkRecord, float]], rows: list[ScoredChunk]) -> list[tuple[ChunkRecord, float]]:
    """`fused` with the chunk of the row that names the line item best in its last place if fusion left it out: a
    10-K's balance sheet ("Total assets | 2023: …") ranks first by its row's name alone, and every page of prose
    that says "total assets" outranks it with both the embedder and BM25."""
    if not rows or not fused or any(chunk.chunk_id == rows[0].chunk.chunk_id for chunk, _ in fused):
        return fused
    return [*fused[:-1], (rows[0].chunk, fused[-1][1])]


def best_scores(passages: list[Passage]) -> tuple[float, float]:
    """The best dense and the best keyword score among `passages` (-inf where that retriever found none)."""
    dense = max((p.dense_score for p in passages if p.dense_score is not None), default=float("-inf"))
    keyword = max((p.keyword_score for p in passages if p.keyword_score is not None), default=float("-inf"))
    return dense, keyword


def has_evidence(passages: list[Passage], min_dense: float, min_keyword: float) -> bool:
    """Whether either retriever found a passage at least as close as the floors calibrated on the gold set.

    Off-topic questions ("如何做红烧肉？") still get nearest neighbours; only their scores tell them apart.
    """
    dense, keyword = best_scores(passages)
    return dense >= min_dense or keyword >= min_keyword


def keyword_floor(min_keyword: float, n_chunks: int, calibrated_chunks: int) -> float:
    """`min_keyword` for a library of `n_chunks`, calibrated on one of `calibrated_chunks`: lower in a smaller one.

    A BM25 score is a sum of inverse document frequencies, and the rarest word's (bm25s' Lucene IDF, ln(1 + (N -
    0.5) / 1.5)) falls with the library's size: in a four-chunk document a question matching every rare word of its
    table scores ~1.5, below a floor set on the 14-chunk sample. So the floor falls with it; never above the floor
    calibrated, since larger libraries already reach it more easily.
    """
    ratio = _rarest_idf(n_chunks) / _rarest_idf(calibrated_chunks)
    return min_keyword * min(1.0, ratio)


def _rarest_idf(n_chunks: int) -> float:
    return math.log(1 + (max(n_chunks, 1) - 0.5) / 1.5)
