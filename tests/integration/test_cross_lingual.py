"""Questions across languages: a Chinese question over an English filing is found through translation and
answered in Chinese with its figures intact; in a library of both, each question finds its own filing."""

import pytest

from fintext.figures import extract_figures, matches_any, parse_figure
from tests.conftest import FIXTURES, SAMPLE, assistant_over, new_assistant

ENGLISH_FILING = FIXTURES / "english_filing.txt"


@pytest.fixture(scope="module")
def english_assistant(tmp_path_factory, embedder, llm):
    return assistant_over(ENGLISH_FILING, tmp_path_factory, embedder, llm)


@pytest.mark.parametrize(
    ("question", "evidence"),
    [("Northwind Retail第四季度营收是多少？", "US$4.2 billion"), ("Northwind Retail的线上销售增长了多少？", "35%")],
)
def test_a_chinese_question_finds_the_english_passage(english_assistant, question, evidence):
    [top] = english_assistant.retrieve(question, top_k=1)
    assert evidence in top.chunk.text


def test_a_chinese_question_over_an_english_filing_is_answered_in_chinese(english_assistant):
    answer = english_assistant.ask("Northwind Retail的线上销售增长了多少？")
    assert not answer.abstained, answer.text
    assert answer.language == "zh"
    assert matches_any(parse_figure("35%"), extract_figures(answer.text)), answer.text
    assert answer.verified


@pytest.fixture(scope="module")
def mixed_assistant(tmp_path_factory, embedder, llm):
    assistant = new_assistant(tmp_path_factory.mktemp("mixed-library"), embedder, llm)
    assert all(result.ok for result in assistant.ingest([SAMPLE, ENGLISH_FILING]))
    return assistant


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # Its own language holds strong evidence: no translation, which would search the Chinese filing instead.
        ("What was Northwind Retail's fourth-quarter revenue?", "US$4.2 billion"),
        # Only weak English evidence: the translation finds the Chinese passage.
        ("What was Alibaba Cloud Intelligence revenue?", "317.42"),
        ("阿里云智能集团收入同比增长多少？", "317.42"),
        ("Northwind Retail的线上销售增长了多少？", "35%"),
    ],
)
def test_each_question_finds_its_filing_in_a_mixed_library(mixed_assistant, question, evidence):
    passages = mixed_assistant.retrieve(question, top_k=3)
    assert any(evidence in passage.chunk.text for passage in passages), [p.chunk.text[:40] for p in passages]
