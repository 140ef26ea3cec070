"""Answering questions over filings: `from rag import Assistant`."""

from rag.answer_queue import Busy
from rag.assistant import Assistant
from rag.settings import Settings
from rag.types import Answer, Citation, Derived, Operand, Passage, Quote, Turn
from rag.workspace.context import PassageContext
from rag.workspace.files import IngestResult

__all__ = [
    "Answer", "Assistant", "Busy", "Citation", "Derived", "IngestResult", "Operand", "Passage", "PassageContext", "Quote",
    "Settings", "Turn",
]  # fmt: skip
