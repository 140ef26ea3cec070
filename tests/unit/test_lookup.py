"""Figures answered from table facts: the row the question names, in the column of the period it asks."""

from dataclasses import replace

import pytest

from fintext.figures import extract_figures
from ingest import Fact
from rag.calculation.lookup import FactAnswer, answer_text, lookup_fact, names_quoted, of_another_period, terms, vocabulary_of

PERIODS = {"d": "FY2020"}
NAMES = ("贵州茅台酒股份有限公司", "贵州茅台", "600519")


def _facts(*rows: tuple[str, list[tuple[str, str, int | None]]]) -> list[Fact]:
    return [
        Fact(f"c{index}", "d", index, column, label, header, value, year, 5)
        for index, (label, cells) in enumerate(rows)
        for column, (header, value, year) in enumerate(cells)
    ]


FACTS = _facts(
    ("营业收入", [("2020年", "94,915,380,916.72元", 2020), ("2019年", "85,429,573,467.25元", 2019), ("本期比上年同期增减(%)", "11.10%", None)]),
    ("归属于上市公司股东的净利润", [("2020年", "46,697,285,429.81元", 2020), ("本期比上年同期增减(%)", "13.33%", None)]),
    ("营业收入", [("第一季度（1-3月份）", "24,405,394,535.33元", None), ("第四季度（10-12月份）", "27,700,436,278.24元", None)]),
    ("茅台酒", [("营业收入", "84,830,936,002.19", None), ("营业成本", "5,100,340,201.05", None), ("营业收入比上年增减（%）", "11.91%", None)]),
)  # fmt: skip
VOCABULARY = vocabulary_of([*((fact.label, fact.header) for fact in FACTS), ("营业成本", "利润")])


def _lookup(question: str, min_score: float = 0.75):
    return lookup_fact(question, FACTS, PERIODS, NAMES, VOCABULARY, min_score)


def test_the_row_named_is_read_in_the_year_asked_with_its_change_beside_it():
    found = _lookup("贵州茅台2020年的营业收入是多少？")
    assert (found.fact.value, [fact.value for fact in found.companions]) == ("94,915,380,916.72元", ["11.10%"])
    assert _lookup("根据贵州茅台2020年年报，公司2019年的营业收入是多少？").fact.value == "85,429,573,467.25元"


def test_the_clause_naming_the_report_read_from_names_no_line_item():
    # Real filings print "年年" ("2020年年末") and "report" in some row or column: the clause is still no line item.
    vocabulary = VOCABULARY | terms("2020年年末 年报 annual report")
    source_named = ["根据贵州茅台2020年年报，公司2019年的营业收入是多少？", "在2020年年度报告中，2019年营业收入是多少？", "贵州茅台2020年年度报告中2019年的营业收入是多少？"]
    for question in source_named:
        assert lookup_fact(question, FACTS, PERIODS, NAMES, vocabulary, 0.75).fact.value == "85,429,573,467.25元"


def test_without_a_year_the_documents_own_is_asked_and_a_prior_years_cell_has_no_change_beside_it():
    assert _lookup("营业收入是多少？").fact.year == 2020
    assert _lookup("2019年营业收入是多少？").companions == ()


def test_a_quarter_a_segment_and_the_longer_row_name_win_when_the_question_says_them():
    assert _lookup("2020年第四季度的营业收入是多少？").fact.value == "27,700,436,278.24元"
    segment = _lookup("贵州茅台2020年茅台酒的营业收入是多少？同比增长多少？")
    assert (segment.fact.value, [fact.value for fact in segment.companions]) == ("84,830,936,002.19", ["11.91%"])
    assert _lookup("2020年归属于上市公司股东的净利润是多少？").fact.value == "46,697,285,429.81元"


