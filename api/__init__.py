"""caibao over HTTP: an OpenAI-compatible chat API beside a REST API for documents and answers."""

from api.app import build_api
from api.server import serve

__all__ = ["build_api", "serve"]
