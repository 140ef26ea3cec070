"""OpenAI chat-completion requests read as a caibao question, and caibao answers written as OpenAI responses."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any

from api.errors import BadRequest
from rag import Answer
from rag.types import Turn

MODEL_ID = "caibao"


def conversation_of(messages: Sequence[Mapping[str, Any]]) -> tuple[str, list[Turn]]:
    """The last user message as the question, and the user/assistant pairs before it as the history.

    System messages are skipped: caibao's own rules (answer only from the documents, cite them) are not for a
    client to replace. A message's content may be a string or OpenAI's list of parts, whose text parts are joined.
    """
    said = [(message.get("role"), _text(message.get("content"))) for message in messages]
    said = [(role, text) for role, text in said if role in ("user", "assistant")]
    if not said or said[-1][0] != "user" or not said[-1][1].strip():
        raise BadRequest("the last message must be the user's question, and not empty")
    history, asked = [], None
    for role, text in said[:-1]:
        if role == "user":
            asked = text
        elif asked is not None:
            history.append(Turn(asked, text))
            asked = None
    return said[-1][1], history


def _text(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict) and part.get("type") == "text")
    return ""


def caibao_extra(answer: Answer) -> dict[str, Any]:
    """What a plain OpenAI client ignores and a caibao-aware one reads: the citations behind the `[n]` markers
    (document, page, quoted sentences, scores), whether every figure was verified, the figures removed, the
    computed figures with their working, and whether the documents held the answer at all."""
    return {
        "citations": [dataclasses.asdict(citation) for citation in answer.citations],
        "verified": answer.verified,
        "unsupported_figures": list(answer.unsupported_figures),
        "abstained": answer.abstained,
        "derived": [dataclasses.asdict(derived) for derived in answer.derived],
        "standalone_question": answer.standalone_question,
        "scope": dataclasses.asdict(answer.scope),
    }


def completion(answer: Answer, completion_id: str, created: int) -> dict[str, Any]:
    """The whole answer as one `chat.completion` object, with `caibao_extra` under "caibao"."""
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": MODEL_ID,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": answer.text}, "finish_reason": "stop"}
        ],
        "caibao": caibao_extra(answer),
    }


def stream_chunk(completion_id: str, created: int, delta: Mapping[str, Any], finish: str | None = None) -> str:
    """One server-sent event of a streamed `chat.completion.chunk`."""
    return _event(_chunk(completion_id, created, delta, finish))


def final_chunk(answer: Answer, completion_id: str, created: int) -> str:
    """The streamed answer's last event: the finish reason, and under "caibao" the answer's text again with
    `caibao_extra`, so a caibao-aware client reads the whole checked answer from one event."""
    chunk = _chunk(completion_id, created, {}, "stop")
    return _event({**chunk, "caibao": {"text": answer.text, **caibao_extra(answer)}})


def _chunk(completion_id: str, created: int, delta: Mapping[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": dict(delta), "finish_reason": finish}],
    }


def _event(data: Mapping[str, Any]) -> str:
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


STREAM_END = "data: [DONE]\n\n"
