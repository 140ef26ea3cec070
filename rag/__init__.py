"""Answering questions over filings: `from rag import Assistant`."""

from rag.answer_queue import Busy
from rag.assistant import Assistant, IngestResult
from rag.context import PassageContext
from rag.settings import Settings
from rag.types import Answer, Citation, Derived, Operand, Passage, Quote, Turn

__all__ = [
    "Answer", "Assistant", "Busy", "Citation", "Derived", "IngestResult", "Operand", "Passage", "PassageContext", "Quote",
    "Settings", "Turn",
]  # fmt: skip
