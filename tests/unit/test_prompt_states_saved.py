"""Prompt states saved on disk for the next process: found again whole, or not at all."""

import os

import numpy as np
from llama_cpp.llama import LlamaState

from rag.generation.prompt_cache import PromptStateCache

TOKENS = [151644, 8948, 198, 2610, 525, 264]


def _state(tokens, fill=7):
    input_ids = np.zeros(16, dtype=np.intc)
    input_ids[: len(tokens)] = tokens
    scores = np.full((len(tokens), 4), 0.5, dtype=np.single)
    return LlamaState(input_ids, scores, len(tokens), bytes([fill]) * 1000, 1000, 42)


def _cache(folder, identity="qwen.gguf:1:0.3.36:4096"):
    return PromptStateCache(1 << 30, folder, identity)


def test_a_state_saved_by_one_process_is_found_by_the_next(tmp_path):
    _cache(tmp_path).save(TOKENS, _state(TOKENS))
    found = _cache(tmp_path).saved(TOKENS)
    assert found is not None
    assert found.n_tokens == len(TOKENS) and list(found.input_ids[: found.n_tokens]) == TOKENS
    assert found.llama_state == bytes([7]) * 1000 and found.llama_state_size == 1000 and found.seed == 42
    assert found.scores.shape == (1, 4)  # only the last row of logits is kept


def test_another_model_build_or_prompt_finds_nothing(tmp_path):
    _cache(tmp_path).save(TOKENS, _state(TOKENS))
    assert _cache(tmp_path, identity="qwen.gguf:1:0.3.37:4096").saved(TOKENS) is None
    assert _cache(tmp_path).saved(TOKENS[:-1]) is None
    assert PromptStateCache(1 << 30).saved(TOKENS) is None  # no folder: nothing is saved or found


def test_a_file_cut_short_is_read_again_not_loaded(tmp_path):
    cache = _cache(tmp_path)
    cache.save(TOKENS, _state(TOKENS))
    [saved] = tmp_path.glob("*.npz")
    saved.write_bytes(saved.read_bytes()[:500])
    assert cache.saved(TOKENS) is None


def test_only_the_newest_states_are_kept_and_no_part_file_is_left(tmp_path):
    cache, seen = _cache(tmp_path), set()
    for n in range(20):
        tokens = [*TOKENS, n]
        cache.save(tokens, _state(tokens, fill=n))
        [new] = set(tmp_path.glob("*.npz")) - seen
        os.utime(new, (1000 + n, 1000 + n))  # saved one after another, whatever the clock's resolution
        seen = set(tmp_path.glob("*.npz"))
    assert len(seen) == 16
    assert cache.saved([*TOKENS, 3]) is None  # the oldest went first
    assert cache.saved([*TOKENS, 4]) is not None and cache.saved([*TOKENS, 19]) is not None
    assert not list(tmp_path.glob("*.part"))


def test_an_unwritable_folder_only_costs_the_saving(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = PromptStateCache(1 << 30, blocked / "states", "id")
    cache.save(TOKENS, _state(TOKENS))
    assert cache.saved(TOKENS) is None


def test_a_prompt_is_matched_to_the_longest_fixed_prefix_it_starts_with(tmp_path):
    cache = _cache(tmp_path)
    cache.register(TOKENS[:3])
    cache.register(TOKENS[:5])
    cache.register([9, 9, 9])
    assert cache.fixed_prefix_of(TOKENS + [7, 7]) == tuple(TOKENS[:5])
    assert cache.fixed_prefix_of(TOKENS[:4]) == tuple(TOKENS[:3])
    assert cache.fixed_prefix_of([1, 2, 3]) is None


def test_only_fixed_prefixes_are_held_not_the_states_llama_cpp_offers_after_each_answer(tmp_path):
    cache = _cache(tmp_path)
    cache[TOKENS + [5, 6]] = _state(TOKENS + [5, 6])  # what llama-cpp-python does after every completion
    assert not cache.cache_state
    cache.keep(TOKENS, _state(TOKENS))
    assert list(cache.cache_state) == [tuple(TOKENS)] and cache[TOKENS + [8]].n_tokens == len(TOKENS)
