"""The answering LLM: the packaged local GGUF through llama.cpp, or an OpenAI-compatible endpoint."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from llama_index.core.llms import LLM, ChatMessage

from rag.generation.local_model import CHATML_STOPS, LocalModel, chatml_prompt, chatml_turns
from rag.generation.model_file import QWEN_CODER_1_5B, assemble
from rag.settings import Settings

def fix_prefixes(llm: LLM, prefixes: Iterable[Sequence[ChatMessage]]) -> None:
    """Tell the local model the fixed starts of its prompts: a prompt that begins with one is read from its state
    (`FixedPrefixLlamaCPP`). An endpoint keeps its own."""
    model = LocalModel.of(llm)
    if model is None or not model.has_cache:
        return
    for messages in prefixes:
        model.fix_prefix(model.tokenize(chatml_turns(messages)))


def prefill(llm: LLM, prefixes: Iterable[Sequence[ChatMessage]], read_new: bool = True) -> int:
    """Read each fixed start of a prompt into llama.cpp's prompt cache now, so that no user waits for it later;
    without `read_new`, only resume those an earlier process saved.

    On 2 cores a few-shot prefix of ~670 tokens takes 4-8 s to read; once cached, a prompt that starts with it
    resumes from the saved state. Returns the number of prefixes read: 0 for an endpoint, which keeps its own.
    """
    model = LocalModel.of(llm)
    if model is None or not model.has_cache:
        return 0
    count = 0
    for messages in prefixes:
        # ChatML's special tokens make these tokens a prefix of the whole prompt's tokens.
        model.cache_prompt(model.tokenize(chatml_turns(messages)), read_new)
        count += 1
    return count


def make_llm(settings: Settings) -> LLM:
    """The endpoint when `llm_api_base` is set, else the GGUF at `llm_model_path` or the packaged Qwen."""
    if settings.llm_api_base:
        return _openai_like(settings)
    return _llama_cpp(settings)


def describe_llm(settings: Settings) -> str:
    """Which LLM `make_llm(settings)` answers with, in words for reports and the UI."""
    if settings.llm_api_base:
        return f"{settings.llm_api_model} at {settings.llm_api_base} (OpenAI-compatible)"
    if settings.llm_model_path:
        return f"{settings.llm_model_path} (llama.cpp, {settings.llm_threads} threads)"
    return f"packaged {QWEN_CODER_1_5B.file_name} (llama.cpp, {settings.llm_threads} threads)"


def _openai_like(settings: Settings) -> LLM:
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=settings.llm_api_model,
        api_base=settings.llm_api_base,
        api_key=settings.llm_api_key,
        is_chat_model=True,
        context_window=settings.llm_context,
        max_tokens=settings.llm_max_tokens,
        temperature=0.0,
        timeout=settings.llm_api_timeout_s,
        max_retries=0,
    )


def _llama_cpp(settings: Settings) -> LLM:
    from llama_cpp import __version__ as llama_cpp_version

    from rag.generation.fixed_prefix_llm import FixedPrefixLlamaCPP
    from rag.generation.prompt_cache import PromptStateCache

    if settings.llm_model_path:
        model_path = Path(settings.llm_model_path)
    else:
        model_path = assemble(QWEN_CODER_1_5B, settings.model_cache)
    llm = FixedPrefixLlamaCPP(
        model_path=str(model_path),
        temperature=0.0,
        max_new_tokens=settings.llm_max_tokens,
        context_window=settings.llm_context,
        model_kwargs={"n_threads": settings.llm_threads, "n_threads_batch": settings.llm_threads},
        generate_kwargs={"stop": CHATML_STOPS},
        messages_to_prompt=chatml_prompt,
        completion_to_prompt=lambda completion: chatml_prompt([ChatMessage(role="user", content=completion)]),
        verbose=False,
    )
    # llama.cpp keeps the KV state of one prompt only; the translation and answer prompts alternate, and
    # without saved states each would prefill its whole few-shot prefix again (~10 s on 2 cores).
    # The fixed prefixes' states are saved for the next process, under the model, build and context they hold.
    identity = f"{model_path.name}:{model_path.stat().st_size}:{llama_cpp_version}:{settings.llm_context}"
    cache = PromptStateCache(settings.llm_prompt_cache_mb << 20, settings.model_cache / "prompt-states", identity)
    llm._model.set_cache(cache)
    return llm
