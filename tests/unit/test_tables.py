"""Tables as text: headers found by shape, units from headers and captions, key-value tables, wrapped labels."""

import pytest

from ingest.tables import (
    caption_readings,
    declared_unit,
    header_unit,
    is_figure_row,
    label_pages_units,
    label_statement_lines,
    name_repeated_rows,
    period_header,
    render_table,
    starts_without_header,
    table_header,
)

MAIN_FIGURES = [
    ["", "2020年", "2019年", "本期比上年同期增减(%)", "2018年"],
    ["营业收入", "94,915,380,916.72", "85,429,573,467.25", "11.10", "73,638,872,388.03"],
    ["", "2020年末", "2019年末", "本期末比上年同期末增减（%）", "2018年末"],
    ["总资产", "213,395,810,527.46", "183,042,372,042.50", "16.58", "159,846,674,736.01"],
]


def test_a_percentage_column_labels_its_values_as_percentages_not_with_the_caption_unit():
    [revenue, _] = label_pages_units(["单位：元 币种：人民币\n" + "\n".join(render_table(MAIN_FIGURES))])[0].split(
        "\n"
    )[1:]
    assert "本期比上年同期增减(%): 11.10%" in revenue and "2020年: 94,915,380,916.72元" in revenue


def test_a_header_row_in_the_middle_of_a_table_names_the_columns_below_it():
    assert render_table(MAIN_FIGURES)[1].startswith("总资产 | 2020年末: 213,395,810,527.46 | 2019年末:")


def test_the_row_unit_wins_over_the_caption_and_a_percentage_column_over_the_row():
    rows = [
        ["", "2020年", "本期比上年同期增减(%)"],
        ["基本每股收益（元／股）", "37.17", "13.33"],
        ["加权平均净资产收益率（%）", "31.41", "减少1.68个百分点"],
    ]
    assert render_table(rows) == [
        "基本每股收益（元／股） | 2020年: 37.17元/股 | 本期比上年同期增减(%): 13.33%",
        "加权平均净资产收益率（%） | 2020年: 31.41% | 本期比上年同期增减(%): 减少1.68个百分点",
    ]


def test_a_column_measured_in_tonnes_keeps_its_unit_under_a_currency_caption():
    rows = [["主要产品", "产量（吨）", "同比（%）", "销售收入"], ["茅台酒", "50,235.17", "0.63", "8,483,093.60"]]
    [row] = label_pages_units(["单位：万元 币种：人民币\n" + "\n".join(render_table(rows))])[0].split("\n")[1:]
    assert row == "茅台酒 | 产量（吨）: 50,235.17吨 | 同比（%）: 0.63% | 销售收入: 8,483,093.60万元"


def test_a_two_column_table_of_names_reads_as_label_and_value():
    rows = [
        ["公司的中文名称", "贵州茅台酒股份有限公司"],
        ["公司的中文简称", "贵州茅台"],
        ["公司的法定代表人", "高卫东"],
    ]
    assert render_table(rows) == [
        "公司的中文名称: 贵州茅台酒股份有限公司",
        "公司的中文简称: 贵州茅台",
        "公司的法定代表人: 高卫东",
    ]


def test_a_header_of_bare_years_is_a_header():
    assert render_table([["Year Ended June 30,", "2019", "2018"], ["Revenue", "125,843", "110,360"]]) == [
        "Revenue | 2019: 125,843 | 2018: 110,360"
    ]


def test_split_off_dollar_signs_and_brackets_rejoin_their_figures_and_pair_with_the_header_in_order():
    rows = [["", "2019", "2018", "2017"], ["Net losses on foreign currency", "(82", ")", "(218", ")", "(111", ")"],
            ["Total", "$", "729", "$", "1,416", "$", "876"]]  # fmt: skip
    assert render_table(rows) == [
        "Net losses on foreign currency | 2019: (82) | 2018: (218) | 2017: (111)",
        "Total | 2019: $ 729 | 2018: $ 1,416 | 2017: $ 876",
    ]


