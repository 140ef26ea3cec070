"""Bytes to text for Chinese and English files: UTF-8, the GB encodings, Big5, a declared charset, or a detected one."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.errors import IngestError

# Bytes that never occur in real text files; a few of them mean the file is binary.
_CONTROL_BYTES = set(range(9)) | {11, 12} | set(range(14, 32))
_SNIFF_BYTES = 8192
# Pages labelled GB2312 or GBK routinely use characters only GB18030 (their superset) names.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}
# Big5's common characters sit where GB2312 keeps kana, Greek, box drawing and nothing, so Big5 read as GB18030
# is mostly those and rare characters: 67-100% of the non-ASCII in Big5 filing phrases, at most 5% in GB text.
_BIG5_SHARE = 0.3
_BIG5_SNIFF_CHARS = 4096


def decode_text(raw: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """Decode UTF-8, then the `declared` charset, then GB18030 (a superset of GBK/GB2312) or Big5 when the
    GB18030 reading looks like misread Big5, then a detected one.

    UTF-8 goes first even over a declaration: bytes that decode as UTF-8 almost never are anything else,
    while GB18030 decodes most byte strings without error. A declaration matters for the rest (Big5 pages).
    """
    if _looks_binary(raw):
        raise IngestError(f"{path}: looks like a binary file, not text")
    for encoding in _candidates(declared):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and (big5 := _big5_reading(raw, text)) is not None:
            return big5, "big5"
        return text, encoding
    best = from_bytes(raw).best()
    if best is None:
        raise IngestError(f"{path}: cannot detect the text encoding")
    return str(best), best.encoding


def _candidates(declared: str | None) -> list[str]:
    candidates = ["utf-8-sig"]
    known = _codec_name(declared) if declared else None
    if known and known not in ("utf-8", "gb18030"):
        candidates.append(known)
    return [*candidates, "gb18030"]


def _codec_name(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _big5_reading(raw: bytes, gb_text: str) -> str | None:
    """`raw` decoded as Big5 when its GB18030 reading `gb_text` looks like Big5 misread, else None.

    GB18030 decodes nearly any Big5 bytes without error, into nonsense.
    """
    wide = [char for char in gb_text[:_BIG5_SNIFF_CHARS] if ord(char) > 0x7F]
    if not wide or sum(map(_unusual_in_gb, wide)) < len(wide) * _BIG5_SHARE:
        return None
    try:
        return raw.decode("big5")
    except UnicodeDecodeError:
        return None


def _unusual_in_gb(char: str) -> bool:
    """Outside GB2312, or in its rows of kana, Greek, Cyrillic, pinyin and box drawing (A4-A9)."""
    try:
        lead = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return True
    return 0xA4 <= lead <= 0xA9


def _looks_binary(raw: bytes) -> bool:
    head = raw[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    control = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return control > len(head) * 0.01
