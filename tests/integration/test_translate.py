"""The question translated into the passages' language for cross-lingual retrieval (real local LLM)."""

import pytest

from rag.retrieval.translate import translate_question


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("What was Alibaba's free cash flow this quarter?", "zh", "自由现金流"),
        ("阿里云智能集团收入同比增长多少？", "en", "cloud"),
    ],
)
def test_a_translation_keeps_the_financial_terms(llm, question, language, expected):
    translated = translate_question(llm, question, language)
    assert expected in translated.lower()


def test_a_translation_keeps_the_figures_and_adds_none(llm):
    translated = translate_question(llm, "Why did revenue grow 13% in the December 2024 quarter?", "zh")
    assert "13%" in translated and "2024" in translated
    assert not {"2021", "2022", "2023", "2025"} & set(translated.replace("年", " ").split())
