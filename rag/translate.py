"""Cross-lingual retrieval: the question restated by the LLM in the language of the passages."""

from __future__ import annotations

from llama_index.core.llms import LLM, ChatMessage

from rag.few_shot import few_shot_messages, first_line_in
from rag.language import LANGUAGE_NAMES, detect_language
from rag.retrieve import has_evidence
from rag.types import Passage

TRANSLATE_SYSTEM_PROMPT = """You translate questions about company filings for a search engine.
Reply with the translation only, on one line. Keep every name, figure, date and period as given, add none, and do not answer."""

# Invented examples; the fixed prefix stays in llama.cpp's KV cache from one question to the next.
# A Chinese question naming the company in English (as `Assistant._translation` renames it) came back with only the
# name translated until two examples showed one translated whole.
TRANSLATE_EXAMPLES = (
    ("What was Tencent's revenue this quarter, and how fast did it grow?", "zh", "腾讯本季度营收是多少，同比增长多少？"),
    ("网络游戏收入为什么同比下降？", "en", "Why did online games revenue fall year on year?"),
    ("What was NetEase's closing share price on the day it reported?", "zh", "网易发布财报当天的收盘股价是多少？"),
    (
        "NetEase2023财年第二季度（截至2023年6月30日）的在线游戏（Online games）收入是多少？",
        "en",
        "What was NetEase's online games revenue in the second quarter of fiscal 2023 (ended June 30, 2023)?",
    ),
    ("By how much did Baidu's net profit fall in the September quarter?", "zh", "百度9月季度的净利润下降了多少？"),
    ("网易2023年第二季度的净收入同比增长了多少？", "en", "By how much did NetEase's net revenue grow year on year in the second quarter of 2023?"),
)
TRANSLATE_PROMPT = "Translate into {language}: {question}"


def translation_language(question: str, pool: list[Passage], min_dense: float, min_keyword: float) -> str:
    """The language to search again in with the question translated, or "" when the first search will do.

    It will do when `pool` (its candidates) holds evidence in the question's own language, as an English
    question about an English filing in a library of Chinese ones does, or nothing in another language.
    """
    language = detect_language(question)
    own = [passage for passage in pool if passage_language(passage) == language]
    if len(own) == len(pool) or has_evidence(own, min_dense, min_keyword):
        return ""
    return next(passage_language(passage) for passage in pool if passage_language(passage) != language)


def passage_language(passage: Passage) -> str:
    return detect_language(passage.chunk.text)


def translate_question(llm: LLM, question: str, language: str) -> str:
    """`question` in `language` ('zh' or 'en'), or "" when the model gives nothing usable."""
    return first_line_in(llm, build_translation(question, language), language)


def build_translation(question: str, language: str) -> list[ChatMessage]:
    examples = ((_request(source, target_language), target) for source, target_language, target in TRANSLATE_EXAMPLES)
    return few_shot_messages(TRANSLATE_SYSTEM_PROMPT, examples, _request(question, language))


def _request(question: str, language: str) -> str:
    return TRANSLATE_PROMPT.format(language=LANGUAGE_NAMES[language], question=question)
