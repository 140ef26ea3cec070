"""OpenAI-compatible routes: `GET /v1/models` and `POST /v1/chat/completions`, streamed or whole."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.errors import BadRequest, asked, json_body
from api.openai_format import MODEL_ID, STREAM_END, completion, conversation_of, final_chunk, stream_chunk
from rag import Answer, Assistant

# A chat request is a few turns of text; anything larger is not a question (the question itself is capped by
# `settings.max_question_chars`).
MAX_CHAT_BODY_BYTES = 256 * 1024


def chat_routes(assistant: Assistant) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["OpenAI-compatible"])

    @router.get("/models")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "caibao"}]}

    @router.post("/chat/completions", response_model=None)
    async def chat_completions(request: Request) -> JSONResponse | StreamingResponse:
        """The last user message answered from the library, the earlier turns as its conversation; the answer's
        citations, checks and working under "caibao" (with `stream`, in the last event)."""
        body = await json_body(request, MAX_CHAT_BODY_BYTES)
        question, history = conversation_of(body.get("messages") or [])
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        # Answered whole even when streamed: the grounding check may remove a sentence after the model wrote it,
        # and a plain OpenAI client cannot take back what it has shown. A full queue (Busy) is then still a 429.
        answer = await run_in_threadpool(asked, assistant.ask, question, history)
        if body.get("stream"):
            return StreamingResponse(_events(answer, completion_id, created), media_type="text/event-stream")
        return JSONResponse(completion(answer, completion_id, created))

    return router


def _events(answer: Answer, completion_id: str, created: int) -> Iterator[str]:
    yield stream_chunk(completion_id, created, {"role": "assistant", "content": ""})
    yield stream_chunk(completion_id, created, {"content": answer.text})
    yield final_chunk(answer, completion_id, created)
    yield STREAM_END