@pytest.mark.parametrize(
    "question",
    [
        "贵州茅台2020年营业收入为什么增长？",  # a reason, not a figure
        "2021年比2019年营业收入增加了多少？",  # two years apart: a comparison
        "2018年营业收入是多少？",  # no column of that year
        "2020年的出厂价是多少？",  # no row of that name
        "2020年度营业收入是多少？",  # a year's figure: the quarter's columns may not answer for it
        "营业收入在哪一年更高？",  # a year answers it, not a cell
        "Which of the years had 营业收入 above 3,000?",
    ],
)
def test_no_fact_answers_what_no_single_cell_states(question):
    found = _lookup(question)
    assert found is None or found.fact.header in ("2020年",), found


def test_a_weak_match_is_left_to_the_passages():
    assert _lookup("2020年营业成本和利润是多少？", min_score=0.75) is None


def test_the_answer_gives_the_cells_as_printed_a_large_yuan_amount_in_yi_too_and_cites_the_row():
    found = _lookup("贵州茅台2020年的营业收入是多少？")
    assert (
        answer_text(found, "zh")
        == "营业收入（2020年）：94,915,380,916.72元（约949.15亿元）[1]；本期比上年同期增减(%)：11.10%[1]。"
    )
    assert "about RMB 94.92 billion" in answer_text(found, "en")
    half_year = FactAnswer(Fact("c", "d", 0, 0, "营业收入", "本期数", "245,965,482.81元", 2024, 10), (), 1.0)
    assert "245,965,482.81元 (about RMB 245.97 million) [1]" in answer_text(half_year, "en")


def test_an_accounting_negative_is_written_with_its_minus_sign():
    cell = Fact("c", "d", 0, 0, "Total net sales", "Three Months Ended Change", "(1)%", None, 19)
    assert answer_text(FactAnswer(cell, (), 1.0), "en") == "Total net sales (Three Months Ended Change): -1% [1]."


@pytest.mark.parametrize(
    ("question", "complete"),
    [
        ("贵州茅台2020年的营业收入是多少？", True),
        ("2020年营业收入是多少？同比增长多少？", True),  # the change column beside it answers the rest
        ("2019年营业收入同比增长多少？", False),  # no change column for the year before
        ("2020年第四季度的营业收入是多少？同比增长多少？", False),
        ("2020年第四季度的营业收入是多少？另外第一季度呢？", False),  # a second figure no cell beside it holds
    ],
)
def test_a_lookup_is_complete_only_when_its_cells_answer_every_part_of_the_question(question, complete):
    assert _lookup(question).complete is complete


def test_of_equal_rows_the_one_whose_cells_also_answer_the_change_asked_wins():
    rows = [
        Fact("segments", "q", 0, 1, "Greater China Net sales", "Three Months Ended July 1, 2023", "$ 15,758 million", 2023, 16),
        Fact("mdna", "q", 1, 1, "Greater China Net sales", "Three Months Ended July 1, 2023", "15,758 million", 2023, 18),
        Fact("mdna", "q", 1, 2, "Greater China Net sales", "Three Months Ended Change", "8%", None, 18),
    ]  # fmt: skip
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in rows)

    def lookup(question: str) -> FactAnswer:
        return lookup_fact(question, rows, {"q": "2023Q2"}, ("Apple Inc.",), vocabulary, 0.75)

    assert (
        lookup("What were Greater China net sales in the three months ended July 1, 2023?").fact.chunk_id == "segments"
    )
    found = lookup("What were Greater China net sales in the three months ended July 1, 2023, and how did they change?")
    assert (found.fact.chunk_id, [fact.value for fact in found.companions], found.complete) == ("mdna", ["8%"], True)


def test_the_period_is_read_from_the_question_as_asked_not_from_its_translation():
    # The model's translation dropped the year asked and kept the report's.
    found = lookup_fact(
        "2020年年报中，营业收入是多少？", FACTS, PERIODS, NAMES, VOCABULARY, 0.75,
        asked_as="What was the operating revenue in 2019, according to the 2020 annual report?",
    )  # fmt: skip
    assert found.fact.value == "85,429,573,467.25元"
    assert (
        lookup_fact("营业收入是多少？", FACTS, PERIODS, NAMES, VOCABULARY, 0.75, asked_as="Why did revenue grow?")
        is None
    )


