"""Answering questions over filings: `from rag import Assistant`."""

from rag.answer_queue import Busy
from rag.assistant import Assistant, IngestResult
from rag.settings import Settings
from rag.types import Answer, Citation, Passage, Quote, Turn

__all__ = ["Answer", "Assistant", "Busy", "Citation", "IngestResult", "Passage", "Quote", "Settings", "Turn"]
