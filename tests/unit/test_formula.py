"""The calculation step's pure logic: reading the model's formula, locating its operands, composing the answer."""

import json

from ingest import ChunkRecord
from rag.calculation.calculate import recomputes
from rag.generation.budget import Excerpt
from rag.calculation.formula import (
    Formula,
    asks_aggregate,
    asks_calculation,
    calculate,
    names_calculation,
    read_formula,
    states_the_result,
)
from rag.checks.verify import check_grounding
from rag.types import Operand, Passage

TABLE = (
    "Other | 2019: 44.1 million | 2018: 56.7 million\nTotal sales | 2019: $ 1,496.5 million | 2018: $ 1,202.9 million"
)


def _passages(*texts: str) -> list[Passage]:
    return [
        Passage(ChunkRecord(f"c{rank}", "d", "/s.html", "t", rank, 0, len(text), text), 0.1, rank)
        for rank, text in enumerate(texts, start=1)
    ]


def _formula(expression: str, *operands: tuple[str, str, int], quantity: str = "Change") -> Formula:
    return Formula(quantity, tuple(Operand(name, value, marker) for name, value, marker in operands), expression)


def test_calculation_questions_are_told_from_lookups():
    for question in (
        "What is the percentage change in Other in 2019 from 2018?",
        "What is the difference between the domestic and international discount rates?",
        "What was the average revenue in 2018 and 2019?",
        "贵州茅台2020年的净利率是多少？",
        "2021比2019年营业收入增加了多少？",
    ):
        assert asks_calculation(question), question
    for question in ("What was total sales in 2019?", "贵州茅台2020年营业收入是多少？", "Why did sales fall?"):
        assert not asks_calculation(question), question


def _excerpts(*texts: str) -> list[Excerpt]:
    return [Excerpt(passage, passage.chunk.text) for passage in _passages(*texts)]


def test_a_result_the_passages_print_is_read_not_set_up_as_a_formula():
    stated = _excerpts("本季度，阿里云智能集团收入 317.42 亿元，同比增长 13%。", "The liquor business gross margin was 93.99%.")
    assert states_the_result("本季度阿里云智能集团收入同比增长了多少？", stated)
    assert states_the_result("What was the gross margin of the liquor business?", stated)
    two_parts = _excerpts("社会消费品零售总额 48.8 万亿元。", "社会消费品零售总额比上年增长 3.5%。")
    assert states_the_result("2024年社会消费品零售总额是多少？比上年增长多少？", two_parts)


def test_a_neighbouring_ratio_subject_or_kind_of_figure_is_no_stated_result():
    stated = _excerpts("贵州茅台2020年毛利率 91.41%，营业收入同比增长 10.29%。", "The liquor business gross margin was 93.99%.")
    assert not states_the_result("贵州茅台2020年的净利率是多少？", stated)  # 毛利率 is another ratio
    assert not states_the_result("What was the operating margin of the liquor business?", stated)
    assert not states_the_result("贵州茅台2020年营业成本同比增长了多少？", stated)  # another line item's growth
    assert not states_the_result("贵州茅台2020年营业收入同比增长了多少亿元？", stated)  # an amount, not a percent
    assert not states_the_result("贵州茅台2019和2020年营业收入的平均增长率是多少？", stated)  # an average is computed
    assert not states_the_result("阿里云收入占总营收的比例是多少？", _excerpts("阿里云收入同比增长 13%。"))


def test_a_printed_figure_named_as_asked_is_no_calculation():
    assert names_calculation("毛利率 2020年", "茅台2020年的毛利率是多少？")
    assert names_calculation("Gross margin percentage", "What was the gross margin percentage?")
    assert not names_calculation("Other 2019", "What is the change in Other in 2019 from 2018?")