@pytest.mark.parametrize(
    ("rows", "label"),
    [
        (
            [["", "2019"], ["Net income attributable to", ""], ["common stockholders", "1,234"]],
            "Net income attributable to common stockholders",
        ),
        ([["", "2020年"], ["归属于上市公司股东的", ""], ["", "46,697"]], "归属于上市公司股东的"),
        ([["", "2020年"], ["基本每股收益（元／", ""], ["股）", "37.17"]], "基本每股收益（元／股）"),
    ],
)
def test_a_row_label_that_wrapped_onto_its_own_row_is_joined(rows, label):
    [line] = render_table(rows)
    assert line.startswith(f"{label} | ")


def test_a_heading_row_ending_in_a_colon_stays_a_heading():
    assert render_table([["", "2019"], ["Operating expenses:", ""], ["Research", "16,876"]]) == [
        "Operating expenses:", "Research | 2019: 16,876",
    ]  # fmt: skip


def test_a_table_continued_on_the_next_page_is_read_under_the_header_it_inherits():
    first_page = [["", "2020年金额", "2019年金额"], ["非流动资产处置损益", "-100,113.92", "-510,515.56"]]
    continued = [["所得税影响额", "107,726,441.35", "68,247,018.61"]]
    assert starts_without_header(continued) and not starts_without_header(first_page)
    assert render_table(continued, table_header(first_page)) == [
        "所得税影响额 | 2020年金额: 107,726,441.35 | 2019年金额: 68,247,018.61"
    ]


def test_the_caption_unit_carries_over_a_page_break_until_a_paragraph():
    pages = ["单位：元\n营业收入 | 2020年: 94,915", "所得税影响额 | 2020年: 107,726\n下一段正文。\n合计 | 2020年: 5"]
    assert label_pages_units(pages) == [
        "单位：元\n营业收入 | 2020年: 94,915元",
        "所得税影响额 | 2020年: 107,726元\n下一段正文。\n合计 | 2020年: 5",
    ]


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("毛利率（%）", "{}%"),
        ("Margin (%)", "{}%"),
        ("基本每股收益（元／股）", "{}元/股"),
        ("金额(万元)", "{}万元"),
        ("营业收入", ""),
        ("Revenue ($B)", "{} billion"),
        ("Net income ($M)", "{} million"),
        ("产量（吨）", "{}吨"),
        ("销量(万千升)", "{}万千升"),
        ("售价（元／吨）", "{}元/吨"),
        ("Volume (tonnes)", "{} tonnes"),
        ("营业收入（人民币）", ""),
    ],  # fmt: skip
)
def test_header_units(header, unit):
    assert header_unit(header) == unit


def test_column_heads_printed_above_a_statement_name_each_value_column():
    lines = ["Three Months Ended Nine Months Ended July 1, June 25, July 1, June 25,", "2023 2022 2023 2022 Net sales:"]
    assert period_header(lines, 4) == [
        "", "Three Months Ended July 1, 2023", "Three Months Ended June 25, 2022",
        "Nine Months Ended July 1, 2023", "Nine Months Ended June 25, 2022",
    ]  # fmt: skip
    assert period_header(["Year Ended June 30, 2019 2018 2017"], 3) == [
        "", "Year Ended June 30, 2019", "Year Ended June 30, 2018", "Year Ended June 30, 2017",
    ]  # fmt: skip


def test_column_heads_that_do_not_name_every_column_are_not_used():
    assert period_header(["Year Ended June 30, 2019 2018"], 3) is None
    assert period_header(["Revenue grew in 2019."], 1) is None


def test_an_english_scale_caption_labels_amounts_but_spares_per_share_and_share_rows():
    page = "\n".join([
        "(In millions, except number of shares which are reflected in thousands and per share amounts)",
        "Three Months Ended", "2023 2022", "Net sales:",
        "Services | 2023: 21,213 | 2022: 19,604",
        "Net income | 2023: $ 19,881 | 2022: (265)",
        "Earnings per share:", "Diluted | 2023: $ 1.26 | 2022: $ 1.20",
        "Shares used in computing earnings per share:", "Basic | 2023: 15,697,614",
    ])  # fmt: skip
    labelled = label_pages_units([page])[0].split("\n")
    assert labelled[4] == "Services | 2023: 21,213 million | 2022: 19,604 million"
    assert labelled[5] == "Net income | 2023: $ 19,881 million | 2022: (265) million"
    assert labelled[7] == "Diluted | 2023: $ 1.26 | 2022: $ 1.20"
    assert labelled[9] == "Basic | 2023: 15,697,614"


