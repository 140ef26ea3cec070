"""The conversation routes: start, list, read, rename, delete and export saved conversations."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from rag import Assistant
from rag.workspace.conversations import Conversation
from rag.workspace.export import conversation_markdown
from store.conversations import ConversationInfo


class Title(BaseModel):
    """A conversation's new title ("" on start: the first question names it)."""

    title: str = ""


def conversation_routes(assistant: Assistant) -> APIRouter:
    router = APIRouter(prefix="/conversations", tags=["conversations"])
    book = assistant.conversations

    def found(conversation_id: str) -> Conversation:
        try:
            return book.get(conversation_id)
        except KeyError:
            raise HTTPException(404, f"no conversation has the id {conversation_id!r}") from None

    @router.get("")
    def listed() -> list[ConversationInfo]:
        """Every saved conversation, the one changed last first."""
        return book.list()

    @router.post("", status_code=201)
    def start(title: Title) -> ConversationInfo:
        """A new, empty conversation: `POST /ask` with its id continues it."""
        return book.start(title.title)

    @router.get("/{conversation_id}")
    def read(conversation_id: str) -> Conversation:
        """The conversation's answers in order, each with its citations, checks and working."""
        return found(conversation_id)

    @router.patch("/{conversation_id}")
    def rename(conversation_id: str, title: Title) -> ConversationInfo:
        if not book.rename(conversation_id, title.title):
            found(conversation_id)
        return found(conversation_id).info

    @router.delete("/{conversation_id}", status_code=204)
    def delete(conversation_id: str) -> None:
        if not book.delete(conversation_id):
            found(conversation_id)

    @router.get("/{conversation_id}/markdown", response_class=PlainTextResponse)
    def export(conversation_id: str) -> str:
        """The conversation as Markdown with its cited passages and sources."""
        return conversation_markdown(found(conversation_id))

    return router
