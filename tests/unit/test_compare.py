"""Comparisons across companies: the side questions, and the verdict code composes from the sides' figures."""

from ingest import ChunkRecord
from rag.calculation.compare import Side, asks_comparison, compose, side_question
from rag.checks.verify import check_grounding
from rag.retrieval.scoping import companies_named
from rag.types import Answer, Citation, Passage

INTEL = "Net revenue | Three Months Ended Dec 31, 2022: $ 14.0 billion"
MCD = "Total revenues | Quarters Ended March 31, 2023: $ 5,897.8 million"


def _side(company: str, figure: str, text: str, period: str = "") -> Side:
    chunk = ChunkRecord(company, "d", "/s.pdf", "t", 0, 0, len(text), text)
    citation = Citation.of(1, Passage(chunk, 0.1, 1))
    return Side(company, Answer("q", f"{figure} [1]", (citation,), False, "en"), figure, citation, period)


def test_a_comparison_names_each_company_and_asks_each_for_the_measure_alone():
    assert asks_comparison("茅台和五粮液谁的营业收入更高？") and asks_comparison("Which had the higher net income?")
    assert not asks_comparison("贵州茅台2020年营业收入是多少？")
    companies = ["贵州茅台酒股份有限公司", "Apple Inc.", "Microsoft Corporation"]
    assert companies_named("Which company had the higher net income, Apple or Microsoft?", companies) == [
        "Apple Inc.", "Microsoft Corporation",
    ]  # fmt: skip
    question = "Which company had the higher net income, Apple or Microsoft?"
    assert side_question(question, ["Apple", "Microsoft"], "Apple Inc.", "en") == "What was Apple Inc.'s net income?"
    assert (
        side_question("茅台和苹果谁的营业利润更高？", ["茅台", "苹果"], "贵州茅台", "zh") == "贵州茅台营业利润是多少？"
    )


def test_the_higher_side_is_named_with_the_difference_computed_and_both_sides_cited():
    sides = [_side("Intel", "$ 14.0 billion", INTEL, "2022Q4"), _side("McDonald's", "$ 5,897.8 million", MCD, "2023Q1")]
    text, (difference,) = compose(sides, "en")
    assert difference.result == "$8.1 billion"
    assert text == (
        "Intel (2022Q4): $ 14.0 billion [1]; McDonald's (2023Q1): $ 5,897.8 million [2]. Intel (2022Q4) is higher, "
        "by $8.1 billion (computed: $ 14.0 billion − $ 5,897.8 million) (note: the two reports cover different "
        "periods) [1] [2]."
    )
    assert check_grounding(text, {1: INTEL, 2: MCD}, "2022Q4 2023Q1", [difference]).ok


def test_a_side_the_documents_do_not_answer_is_named_and_nothing_is_guessed():
    missing = Side("Apple Inc.", Answer("q", "", (), True, "zh"))
    text, derived = compose([_side("贵州茅台", "949.15亿元", "营业收入949.15亿元"), missing], "zh")
    assert text == "贵州茅台：949.15亿元[1]。文档中没有找到Apple Inc.的这一数据，无法比较。" and derived == ()


def test_figures_in_different_currencies_are_shown_side_by_side_without_a_verdict():
    text, derived = compose(
        [_side("贵州茅台", "949.15亿元", "949.15亿元"), _side("Intel", "$ 14.0 billion", INTEL)], "en"
    )
    assert "different units" in text and "higher" not in text and derived == ()
