"""How the API says no: a bad request (400), a body too large (413), a busy queue (429 with Retry-After)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

from rag import Busy

# A busy caibao answers a question in ~5 s; a client told to come back sooner would only be refused again.
RETRY_AFTER_S = 5
T = TypeVar("T")


class BadRequest(ValueError):
    """The request cannot be answered as sent; the message says what to change."""


def install_error_handlers(app: FastAPI) -> None:
    """Errors as OpenAI clients read them: {"error": {"message", "type"}}."""

    @app.exception_handler(Busy)
    async def busy(_request: Request, error: Busy) -> JSONResponse:
        return error_response(429, str(error), "busy", {"Retry-After": str(RETRY_AFTER_S)})

    @app.exception_handler(BadRequest)
    async def bad_request(_request: Request, error: BadRequest) -> JSONResponse:
        return error_response(400, str(error), "invalid_request_error")

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, error: HTTPException) -> JSONResponse:
        return error_response(error.status_code, str(error.detail), "http_error", error.headers)


def error_response(
    status: int, message: str, kind: str = "http_error", headers: dict[str, str] | None = None
) -> JSONResponse:
    """An error as OpenAI clients read it: {"error": {"message", "type"}}."""
    return JSONResponse({"error": {"message": message, "type": kind}}, status, headers)


def asked(ask: Callable[..., T], *args: Any) -> T:
    """`ask(*args)` with a question caibao refuses (empty, too long) turned into a 400."""
    try:
        return ask(*args)
    except ValueError as error:
        raise BadRequest(str(error)) from error


def declared_too_large(request: Request, max_bytes: int) -> str:
    """Why the request's declared body length is over `max_bytes`; "" when it is not (or declares none)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        return f"the request is {int(declared):,} bytes; at most {max_bytes:,} are read"
    return ""


def too_large(request: Request, max_bytes: int) -> None:
    """A 413 when the request declares a body over `max_bytes`."""
    if reason := declared_too_large(request, max_bytes):
        raise HTTPException(413, reason)


async def json_body(request: Request, max_bytes: int) -> dict[str, Any]:
    """The request's JSON object, refused over `max_bytes` (by its declared length before anything is read)."""
    too_large(request, max_bytes)
    raw = await request.body()
    if len(raw) > max_bytes:
        raise HTTPException(413, f"the request is {len(raw):,} bytes; at most {max_bytes:,} are read")
    try:
        body = await request.json()
    except ValueError:
        raise BadRequest("the body is not JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body
