"""Which language a question is in, and the fixed abstention message for each."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# An English word is about five letters; a Chinese character carries about as much as a word.
_LETTERS_PER_CHINESE_CHAR = 5

ABSTENTION_MESSAGES = {
    "zh": "文档中没有找到这个问题的答案。",
    "en": "The documents do not contain the answer to this question.",
}
LANGUAGE_NAMES = {"zh": "简体中文 (Simplified Chinese)", "en": "English"}


def detect_language(text: str) -> str:
    """'zh' when Chinese carries most of the text, else 'en'."""
    chinese = len(_CJK.findall(text))
    letters = len(_LATIN_LETTER.findall(text))
    return "zh" if chinese and chinese * _LETTERS_PER_CHINESE_CHAR >= letters else "en"
