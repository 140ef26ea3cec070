"""Running headers, footers, page numbers and contents pages, found by their shape across a document's pages."""

from ingest.layout import is_contents_page, strip_furniture


_BODY = ["公司主要业务是茅台酒及系列酒的生产与销售。", "报告期内核心竞争力未发生重大变化。", "产品出厂合格率100%。"]


def _report(n_pages: int) -> list[str]:
    growth = [13, 7, 21, 9, 15, 4, 11, 30, 2, 18]
    return [
        f"2020年年度报告\n营业收入增长{growth[number - 1]}%，利润增长{growth[-number]}%。\n{_BODY[number % 3]}\n{number} / {n_pages}"
        for number in range(1, n_pages + 1)
    ]


def test_a_header_and_a_numbered_footer_on_every_page_are_removed_and_the_body_kept():
    pages = strip_furniture(_report(6))
    assert pages[0] == "营业收入增长13%，利润增长18%。\n" + _BODY[1]
    assert all("年度报告" not in page and "/ 6" not in page for page in pages)


def test_a_line_on_only_a_few_pages_stays():
    pages = _report(10)
    pages[0] = "公司简介\n" + pages[0]
    pages[1] = "公司简介\n" + pages[1]
    assert strip_furniture(pages)[0].startswith("公司简介\n")


def test_a_repeated_line_in_the_middle_of_a_page_is_body_text():
    pages = [f"Header\nline one\nTotal revenue\nline three\nline four\n{n}" for n in range(1, 6)]
    assert all("Total revenue" in page and "Header" not in page for page in strip_furniture(pages))


def test_a_table_row_atop_many_pages_stays_but_a_footer_counting_pages_goes():
    rows = ["营业收入 | 2020年: 94,915元", "营业收入 | 2020年: 24,405元", "营业收入 | 2020年: 19,547元", "营业收入 | 2020年: 8,154元"]
    pages = [f"{row}\n{_BODY[n % 3]}\nApple Inc. | Q3 2023 Form 10-Q | {n + 4}" for n, row in enumerate(rows)]
    assert [page.split("\n") for page in strip_furniture(pages)] == [[row, _BODY[n % 3]] for n, row in enumerate(rows)]


def test_a_lone_page_number_at_the_bottom_is_removed_even_on_a_single_page():
    assert strip_furniture(["Revenue was $1.2 billion.\n- 7 -"]) == ["Revenue was $1.2 billion."]
    assert strip_furniture(["Revenue was $1.2 billion.\n2019 2018"]) == ["Revenue was $1.2 billion.\n2019 2018"]


def test_a_chinese_contents_page_with_dot_leaders_is_found():
    page = "目录\n第一节 释义 ........ 4第二节 公司简介和主要财务指标 ........ 4第三节 公司业务概要 ........ 7" \
           "第四节 经营情况讨论与分析 ........ 7第五节 重要事项 ........ 17第六节 股份变动 ........ 31"
    assert is_contents_page(page, 3, 120)


def test_an_english_index_with_item_titles_and_rising_page_numbers_is_found():
    page = "INDEX\nPage\nPART I\nItem 1. Business 3 Item 1A. Risk Factors 17 Item 2. Properties 29 " \
           "Item 3. Legal Proceedings 29 PART II\nItem 5. Market for Common Equity 30 Item 7. Discussion 32"
    assert is_contents_page(page, 2, 146)


def test_a_page_of_figures_or_a_late_index_is_not_a_contents_page():
    table = "目录\n营业收入 94,915 85,429 11 归属于股东的净利润 46,697 41,206 13 总资产 213,395 183,042 16"
    assert not is_contents_page(table, 3, 120)
    late = "INDEX TO EXHIBITS\nExhibit 3.1 Articles 10 Exhibit 3.2 Bylaws 11 Exhibit 4 Indenture 12 Exhibit 10 Plan 13 " \
           "Exhibit 21 Subsidiaries 14"
    assert not is_contents_page(late, 140, 146)
    assert not is_contents_page("Item 1. Business 3 Item 2. Properties 29 Item 3. Legal 29 Item 5. Market 30 Item 7 32", 2, 146)