def test_the_models_json_is_read_and_anything_else_is_refused():
    reply = json.dumps(
        {
            "quantity": "Change in Other",
            "operands": [{"name": "Other 2019", "value": "44.1", "passage": 1}],
            "formula": "44.1 - 56.7",
        }
    )
    formula = read_formula("Here: " + reply)
    assert formula == _formula("44.1 - 56.7", ("Other 2019", "44.1", 1), quantity="Change in Other")
    assert read_formula('{"quantity": "", "operands": [], "formula": ""}') is None
    assert read_formula("NOT_FOUND") is None
    assert read_formula('{"operands": [{"value": "1", "passage": "one"}], "formula": "1"}') is None


def test_a_change_is_computed_in_the_cells_unit_with_its_working_and_each_operand_cited():
    formula = _formula("44.1 - 56.7", ("Other 2019", "44.1", 1), ("Other 2018", "56.7", 1))
    calculation = calculate(formula, _passages(TABLE), "What is the change in Other in 2019 from 2018?", "en")
    assert calculation.derived.result == "-12.6 million" and recomputes(calculation.derived)
    assert calculation.text == (
        "Change: -12.6 million = 44.1 million − 56.7 million [1]. "
        "Other 2019: 44.1 million [1]; Other 2018: 56.7 million [1]."
    )
    assert check_grounding(calculation.text, {1: TABLE}, "", [calculation.derived]).ok


def test_a_percentage_asked_is_shown_in_percent_and_its_hundred_is_no_unbacked_figure():
    formula = _formula("(44.1 - 56.7) / 56.7", ("Other 2019", "44.1", 1), ("Other 2018", "56.7", 1))
    calculation = calculate(formula, _passages(TABLE), "What is the percentage change in Other?", "en")
    assert calculation.derived.result == "-22.22%"
    assert "× 100" in calculation.text
    assert check_grounding(calculation.text, {1: TABLE}, "", [calculation.derived]).ok


def test_a_ratio_across_passages_cites_both_and_reconciles_nothing_when_units_agree():
    formula = _formula(
        "466.97 / 949.15 * 100", ("净利润", "466.97亿元", 1), ("营业收入", "949.15亿元", 2), quantity="净利率"
    )
    calculation = calculate(formula, _passages("营业收入为949.15亿元。", "净利润466.97亿元。"), "净利率是多少？", "zh")
    # The model cited the passages the wrong way round: each operand takes the passage that prints it.
    assert [operand.marker for operand in calculation.derived.operands] == [2, 1]
    assert calculation.text.startswith("净利率：49.20% = 466.97亿元 ÷ 949.15亿元 × 100[1][2]。")


def test_an_operand_no_passage_prints_or_from_another_years_column_is_refused():
    question = "What is the change in Other in 2019 from 2018?"
    invented = _formula("44.1 - 50.0", ("Other 2019", "44.1", 1), ("Other 2018", "50.0", 1))
    assert calculate(invented, _passages(TABLE), question, "en") is None
    # 44.1 is printed, but in the 2019 column, not 2018's.
    wrong_year = _formula("56.7 - 44.1", ("Other 2019", "56.7", 1), ("Other 2018", "44.1", 1))
    assert calculate(wrong_year, _passages(TABLE), question, "en") is None


def test_a_formula_quoting_one_figure_answers_with_it_uncomputed():
    calculation = calculate(_formula("1,496.5", ("Total sales 2019", "1,496.5", 1)), _passages(TABLE), "q", "en")
    assert calculation.derived is None and calculation.text == "Change: $ 1,496.5 million [1]."


def test_a_formula_written_with_thousands_separators_is_read_as_numbers():
    reply = '{"quantity": "q", "operands": [{"name": "a", "value": "73,260", "passage": 1}], "formula": "(73,260 - 57,768) / 57,768 * 100"}'
    assert read_formula(reply).expression == "(73260 - 57768) / 57768 * 100"


