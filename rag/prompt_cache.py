"""llama.cpp prompt states kept in RAM for reuse, counted by what they really hold."""

from __future__ import annotations

from collections.abc import Sequence

from llama_cpp import LlamaRAMCache
from llama_cpp.llama import LlamaState


class PromptStateCache(LlamaRAMCache):
    """`LlamaRAMCache` without its hidden cost: llama-cpp-python copies the logits of up to n_batch (512)
    prompt tokens into every saved state, 512 x 151,936 floats = 311 MB for Qwen, and leaves them out of the
    capacity count, so a 1 GB cache grew the process by 10+ GB. A state resumed from the cache always has its
    last prompt token evaluated again, so only the last row of logits is kept, and every byte is counted."""

    @property
    def cache_size(self) -> int:
        return sum(_size(state) for state in self.cache_state.values())

    def __setitem__(self, key: Sequence[int], value: LlamaState) -> None:
        super().__setitem__(key, _without_old_logits(value))


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
