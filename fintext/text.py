"""Language facts every layer shares: CJK characters, full-width and script folding, language, search tokens, [n]
markers."""

from __future__ import annotations

import logging
import re
from functools import cache

import jieba
import opencc

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
# The characters `fold_script` may change: the ideographs and their compatibility forms ("更" U+F901).
_IDEOGRAPHS = [(0x3400, 0xA000), (0xF900, 0xFB00)]
_FOLDABLE = re.compile("[" + "".join(f"{chr(low)}-{chr(high - 1)}" for low, high in _IDEOGRAPHS) + "]")
# OpenCC's conversions to Simplified, mainland ("t2s") first and then Hong Kong's ("hk2s") for the variants it
# leaves alone ("衞", "枱"); Taiwan's ("tw2s") is not used: it folds "么", a Simplified character, to "幺".
_TO_SIMPLIFIED = ("t2s", "hk2s")
# Where a character's one Simplified form is not the one mainland finance prints: Taiwan's and Hong Kong's "帳"
# is an account ("備抵呆帳", "帳款": 备抵呆账, 账款), which OpenCC writes "帐" (a tent).
_SCRIPT_OVERRIDES = {"帳": "账"}
# How a Simplified phrase is printed in Traditional: OpenCC's generic, Taiwan's and Hong Kong's ("台湾银行" is
# "臺灣銀行" in Taipei, "台灣銀行" in Hong Kong).
_TO_TRADITIONAL = ("s2t", "s2tw", "s2hk")


def fold_width(text: str) -> str:
    """`text` with full-width digits and signs as ASCII, character for character ("１３％" → "13%")."""
    return text.translate(_FULL_WIDTH)


def fold_script(text: str) -> str:
    """`text` in Simplified characters, character for character ("臺灣銀行" → "台湾银行", "利息淨收益" → "利息净收益"),
    so an offset into the folded text is the same offset into the original.

    Hong Kong and Taiwanese filings print Traditional characters and questions are mostly asked in Simplified:
    search tokens, row names and company names are compared in one script, while answers still quote the source as
    printed. Per character, not OpenCC's phrase conversion, which may change a text's length; the folding only has
    to be the same on both sides of a comparison, so "乾" folds to "干" even in "乾隆". "著" stays "著": it is also
    Simplified ("显著"). Idempotent: a folded text folds to itself.
    """
    if not _FOLDABLE.search(text):
        return text
    return text.translate(_script_table())


def script_spellings(phrase: str) -> set[str]:
    """How `phrase` may be printed in either script: as given, in Simplified (`fold_script`) and in Traditional as
    OpenCC writes it for Taiwan, Hong Kong or neither ("台湾银行": "臺灣銀行", "台灣銀行"); each folds to what
    `phrase` does, for looking the phrase up in text as printed."""
    if not _FOLDABLE.search(phrase):
        return {phrase}
    folded = fold_script(phrase)
    spellings = {phrase, folded} | {_converter(config).convert(folded) for config in _TO_TRADITIONAL}
    return {spelling for spelling in spellings if fold_script(spelling) == folded}


def detect_language(text: str) -> str:
    """'zh' when Chinese carries most of the text, else 'en'."""
    chinese = len(CJK.findall(text))
    letters = len(_LATIN_LETTER.findall(text))
    return "zh" if chinese and chinese * _LETTERS_PER_CHINESE_CHAR >= letters else "en"


def tokenize(text: str) -> list[str]:
    """Search tokens of `text`: jieba's fine-grained words for Chinese (in Simplified, `fold_script`), whole numbers
    like 317.42 and 13%."""
    return [token for token in _jieba().cut_for_search(fold_script(fold_width(text)).lower()) if _WORD.search(token)]


# Which `keyword_tokens` made a library's saved tokens: a library made by another is tokenised again on opening.
KEYWORD_TOKENS_VERSION = "2"


def keyword_tokens(text: str) -> list[str]:
    """What BM25 indexes and searches by: `tokenize`'s words, and each two one-character Chinese words side by side
    as one word too. jieba's HMM joins the characters of a word its dictionary lacks in one context and not in
    another: "逾放比率" is 逾放 + 比率 in a sentence of a report, but 逾 + 放 + 比率 in "2024年的逾放比率是多少", and
    the report's sentence fell to sixth among the bank's chunks; with the pairs, both hold 逾放."""
    found = tokenize(text)
    pairs = [first + second for first, second in zip(found, found[1:]) if CJK.fullmatch(first) and CJK.fullmatch(second)]
    return found + pairs


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


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@cache
def _script_table() -> dict[int, str]:
    """`fold_script`'s table: each ideograph OpenCC changes to one other character, run to a fixed point ("薴" →
    "苧" → "苎")."""
    ideographs = [chr(code) for low, high in _IDEOGRAPHS for code in range(low, high)]
    table: dict[str, str] = {}
    for config in _TO_SIMPLIFIED:
        # One conversion of every character, a line each: no phrase spans a line, so each converts alone.
        converted = _converter(config).convert("\n".join(ideographs)).split("\n")
        for original, simplified in zip(ideographs, converted, strict=True):
            if simplified != original and len(simplified) == 1:
                table.setdefault(original, simplified)
    table.update(_SCRIPT_OVERRIDES)
    for original, simplified in table.items():
        while (further := table.get(simplified, simplified)) != simplified:
            simplified = further
        table[original] = simplified
    return {ord(original): simplified for original, simplified in table.items()}