def test_a_percentage_does_not_answer_a_question_asking_for_money():
    text = "自由现金流从上季度的 565.4 亿元下降 31%,至 390.2 亿元。"
    quoted = _formula("31", ("自由现金流降幅", "31%", 1))
    assert calculate(quoted, _passages(text), "自由现金流比上季度减少了多少亿元？", "zh") is None
    computed = _formula("565.4 - 390.2", ("上季度", "565.4 亿元", 1), ("本季度", "390.2 亿元", 1))
    assert (
        calculate(computed, _passages(text), "自由现金流比上季度减少了多少亿元？", "zh").derived.result == "175.2 亿元"
    )


def test_an_operand_named_for_another_row_than_the_one_printing_it_is_refused():
    table = "Research and development | 2019: 16,876 million\nOperating income | 2019: 42,959 million\nTotal revenue | 2019: 125,843 million"
    wrong = _formula(
        "16876 / 125843 * 100", ("Operating income 2019", "16,876", 1), ("Total revenue 2019", "125,843", 1)
    )
    assert calculate(wrong, _passages(table), "Operating income as a percentage of revenue?", "en") is None
    right = _formula(
        "42959 / 125843 * 100", ("Operating income 2019", "42,959", 1), ("Total revenue 2019", "125,843", 1)
    )
    assert (
        calculate(right, _passages(table), "Operating income as a percentage of revenue?", "en").derived.result
        == "34.14%"
    )
    # An English name for a Chinese row is not compared word by word.
    yuan = _formula("466.97 / 949.15 * 100", ("Net profit", "466.97", 1), ("Revenue", "949.15", 1))
    assert calculate(yuan, _passages("净利润 | 2020年: 466.97亿元\n营业收入 | 2020年: 949.15亿元"), "net margin?", "en")


def test_an_operand_copied_as_a_whole_clause_is_refused_not_a_crash():
    clause = "以2020年年末总股本125,619.78万股为基数，每10股派发现金红利192.93元"
    formula = _formula("192.93 / 10", ("分红", clause, 1), ("股数", "10", 1))
    assert calculate(formula, _passages(clause), "每股分红是多少？", "zh") is None


def test_an_averages_working_prints_its_count_as_a_count():
    table = "Incentive schemes | 2019: €2 million | 2018: €3 million"
    formula = _formula("(2 + 3) / 2", ("Incentive schemes 2019", "2", 1), ("Incentive schemes 2018", "3", 1), quantity="Average")
    calculation = calculate(formula, _passages(table), "What is the average incentive schemes?", "en")
    assert calculation.text.startswith("Average: €2.50 million = (€2 million + €3 million) ÷ 2 [1].")


def test_an_average_a_sum_or_a_difference_is_an_aggregate_a_growth_or_a_margin_is_not():
    assert asks_aggregate("What is the average quarterly low price in 2018?")
    assert asks_aggregate("What is the nominal difference for ROFE between F19 and F18?")
    assert asks_aggregate("2019年和2020年营业收入之和是多少？")
    assert not asks_aggregate("What was the gross margin in 2019?")
    assert not asks_aggregate("营业收入增长了多少？")
    assert not asks_aggregate("What were the weighted average shares outstanding in 2019?")
    assert not asks_aggregate("贵州茅台2020年的加权平均净资产收益率是多少？")
    assert not asks_aggregate("2020年度利润分配预案合计分配多少利润？")


def test_a_negative_operands_working_shows_its_sign_once_in_brackets():
    table = "归属于上市公司股东的净利润 | 2024年: 74,611,329.88元 | 2023年: -42,890,580.25元"
    formula = _formula(
        "(74611329.88 - -42890580.25) / -42890580.25 * 100",
        ("净利润 2024年", "74,611,329.88元", 1), ("净利润 2023年", "-42,890,580.25元", 1), quantity="增长率",
    )  # fmt: skip
    calculation = calculate(formula, _passages(table), "净利润同比增长多少？", "zh")
    assert "(74,611,329.88元 − (-42,890,580.25元)) ÷ (-42,890,580.25元) × 100" in calculation.text