def test_a_hyphenated_word_counts_whole_and_by_its_parts():
    assert terms("diluted earnings per share") <= terms("EARNINGS PER SHARE-DILUTED")
    assert not terms("non-GAAP earnings per share") <= terms("GAAP earnings per share")


def test_a_qualified_measure_is_not_read_from_the_plain_row():
    facts = _facts(
        ("Earnings per share diluted", [("Year Ended June 30, 2019", "$ 5.06", 2019)]),
        ("Net income", [("Year Ended June 30, 2019", "$ 39,240 million", 2019)]),
    )
    vocabulary = vocabulary_of([(fact.label, fact.header) for fact in facts])

    def lookup(question):
        return lookup_fact(question, facts, {"d": "FY2019"}, (), vocabulary, 0.5)

    assert lookup("What were diluted earnings per share in fiscal 2019?").fact.value == "$ 5.06"
    assert lookup("What were non-GAAP diluted earnings per share in fiscal 2019?") is None
    assert lookup("Excluding restructuring charges, what were diluted earnings per share?") is None


def test_a_question_asking_for_a_percentage_is_not_answered_with_an_amount():
    facts = _facts(("Total gross margin", [("Three Months Ended July 1, 2023", "$ 36,413 million", 2023)]),
                   ("Total gross margin percentage", [("Three Months Ended July 1, 2023", "44.5%", 2023)]))  # fmt: skip
    vocabulary = vocabulary_of([(fact.label, fact.header) for fact in facts])
    found = lookup_fact("What was total gross margin percentage?", facts, {"d": "2023Q2"}, (), vocabulary, 0.5)
    assert found.fact.value == "44.5%"
    assert lookup_fact("What was the total gross margin rate?", facts[:1], {"d": "2023Q2"}, (), vocabulary, 0.3) is None
    assert _lookup("茅台酒营业收入比上年增减多少？").fact.value == "11.91%"


MSFT = _facts(
    ("Operating income", [("Year Ended June 30, 2019", "42,959 million", 2019), ("Year Ended June 30, 2018", "35,058 million", 2018)]),
    ("Net sales", [("Three Months Ended July 1, 2023", "$ 81,797 million", 2023), ("Nine Months Ended June 25, 2022", "$ 304,182 million", 2022)]),
)  # fmt: skip


def _msft(question: str) -> FactAnswer | None:
    vocabulary = vocabulary_of([(fact.label, fact.header) for fact in MSFT])
    return lookup_fact(question, MSFT, {"d": "FY2019"}, ("Microsoft",), vocabulary, 0.75)


def test_a_change_no_cell_prints_is_computed_from_the_rows_cell_of_the_year_before_with_its_working():
    found = _msft("What was Microsoft's operating income in fiscal 2019, and by what percentage did it increase?")
    assert (found.complete, found.prior.value) == (True, "35,058 million")
    # Asked "by what percentage": the growth is the answer, the difference beside it.
    assert [derived.result for derived in found.derived("en")] == ["+22.54%", "+7,901 million"]
    assert answer_text(found, "en").endswith(
        "change on Year Ended June 30, 2018 (35,058 million): +22.54%, +7,901 million "
        "(computed: (42,959 million − 35,058 million) ÷ 35,058 million) [1]."
    )
    assert "35,058 million" in [fact.value for fact in found.facts]


def test_no_change_is_computed_against_a_column_of_another_span_or_when_none_is_asked():
    # The year before's only cell is of nine months: no quarter's change can be read from it.
    quarter = lookup_fact(
        "What were net sales in the three months ended July 1, 2023, and how did they change?", MSFT, {"d": "2023Q2"},
        (), vocabulary_of([(fact.label, fact.header) for fact in MSFT]), 0.75,
    )  # fmt: skip
    assert (quarter.prior, quarter.complete) == (None, False)
    assert _msft("What was operating income in fiscal 2019?").derived("en") == ()