def test_a_caption_without_exceptions_labels_every_row():
    assert label_pages_units(["(In thousands)\nShares | 2023: 1,200"]) == [
        "(In thousands)\nShares | 2023: 1,200 thousand"
    ]


def test_statement_rows_printed_as_lines_are_labelled_with_the_column_heads_above_them():
    text = "\n".join([
        "Year Ended June 30, 2019 2018 2017", "Revenue:", "Product $ 66,069 $ 64,497 $ 63,811",
        "Service and other | 59,774 | 45,863 | 32,760", "Interest expense (2,686) (2,733) (2,222)",
        "Refer to accompanying notes.", "Total 1 2 3",
    ])  # fmt: skip
    lines = label_statement_lines(text).split("\n")
    assert (
        lines[2]
        == "Product | Year Ended June 30, 2019: $ 66,069 | Year Ended June 30, 2018: $ 64,497 | Year Ended June 30, 2017: $ 63,811"
    )
    assert lines[3].startswith("Service and other | Year Ended June 30, 2019: 59,774 | ")
    assert lines[4].endswith("Year Ended June 30, 2017: (2,222)")
    assert lines[6] == "Total 1 2 3", "prose ended the statement"


def test_a_row_label_quoting_figures_of_its_own_keeps_them_and_the_statement_goes_on():
    text = "\n".join([
        "June 30, 2019 2018", "Accounts receivable, net of allowance for doubtful accounts of $411 and $377 29,524 26,481",
        "Total assets $286,556 $258,848", "Revenue grew 12% 14% 16% in three years",
    ])  # fmt: skip
    lines = label_statement_lines(text).split("\n")
    assert lines[1] == (
        "Accounts receivable, net of allowance for doubtful accounts of $411 and $377 | June 30, 2019: 29,524 | "
        "June 30, 2018: 26,481"
    )
    assert lines[2] == "Total assets | June 30, 2019: $286,556 | June 30, 2018: $258,848"
    assert lines[3] == "Revenue grew 12% 14% 16% in three years"


def test_footnote_marks_on_heads_and_figures_do_not_stop_a_statement_being_read():
    text = "\n".join([
        "Year Ended June 30, 2019(a) 2018 2017(d)(e)", "Net income 39,240(b) 16,571(c) 25,489(f)",
        "Diluted earnings per share | 5.06 | (b) | 2.13 | (c) | 3.25 | (f)", "Total assets 286,556 258,848 250,312",
    ])  # fmt: skip
    lines = label_statement_lines(text).split("\n")
    assert (
        lines[1]
        == "Net income | Year Ended June 30, 2019: 39,240 | Year Ended June 30, 2018: 16,571 | Year Ended June 30, 2017: 25,489"
    )
    assert lines[2].startswith(
        "Diluted earnings per share | Year Ended June 30, 2019: 5.06 | Year Ended June 30, 2018: 2.13"
    )
    assert lines[3].endswith("Year Ended June 30, 2017: 250,312")
    assert is_figure_row("Net income 39,240(b) 16,571(c) 25,489(f)")


def test_a_years_line_under_span_and_date_lines_is_read_with_them():
    text = "\n".join([
        "Three Months Ended Nine Months Ended", "July 1, June 25, July 1, June 25,", "2023 2022 2023 2022",
        "Gross margin percentage:", "Total gross margin percentage | 44.5% | 43.3% | 43.8% | 43.6%",
    ])  # fmt: skip
    assert label_statement_lines(text).split("\n")[-1] == (
        "Total gross margin percentage | Three Months Ended July 1, 2023: 44.5% | Three Months Ended June 25, 2022: "
        "43.3% | Nine Months Ended July 1, 2023: 43.8% | Nine Months Ended June 25, 2022: 43.6%"
    )


