"""Calculations code sets up from a question's wording: the operation, the rows, the columns, the formula."""

import pytest

from ingest import ChunkRecord, Fact
from ingest.facts import extract_facts
from rag.calculation.calculate import recomputes
from rag.calculation.formula import calculate
from rag.calculation.lookup import vocabulary_of
from rag.calculation.plan import operations_of, plan_calculation
from rag.checks.verify import check_grounding
from rag.types import Passage

TABLE = "\n".join([
    "Revenue | 2019: $ 1,496.5 million | 2018: $ 1,202.9 million | 2017: $ 1,100.0 million",
    "Cost of revenue | 2019: $ 900.0 million | 2018: $ 800.0 million | 2017: $ 700.0 million",
    "Gross margin | 2019: 39.9% | 2018: 33.5% | 2017: 36.4%",
    "Communications Solutions:",
    "Appliances | 2019: 680 million | 2018: 774 million | 2017: 676 million",
    "Total inventories | 2019: 222 million | 2018: 191 million | 2017: 150 million",
    "Net income | Three Months Ended April 27, 2019: 3,044 million | Three Months Ended January 26, 2019: 2,822 million"
    " | Three Months Ended October 27, 2018: 3,549 million",
])  # fmt: skip
CHUNK = ChunkRecord("c1", "d", "/s.html", "t", 0, 0, len(TABLE), TABLE)
FACTS = extract_facts([CHUNK])
VOCABULARY = vocabulary_of((fact.label, fact.header) for fact in FACTS)


def _plan(question: str, min_score: float = 0.6):
    return plan_calculation(question, FACTS, {"d": "FY2019"}, (), VOCABULARY, min_score)


def _operands(question: str) -> list[str]:
    return [fact.value for fact in _plan(question).operands]


def test_a_change_between_two_years_is_the_later_minus_the_earlier_whatever_the_order_asked():
    plan = _plan("What was the change in revenue from 2019 to 2017?")
    assert (plan.operation, plan.expression) == ("change", "1496.5 - 1100.0")
    assert _plan("How much did revenue increase in 2019?").expression == "1496.5 - 1202.9"


def test_a_percentage_change_is_the_growth_on_the_earlier_year():
    plan = _plan("What is the percentage change in revenue between 2018 and 2019?")
    assert (plan.operation, plan.expression) == ("growth", "(1496.5 - 1202.9) / 1202.9 * 100")


def test_an_average_is_over_the_years_named_one_year_and_the_one_before_or_every_year_printed():
    assert _plan("What was the average revenue in 2018 and 2019?").expression == "(1496.5 + 1202.9) / 2"
    assert _plan("What is the 2018 average cost of revenue?").expression == "(800.0 + 700.0) / 2"
    assert _plan("What is the average revenue?").expression == "(1496.5 + 1202.9 + 1100.0) / 3"
    assert _plan("What was the average revenue from 2017 to 2019?").expression == "(1496.5 + 1202.9 + 1100.0) / 3"


def test_a_share_of_two_rows_is_in_percent_only_when_asked_in_percent():
    plan = _plan("What is the cost of revenue as a percentage of revenue in 2019?")
    assert (plan.operation, plan.expression) == ("share", "900.0 / 1496.5 * 100")
    assert _plan("What is the ratio of cost of revenue to revenue in 2018?").expression == "800.0 / 1202.9"


def test_a_row_under_a_caption_is_named_by_its_own_label_and_a_total_without_its_total():
    assert _operands("What is the change in Appliances between 2018 and 2019?") == ["680 million", "774 million"]
    assert _plan("What was the percentage change in inventories from 2018 to 2019?").expression == (
        "(222 - 191) / 191 * 100"
    )


def test_a_rate_row_answers_only_a_question_about_a_rate():
    assert _operands("What was the change in the gross margin between 2018 and 2019?") == ["39.9%", "33.5%"]
    assert _plan("What was the change in margin revenue between 2018 and 2019?", 0.9) is None


def test_periods_named_by_their_days_pick_those_quarters():
    plan = _plan("What was the change in net income between the quarters ended January 26 and April 27, 2019?")
    assert plan.expression == "3044 - 2822"


@pytest.mark.parametrize(
    "question",
    [
        "What was revenue in 2019?",  # no calculation
        "What was the change in dividends paid from 2018 to 2019?",  # no such row
        "What was the change in revenue from 2015 to 2016?",  # no such years
        "What is the ratio of dividends paid to revenue in 2019?",  # one of the two rows missing
    ],
)
def test_no_plan_without_a_known_shape_a_row_named_or_its_periods(question):
    assert _plan(question) is None


def test_the_operations_asked_are_told_apart():
    assert operations_of("What is the percentage change in revenue?") == ["growth", "change"]
    assert operations_of("What was the absolute percentage change in the discount rate?")[0] == "change"
    assert operations_of("What was the change in Total operating income in 2019 from 2018?") == ["change"]
    assert operations_of("What is the total revenue in 2018 and 2019?") == ["sum"]
    assert operations_of("营业收入占总收入的比例是多少？")[0] == "share"


