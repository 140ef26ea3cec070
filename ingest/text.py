"""Language facts every layer shares: CJK characters, full-width folding, language, search tokens, [n] markers."""

from __future__ import annotations

import logging
import re
from functools import cache

import jieba

# Chinese characters (CJK Unified Ideographs and Extension A), as a regex character-class body.
CJK_CHARS = "\u3400-\u9fff"
CJK = re.compile(f"[{CJK_CHARS}]")
# Everything East Asian typesetting sets without spaces: ideographs, CJK punctuation, full-width forms.
EAST_ASIAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Full-width digits and signs, the Unicode minus and the wave dash fold one-to-one to ASCII, so an offset into
# the folded text is the same offset into the original.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．，－−～", "0123456789%.,--~")
# A citation marker as the prompts ask for it and the answer carries it: "[2]".
MARKER = re.compile(r"\[(\d+)\]")

_LATIN_LETTER = re.compile(r"[A-Za-z]")
# An English word is about five letters and a Chinese word about two characters, so a question naming a company
# in Chinese ("What English name does 贵州茅台酒股份有限公司 give?") is still asked in English.
_LETTERS_PER_CHINESE_CHAR = 2.5
# A token worth indexing has a letter, a digit or a CJK character; punctuation and spaces are dropped.
_WORD = re.compile(f"[0-9A-Za-z{CJK_CHARS}]")


def fold_width(text: str) -> str:
    """`text` with full-width digits and signs as ASCII, character for character ("１３％" → "13%")."""
    return text.translate(_FULL_WIDTH)


def detect_language(text: str) -> str:
    """'zh' when Chinese carries most of the text, else 'en'."""
    chinese = len(CJK.findall(text))
    letters = len(_LATIN_LETTER.findall(text))
    return "zh" if chinese and chinese * _LETTERS_PER_CHINESE_CHAR >= letters else "en"


def tokenize(text: str) -> list[str]:
    """Search tokens of `text`: jieba's fine-grained words for Chinese, whole numbers like 317.42 and 13%."""
    return [token for token in _jieba().cut_for_search(fold_width(text).lower()) if _WORD.search(token)]


def words(text: str) -> list[str]:
    """jieba's words of `text`, each character in one of them (not search mode's overlapping pieces)."""
    return list(_jieba().cut(text))


@cache
def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts `word`: everyday words are common, names are rare."""
    return _jieba().FREQ.get(word) or 0


@cache
def _jieba() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer
