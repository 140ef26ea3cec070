"""How hybrid retrieval ranks table rows, fuses its rankings and decides there is evidence (pure logic, no models)."""

import pytest

from ingest import ChunkRecord, Fact
from rag.retrieval.retrieve import HybridRetriever, has_evidence, keyword_floor, reciprocal_rank_fusion
from rag.types import Passage
from store import DocumentInfo, ScoredChunk
from store.scope import Scope


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


class _RowsLibrary:
    """The reads `HybridRetriever.row_search` makes of a library: its documents, their facts and names, the chunks."""

    def __init__(self, facts: list[Fact]) -> None:
        self._facts = facts

    def documents(self) -> list[DocumentInfo]:
        return [DocumentInfo("d", "/r.pdf", "t", "utf-8", 1, 1, 0.0, company="贵州茅台酒股份有限公司", period="FY2020", short_name="贵州茅台")]

    def facts_in(self, scope: Scope) -> list[Fact]:
        return [fact for fact in self._facts if scope.admits("贵州茅台酒股份有限公司", "FY2020")]

    def fact_names(self, doc_id: str) -> set[tuple[str, str]]:
        return {(fact.label, fact.header) for fact in self._facts if fact.doc_id == doc_id}

    def chunks(self, chunk_ids) -> dict[str, ChunkRecord]:
        return {chunk_id: ChunkRecord(chunk_id, "d", "/r.pdf", "t", 0, 0, 1, chunk_id) for chunk_id in chunk_ids}


def _fact(chunk_id: str, row: int, label: str, header: str = "2020年", year: int | None = 2020) -> Fact:
    return Fact(chunk_id, "d", row, 1, label, header, "1.00元", year, 5)


ROWS = [
    _fact("summary", 0, "营业收入"),
    _fact("note", 1, "其他业务收入"),
    _fact("statement", 2, "营业收入"),
    _fact("segments", 3, "茅台酒", header="营业收入", year=None),
]


def _row_search(question: str, scope: Scope | None = None) -> list[str]:
    retriever = HybridRetriever(_RowsLibrary(ROWS), candidates=3, min_row_score=0.75)
    return [hit.chunk.chunk_id for hit in retriever.row_search(question, scope or Scope())]


def test_row_search_ranks_the_chunks_whose_rows_name_the_line_item_the_earlier_first():
    # The company's names say whose figure, not which: "茅台" does not pull in the 茅台酒 row.
    assert _row_search("贵州茅台2020年的营业收入是多少？") == ["summary", "statement"]
    assert _row_search("贵州茅台2020年茅台酒的营业收入是多少？")[0] == "segments"


def test_row_search_finds_nothing_for_a_line_item_no_row_names_or_outside_the_scope():
    assert _row_search("贵州茅台2020年的研发投入是多少？") == []
    assert _row_search("营业收入是多少？", Scope(company="五粮液")) == []


def test_the_keyword_floor_falls_with_a_library_smaller_than_its_calibration_and_never_rises():
    assert keyword_floor(3.0, 14, 14) == pytest.approx(3.0)
    assert keyword_floor(3.0, 4, 14) == pytest.approx(3.0 * 1.204 / 2.303, rel=1e-3)
    assert keyword_floor(3.0, 3000, 14) == 3.0
    assert keyword_floor(3.0, 0, 14) < keyword_floor(3.0, 1, 14) + 1e-9