def test_a_count_asked_is_never_answered_with_a_sum_of_money_or_a_percentage():
    facts = _facts(
        ("iPhone", [("Three Months Ended July 1, 2023", "$ 39,669 million", 2023)]),
        ("Sam's Club members", [("Three Months Ended July 1, 2023", "4.6%", 2023)]),
    )
    vocabulary = vocabulary_of([(fact.label, fact.header) for fact in facts])

    def lookup(question):
        return lookup_fact(question, facts, {"d": "2023Q2"}, ("Apple",), vocabulary, 0.3)

    assert lookup("How many iPhone units did Apple sell in the three months ended July 1, 2023?") is None
    assert lookup("What were iPhone net sales in the three months ended July 1, 2023?").fact.value == "$ 39,669 million"
    assert lookup("How many Sam's Club members were there in the three months ended July 1, 2023?") is None


# A quarterly report's first table: the quarter and the year to date side by side, each with its change.
QUARTERLY = [
    Fact("q", "r", 0, column, "营业收入（元）", header, value, None if "增减" in header else 2024, 1)
    for column, (header, value) in enumerate(
        [("本报告期", "5,634,274,230.28元"), ("本报告期比上年同期增减", "3.16%"),
         ("年初至报告期末", "19,740,286,995.36元"), ("年初至报告期末比上年同期增减", "6.08%")]
    )
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "value", "change"),
    [
        ("华润三九2024年第三季度营业收入是多少？", "5,634,274,230.28元", "3.16%"),
        ("华润三九2024年前三季度营业收入是多少？", "19,740,286,995.36元", "6.08%"),
        ("华润三九2024年1-9月的营业收入是多少？", "19,740,286,995.36元", "6.08%"),
    ],
)
def test_a_quarterly_reports_quarter_and_year_to_date_columns_answer_their_own_span(question, value, change):
    found = lookup_fact(question, QUARTERLY, {"r": "2024Q3"}, ("华润三九",), vocabulary_of([("营业收入（元）", "")]), 0.75)
    assert (found.fact.value, [fact.value for fact in found.companions]) == (value, [change])


def test_a_half_year_reports_own_period_is_its_six_months():
    facts = [Fact("h", "h", 0, 0, "营业收入", "本期发生额", "100.00元", 2024, 9)]
    vocabulary = vocabulary_of([("营业收入", "")])
    assert lookup_fact("2024年上半年营业收入是多少？", facts, {"h": "2024H1"}, (), vocabulary, 0.75).fact.value == "100.00元"
    assert lookup_fact("2024年第二季度营业收入是多少？", facts, {"h": "2024H1"}, (), vocabulary, 0.75) is None


def test_a_quarterly_reports_statement_columns_run_from_the_years_start():
    # A 第三季度报告's income statement: 本期发生额 is of the nine months, so it answers 前三季度 and not 第三季度.
    facts = [Fact("s", "s", 0, 0, "研发费用", "本期发生额", "458,381,005.40元", 2024, 8)]
    vocabulary = vocabulary_of([("研发费用", "")])
    assert lookup_fact("2024年前三季度研发费用是多少？", facts, {"s": "2024Q3"}, (), vocabulary, 0.75) is not None
    assert lookup_fact("2024年第三季度研发费用是多少？", facts, {"s": "2024Q3"}, (), vocabulary, 0.75) is None
    # In a first quarter's report the year to date is the quarter.
    first_quarter = [Fact("s", "q", 0, 0, "研发费用", "本期发生额", "120.00元", 2025, 5)]
    assert lookup_fact("2025年第一季度研发费用是多少？", first_quarter, {"q": "2025Q1"}, (), vocabulary, 0.75).fact.value == "120.00元"


