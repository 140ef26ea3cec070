import pytest

from rag.checks.verify import check_grounding, drop_unsupported, echoes_question

SOURCES = {1: "股价上涨 8%。", 2: "阿里云智能集团收入 317.42 亿,同比增长 13%。"}


def test_check_grounding_accepts_figures_in_the_cited_passage_in_any_unit():
    for text in ("云收入317.42亿,增长13%[2]。", "Cloud revenue was RMB 31.742 billion, up 13% [2].", "无数字的句子[1]。"):
        assert check_grounding(text, SOURCES).ok, text


def test_check_grounding_flags_a_converted_unit_a_wrong_citation_and_an_uncited_figure():
    assert check_grounding("Cloud revenue was 317.42 billion [2].", SOURCES).figures == ("317.42 billion",)
    assert check_grounding("云收入增长13%[1]。", SOURCES).figures == ("13%",)
    assert check_grounding("云收入增长13%。", SOURCES).figures == ("13%",)


def test_drop_unsupported_removes_only_the_failing_claims():
    text = "股价上涨8%[1]。云收入为317.42 billion[2]。"
    grounding = check_grounding(text, SOURCES)
    assert drop_unsupported(text, grounding) == "股价上涨8%[1]。"
    assert drop_unsupported("增长99%[1]。", check_grounding("增长99%[1]。", SOURCES)) == ""


def test_check_grounding_lets_an_answer_repeat_a_year_the_question_gave_but_not_an_amount():
    question = "What was cloud revenue in the December 2024 quarter, 317.42亿?"
    answer = "Cloud revenue in the December 2024 quarter grew 13% [2]."
    assert check_grounding(answer, SOURCES, question).ok
    assert check_grounding(answer, SOURCES).figures == ("2024",)
    assert check_grounding("Cloud revenue was 317.42亿 [1].", SOURCES, question).figures == ("317.42亿",)


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        ("人工智能相关产业可能影响或替代多大比例的GDP构成[2].", "阿里管理层认为，如果实现AGI，人工智能相关产业可能影响或替代多大比例的GDP构成？"),
        ("抖音要达成2025年的GMV目标，就得从其他电商平台手中抢市场份额[3].", "为什么说抖音要达成2025年的GMV目标，就得从其他电商平台手中抢市场份额？"),
        ("Taotian customer management revenue grew [1].", "How fast did Taotian customer management revenue grow?"),
    ],
)
def test_echoes_question_spots_an_answer_that_only_restates_it(answer, question):
    assert echoes_question(answer, question)


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        ("去年四季度阿里巴巴集团总营收的同比增速是 8%[1]。", "去年四季度阿里巴巴集团总营收的同比增速是多少？"),
        ("阿里云收入重回双位数增长是因为公共云产品收入增长[1]。", "为什么阿里云收入重回双位数增长？"),
    ],
)
def test_echoes_question_accepts_an_answer_that_adds_a_figure_or_a_reason(answer, question):
    assert not echoes_question(answer, question)


def test_echoes_question_counts_a_number_word_or_a_single_new_word_as_content():
    assert not echoes_question("阿里预计投入将超过过去十年的总和[2].", "阿里预计投入将超过过去多少年的总和？")
    assert not echoes_question("主要是批发业务贡献的[1]。", "主要是哪块业务贡献的？")
    assert not echoes_question("阿里在全球大模型开源玩家中排第二[1]。", "阿里在全球大模型开源玩家中排第几？")


def test_an_amount_of_an_unlabelled_table_line_is_backed_in_its_caption_unit_only():
    passage = "Dollars in millions, except per share data\n2023 2022 Inc/ (Dec)\nNet income 1,802.3 1,104.4 63 69"
    assert check_grounding("Net income was $1,802.3 million [1].", {1: passage}).ok
    assert not check_grounding("Net income was $1,802.3 billion [1].", {1: passage}).ok
    assert not check_grounding("Net income was $1,802.3 million [1].", {1: passage.split("\n", 1)[1]}).ok


def test_a_cell_of_another_span_does_not_back_a_figure():
    row = "Revenue | Year Ended June 30, 2019: $ 125,843 million | Three Months Ended June 30, 2019: $ 33,717 million"
    quarter = "What was revenue in the quarter ended June 30, 2019?"
    assert not check_grounding("Revenue was $125,843 million [1].", {1: row}, quarter).ok
    assert check_grounding("Revenue was $33,717 million [1].", {1: row}, quarter).ok
    assert check_grounding("Revenue was $125,843 million [1].", {1: row}, "What was fiscal year 2019 revenue?").ok
    assert check_grounding("Revenue was $125,843 million [1].", {1: row}, "What was revenue?").ok


def test_a_computed_figure_is_backed_only_when_it_recomputes_and_its_operands_are_in_the_cited_passage():
    from rag.calculation.calculate import change
    from rag.types import Operand

    derived = change(Operand("now", "42,959 million"), Operand("before", "35,058 million"), "en")
    passage = "Operating income | Year Ended June 30, 2019: 42,959 million | Year Ended June 30, 2018: 35,058 million"
    answer = "Operating income was 42,959 million, up 22.54% from 35,058 million [1]."
    assert check_grounding(answer, {1: passage}, "", derived).ok
    assert check_grounding(answer, {1: passage}).figures == ("22.54%",)  # not computed by code: unbacked
    assert not check_grounding(answer, {1: "Operating income 42,959 million"}, "", derived).ok  # an operand uncited
    assert not check_grounding(answer.replace("22.54%", "27.0%"), {1: passage}, "", derived).ok


def test_a_count_asked_is_not_backed_by_a_sum_of_money_with_its_currency_dropped():
    passage = "iPhone | Three Months Ended July 1, 2023: $ 39,669 million"
    question = "How many iPhone units did Apple sell in the quarter?"
    assert check_grounding("Apple sold 39,669 million iPhone units [1].", {1: passage}, question).figures == ("39,669 million",)
    assert check_grounding("iPhone net sales were $39,669 million [1].", {1: passage}, question).ok
    assert check_grounding("Apple sold 39,669 million iPhone units [1].", {1: passage}, "What were iPhone net sales?").ok
    assert check_grounding("员工共29,031人[1]。", {1: "在职员工的数量合计: 29,031"}, "茅台有多少名员工？").ok


def test_a_row_labelled_by_another_year_than_the_one_asked_backs_nothing_unless_a_change_is_asked():
    table = (
        "2020年 | 每10股派息数(元)（含税）: 192.93元 | 现金分红的数额（含税）: 24,235,824,155.40元\n"
        "2019年 | 每10股派息数(元)（含税）: 170.25元 | 现金分红的数额（含税）: 21,386,767,571.40元"
    )
    asked = "What cash dividend per 10 shares was proposed for 2020?"
    assert check_grounding("RMB 192.93 per 10 shares [1].", {1: table}, asked).ok
    assert not check_grounding("RMB 170.25 per 10 shares [1].", {1: table}, asked).ok
    assert check_grounding("It rose from 170.25元 to 192.93元 [1].", {1: table}, "2020年每10股派息比上年增长多少？").ok