def test_prose_with_years_is_not_a_statement_header():
    text = "In fiscal years 2019 and 2018 revenue grew.\nProduct $ 66,069 $ 64,497"
    assert label_statement_lines(text) == text


def test_change_columns_between_the_years_are_named_and_prose_years_above_are_not_columns():
    lines = [
        (
            "The following table shows net sales for the three- and nine-month periods ended July 1, 2023 and "
            "June 25, 2022 (dollars in millions):"
        ),
        "Three Months Ended Nine Months Ended",
        "July 1, June 25, July 1, June 25,",
        "2023 2022 Change 2023 2022 Change",
    ]
    assert period_header(lines, 6) == [
        "", "Three Months Ended July 1, 2023", "Three Months Ended June 25, 2022", "Three Months Ended Change",
        "Nine Months Ended July 1, 2023", "Nine Months Ended June 25, 2022", "Nine Months Ended Change",
    ]  # fmt: skip


def test_a_dollars_in_millions_caption_holds_through_column_heads_run_on_into_the_first_row():
    page = """The following table shows net sales by category (dollars in millions):
2023 2022 Change
iPhone | 2023: $ 39,669 | 2022: $ 40,665 | Change: (2)%
(In millions)
Nine Months Ended July 1, June 25, 2023 2022 Cash, beginning balances $ 24,977 $ 35,929
Cash generated by operating activities | 2023: 88,945 | 2022: 98,024"""
    lines = label_pages_units([page])[0].split("\n")
    assert lines[2] == "iPhone | 2023: $ 39,669 million | 2022: $ 40,665 million | Change: (2)%"
    assert lines[5] == "Cash generated by operating activities | 2023: 88,945 million | 2022: 98,024 million"


@pytest.mark.parametrize(
    ("line", "is_row"),
    [
        ("Gross margin 39.2% 53.6% down 14.5 ppts 43.8% 55.8% down 12.1 ppts", True),
        ("Revenues $ 5,897.8 $ 5,665.6 4 % 8 %", True),
        ("Q4 2022 Q4 2021 vs. Q4 2021", True),
        ("营业收入 94,915,380,916.72 85,429,573,467.25 11.10", True),
        ("Fourth-quarter revenue was $14.0 billion, down 32 percent year-over-year (YoY) and down 28 percent", False),
        ("公司2020年实现营业收入949.15亿元，同比增长11.10%", False),
    ],
)
def test_a_line_is_a_table_row_when_figures_are_a_third_of_its_words(line, is_row):
    assert is_figure_row(line) is is_row


def test_a_statements_bare_group_names_keep_its_column_heads_and_unit_but_prose_ends_them():
    page = "\n".join([
        "BALANCE SHEETS", "(In millions)", "June 30, 2019 2018", "Assets", "Current assets:",
        "Total assets $286,556 $258,848", "Liabilities and stockholders’ equity", "Accounts payable | $ 9,382 | $ 8,617",
        "The accompanying notes are an integral part of these financial statements.", "Other 12 13",
    ])  # fmt: skip
    lines = label_pages_units([label_statement_lines(page)])[0].split("\n")
    assert lines[5] == "Total assets | June 30, 2019: $ 286,556 million | June 30, 2018: $ 258,848 million"
    assert lines[7] == "Accounts payable | June 30, 2019: $ 9,382 million | June 30, 2018: $ 8,617 million"
    assert lines[9] == "Other 12 13"


RELEASE_TABLE = """KEY FINANCIAL METRICS - CONSOLIDATED
Dollars in millions, except per share data
Quarters Ended March 31,
2023 2022 Inc/ (Dec) Translation
Revenues $ 5,897.8 $ 5,665.6 4 % 8 %
Net income 1,802.3 1,104.4 63 69
Excluding the above items, results reflected strong operating performance.
Other 553.3 584.3"""


def test_a_caption_line_of_its_own_declares_a_scale_but_prose_mentioning_millions_does_not():
    assert declared_unit("Dollars and shares in millions, except per share data").template == "{} million"
    assert declared_unit("Dollars and shares in millions, except per share data").spares == "per share"
    assert not declared_unit("Revenue, in millions of units, was up").template


