"""Follow-up questions rewritten to stand alone (real local LLM), and the assistant answering them."""

import pytest

from rag import Turn
from rag.generation.condense import condense_question

CLOUD_TURN = Turn("阿里云智能集团本季度收入是多少？", "阿里云智能集团本季度收入 317.42 亿元[1]。")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("history", "follow_up", "expected"),
    [
        ((CLOUD_TURN,), "同比增长多少？", "阿里云"),
        ((Turn("What was Alibaba's free cash flow this quarter?", "It was RMB 39.02 billion [2]."),),
         "How much did it fall?", "free cash flow"),
    ],
)  # fmt: skip
def test_a_follow_up_gets_the_subject_of_the_conversation(llm, history, follow_up, expected):
    standalone = condense_question(llm, history, follow_up)
    assert expected in standalone.lower()


@pytest.mark.slow
def test_a_complete_question_keeps_its_own_subject(llm):
    standalone = condense_question(llm, (CLOUD_TURN,), "淘天集团的客户管理收入同比增长多少？")
    assert "淘天" in standalone and "阿里云" not in standalone


@pytest.mark.slow
def test_the_assistant_answers_a_follow_up_from_the_conversation(sample_assistant):
    first = sample_assistant.ask(CLOUD_TURN.question)
    assert "317.42" in first.text
    follow_up = sample_assistant.ask("同比增长多少？", history=[Turn(CLOUD_TURN.question, first.text)])
    assert not follow_up.abstained
    assert "13%" in follow_up.text
    assert "阿里云" in follow_up.standalone_question
    assert any("317.42" in citation.text for citation in follow_up.citations)
