"""The REST routes: upload, list and remove documents, and ask for a typed `Answer`."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.errors import asked, too_large
from rag import Answer, Assistant, IngestResult, Turn
from rag.workspace.files import upload_name
from store import DocumentInfo


class Question(BaseModel):
    """`POST /ask`: a question, optionally scoped to a company/period, with the conversation so far."""

    question: str
    company: str = ""
    period: str = ""
    top_k: int | None = Field(default=None, ge=1)
    history: list[Turn] = Field(default_factory=list)
    # A saved conversation's id: its turns are the history and the answer is kept in it (404 if there is none).
    conversation: str = ""


def library_routes(assistant: Assistant) -> APIRouter:
    router = APIRouter(tags=["library"])
    max_bytes = assistant.settings.ui_max_upload_mb << 20

    @router.get("/documents")
    def documents() -> list[DocumentInfo]:
        return assistant.documents()

    @router.post("/documents", status_code=201)
    async def upload(request: Request, file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008
        """Ingest an uploaded filing (txt, md, html, pdf), listed as `upload/<name>`; 422 with the reason when it
        cannot be read, the library unchanged."""
        too_large(request, max_bytes)
        result = await run_in_threadpool(_ingest_upload, assistant, file)
        if not result.ok:
            raise HTTPException(422, result.error.split(": ", 1)[-1] + "; the library is unchanged")
        return dataclasses.asdict(result)

    @router.delete("/documents/{doc_id}")
    def remove(doc_id: str) -> DocumentInfo:
        """Remove the document whose id is, or uniquely starts with, `doc_id`."""
        try:
            return assistant.remove(doc_id)
        except ValueError as error:
            raise HTTPException(404, str(error)) from error

    @router.post("/ask")
    def ask(question: Question) -> Answer:
        """The typed `Answer`: text with [n] markers, citations with pages and quotes, checks and working."""
        try:
            return asked(
                assistant.ask, question.question, question.history, question.top_k, question.company, question.period,
                question.conversation,
            )  # fmt: skip
        except KeyError:
            raise HTTPException(404, f"no conversation has the id {question.conversation!r}") from None

    return router


def _ingest_upload(assistant: Assistant, file: UploadFile) -> IngestResult:
    """The upload copied to a temporary file under its own name (the reader goes by the suffix), then ingested."""
    name = upload_name(file.filename or "")
    with tempfile.TemporaryDirectory(prefix="caibao-upload-") as folder:
        path = Path(folder) / (name or "upload")
        with path.open("wb") as copy:
            shutil.copyfileobj(file.file, copy)
        return assistant.ingest_upload(path, name or path.name)
