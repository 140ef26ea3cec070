"""Chat prompts made of a system rule, worked examples and the real request; one-line replies read back."""

from __future__ import annotations

from collections.abc import Iterable

from llama_index.core.llms import LLM, ChatMessage, MessageRole

from fintext.text import detect_language


def few_shot_messages(system: str, examples: Iterable[tuple[str, str]], request: str) -> list[ChatMessage]:
    """The system prompt, each (request, reply) example as a user and an assistant turn, then `request`.

    The examples come first and never change, so llama.cpp reuses their prefilled state from call to call.
    """
    messages = [ChatMessage(role=MessageRole.SYSTEM, content=system)]
    for example_request, example_reply in examples:
        messages.append(ChatMessage(role=MessageRole.USER, content=example_request))
        messages.append(ChatMessage(role=MessageRole.ASSISTANT, content=example_reply))
    messages.append(ChatMessage(role=MessageRole.USER, content=request))
    return messages


def first_line_in(llm: LLM, messages: list[ChatMessage], language: str) -> str:
    """The first non-empty line the model replies, or "" when there is none or it is not in `language`."""
    reply = llm.chat(messages).message.content or ""
    lines = [line.strip() for line in reply.strip().splitlines() if line.strip()]
    return lines[0] if lines and detect_language(lines[0]) == language else ""
