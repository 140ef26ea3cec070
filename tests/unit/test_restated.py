"""A passage restating an earlier passage's rows with other values (a parent company's statement) is left out."""

from ingest import ChunkRecord, Fact
from rag.retrieval.restated import without_restated
from rag.types import Passage


def _passage(chunk_id: str, start: int, section: str, rank: int) -> Passage:
    return Passage(ChunkRecord(chunk_id, "d", "/r.pdf", "t", 0, start, start + 10, "x", section=section), 0.1, rank)


def _rows(chunk_id: str, cells: dict[str, str]) -> list[Fact]:
    return [Fact(chunk_id, "d", row, 0, label, "2020年度", value) for row, (label, value) in enumerate(cells.items())]


CONSOLIDATED = _passage("c", 100, "第十一节 财务报告 › 合并利润表", 2)
PARENT = _passage("p", 900, "第十一节 财务报告 › 母公司利润表", 1)
FACTS = [
    *_rows("c", {"八、每股收益 （一）基本每股收益(元/股)": "37.17元/股", "八、每股收益 （二）稀释每股收益(元/股)": "37.17元/股", "营业收入": "949亿"}),
    *_rows("p", {"七、每股收益 （一）基本每股收益(元/股)": "28.49元/股", "七、每股收益 （二）稀释每股收益(元/股)": "28.49元/股", "营业收入": "949亿"}),
]


def _ids(passages: list[Passage]) -> list[tuple[str, int]]:
    return [(passage.chunk.chunk_id, passage.rank) for passage in passages]


def test_the_later_statement_restating_the_rows_with_other_values_is_left_out_whatever_its_rank():
    assert _ids(without_restated([PARENT, CONSOLIDATED], FACTS, "稀释每股收益是多少？")) == [("c", 1)]


def test_it_stays_when_the_question_names_its_section_or_shares_one_row_only():
    assert _ids(without_restated([PARENT, CONSOLIDATED], FACTS, "母公司的稀释每股收益是多少？")) == [("p", 1), ("c", 2)]
    one_row = [fact for fact in FACTS if "基本" not in fact.label]
    assert _ids(without_restated([PARENT, CONSOLIDATED], one_row, "稀释每股收益是多少？")) == [("p", 1), ("c", 2)]
