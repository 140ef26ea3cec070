"""Which language a text is in: Chinese or English."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# An English word is about five letters; a Chinese character carries about as much as a word.
_LETTERS_PER_CHINESE_CHAR = 5


def detect_language(text: str) -> str:
    """'zh' when Chinese carries most of the text, else 'en'."""
    chinese = len(_CJK.findall(text))
    letters = len(_LATIN_LETTER.findall(text))
    return "zh" if chinese and chinese * _LETTERS_PER_CHINESE_CHAR >= letters else "en"
