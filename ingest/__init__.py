"""Reading filings into text and splitting them into citable chunks."""

from ingest.errors import IngestError
from ingest.load import SUPPORTED_SUFFIXES, load_document
from ingest.progress import IngestProgress, PhaseProgress, ProgressCallback
from ingest.records import ChunkRecord, DocumentMetadata, Fact, SourceDocument
from ingest.split import chunk_document, split_sentences

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ChunkRecord",
    "DocumentMetadata",
    "Fact",
    "IngestError",
    "IngestProgress",
    "PhaseProgress",
    "ProgressCallback",
    "SourceDocument",
    "chunk_document",
    "load_document",
    "split_sentences",
]