def test_a_long_line_item_name_shortened_finds_the_one_row_holding_it_whole():
    facts = _facts(
        ("归属于上市公司股东的扣除非经常性损益的净利润（元）", [("本报告期", "443,680,215.94元", 2024), ("年初至报告期末", "2,752,277,369.56元", 2024)]),
        ("归属于上市公司股东的净利润（元）", [("本报告期", "561,472,731.39元", 2024)]),
    )  # fmt: skip
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in facts)
    found = lookup_fact("2024年第三季度扣除非经常性损益的净利润是多少？", facts, {"d": "2024Q3"}, NAMES, vocabulary, 0.75)
    assert found is not None and found.fact.value == "443,680,215.94元"
    # Two rows hold "净利润" whole: too short a name to pick one by.
    assert lookup_fact("2024年第三季度净利润是多少？", facts, {"d": "2024Q3"}, NAMES, vocabulary, 0.75) is None


def test_a_line_item_named_without_an_inner_qualifier_finds_the_rows_holding_the_rest_in_order():
    facts = _facts(
        ("归属于上市公司股东的扣除非经常性损益的净利润（元）", [("本报告期", "443,680,215.94元", 2024)]),
        ("归属于上市公司股东的净利润（元）", [("本报告期", "561,472,731.39元", 2024)]),
        ("归属于母公司股东的净利润", [("本报告期", "561,472,731.39", 2024)]),
    )  # fmt: skip
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in facts)
    # "上市公司" left out: two names of the line item hold the rest, with one figure; the 扣除 row says what was not asked.
    found = lookup_fact("2024年第三季度归属于股东的净利润是多少？", facts, {"d": "2024Q3"}, NAMES, vocabulary, 0.75)
    assert found is not None and found.fact.value == "561,472,731.39元"
    # Two rows holding it with different figures: no answer.
    differing = [*facts[:2], replace(facts[2], value="1.00")]
    assert lookup_fact("2024年第三季度归属于股东的净利润是多少？", differing, {"d": "2024Q3"}, NAMES, vocabulary, 0.75) is None


def test_a_year_to_date_of_other_months_does_not_answer():
    facts = _facts(("营业收入（元）", [("本报告期", "5,634,274,230.28元", 2024), ("年初至报告期末", "19,740,286,995.36元", 2024)]))
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in facts)
    periods = {"d": "2024Q3"}

    def asked(question):
        found = lookup_fact(question, facts, periods, NAMES, vocabulary, 0.75)
        return found and found.fact.value

    assert asked("2024年前三季度的营业收入是多少？") == "19,740,286,995.36元"
    assert asked("2024年1-9月营业收入是多少？") == "19,740,286,995.36元"
    # The third quarter report's year to date is nine months: no answer to the first half.
    assert asked("2024年上半年的营业收入是多少？") is None


def test_a_quarterly_reports_columns_answer_for_its_own_quarter_only():
    facts = _facts(("归属于上市公司股东的净利润", [("本报告期", "1,068,290.14元", 2025), ("上年同期", "23,962,427.14元", 2024)]))
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in facts)

    def asked(question):
        found = lookup_fact(question, facts, {"d": "2025Q1"}, NAMES, vocabulary, 0.75)
        return found and found.fact.value

    assert asked("2024年第一季度归属于上市公司股东的净利润是多少？") == "23,962,427.14元"
    # The first quarter report's year-ago column is the first quarter of 2024, not its second.
    assert asked("2024年第二季度归属于上市公司股东的净利润是多少？") is None
    # The year of the report a question cites is not the year it asks about.
    assert asked("根据2025年第一季度报告，2024年第一季度归属于上市公司股东的净利润是多少？") == "23,962,427.14元"


def test_a_name_no_row_prints_is_not_answered_from_the_total():
    facts = _facts(("Total revenues", [("2023", "$ 49,954 million", 2023)]))
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in facts)

    def asked(question):
        found = lookup_fact(question, facts, {"d": "FY2023"}, ("Oracle",), vocabulary, 0.75)
        return found and found.fact.value

    assert asked("What were Oracle's total revenues in fiscal 2023?") == "$ 49,954 million"
    assert asked("How much did Cerner contribute to Oracle's total revenues in fiscal 2023?") is None