def test_caption_readings_read_an_unlabelled_lines_amounts_in_the_caption_unit_until_prose():
    readings = caption_readings(RELEASE_TABLE)
    assert readings == [
        "5,897.8 million", "5,665.6 million", "1,802.3 million", "1,104.4 million", "63 million", "69 million",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("head", "unit"),
    [("2019 €m", "€{} million"), ("£'000", "£{} thousand"), ("2019 $m", "${} million"), ("RMB'000", "RMB{} thousand"),
     ("2019", ""), ("Total", "")],
)  # fmt: skip
def test_a_column_head_ending_on_currency_and_scale_declares_its_unit(head, unit):
    assert header_unit(head) == unit


@pytest.mark.parametrize(
    ("caption", "template"),
    [
        ("($ in millions)", "$ {} million"),
        ("(in $ millions)", "$ {} million"),
        ("$ million", "$ {} million"),
        ("(€ in thousands)", "€ {} thousand"),
        ("All figures in USD ‘000, except TCE rate per day", "$ {} thousand"),
        ("RMB’Million", "RMB {} million"),
        ("(in thousands of U.S. dollars)", "$ {} thousand"),
        ("(In millions of €)", "€ {} million"),
        ("(United States Dollars in thousands, except per share data)", "$ {} thousand"),
        ("(Tabular amounts in thousands, except per share data)", "{} thousand"),
        ("(in million)", "{} million"),
        ("Revenue by type during the periods presented was as follows (table in millions):", "{} million"),
        ("(dollars and share amounts in thousands, except per share amounts)", "{} thousand"),
        ("Appropriation of earnings (in thousand NT dollars)", "NT$ {} thousand"),
        ("(in thousands of Canadian dollars)", "C$ {} thousand"),
        ("Revenue grew as we spent $5 million on plants and millions of dollars on marketing in the year.", ""),
    ],
)
def test_captions_declare_a_currency_and_scale_in_the_ways_reports_print_them(caption, template):
    assert declared_unit(caption).template == template


def test_a_unit_over_the_label_column_labels_the_rows_cells_accounting_negatives_and_dollar_cells_included():
    rows = [["$ million", "2019", "2018"], ["Revenue", "$100", "82"], ["Tax", "(155)", "(116)"]]
    assert render_table(rows) == [
        "Revenue | 2019: $100 million | 2018: $82 million",
        "Tax | 2019: $(155) million | 2018: $(116) million",
    ]


def test_heads_naming_a_year_and_its_unit_head_columns_and_a_bare_percent_sign_labels_the_cells():
    assert render_table([["", "2019 %", "2 0 1 8 %"], ["Discount rate", "2.9", "3.8"]]) == [
        "Discount rate | 2019 %: 2.9% | 2018 %: 3.8%"
    ]


def test_a_head_over_caption_rows_still_heads_the_rows_below_them_and_a_row_of_nil_cells_heads_nothing():
    rows = [["", "2019 US$000", "2018 US$000"], ["Expenses include:", "", ""], ["Finance costs", "", ""], ["Interest", "244", "572"]]
    assert render_table(rows)[-1] == "Interest | 2019 US$000: US$244 thousand | 2018 US$000: US$572 thousand"
    rows = [["", "2019", "2018"], ["Audit fees", "$58,000", "$55,000"], ["Other fees", "$-", "$-"], ["Tax fees", "$28,000", "$11,000"]]
    assert render_table(rows)[-1] == "Tax fees | 2019: $28,000 | 2018: $11,000"


def test_a_row_label_printed_under_two_captions_is_named_by_its_caption_across_a_page_break():
    pages = [
        "Segment information (in millions):\nAmericas:\nNet sales | 2023: $ 35,383 million\n"
        "Operating income | 2023: $ 13,117 million\nEurope:\nNet sales | 2023: $ 20,205 million",
        "Operating income | 2023: $ 7,995 million\nTotal operating income | 2023: $ 22,998 million\n"
        "The weakness in the yen had an unfavorable impact.\nNet sales | 2023: $ 1 million",
    ]
    first, second = name_repeated_rows(pages)
    assert first.split("\n")[2:] == [
        "Americas Net sales | 2023: $ 35,383 million",
        "Americas Operating income | 2023: $ 13,117 million",
        "Europe:",
        "Europe Net sales | 2023: $ 20,205 million",
    ]
    # The total ends the caption's rows; prose ends the table, so a later "Net sales" is another table's.
    assert second.split("\n") == [
        "Europe Operating income | 2023: $ 7,995 million",
        "Total operating income | 2023: $ 22,998 million",
        "The weakness in the yen had an unfavorable impact.",
        "Net sales | 2023: $ 1 million",
    ]