def test_a_plan_computes_through_the_calculation_step_its_operands_cited_and_its_result_recomputing():
    question = "What is the percentage change in revenue between 2018 and 2019?"
    plan = _plan(question)
    passage = Passage(CHUNK, 0.1, 1)
    calculation = calculate(plan.formula([CHUNK.chunk_id], "en"), [passage], question, "en")
    assert calculation.derived.result == "24.41%" and recomputes(calculation.derived)
    assert calculation.text.startswith("Percentage change of Revenue (2019, 2018): 24.41% = ")
    assert check_grounding(calculation.text, {1: TABLE}, question, [calculation.derived]).ok


def test_facts_carry_the_caption_their_label_begins_with():
    [appliances] = {fact.label: fact for fact in FACTS if "Appliances" in fact.label}.values()
    assert isinstance(appliances, Fact)
    assert (appliances.label, appliances.caption) == ("Communications Solutions Appliances", "Communications Solutions")


def test_a_named_ratio_is_computed_from_its_definitions_rows_only_when_nothing_else_is_asked():
    rows = "营业收入 | 2020年: 94,915,380,916.72元 | 2019年: 85,429,573,467.25元\n净利润 | 2020年: 46,697,285,429.81元 | 2019年: 41,206,471,014.43元"
    chunk = ChunkRecord("c2", "d", "/s.pdf", "t", 0, 0, len(rows), rows)
    facts = extract_facts([chunk])
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in facts)
    plan = plan_calculation("贵州茅台2020年的净利率是多少？", facts, {"d": "FY2020"}, ("贵州茅台",), vocabulary, 0.6)
    assert plan.expression == "46697285429.81 / 94915380916.72 * 100"
    assert plan_calculation("净利率是多少？", facts, {"d": "FY2020"}, (), vocabulary, 0.6).operands[0].year == 2020
    assert operations_of("净利率同比变化多少？") == ["change"]
    question = "贵州茅台2020年的净利率是多少？"
    calculation = calculate(plan.formula(["c2"], "zh"), [Passage(chunk, 0.1, 1)], question, "zh")
    assert calculation.text.startswith("净利率（2020年）：49.20% = 46,697,285,429.81元 ÷ 94,915,380,916.72元 × 100[1]。")
    assert check_grounding(calculation.text, {1: rows}, question, [calculation.derived]).ok


def test_a_chinese_growth_asked_without_a_unit_is_a_percentage_and_with_one_an_amount():
    assert operations_of("总资产比2019年末增长了多少？")[0] == "growth"
    assert operations_of("营业收入增长了多少亿元？")[0] == "change"


ROLL_FORWARD = "\n".join([
    "Outstanding at start of period | 2019: 10,692,594 | 2018: 9,001,210",
    "Granted during the period | 2019: 5,691,731 | 2018: 4,465,617",
    "Net cash (used in) provided by operating activities | 2019: (618) | 2018: (3,908)",
    "Net cash provided by investing activities | 2019: 1,389 | 2018: 1,779",
])  # fmt: skip


def _planner(table: str, period: str = "FY2019"):
    """A planner over `table` alone, as over the facts of the one passage found."""
    facts = extract_facts([ChunkRecord("c2", "d", "/r.html", "t", 0, 0, len(table), table)])
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in facts)
    return lambda question: plan_calculation(question, facts, {"d": period}, (), vocabulary, 0.6)


def test_a_row_is_named_by_words_a_question_says_around_its_line_item_and_by_its_bracketed_note():
    plan = _planner(ROLL_FORWARD)
    # "during" and "period" name no line item in general, but this row's name holds them.
    granted = plan("What is the difference in the number of rights 'granted during the period' between 2018 and 2019?")
    assert (granted.expression, granted.operands[0].label) == ("5691731 - 4465617", "Granted during the period")
    # "(used in)" need not be asked, but a question asking for cash used is covered by it.
    used = plan("What is the difference in cash used in operating activities during 2018 and 2019?")
    assert used.operands[0].label == "Net cash (used in) provided by operating activities"


def test_fiscal_years_written_short_or_as_two_calendar_years_name_their_columns():
    plan = _planner("EBITDA | F19 53 WEEKS: $ 372 million | F18 52 WEEKS: $ 361 million\nEBIT | 2018/2019: 828 | 2017/2018: 713")
    assert plan("What is the nominal difference in EBITDA between F19 and F18?").expression == "372 - 361"
    assert plan("What was the change in EBIT in 2018/2019 from 2017/2018?").expression == "828 - 713"


def test_a_change_asked_of_percentages_reads_the_years_percentage_column():
    plan = _planner(
        "APAC | 2018 Net Sales: $ 479,987 | 2018 % of Total: 40.0% | 2017 Net Sales: $ 288,764 | 2017 % of Total: 38.1%", "FY2018"
    )
    assert plan("What was the change in the percent of total sales from APAC between 2017 and 2018?").expression == "40.0 - 38.1"
    assert plan("What was the percentage change in sales from APAC between 2017 and 2018?").expression == (
        "(479987 - 288764) / 288764 * 100"
    )
