"""The llama.cpp prompt-state cache: what a saved state keeps, and that its capacity bounds real memory."""

from rag.llm import LocalModel
from rag.prompt_cache import PromptStateCache

TEXT = "阿里云智能集团收入 317.42 亿，同比增长 13%。" * 20


def _saved_state(llm, text: str):
    model = LocalModel.of(llm)
    tokens = model.tokenize(text, add_bos=False)
    return tokens, model.read(tokens)


def test_a_saved_state_keeps_one_row_of_logits_and_the_cache_counts_every_byte(llm):
    tokens, state = _saved_state(llm, TEXT)
    cache = PromptStateCache(capacity_bytes=1 << 30)
    cache[tokens] = state
    kept = cache[tokens]
    assert state.scores.shape[0] > 100 and kept.scores.shape[0] == 1
    assert (kept.scores[0] == state.scores[-1]).all()
    assert cache.cache_size == kept.llama_state_size + kept.scores.nbytes + kept.input_ids.nbytes


def test_the_oldest_state_is_evicted_when_over_capacity(llm):
    first_tokens, first = _saved_state(llm, TEXT)
    second_tokens, second = _saved_state(llm, "Cloud revenue rose 13% to RMB 31.7 billion. " * 20)
    one_state = first.llama_state_size + first.scores[-1:].nbytes + first.input_ids.nbytes
    cache = PromptStateCache(capacity_bytes=int(one_state * 1.5))
    cache[first_tokens] = first
    cache[second_tokens] = second
    assert list(cache.cache_state) == [tuple(second_tokens)]
