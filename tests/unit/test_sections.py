"""Section paths from a report's headings, and chunks that keep to one section and know its path."""

from ingest import SourceDocument, chunk_document
from ingest.sections import find_headings, section_paths

REPORT = """第二节 公司简介和主要财务指标
一、 公司信息
公司的中文名称: 贵州茅台酒股份有限公司
七、 近三年主要会计数据和财务指标
(一) 主要会计数据
单位：元 币种：人民币
营业收入 | 2020年: 94,915,380,916.72元 | 2019年: 85,429,573,467.25元
(二) 主要财务指标
基本每股收益（元／股） | 2020年: 37.17元/股
第三节 公司业务概要
一、 报告期内公司所从事的主要业务、经营模式
公司主要业务是茅台酒及系列酒的生产与销售。"""


def test_headings_nest_by_their_numbering_and_a_higher_one_closes_the_lower():
    paths = section_paths(find_headings(REPORT))
    assert paths == [
        "第二节 公司简介和主要财务指标",
        "第二节 公司简介和主要财务指标 › 一、 公司信息",
        "第二节 公司简介和主要财务指标 › 七、 近三年主要会计数据和财务指标",
        "第二节 公司简介和主要财务指标 › 七、 近三年主要会计数据和财务指标 › (一) 主要会计数据",
        "第二节 公司简介和主要财务指标 › 七、 近三年主要会计数据和财务指标 › (二) 主要财务指标",
        "第三节 公司业务概要",
        "第三节 公司业务概要 › 一、 报告期内公司所从事的主要业务、经营模式",
    ]


def test_sec_parts_items_and_capitalised_captions_are_headings_and_a_running_part_header_opens_nothing():
    text = "PART II\nITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA\nINCOME STATEMENTS\nRevenue | 2019: 125,843\n" \
           "PART II\nBALANCE SHEETS\nTotal assets | 2019: 286,556"
    assert section_paths(find_headings(text)) == [
        "PART II",
        "PART II › ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA",
        "PART II › ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA › INCOME STATEMENTS",
        "PART II › ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA › BALANCE SHEETS",
    ]


def test_sentences_rows_and_long_lines_are_not_headings():
    text = "一、公司实现营业收入949.15亿元，同比增长11.10%。\nNet income | 2019: 39,240\nTHE COMPANY SAID\n" \
           "第一节 " + "很长的标题" * 12
    assert [heading.text for heading in find_headings(text)] == ["THE COMPANY SAID"]


def test_a_chunk_keeps_to_one_section_and_carries_its_path_and_search_context():
    document = SourceDocument("d" * 64, "/r.txt", "报告", REPORT, "utf-8")
    chunks = chunk_document(document, min_chars=10, max_chars=400)
    revenue = next(chunk for chunk in chunks if "94,915,380,916.72" in chunk.text)
    assert revenue.section.endswith("七、 近三年主要会计数据和财务指标 › (一) 主要会计数据")
    assert revenue.context == "七、 近三年主要会计数据和财务指标 › (一) 主要会计数据"
    assert "基本每股收益" not in revenue.text, "the next heading starts a new chunk"
    assert all(document.text[chunk.char_start : chunk.char_end] == chunk.text for chunk in chunks)
