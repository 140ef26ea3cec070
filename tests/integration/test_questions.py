"""Odd questions get a sensible answer or a one-line reason, never a traceback: API and CLI."""

import subprocess
import sys

import pytest

from rag.language import ABSTENTION_MESSAGES

pytestmark = pytest.mark.slow


def test_a_question_over_the_length_limit_is_refused_with_its_length(sample_assistant):
    with pytest.raises(ValueError, match=r"10,000 characters long; ask it in at most 1,000"):
        sample_assistant.ask("阿里云收入是多少？" * 1_111 + "阿")


@pytest.mark.parametrize("question", ["😀🚀💰", "？？？!!!", "🤔 ……"])
def test_a_question_with_no_words_abstains_without_the_llm(sample_assistant, question):
    answer = sample_assistant.ask(question)
    assert answer.abstained and answer.citations == ()
    assert answer.text == ABSTENTION_MESSAGES[answer.language]
    assert "generate_s" not in answer.timings


def test_a_question_mixing_chinese_and_english_is_answered(sample_assistant):
    answer = sample_assistant.ask("阿里云 Cloud Intelligence Group 的收入同比增长多少？")
    assert not answer.abstained
    assert "13%" in answer.text


def test_emoji_around_a_real_question_do_not_get_in_the_way(sample_assistant):
    answer = sample_assistant.ask("💰💰 阿里自由现金流是多少？🚀")
    assert "390.2" in answer.text


def test_the_cli_refuses_an_overlong_question_in_one_line(tmp_path):
    asked = subprocess.run(
        [sys.executable, "-m", "cli.main", "--home", str(tmp_path), "ask", "收入" * 600],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert asked.returncode == 2
    assert asked.stderr.strip().splitlines() == ["error: the question is 1,200 characters long; ask it in at most 1,000"]
