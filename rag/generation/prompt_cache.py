"""llama.cpp prompt states kept in RAM for reuse, counted by what they really hold, and the fixed prefixes' states
saved on disk so that a new process resumes them instead of reading them again."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from llama_cpp import LlamaRAMCache
from llama_cpp.llama import LlamaState

# Saved states are ~20-40 MB; a changed prompt or model leaves its old states behind, so only the newest are kept.
_MAX_SAVED_STATES = 16
_PART = ".part"
# A state being written by another process is newer than this; an older part file is a killed process's.
_ABANDONED_S = 600


class PromptStateCache(LlamaRAMCache):
    """`LlamaRAMCache` without its hidden cost: llama-cpp-python copies the logits of up to n_batch (512)
    prompt tokens into every saved state, 512 x 151,936 floats = 311 MB for Qwen, and leaves them out of the
    capacity count, so a 1 GB cache grew the process by 10+ GB. A state resumed from the cache always has its
    last prompt token evaluated again, so only the last row of logits is kept, and every byte is counted.

    With a `folder`, the states of the fixed prompt prefixes (`rag.generation.llm.prefill`) are also saved there, named by
    the tokens and the model's `identity` (file, build, context size): reading them takes ~40 s on 2 cores at
    every process start (`caibao ui`, `caibao serve`, an eval), loading a saved one a fraction of a second."""

    def __init__(self, capacity_bytes: int, folder: Path | None = None, identity: str = "") -> None:
        super().__init__(capacity_bytes)
        self._folder = folder
        self._identity = identity
        self._fixed_prefixes: set[tuple[int, ...]] = set()

    @property
    def cache_size(self) -> int:
        return sum(_size(state) for state in self.cache_state.values())

    def __setitem__(self, key: Sequence[int], value: LlamaState) -> None:
        """Not kept: llama-cpp-python offers the state after every prompt and its answer. A next prompt resumed from
        one would depend on the question asked before it (the shared tokens are not read again, the rest are read
        in batches split elsewhere, and greedy decoding tips on the float differences: a question answered "1.84"
        alone answered "not in the documents" after three others). Only the fixed prefixes are held (`keep`)."""

    def keep(self, tokens: Sequence[int], state: LlamaState) -> None:
        """Hold the state after the fixed prefix `tokens` in RAM; the oldest go when over capacity."""
        super().__setitem__(tokens, _without_old_logits(state))

    def register(self, tokens: Sequence[int]) -> None:
        """Note `tokens` as a fixed prefix: a prompt that starts with them is read from their state."""
        self._fixed_prefixes.add(tuple(tokens))

    def fixed_prefix_of(self, tokens: Sequence[int]) -> tuple[int, ...] | None:
        """The longest registered fixed prefix that `tokens` start with, or None."""
        starts = [prefix for prefix in self._fixed_prefixes if tuple(tokens[: len(prefix)]) == prefix]
        return max(starts, key=len, default=None)

    def holds(self, tokens: Sequence[int]) -> bool:
        """Whether the state after exactly `tokens` is in RAM."""
        return tuple(tokens) in self.cache_state

    def saved(self, tokens: Sequence[int]) -> LlamaState | None:
        """The state after `tokens` an earlier process saved, or None (none saved, or unreadable)."""
        path = self._path(tokens)
        if path is None or not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as saved:
                state = LlamaState(
                    input_ids=saved["input_ids"],
                    scores=saved["scores"],
                    n_tokens=int(saved["n_tokens"]),
                    llama_state=saved["llama_state"].tobytes(),
                    llama_state_size=int(saved["llama_state"].size),
                    seed=int(saved["seed"]),
                )
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):  # a file cut short or written by another version: read again
            return None
        if list(state.input_ids[: state.n_tokens]) != list(tokens):
            return None
        os.utime(path)  # in use: the pruning keeps the newest
        return state

    def save(self, tokens: Sequence[int], state: LlamaState) -> None:
        """Save the state after `tokens` for later processes: whole or not at all (written aside, then renamed).
        Saving only spares a later process time, so a folder it cannot write is passed over."""
        path = self._path(tokens)
        if path is None:
            return
        kept = _without_old_logits(state)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=_PART, delete=False) as out:
                part = Path(out.name)
                np.savez(
                    out,
                    input_ids=kept.input_ids,
                    scores=kept.scores,
                    n_tokens=np.int64(kept.n_tokens),
                    llama_state=np.frombuffer(kept.llama_state, dtype=np.uint8, count=kept.llama_state_size),
                    seed=np.int64(kept.seed),
                )
            os.replace(part, path)
        except OSError:
            return
        _prune(path.parent)

    def _path(self, tokens: Sequence[int]) -> Path | None:
        if self._folder is None:
            return None
        digest = hashlib.sha256(self._identity.encode("utf-8"))
        digest.update(np.asarray(tokens, dtype=np.int64).tobytes())
        return self._folder / f"{digest.hexdigest()[:32]}.npz"


def _prune(folder: Path) -> None:
    """Keep the newest saved states, and drop what a process killed while saving left half-written."""
    saved = sorted(folder.glob("*.npz"), key=_modified, reverse=True)
    abandoned = [path for path in folder.glob(f"*{_PART}") if time.time() - _modified(path) > _ABANDONED_S]
    for path in [*saved[_MAX_SAVED_STATES:], *abandoned]:
        with contextlib.suppress(FileNotFoundError):  # another process removed it first
            path.unlink()


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _without_old_logits(state: LlamaState) -> LlamaState:
    return LlamaState(
        input_ids=state.input_ids,
        scores=state.scores[-1:].copy(),
        n_tokens=state.n_tokens,
        llama_state=state.llama_state,
        llama_state_size=state.llama_state_size,
        seed=state.seed,
    )


def _size(state: LlamaState) -> int:
    return state.llama_state_size + state.scores.nbytes + state.input_ids.nbytes
