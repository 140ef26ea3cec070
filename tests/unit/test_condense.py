"""Follow-up questions: the rewriting prompt, and no LLM call without a conversation (no model)."""

from rag import Turn
from rag.generation.condense import CONDENSE_EXAMPLES, build_condensation, condense_question

CLOUD_TURN = Turn("阿里云智能集团本季度收入是多少？", "阿里云智能集团本季度收入 317.42 亿元[1]。")


def test_a_question_without_history_is_returned_as_is_without_the_llm():
    assert condense_question(None, (), "同比增长多少？") == "同比增长多少？"


def test_build_condensation_puts_the_conversation_after_fixed_examples():
    messages = build_condensation((CLOUD_TURN,), "同比增长多少？")
    assert len(messages) == 2 + 2 * len(CONDENSE_EXAMPLES)
    assert "317.42" in messages[-1].content and messages[-1].content.endswith("同比增长多少？")