def test_a_row_label_printed_under_one_caption_only_keeps_its_label():
    page = "Earnings per share:\nBasic | 2023: $ 1.27\nDiluted | 2023: $ 1.26\nNet income | 2023: $ 19,881"
    assert name_repeated_rows([page]) == [page]


def test_a_statements_line_items_without_figures_keep_the_caption_unit_and_note_numbers_take_none():
    page = (
        "单位:元 币种:人民币\n一、营业总收入 | 2020年度: 97,993,240,501.21\n其中：营业收入 | 附注: 30 | 2020年度: 94,915,380,916.72\n"
        "已赚保费\n提取保险责任准备金净额\n税金及附加 | 附注: 32 | 2020年度: 13,886,517,290.78\n"
        "公司本期营业收入同比增长，主要系产品销售量增加所致。\n其他 | 2020年度: 5"
    )
    lines = label_pages_units([page])[0].split("\n")
    assert lines[2] == "其中：营业收入 | 附注: 30 | 2020年度: 94,915,380,916.72元"
    assert lines[5] == "税金及附加 | 附注: 32 | 2020年度: 13,886,517,290.78元"
    # A sentence ends the table: the next row is another's, of no unit declared.
    assert lines[7] == "其他 | 2020年度: 5"


@pytest.mark.parametrize(
    ("caption", "spares"),
    [("(In millions, except per share amounts)", "per share"),
     ("(shares in thousands, except per share data):", "per share"),
     ("(In millions, except number of shares, which are reflected in thousands, and per-share amounts)", "shares"),
     ("(All amounts expressed in thousands of U.S. Dollars, except share and per share data)", "shares"),
     ("(In thousands)", "per share")],
)  # fmt: skip
def test_a_captions_exception_spares_share_counts_only_when_it_names_them(caption, spares):
    assert declared_unit(caption).spares == spares


def test_share_counts_take_the_scale_of_a_caption_that_excepts_only_amounts_per_share():
    page = "\n".join([
        "(In millions, except per share amounts)", "Year Ended June 30, 2019",
        "Net income | 2019: $ 39,240", "Weighted average shares outstanding:", "Diluted | 2019: 7,753",
        "Diluted earnings per share | 2019: $ 5.06",
    ])  # fmt: skip
    labelled = label_pages_units([page])[0].split("\n")
    assert labelled[4] == "Diluted | 2019: 7,753 million"
    assert labelled[5] == "Diluted earnings per share | 2019: $ 5.06"


def test_a_caption_in_a_sentence_with_a_colon_and_a_long_group_name_under_it_still_label_the_rows():
    page = "\n".join([
        "Results of Operations: Years Ended December 31, 2018 (Amounts in thousands, except per share amounts):",
        "Derivative liabilities carried at fair value through profit or loss (FVTPL)",
        "Interest rate swaps | 2019: 49,891 | 2018: 9,196",
    ])  # fmt: skip
    assert label_pages_units([page])[0].split("\n")[2] == "Interest rate swaps | 2019: 49,891 thousand | 2018: 9,196 thousand"


def test_a_column_head_holding_a_caption_declares_its_unit():
    assert header_unit("Appropriation of earnings (in thousand NT dollars)") == "NT$ {} thousand"
    assert header_unit("Cash dividend per share (NT dollars)") == ""


