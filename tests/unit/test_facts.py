"""Table rows read as facts: each labelled figure with its row, column, period and page."""

from ingest import ChunkRecord
from ingest.facts import extract_facts

ROWS = """(一) 主要会计数据
单位：元 币种：人民币
营业收入 | 2020年: 94,915,380,916.72元 | 2019年: 85,429,573,467.25元 | 本期比上年同期增减(%): 11.10%
销售费用 | 本期数: 2,547,745,650.95元 | 上年同期数: 3,278,836,125.68元 | 变动比例（%）: -22.30%
其中：营业收入 | 附注: 30 | 2020年度: 94,915,380,916.72元
公司的中文简称: 贵州茅台"""


def _chunk(text: str, period: str = "FY2020", index: int = 0, start: int = 0) -> ChunkRecord:
    return ChunkRecord(f"c{index}", "d", "/r.pdf", "t", index, start, start + len(text), text, page=5, period=period)


def test_each_labelled_figure_of_a_row_is_a_fact_with_its_column_year():
    facts = extract_facts([_chunk(ROWS)])
    revenue = [fact for fact in facts if fact.label == "营业收入"]
    assert [(fact.header, fact.value, fact.year) for fact in revenue] == [
        ("2020年", "94,915,380,916.72元", 2020),
        ("2019年", "85,429,573,467.25元", 2019),
        ("本期比上年同期增减(%)", "11.10%", None),
    ]
    assert {fact.page for fact in facts} == {5} and len({fact.row for fact in revenue}) == 1


def test_current_and_prior_period_heads_take_the_documents_year_and_the_one_before():
    expenses = [fact for fact in extract_facts([_chunk(ROWS)]) if fact.label == "销售费用"]
    assert [fact.year for fact in expenses] == [2020, 2019, None]
    # Without a known period a relative head names no year.
    assert {fact.year for fact in extract_facts([_chunk(ROWS, period="")]) if fact.label == "销售费用"} == {None}


def test_note_references_prose_and_key_value_lines_are_not_facts():
    facts = extract_facts([_chunk(ROWS)])
    assert [fact.header for fact in facts if fact.label == "其中：营业收入"] == ["2020年度"]
    assert not any("简称" in fact.label for fact in facts)


def test_a_row_group_caption_names_the_rows_under_it_and_rows_count_across_chunks():
    first = "Earnings per share:\nBasic | Three Months Ended July 1, 2023: $ 1.27\nDiluted | Three Months Ended July 1, 2023: $ 1.26"
    second = "Net income | Year Ended June 30, 2019: $ 39,240 million"
    facts = extract_facts([_chunk(first, "2023Q2"), _chunk(second, "FY2019", 1, start=len(first) + 500)])
    assert [(fact.label, fact.year, fact.row) for fact in facts] == [
        ("Earnings per share Basic", 2023, 0),
        ("Earnings per share Diluted", 2023, 1),
        ("Net income", 2019, 2),
    ]


def test_a_change_column_names_no_period_even_with_years_in_it():
    text = "Revenue | 2019: $ 125,843 | 2018: $ 110,360 | 2019 vs 2018 % Change: 14%"
    assert [fact.year for fact in extract_facts([_chunk(text, "FY2019")])] == [2019, 2018, None]


def test_a_bare_group_name_between_rows_names_the_rows_under_it_but_a_title_above_a_table_does_not():
    text = "\n".join([
        "Segment results",
        "Intelligent Cloud | Year Ended June 30, 2019: 38,985 million",
        "Total | Year Ended June 30, 2019: 125,843 million",
        "Operating income",
        "Intelligent Cloud | Year Ended June 30, 2019: 13,920 million",
    ])  # fmt: skip
    facts = extract_facts([_chunk(text, "FY2019")])
    assert [(fact.label, fact.value) for fact in facts] == [
        ("Intelligent Cloud", "38,985 million"),
        ("Total", "125,843 million"),
        ("Operating income Intelligent Cloud", "13,920 million"),
    ]
    # Cut into chunks right before the group's name, the same.
    cut = text.index("Operating income")
    pieces = [_chunk(text[: cut - 1], "FY2019"), _chunk(text[cut:], "FY2019", 1, start=cut)]
    assert [fact.label for fact in extract_facts(pieces)][-1] == "Operating income Intelligent Cloud"


def test_a_caption_names_its_rows_across_a_chunk_edge_down_to_its_total_only():
    text = "\n".join([
        "Net sales:",
        "Products | Three Months Ended July 1, 2023: $ 60,584 million",
        "Services | Three Months Ended July 1, 2023: 21,213 million",
        "Total net sales | Three Months Ended July 1, 2023: 81,797 million",
        "Operating income | Three Months Ended July 1, 2023: 22,998 million",
    ])  # fmt: skip
    cut = text.index("Services")
    pieces = [_chunk(text[: cut - 1], "2023Q2"), _chunk(text[cut:], "2023Q2", 1, start=cut)]
    assert [fact.label for fact in extract_facts(pieces)] == [
        "Net sales Products", "Net sales Services", "Total net sales", "Operating income",
    ]  # fmt: skip
    # A row with a caption of its own ends the one above it.
    chinese = "其中：利息费用 | 2020年度: 1元\n利息收入 | 2020年度: 2元\n加：其他收益 | 2020年度: 3元"
    labels = [fact.label for fact in extract_facts([_chunk("营业成本：\n" + chinese)])]
    assert labels[-1] == "加：其他收益"
