"""The FastAPI application: OpenAI-style `/v1` routes and the REST routes over an `Assistant`, behind an
optional bearer token."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.chat import chat_routes
from api.conversations import conversation_routes
from api.errors import declared_too_large, error_response, install_error_handlers
from api.library import library_routes
from rag import Assistant

# The multipart wrapping around an upload's bytes: boundaries and part headers.
_MULTIPART_SLACK_BYTES = 64 * 1024


def build_api(assistant: Assistant, api_key: str = "") -> FastAPI:
    """The API over `assistant`; every route needs `Authorization: Bearer <api_key>` when a key is given."""
    app = FastAPI(title="caibao", summary="Cited answers from company filings, over HTTP")
    install_error_handlers(app)
    largest = (assistant.settings.ui_max_upload_mb << 20) + _MULTIPART_SLACK_BYTES

    @app.middleware("http")
    async def refuse_oversized(request: Request, call_next: Any) -> Response:
        # Before any route reads the body: an upload's form is parsed (and spooled to disk) before its handler runs.
        # A middleware's exceptions bypass the error handlers, so the 413 is answered here.
        if reason := declared_too_large(request, largest):
            return error_response(413, reason)
        return await call_next(request)

    guard = [Depends(_bearer(api_key))] if api_key else []
    app.include_router(chat_routes(assistant), dependencies=guard)
    app.include_router(library_routes(assistant), dependencies=guard)
    app.include_router(conversation_routes(assistant), dependencies=guard)
    return app


def _bearer(api_key: str) -> Any:
    scheme = HTTPBearer(auto_error=False)

    def check(credentials: HTTPAuthorizationCredentials | None = Depends(scheme)) -> None:  # noqa: B008
        given = credentials.credentials if credentials else ""
        if not hmac.compare_digest(given.encode(), api_key.encode()):
            raise HTTPException(401, "a valid API key is required: Authorization: Bearer <CAIBAO_API_KEY>",
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip

    return check
