"""End to end with the real local LLM over the sample filing."""

import pytest

from rag import Answer
from rag.language import ABSTENTION_MESSAGES

QUESTION_ZH = "阿里云智能集团收入同比增长多少？"
QUESTION_EN = "By how much did Alibaba's Cloud Intelligence Group revenue grow year over year?"


@pytest.fixture(scope="module")
def answer_zh(sample_assistant) -> Answer:
    return sample_assistant.ask(QUESTION_ZH)


def test_a_chinese_question_gets_the_figure_with_a_citation_quoting_the_source(answer_zh):
    assert not answer_zh.abstained
    assert "13%" in answer_zh.text
    assert answer_zh.language == "zh"
    # The figure is backed by a quoted sentence of a cited passage (several passages state the 13%).
    assert any("13%" in quote.text for citation in answer_zh.citations for quote in citation.quotes)
    assert all(f"[{citation.marker}]" in answer_zh.text for citation in answer_zh.citations)


def test_citation_spans_point_into_the_source_file(answer_zh, sample_text):
    for citation in answer_zh.citations:
        assert sample_text[citation.char_start : citation.char_end] == citation.text
        assert citation.source.endswith("alibaba_fy2025q3_article.txt")


def test_an_answer_records_retrieve_first_token_and_total_timings_in_order(answer_zh):
    timings = answer_zh.timings
    assert {"retrieve_s", "first_token_s", "generate_s", "total_s"} <= timings.keys()
    assert 0 < timings["retrieve_s"] < timings["first_token_s"] <= timings["total_s"]


def test_an_english_question_over_the_chinese_filing_gets_the_figure_in_english(sample_assistant):
    answer = sample_assistant.ask(QUESTION_EN)
    assert not answer.abstained
    assert "13%" in answer.text
    assert answer.language == "en"
    # The filing states the 13% twice; either passage backs the figure.
    assert answer.verified and any("13%" in citation.text for citation in answer.citations)


@pytest.mark.parametrize(
    ("question", "language"),
    # The article mentions 腾讯 (its share price), so the second is not about a company no document mentions.
    [("阿里巴巴目前的员工总数是多少？", "zh"), ("What was Tencent's net profit in the December quarter?", "en")],
)
def test_an_unanswerable_question_abstains_in_the_question_language(sample_assistant, question, language):
    answer = sample_assistant.ask(question)
    assert answer.abstained
    assert answer.text == ABSTENTION_MESSAGES[language]
    assert answer.citations == ()


def test_ask_stream_yields_text_pieces_then_the_answer(sample_assistant):
    pieces = list(sample_assistant.ask_stream("阿里自由现金流是多少？"))
    *texts, answer = pieces
    assert isinstance(answer, Answer)
    assert len(texts) > 1 and all(isinstance(text, str) for text in texts)
    assert "390.2" in answer.text
    assert "390.2" in "".join(texts)


@pytest.mark.parametrize("question", ["", "   \n"])
def test_an_empty_question_is_a_clear_error(sample_assistant, question):
    with pytest.raises(ValueError, match="empty"):
        sample_assistant.ask(question)


def test_an_off_topic_question_abstains_without_asking_the_llm(sample_assistant):
    answer = sample_assistant.ask("如何做红烧肉？")
    assert answer.abstained
    assert answer.text == ABSTENTION_MESSAGES["zh"]
    assert "generate_s" not in answer.timings


def test_warm_up_caches_a_state_that_every_answer_prompt_resumes_from(sample_assistant):
    from rag.generation.budget import fit_to_budget
    from rag.generation.local_model import LocalModel, chatml_prompt, chatml_turns
    from rag.generation.prompts import build_messages

    sample_assistant.warm_up()
    model = LocalModel.of(sample_assistant.llm)
    passages = sample_assistant.retrieve(QUESTION_ZH)
    excerpts = fit_to_budget(QUESTION_ZH, passages, sample_assistant.settings.prompt_budget_tokens)
    tokens = model.tokenize(chatml_prompt(build_messages(QUESTION_ZH, excerpts, "zh")))
    prefix = model.tokenize(chatml_turns(build_messages("", [], "zh")[:-1]))
    assert len(prefix) > 500
    assert model.cached_prefix(tokens) >= len(prefix)


def test_an_answer_is_the_same_whatever_was_asked_before(sample_assistant):
    cache = sample_assistant.llm._model.cache
    sample_assistant.warm_up()
    fixed_prefixes = set(cache.cache_state)
    first = sample_assistant.ask(QUESTION_EN)
    sample_assistant.ask("What was Alibaba's Cloud Intelligence Group revenue this quarter?")
    again = sample_assistant.ask(QUESTION_EN)
    assert again.text == first.text
    # No state of a whole prompt is kept for the next question to resume from, only the fixed prefixes'.
    assert set(cache.cache_state) == fixed_prefixes
