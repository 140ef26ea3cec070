"""Figures read from the tables of real filings as facts: the row and period asked, the row cited, no model."""

import pytest

from cli.present import format_sources
from evals import FILINGS_DIR
from tests.conftest import new_assistant


@pytest.fixture(scope="module")
def filings(ci_filings_home, embedder):
    # No LLM: a question a table cell answers is answered without one, so none is loaded.
    return new_assistant(ci_filings_home, embedder)


@pytest.mark.parametrize(
    ("question", "value", "page", "beside"),
    [
        ("贵州茅台2020年的营业收入是多少元？", "94,915,380,916.72元", 5, ["11.10%"]),
        ("贵州茅台2020年年报中列示的2018年归属于上市公司股东的净利润是多少？", "35,203,625,263.22元", 5, []),
        ("贵州茅台2020年第四季度（10-12月）的营业收入是多少？", "27,700,436,278.24元", 6, []),
        ("What were Apple's diluted earnings per share for the quarter ended July 1, 2023?", "$ 1.26", 4, []),
        (
            "What were Apple's iPhone net sales in the three months ended July 1, 2023?",
            "$ 39,669 million",
            19,
            ["(2)%"],
        ),
        # A statement printed without rules, read from where its words sit.
        (
            "How much net income did McDonald's report for the first quarter of 2023?",
            "$ 1,802.3 million",
            4,
            ["$ 697.9 million", "63 %"],
        ),
    ],
)
def test_a_line_item_of_a_period_is_answered_from_its_table_cell_citing_its_page(
    filings, question, value, page, beside
):
    answer = filings.ask(question)
    assert answer.facts, answer.text
    assert (answer.facts[0].value, [fact.value for fact in answer.facts[1:]]) == (value, beside)
    assert value in answer.text and answer.verified
    [citation] = answer.citations
    assert citation.page == page and answer.facts[0].chunk_id == citation.chunk_id
    assert "llm" not in filings.__dict__  # the model was never loaded
    assert f"| {answer.facts[0].header}: {value}" in format_sources(answer)  # the CLI names the cell


def test_a_company_no_document_mentions_is_named_in_the_abstention(ci_filings_home, embedder, llm, tmp_path):
    assistant = new_assistant(ci_filings_home, embedder, llm)
    answer = assistant.ask("比亚迪2020年的营业收入是多少？")
    assert answer.abstained and "比亚迪" in answer.text and "贵州茅台酒股份有限公司" in answer.text, answer.text
    # Over filings in both languages, a name is missing when its translation (特斯拉) is missing too.
    answer = assistant.ask("What was Tesla's total revenue for fiscal year 2022?")
    assert answer.abstained and answer.text.startswith("No document in the library is about Tesla"), answer.text
    # A foreign name the model cannot put into characters is no romanised Chinese one: it is missing too.
    answer = assistant.ask("What operating income did Amazon Web Services report for 2022?")
    assert answer.abstained and "is about Amazon Web Services" in answer.text, answer.text
    answer = assistant.ask("腾讯控股2020年的总收入是多少？")
    assert answer.abstained and "腾讯控股" in answer.text, answer.text
    # A Chinese name of an English filer is found through the question's translation.
    answer = assistant.ask("苹果公司2023财年第三季度（截至2023年7月1日）的营业利润是多少？")
    assert "没有关于“苹果公司”" not in answer.text, answer.text
    # Over English filings only, an English name none of them mentions is named.
    english = new_assistant(tmp_path / "english", embedder, llm)
    assert english.ingest([FILINGS_DIR / "mcdonalds_2023q1_earnings.pdf"])[0].ok
    answer = english.ask("What was Tesla's total revenue for fiscal year 2022?")
    assert answer.abstained and answer.text.startswith("No document in the library is about Tesla"), answer.text
