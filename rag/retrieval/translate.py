"""Cross-lingual retrieval: the question restated by the LLM in the language of the passages."""

from __future__ import annotations

import re
from collections.abc import Iterable

from llama_index.core.llms import LLM, ChatMessage

from fintext.text import detect_language
from rag.generation.few_shot import few_shot_messages, first_line_in
from rag.language import LANGUAGE_NAMES
from rag.retrieval.retrieve import has_evidence
from rag.retrieval.scoping import without_names
from rag.types import Passage

TRANSLATE_SYSTEM_PROMPT = """You translate questions about company filings for a search engine.
Reply with the translation only, on one line. Keep every name, figure, date and period as given, add none, and do not answer."""

# Invented examples; the fixed prefix stays in llama.cpp's KV cache from one question to the next.
# Invented examples, keyed by the language translated into: examples of one direction only, since a small model
# shown both translated "微软…的营业利润" as "Microsoft's revenue" and a Chinese question naming its company in English
# (as `Assistant._translation` renames it) came back with only the name changed. Each direction's prefix stays in
# llama.cpp's prompt cache from one question to the next.
TRANSLATE_EXAMPLES = {
    "zh": (
        ("What was Tencent's revenue this quarter, and how fast did it grow?", "腾讯本季度营收是多少，同比增长多少？"),
        ("What was NetEase's closing share price on the day it reported?", "网易发布财报当天的收盘股价是多少？"),
        (
            "What were 百度's total liabilities at the end of 2021, as shown in its 2022 annual report?",
            "百度2022年年度报告中2021年末的负债总额是多少？",
        ),
        ("By how much did Baidu's net profit fall in the September quarter?", "百度9月季度的净利润下降了多少？"),
    ),
    "en": (
        ("网络游戏收入为什么同比下降？", "Why did online games revenue fall year on year?"),
        (
            "NetEase2023财年第二季度（截至2023年6月30日）的在线游戏（Online games）收入是多少？",
            "What was NetEase's online games revenue in the second quarter of fiscal 2023 (ended June 30, 2023)?",
        ),
        ("网易2022财年的经营利润是多少？", "What was NetEase's operating profit in fiscal year 2022?"),
        ("网易2023年第二季度的净收入同比增长了多少？", "By how much did NetEase's net revenue grow year on year in the second quarter of 2023?"),
    ),
}
TRANSLATE_PROMPT = "Translate into {language}: {question}"
# What a question writes in the passages' script: a line item quoted as the filing prints it ("What total operating
# revenue (营业总收入) did …", "苹果公司Services收入…"). Latin runs need three letters, so "Q3" and "FY" are not.
_QUOTED = {"zh": re.compile(r"[\u4e00-\u9fff]{2,}"), "en": re.compile(r"[A-Za-z][A-Za-z &'-]{2,}[A-Za-z]")}


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
    examples = ((_request(source, language), target) for source, target in TRANSLATE_EXAMPLES[language])
    return few_shot_messages(TRANSLATE_SYSTEM_PROMPT, examples, _request(question, language))


def _request(question: str, language: str) -> str:
    return TRANSLATE_PROMPT.format(language=LANGUAGE_NAMES[language], question=question)


def quoted_in(question: str, language: str, names: Iterable[str]) -> str:
    """What `question` quotes in `language`'s script, company `names` aside ("" when nothing): the words a filing
    in that language prints, where a translation would only guess at them."""
    quoted = (run.strip() for run in _QUOTED[language].findall(without_names(question, names)))
    return " ".join(run for run in quoted if run)
