"""Hybrid retrieval: dense (Chroma) and keyword (BM25) hits fused by reciprocal rank."""

from __future__ import annotations

from collections import defaultdict

from ingest import ChunkRecord
from rag.types import Passage
from store import Library, ScoredChunk

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
    """Takes `candidates` hits from each retriever and returns the best `top_k` after fusion."""

    def __init__(self, library: Library, candidates: int) -> None:
        self._library = library
        self._candidates = candidates

    def retrieve(self, question: str, top_k: int) -> list[Passage]:
        rankings = [
            self._library.dense_search(question, self._candidates),
            self._library.keyword_search(question, self._candidates),
        ]
        fused = reciprocal_rank_fusion(rankings)[:top_k]
        return [Passage(chunk, score, rank) for rank, (chunk, score) in enumerate(fused, start=1)]
