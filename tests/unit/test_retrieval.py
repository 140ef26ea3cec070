"""How hybrid retrieval fuses its two rankings and decides there is evidence (pure logic, no models)."""

import pytest

from ingest import ChunkRecord
from rag.retrieve import has_evidence, reciprocal_rank_fusion
from rag.types import Passage
from store import ScoredChunk


def _hit(chunk_id: str) -> ScoredChunk:
    return ScoredChunk(ChunkRecord(chunk_id, "d", "s", "t", 0, 0, 1, chunk_id), 0.0)


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = reciprocal_rank_fusion([[_hit("a"), _hit("b"), _hit("c")], [_hit("b"), _hit("c")]])
    assert [chunk.chunk_id for chunk, _ in fused] == ["b", "c", "a"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def _scored(dense: float | None, keyword: float | None) -> Passage:
    return Passage(ChunkRecord("c", "d", "/s.txt", "t", 0, 0, 1, "x"), 0.03, 1, dense, keyword)


def test_has_evidence_needs_one_retriever_above_its_floor():
    assert has_evidence([_scored(0.90, None)], min_dense=0.875, min_keyword=3.0)
    assert has_evidence([_scored(0.80, 1.0), _scored(None, 4.2)], min_dense=0.875, min_keyword=3.0)
    assert not has_evidence([_scored(0.86, 2.9), _scored(0.70, None)], min_dense=0.875, min_keyword=3.0)
    assert not has_evidence([], min_dense=0.875, min_keyword=3.0)
