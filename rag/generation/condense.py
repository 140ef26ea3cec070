"""Follow-up questions made standalone by the LLM, so retrieval sees what "it" and "同比呢？" refer to."""

from __future__ import annotations

from collections.abc import Sequence

from llama_index.core.llms import LLM, ChatMessage

from fintext.text import detect_language
from rag.generation.few_shot import few_shot_messages, first_line_in
from rag.types import Turn

CONDENSE_SYSTEM_PROMPT = """You rewrite the user's last question about company filings so it can be understood without the conversation.
Fill in the company, measure and period it refers to from the earlier turns. If it is already complete, return it unchanged.
Reply with the question only, on one line, in the language of the last question. Do not answer it."""

# Invented examples: one follow-up per language that needs the conversation, one that does not.
CONDENSE_EXAMPLES = (
    (
        (Turn("腾讯本季度营收是多少？", "腾讯本季度营收为 1,500 亿元[1]。"),),
        "同比增长多少？",
        "腾讯本季度营收同比增长多少？",
    ),
    (
        (Turn("What was NetEase's revenue this quarter?", "NetEase's revenue was RMB 26 billion [1]."),),
        "And its net profit?",
        "What was NetEase's net profit this quarter?",
    ),
    (
        (Turn("百度本季度营收是多少？", "百度本季度营收为 340 亿元[2]。"),),
        "京东的自由现金流是多少？",
        "京东的自由现金流是多少？",
    ),
)
CONDENSE_PROMPT = """Conversation:
{conversation}

Last question: {question}"""
# Answers are trimmed in the prompt: the subject of a follow-up is in the first words, and prefill costs time.
_ANSWER_CHARS = 160


def condense_question(llm: LLM, history: Sequence[Turn], question: str) -> str:
    """`question` rewritten to stand alone given `history`; `question` itself when there is no history or
    the model's reply is unusable (empty, another language)."""
    if not history:
        return question
    return first_line_in(llm, build_condensation(history, question), detect_language(question)) or question


def build_condensation(history: Sequence[Turn], question: str) -> list[ChatMessage]:
    examples = ((_request(turns, follow_up), standalone) for turns, follow_up, standalone in CONDENSE_EXAMPLES)
    return few_shot_messages(CONDENSE_SYSTEM_PROMPT, examples, _request(history, question))


def _request(history: Sequence[Turn], question: str) -> str:
    conversation = "\n".join(f"Q: {turn.question}\nA: {turn.answer[:_ANSWER_CHARS]}" for turn in history)
    return CONDENSE_PROMPT.format(conversation=conversation, question=question)
