"""The llama.cpp prompt-state cache: what a saved state keeps, and that its capacity bounds real memory."""

from rag.generation.local_model import LocalModel
from rag.generation.prompt_cache import PromptStateCache

TEXT = "阿里云智能集团收入 317.42 亿，同比增长 13%。" * 20


def _saved_state(llm, text: str):
    model = LocalModel.of(llm)
    tokens = model.tokenize(text, add_bos=False)
    return tokens, model.read(tokens)


def test_a_saved_state_keeps_one_row_of_logits_and_the_cache_counts_every_byte(llm):
    tokens, state = _saved_state(llm, TEXT)
    cache = PromptStateCache(capacity_bytes=1 << 30)
    cache.keep(tokens, state)
    kept = cache[tokens]
    assert state.scores.shape[0] > 100 and kept.scores.shape[0] == 1
    assert (kept.scores[0] == state.scores[-1]).all()
    assert cache.cache_size == kept.llama_state_size + kept.scores.nbytes + kept.input_ids.nbytes


def test_the_oldest_state_is_evicted_when_over_capacity(llm):
    first_tokens, first = _saved_state(llm, TEXT)
    second_tokens, second = _saved_state(llm, "Cloud revenue rose 13% to RMB 31.7 billion. " * 20)
    one_state = first.llama_state_size + first.scores[-1:].nbytes + first.input_ids.nbytes
    cache = PromptStateCache(capacity_bytes=int(one_state * 1.5))
    cache.keep(first_tokens, first)
    cache.keep(second_tokens, second)
    assert list(cache.cache_state) == [tuple(second_tokens)]


def test_a_new_process_resumes_the_state_of_a_prefix_an_earlier_one_read(llm, tmp_path, monkeypatch):
    model = LocalModel.of(llm)
    tokens = model.tokenize(TEXT, add_bos=False)
    session_cache = llm._model.cache
    try:
        llm._model.set_cache(PromptStateCache(1 << 30, tmp_path, "test-model"))
        model.cache_prompt(tokens, read_new=False)  # `caibao ask`: nothing saved yet, so nothing is read
        assert not llm._model.cache.holds(tokens) and not list(tmp_path.glob("*.npz"))
        model.cache_prompt(tokens)
        read_state = llm._model.cache.cache_state[tuple(tokens)]
        assert len(list(tmp_path.glob("*.npz"))) == 1
        # Another process: an empty cache over the same folder. Reading the prefix again would fail the test.
        llm._model.set_cache(PromptStateCache(1 << 30, tmp_path, "test-model"))
        monkeypatch.setattr(LocalModel, "read", lambda *_: (_ for _ in ()).throw(AssertionError("read again")))
        model.cache_prompt(tokens)
        resumed = llm._model.cache.cache_state[tuple(tokens)]
        assert resumed.llama_state == read_state.llama_state and resumed.n_tokens == len(tokens)
    finally:
        llm._model.set_cache(session_cache)
