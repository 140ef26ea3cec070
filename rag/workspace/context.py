"""The document's own text around a cited passage, stitched back together from its neighbouring chunks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest import ChunkRecord
from rag.types import Citation

# Where the neighbours leave a stretch of the document out (a chunk the splitter dropped): said, not hidden.
GAP = " … "


@dataclass(frozen=True)
class PassageContext:
    """What the document says just `before` and `after` a cited passage (each character once: chunks overlap)."""

    before: str
    after: str


def passage_context(citation: Citation, neighbours: Sequence[ChunkRecord]) -> PassageContext:
    """The text of `neighbours` (the cited chunk and those around it) before and after the cited span."""
    ordered = sorted(neighbours, key=lambda chunk: chunk.char_start)
    if not ordered:
        return PassageContext("", "")
    start, end = ordered[0].char_start, max(chunk.char_end for chunk in ordered)
    before = _text_between(ordered, start, citation.char_start)
    return PassageContext(before, _text_between(ordered, citation.char_end, end))


def _text_between(ordered: Sequence[ChunkRecord], start: int, end: int) -> str:
    """`document.text[start:end]` read off the chunks (each is a slice of the document) that cover it."""
    pieces, position = [], start
    for chunk in ordered:
        if position >= end:
            break
        if chunk.char_end <= position:
            continue
        if chunk.char_start >= end:
            break
        if chunk.char_start > position:
            pieces.append(GAP)
            position = chunk.char_start
        stop = min(end, chunk.char_end)
        pieces.append(chunk.text[position - chunk.char_start : stop - chunk.char_start])
        position = stop
    if position < end:
        pieces.append(GAP)
    return "".join(pieces)
