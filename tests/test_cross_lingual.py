"""A Chinese question over an English filing: found through translation, answered in Chinese, figures intact."""

from pathlib import Path

import pytest

from ingest.figures import extract_figures, matches_any, parse_figure
from tests.conftest import assistant_over

ENGLISH_FILING = Path(__file__).parent / "fixtures" / "english_filing.txt"


@pytest.fixture(scope="module")
def english_assistant(tmp_path_factory, embedder, llm):
    return assistant_over(ENGLISH_FILING, tmp_path_factory, embedder, llm)


@pytest.mark.parametrize(
    ("question", "evidence"),
    [("Northwind Retail第四季度营收是多少？", "US$4.2 billion"), ("Northwind Retail的线上销售增长了多少？", "35%")],
)
def test_run_chinese_question_finds_the_english_passage(english_assistant, question, evidence):
    [top] = english_assistant.retrieve(question, top_k=1)
    assert evidence in top.chunk.text


def test_run_chinese_question_over_an_english_filing_is_answered_in_chinese(english_assistant):
    answer = english_assistant.ask("Northwind Retail的线上销售增长了多少？")
    assert not answer.abstained, answer.text
    assert answer.language == "zh"
    assert matches_any(parse_figure("35%"), extract_figures(answer.text)), answer.text
    assert answer.verified
