"""Read a file from disk into a SourceDocument, decoding Chinese legacy encodings."""

from __future__ import annotations

import hashlib
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.errors import IngestError
from ingest.records import SourceDocument

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown")
_TITLE_MAX_CHARS = 100
# Bytes that never occur in real text files; a few of them mean the file is binary.
_CONTROL_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32))
_SNIFF_BYTES = 8192


def load_document(path: str | Path, source: str | None = None) -> SourceDocument:
    """Read and decode `path`; raise IngestError with a one-line reason if it is not usable text.

    `source` names the document instead of its resolved path: an upload's temporary copy is not where it
    came from, and a later upload under the same name should replace it.
    """
    path = Path(path)
    raw = _read_bytes(path)
    text, encoding = decode_text(raw, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{path}: file has no text (only whitespace)")
    return SourceDocument(
        doc_id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=source or str(path.resolve()),
        title=_title_of(text, path),
        text=text,
        encoding=encoding,
    )


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise IngestError(f"{path}: no such file")
    if path.is_dir():
        raise IngestError(f"{path}: is a directory, not a file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(f"{path}: unsupported file type {path.suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    raw = path.read_bytes()
    if not raw:
        raise IngestError(f"{path}: file is empty")
    return raw


def decode_text(raw: bytes, path: Path) -> tuple[str, str]:
    """Decode UTF-8, then GB18030 (a superset of GBK/GB2312), then whatever charset detection finds."""
    if _looks_binary(raw):
        raise IngestError(f"{path}: looks like a binary file, not text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = from_bytes(raw).best()
    if best is None:
        raise IngestError(f"{path}: cannot detect the text encoding")
    return str(best), best.encoding


def _looks_binary(raw: bytes) -> bool:
    head = raw[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    control = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return control > len(head) * 0.01


def _title_of(text: str, path: Path) -> str:
    first_line = next(line.strip() for line in text.splitlines() if line.strip())
    first_line = first_line.lstrip("#").strip()
    if 0 < len(first_line) <= _TITLE_MAX_CHARS:
        return first_line
    return path.stem
