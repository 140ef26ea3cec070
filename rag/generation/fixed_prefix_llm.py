"""llama-index's LlamaCPP with every prompt read from its fixed few-shot prefix's state: the same answer to the same
question, whatever was asked before it."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.llms.types import CompletionResponse, CompletionResponseGen
from llama_index.llms.llama_cpp import LlamaCPP

from rag.generation.local_model import LocalModel


class FixedPrefixLlamaCPP(LlamaCPP):
    """llama-cpp-python resumes a prompt from whatever its context or its cache shares with it. The tokens after
    that point are read in batches split there, their floats differ in the last bits, and greedy decoding tips over
    on them: "微软2019财年每股宣派的现金股利是多少？" was translated "dividend declared" when asked alone and "dividend
    paid" after another question, and the answer went from $1.84 to "not in the documents". Here each prompt is read
    from the state of the fixed prefix it starts with (`rag.generation.llm.prefill` registers them), or from nothing."""

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        self._start(prompt, formatted)
        return super().complete(prompt, formatted, **kwargs)

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        self._start(prompt, formatted)
        return super().stream_complete(prompt, formatted, **kwargs)

    def _start(self, prompt: str, formatted: bool) -> None:
        LocalModel(self._model).start(prompt if formatted else self.completion_to_prompt(prompt))