# A 第三季度报告: the quarter and the year to date side by side; the income statement of the nine months.
Q3_PERIODS = {"q3": "2024Q3"}
Q3_FACTS = [
    Fact("k", "q3", 0, 0, "营业收入（元）", "本报告期", "5,634,274,230.28元", 2024, 1),
    Fact("k", "q3", 0, 1, "营业收入（元）", "年初至报告期末", "19,740,286,995.36元", 2024, 1),
    Fact("s", "q3", 1, 0, "研发费用", "本期发生额", "512,182,034.77", 2024, 8),
    Fact("s", "q3", 1, 1, "研发费用", "上期发生额", "466,313,001.20", 2023, 8),
]


def _another_period(question: str, answer: str) -> bool:
    return of_another_period(question, extract_figures(answer), Q3_FACTS, Q3_PERIODS, {})


def test_an_answer_read_only_from_cells_of_another_span_or_year_is_of_another_period():
    assert _another_period("华润三九2024年第三季度单季（7-9月）的研发费用是多少？", "研发费用为512,182,034.77元[1]。")
    assert _another_period("华润三九2024年前三季度的营业收入是多少？", "营业收入5,634,274,230.28元[1]。")
    assert _another_period("华润三九2024年1-9月的研发费用是多少？", "研发费用466,313,001.20元[1]。")  # 2023's


def test_an_answer_with_a_cell_of_the_period_asked_or_no_cell_at_all_is_kept():
    assert not _another_period("华润三九2024年前三季度的研发费用是多少？", "研发费用为512,182,034.77元[1]。")
    both = "第三季度营业收入5,634,274,230.28元，年初至报告期末19,740,286,995.36元[1]。"
    assert not _another_period("华润三九2024年第三季度的营业收入是多少？", both)
    assert not _another_period("华润三九2024年第三季度的研发费用是多少？", "研发费用约5.1亿元[1]。")  # no cell's digits
    assert not _another_period("华润三九的研发费用是多少？", "研发费用为512,182,034.77元[1]。")  # no period asked
    assert not _another_period("2024年比2023年研发费用增加多少？", "研发费用466,313,001.20元[1]。")  # two years


def test_on_a_tie_the_cell_naming_more_of_what_was_asked_wins():
    facts = [
        Fact("c0", "d", 0, 0, "Intelligent Cloud", "Year Ended June 30, 2019", "38,985 million", 2019, 5),
        Fact("c1", "d", 1, 0, "Operating Income (Loss) Intelligent Cloud", "Year Ended June 30, 2019", "13,920 million", 2019, 5),
    ]  # fmt: skip
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in facts)
    question = "What was Microsoft's operating profit in the Intelligent Cloud department of its 2019 fiscal year?"
    found = lookup_fact(question, facts, {"d": "FY2019"}, ("Microsoft",), vocabulary, 0.75)
    assert found.fact.value == "13,920 million"
    # A period's words pick the column, not the cell: the summary's "本期数" still comes before the statement's.
    half_year = _facts(("营业收入", [("本期数", "245,965,482.81元", 2024)]), ("一、营业收入", [("2024 年半年度", "245,449,717.78元", 2024)]))
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in half_year)
    found_h1 = lookup_fact("2024年上半年的营业收入是多少？", half_year, {"d": "2024H1"}, NAMES, vocabulary, 0.75)
    assert found_h1.fact.value == "245,965,482.81元"
    # The question quotes the segment; the row found holds it, so the quote is no line item of its own.
    assert names_quoted(found.fact, "Intelligent Cloud") and not names_quoted(found.fact, "Goodwill")


def test_a_verb_of_achieving_a_figure_names_no_line_item():
    facts = _facts(("直销", [("营业收入", "13,240,356,503.01元", None), ("营业收入比上年增减（%）", "82.66%", None)]))
    vocabulary = vocabulary_of([*((fact.label, fact.header) for fact in facts), ("内部交易未实现利润", ""), ("按销售渠道", "")])
    found = lookup_fact("2020年直销渠道实现的营业收入是多少？同比增长多少？", facts, PERIODS, NAMES, vocabulary, 0.75)
    assert (found.fact.value, [fact.value for fact in found.companions]) == ("13,240,356,503.01元", ["82.66%"])
