"""The question translated into the passages' language for cross-lingual retrieval (real local LLM)."""

import pytest

from ingest import ChunkRecord
from rag.translate import TRANSLATE_EXAMPLES, build_translation, passages_language, translate_question
from rag.types import Passage


def _passage(text: str) -> Passage:
    return Passage(ChunkRecord("c", "d", "/s.txt", "t", 0, 0, len(text), text), 0.1, 1)


def test_passages_language_follows_most_of_the_text():
    assert passages_language([_passage("阿里云收入同比增长13%。"), _passage("Revenue grew.")]) == "zh"
    assert passages_language([_passage("Cloud revenue grew 13% year over year to RMB 31.7 billion.")]) == "en"


def test_build_translation_ends_with_the_request_after_fixed_examples():
    messages = build_translation("What was revenue?", "zh")
    assert len(messages) == 2 + 2 * len(TRANSLATE_EXAMPLES)
    assert messages[-1].content.endswith("What was revenue?")
    assert "Chinese" in messages[-1].content


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("What was Alibaba's free cash flow this quarter?", "zh", "自由现金流"),
        ("阿里云智能集团收入同比增长多少？", "en", "cloud"),
    ],
)
def test_run_translates_keeping_the_terms(llm, question, language, expected):
    translated = translate_question(llm, question, language)
    assert expected in translated.lower()


def test_run_keeps_figures_and_adds_none(llm):
    translated = translate_question(llm, "Why did revenue grow 13% in the December 2024 quarter?", "zh")
    assert "13%" in translated and "2024" in translated
    assert not {"2021", "2022", "2023", "2025"} & set(translated.replace("年", " ").split())
