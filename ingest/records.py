"""Typed records passed from ingest to the store."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceDocument:
    """A decoded file: `text` is what every chunk span points into."""

    doc_id: str
    source: str
    title: str
    text: str
    encoding: str


@dataclass(frozen=True)
class ChunkRecord:
    """A citable slice of a document: `document.text[char_start:char_end] == text`."""

    chunk_id: str
    doc_id: str
    source: str
    title: str
    chunk_index: int
    char_start: int
    char_end: int
    text: str
