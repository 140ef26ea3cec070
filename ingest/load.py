"""Read a file from disk into a SourceDocument: plain text and Markdown, PDF and HTML."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.decode import decode_text
from ingest.errors import IngestError
from ingest.html import read_html
from ingest.pdf import read_pdf
from ingest.progress import ProgressCallback
from ingest.records import SourceDocument
from ingest.scales import render_text_tables

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".html", ".htm")
_HTML_SUFFIXES = (".html", ".htm")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_TITLE_MAX_CHARS = 100
# A file over this is refused unread. Size alone says little (an annual report's scans weigh more than its text).
MAX_FILE_MB = 100
# Embedding is what costs: 3 million characters are ~9,000 chunks, ~15 minutes of embedding on two cores.
MAX_TEXT_CHARS = 3_000_000


def load_document(
    path: str | Path,
    source: str | None = None,
    max_mb: float = MAX_FILE_MB,
    max_chars: int = MAX_TEXT_CHARS,
    progress: ProgressCallback | None = None,
    workers: int = 1,
) -> SourceDocument:
    """Read and decode `path`; raise IngestError with a one-line reason if it is not usable text.

    `source` names the document instead of its resolved path: an upload's temporary copy is not where it
    came from, and a later upload under the same name should replace it. Files over `max_mb` are refused
    unread, and files whose text is over `max_chars` once read. `progress` hears of each PDF page read; up to
    `workers` processes read a long PDF's pages.
    """
    path = Path(path)
    text, encoding, page_starts, title = _extract(_read_bytes(path, max_mb), path, progress, workers)
    if not text.strip():
        raise IngestError(f"{path}: file has no text (only whitespace)")
    if len(text) > max_chars:
        raise IngestError(f"{path}: {len(text):,} characters of text, over the {max_chars:,} limit for one document; split it")
    return SourceDocument(
        doc_id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=source or str(path.resolve()),
        title=title or _title_of(text, path),
        text=text,
        encoding=encoding,
        page_starts=page_starts,
    )


def _extract(
    raw: bytes, path: Path, progress: ProgressCallback | None, workers: int
) -> tuple[str, str, tuple[int, ...], str]:
    """(text, encoding, page_starts, title) by file type; title is "" when the format does not carry one."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        # "pdf" stands where a text file's charset goes: PDF text comes out as Unicode, with no charset to tell.
        paged = read_pdf(raw, path, progress, workers)
        return paged.text, "pdf", paged.page_starts, paged.title
    if suffix in _HTML_SUFFIXES:
        page = read_html(raw, path)
        return _unix_newlines(page.text), page.encoding, (), page.title
    text, encoding = decode_text(raw, path)
    text = _unix_newlines(text)
    if suffix in _MARKDOWN_SUFFIXES:
        # A Markdown table's rows read like a PDF's, each value labelled by its column head and the caption's unit,
        # so its figures become table facts (a pipe table's raw rows name no column).
        text = render_text_tables(text)
    return text, encoding, (), ""


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path, max_mb: float) -> bytes:
    if not path.exists():
        raise IngestError(f"{path}: no such file")
    if path.is_dir():
        raise IngestError(f"{path}: is a directory, not a file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(f"{path}: unsupported file type {path.suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    size_mb = path.stat().st_size / 2**20
    if size_mb > max_mb:
        raise IngestError(f"{path}: {size_mb:.1f} MB is over the {max_mb:g} MB limit for one file")
    raw = path.read_bytes()
    if not raw:
        raise IngestError(f"{path}: file is empty")
    return raw


def _title_of(text: str, path: Path) -> str:
    first_line = next(line.strip() for line in text.splitlines() if line.strip())
    first_line = first_line.lstrip("#").strip()
    if 0 < len(first_line) <= _TITLE_MAX_CHARS:
        return first_line
    return path.stem