def test_a_column_printing_its_percent_sign_on_its_first_and_last_rows_only_holds_percentages():
    rows = [["", "2019", "2018"], ["Sales", "100.0 %", "100.0 %"], ["Gross profit", "40.0", "50.9"],
            ["Other income (expense), net", "1.6", "(0.1)"], ["Net income", "7.2 %", "20.5 %"]]  # fmt: skip
    lines = render_table(rows)
    assert lines[1] == "Gross profit | 2019: 40.0 % | 2018: 50.9 %"
    assert lines[2] == "Other income (expense), net | 2019: 1.6 % | 2018: (0.1) %"
    amounts = [["", "2019"], ["Revenue", "100.0 %"], ["Cost", "1,250"], ["Margin", "20.5 %"]]
    assert render_table(amounts)[1] == "Cost | 2019: 1,250"


def test_a_column_of_amounts_per_share_keeps_its_figures_bare_under_a_caption_excepting_them():
    page = "Dollars in millions, except per share data\nTax settlement | Net Income 2022: 500.0 | Earnings per share - diluted 2022: 0.67"
    assert label_pages_units([page])[0].split("\n")[1] == (
        "Tax settlement | Net Income 2022: 500.0 million | Earnings per share - diluted 2022: 0.67"
    )


def test_a_price_per_share_keeps_its_figures_bare_under_a_caption_scaling_shares():
    page = "(Shares in millions)\nShares purchased | 2019: 11 | 2018: 13\nAverage price per share | 2019: $ 104.85 | 2018: $ 76.40"
    assert label_pages_units([page])[0].split("\n")[1:] == [
        "Shares purchased | 2019: 11 million | 2018: 13 million", "Average price per share | 2019: $ 104.85 | 2018: $ 76.40",
    ]  # fmt: skip


def test_a_head_wrapped_over_two_rows_and_set_beside_its_figures_still_names_them():
    # As pdfplumber finds a Shenzhen quarterly report's first table: an empty border column, each head's second
    # line on a row of its own, the change heads one cell right of their percentages, and a label's "（元）" below.
    rows = [
        ["", "", "本报告期", "", "", "本报告期比上年同期", "年初至报告期末", "", "年初至报告期末比"],
        ["", "", "", "", "", "增减", "", "", "上年同期增减"],
        ["", "营业收入（元）", "5,634,274,230.28", "", "3.16%", "", "19,740,286,995.36", "6.08%", ""],
        ["", "归属于上市公司股东的净利润", "561,472,731.39", "", "6.85%", "", "2,959,832,869.41", "23.19%", ""],
        ["", "（元）", "", "", "", "", "", "", ""],
    ]
    assert render_table(rows) == [
        "营业收入（元） | 本报告期: 5,634,274,230.28元 | 本报告期比上年同期增减: 3.16% | 年初至报告期末: 19,740,286,995.36元"
        " | 年初至报告期末比上年同期增减: 6.08%",
        "归属于上市公司股东的净利润（元） | 本报告期: 561,472,731.39元 | 本报告期比上年同期增减: 6.85%"
        " | 年初至报告期末: 2,959,832,869.41元 | 年初至报告期末比上年同期增减: 23.19%",
    ]


def test_a_year_head_one_column_off_its_amounts_still_names_them():
    # A 10-K's "2023" stands over the percentage rows' column; its amounts (with their "$" split off) one column right.
    rows = [
        ["(Dollars in millions)", "", "2023", "", "", "Actual", "", "2022", ""],
        ["Americas", "", "", "$ 31,226", "", "32%", "", "", "$ 23,679"],
        ["Operating margin %", "", "26%", "", "", "", "", "26%", ""],
    ]
    assert render_table(rows) == [
        "Americas | 2023: $ 31,226 million | Actual: 32% | 2022: $ 23,679 million",
        "Operating margin % | 2023: 26% | 2022: 26%",
    ]


def test_a_caption_in_the_head_spares_the_per_share_rows_under_their_group():
    rows = [
        ["(in millions, except per share data)", "2023", "2022"],
        ["Net income", "$ 8,503", "$ 6,717"],
        ["Earnings per share:", "", ""],
        ["Diluted", "$ 3.07", "$ 2.41"],
    ]
    lines = render_table(rows)
    assert "Net income | 2023: $ 8,503 million | 2022: $ 6,717 million" in lines
    assert "Diluted | 2023: $ 3.07 | 2022: $ 2.41" in lines
