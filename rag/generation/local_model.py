"""The llama.cpp model inside a local LLM, for what caibao does besides chatting, and the ChatML it reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.llms import LLM, ChatMessage

# Qwen models end a turn with <|im_end|>; stopping there keeps the model from writing the next turn itself.
CHATML_STOPS = ["<|im_end|>", "<|endoftext|>"]


def chatml_prompt(messages: Sequence[ChatMessage]) -> str:
    """Render messages in ChatML, the chat format of the Qwen family, ending with the assistant's turn."""
    return chatml_turns(messages) + "<|im_start|>assistant\n"


def chatml_turns(messages: Sequence[ChatMessage]) -> str:
    return "".join(f"<|im_start|>{message.role.value}\n{message.content}<|im_end|>\n" for message in messages)


class LocalModel:
    """The llama.cpp model inside a local `LlamaCPP` LLM, for what caibao does besides chatting: count tokens,
    read a prompt ahead of time, save and find prompt states. Only this module reaches into llama-index's
    private `_model`; an endpoint has none (`of` returns None)."""

    def __init__(self, model: Any) -> None:
        self._model = model

    @classmethod
    def of(cls, llm: LLM) -> LocalModel | None:
        model = getattr(llm, "_model", None)
        return cls(model) if callable(getattr(model, "eval", None)) else None

    def tokenize(self, text: str, add_bos: bool = True) -> list[int]:
        """Tokens as llama-cpp tokenises a whole prompt (ChatML's special tokens included)."""
        return self._model.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)

    def read(self, tokens: Sequence[int]) -> Any:
        """Read `tokens` from an empty context (prefill) and return the state that resumes after them."""
        self._model.reset()
        self._model.eval(tokens)
        return self._model.save_state()

    def cache_prompt(self, tokens: Sequence[int], read_new: bool = True) -> None:
        """Keep the state after `tokens` in the prompt cache, so a prompt that starts with them resumes there: the
        one already held, else one an earlier process saved, else (`read_new`) read now and saved for the next."""
        cache = self._model.cache
        if cache.holds(tokens):
            return
        state = cache.saved(tokens)
        if state is not None and not self._loads(state):
            state = None
        if state is None and read_new:
            state = self.read(tokens)
            cache.save(tokens, state)
        if state is not None:
            cache.keep(tokens, state)

    def _loads(self, state: Any) -> bool:
        """Whether llama.cpp takes `state`: one it refuses fails here, at warm-up, not in a user's answer."""
        try:
            self._model.load_state(state)
        except RuntimeError:
            return False
        return True

    def fix_prefix(self, tokens: Sequence[int]) -> None:
        self._model.cache.register(tokens)

    def start(self, prompt: str) -> None:
        """Before `prompt` is read: hold the state of the fixed prefix it starts with (read now if no process has
        yet), and forget what the context holds of the last prompt, so that `prompt` resumes from that state or
        from nothing, never from another question's tokens (`FixedPrefixLlamaCPP`)."""
        tokens = self.tokenize(prompt)
        if prefix := self._model.cache.fixed_prefix_of(tokens):
            self.cache_prompt(prefix)
        self._model.reset()

    def cached_prefix(self, tokens: Sequence[int]) -> int:
        """How many of `tokens`' first tokens a state in the prompt cache already covers."""
        from llama_cpp import Llama

        cached = self._model.cache._find_longest_prefix_key(tuple(tokens))
        return Llama.longest_token_prefix(cached, tokens) if cached is not None else 0

    @property
    def has_cache(self) -> bool:
        return getattr(self._model, "cache", None) is not None
