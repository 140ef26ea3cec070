"""The llama.cpp prompt-state cache: what a saved state keeps, and that its capacity bounds real memory."""

from rag.prompt_cache import PromptStateCache

TEXT = "阿里云智能集团收入 317.42 亿，同比增长 13%。" * 20


def _saved_state(model, text: str):
    tokens = model.tokenize(text.encode("utf-8"), add_bos=False)
    model.reset()
    model.eval(tokens)
    return tokens, model.save_state()


def test_run_keeps_one_row_of_logits_and_counts_every_byte(llm):
    tokens, state = _saved_state(llm._model, TEXT)
    cache = PromptStateCache(capacity_bytes=1 << 30)
    cache[tokens] = state
    kept = cache[tokens]
    assert state.scores.shape[0] > 100 and kept.scores.shape[0] == 1
    assert (kept.scores[0] == state.scores[-1]).all()
    assert cache.cache_size == kept.llama_state_size + kept.scores.nbytes + kept.input_ids.nbytes


def test_run_evicts_the_oldest_state_when_over_capacity(llm):
    first_tokens, first = _saved_state(llm._model, TEXT)
    second_tokens, second = _saved_state(llm._model, "Cloud revenue rose 13% to RMB 31.7 billion. " * 20)
    one_state = first.llama_state_size + first.scores[-1:].nbytes + first.input_ids.nbytes
    cache = PromptStateCache(capacity_bytes=int(one_state * 1.5))
    cache[first_tokens] = first
    cache[second_tokens] = second
    assert list(cache.cache_state) == [tuple(second_tokens)]
