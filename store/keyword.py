"""BM25 keyword search over jieba tokens, so Chinese words, numbers and percentages match exactly."""

from __future__ import annotations

import logging
import re
from functools import cache

import bm25s
import jieba
import numpy as np

# A token worth indexing has a letter, a digit or a CJK character; punctuation and spaces are dropped.
_WORD = re.compile(r"[0-9A-Za-z\u3400-\u9fff０-９]")
# Full-width digits and signs fold to ASCII so "１３％" and "13%" are the same token.
_FOLD = str.maketrans("０１２３４５６７８９％．，", "0123456789%.,")


@cache
def _jieba() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def tokenize(text: str) -> list[str]:
    """Search tokens of `text`: jieba's fine-grained words for Chinese, whole numbers like 317.42 and 13%."""
    folded = text.translate(_FOLD).lower()
    return [token for token in _jieba().cut_for_search(folded) if _WORD.search(token)]


class KeywordIndex:
    """An in-memory BM25 index over already-tokenised chunks."""

    def __init__(self, chunk_tokens: list[tuple[str, list[str]]]) -> None:
        self._ids = [chunk_id for chunk_id, _ in chunk_tokens]
        self._bm25 = bm25s.BM25()
        if self._ids:
            self._bm25.index([tokens or [""] for _, tokens in chunk_tokens], show_progress=False)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """The `k` best (chunk_id, score) pairs; chunks sharing no token with the query are left out."""
        query_tokens = [token for token in tokenize(query) if token in self._bm25.vocab_dict] if self._ids else []
        if not query_tokens:
            return []
        scores = self._bm25.get_scores(query_tokens)
        best = np.argsort(-scores, kind="stable")[:k]
        return [(self._ids[i], float(scores[i])) for i in best if scores[i] > 0]
