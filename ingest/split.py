"""Sentence splitting for Chinese and English, and packing sentences into overlapping chunks."""

from __future__ import annotations

import bisect
import hashlib
import re

from ingest.records import ChunkRecord, SourceDocument
from ingest.sections import Heading, find_headings, section_at, section_paths

Span = tuple[int, int]

DEFAULT_MIN_CHARS = 150
DEFAULT_MAX_CHARS = 400

# A sentence ends at CJK/ASCII terminators (plus any closing quotes or brackets), at a full stop that
# is followed by whitespace (so 317.42 and 3.5% stay whole), or at a line break.
_BOUNDARY = re.compile(r"[。！？；!?…]+[\"'”’」』）)】]*|\.[\"'”’)]*(?=\s)|\n+")
# Places inside an over-long sentence where a cut reads naturally; a comma only when no digit follows,
# so 31,742 and ３１，７４２ stay whole.
_SOFT_BREAK = re.compile(r"[、：:；]|[,，](?!\d)|\s")
# A hard cut steps back over these, so a cut never lands inside 317.42, ３１７．４２ or -3%.
_NUMBER_CHAR = re.compile(r"[0-9０-９.,%％．，\-−－]")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp", "no", "vs", "etc", "st", "jr", "fig"}
)


def split_sentences(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[Span]:
    """Return (start, end) spans of the sentences in `text`, none longer than `max_chars`."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group().startswith(".") and _ends_with_abbreviation(text, match.start()):
            continue
        _append_trimmed(spans, text, start, match.end())
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return [piece for span in spans for piece in _cut_long(text, span, max_chars)]


def chunk_document(
    document: SourceDocument,
    min_chars: int = DEFAULT_MIN_CHARS,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[ChunkRecord]:
    """Pack the document's sentences into chunks of up to `max_chars`, overlapping by one sentence.

    A chunk never crosses a page break, so the page it cites holds all of it, nor a heading, so it belongs to one
    section (`ChunkRecord.section`).
    """
    headings = find_headings(document.text)
    paths = section_paths(headings)
    spans: list[tuple[Span, str]] = []
    for section, sentences in _by_page_and_section(split_sentences(document.text, max_chars), document, headings, paths):
        packed = _pack(sentences, min_chars, max_chars)
        spans += [((sentences[first][0], sentences[last][1]), section) for first, last in packed]
    return [_record(document, index, start, end, section) for index, ((start, end), section) in enumerate(spans)]


def page_at(page_starts: tuple[int, ...], offset: int) -> int | None:
    """The 1-based page holding `offset` in a text whose pages begin at `page_starts`; None without pages."""
    return bisect.bisect_right(page_starts, offset) or None


def _by_page_and_section(
    sentences: list[Span], document: SourceDocument, headings: list[Heading], paths: list[str]
) -> list[tuple[str, list[Span]]]:
    """Consecutive sentences grouped by page and section, with the section's path; no sentence spans a page
    break, and a heading starts a group of its own."""
    groups: dict[tuple[int | None, int], tuple[str, list[Span]]] = {}
    for sentence in sentences:
        index, path = section_at(headings, paths, sentence[0])
        groups.setdefault((page_at(document.page_starts, sentence[0]), index), (path, []))[1].append(sentence)
    return list(groups.values())


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    # Single letters and dotted initialisms (U.S., e.g.) are abbreviations, not sentence ends.
    return len(word) == 1 or "." in word or word in _ABBREVIATIONS


def _cut_long(text: str, span: Span, max_chars: int) -> list[Span]:
    """Cut a sentence longer than `max_chars` at soft breaks, never inside a number."""
    pieces: list[Span] = []
    start, end = span
    while end - start > max_chars:
        cut = _best_cut(text, start, start + max_chars)
        _append_trimmed(pieces, text, start, cut)
        start = cut
    _append_trimmed(pieces, text, start, end)
    return pieces


def _best_cut(text: str, start: int, limit: int) -> int:
    window = text[start:limit]
    # Match one character past the window, so a comma's lookahead sees the digit after it ("31,|742").
    ahead = _SOFT_BREAK.finditer(text[start : limit + 1])
    breaks = [match.end() for match in ahead if len(window) // 2 < match.end() <= len(window)]
    if breaks:
        return start + breaks[-1]
    cut = limit
    while cut > start + 1 and _NUMBER_CHAR.match(text[cut - 1]) and _NUMBER_CHAR.match(text[cut]):
        cut -= 1
    return cut


def _pack(sentences: list[Span], min_chars: int, max_chars: int) -> list[tuple[int, int]]:
    """Group sentence indexes greedily; the next group repeats the previous group's last sentence."""
    groups: list[tuple[int, int]] = []
    first = 0
    while first < len(sentences):
        last = first
        while last + 1 < len(sentences) and sentences[last + 1][1] - sentences[first][0] <= max_chars:
            last += 1
        groups.append((first, last))
        if last + 1 >= len(sentences):
            break
        overlap_fits = sentences[last + 1][1] - sentences[last][0] <= max_chars
        first = last if last > first and overlap_fits else last + 1
    return _merge_short_tail(groups, sentences, min_chars, max_chars)


def _merge_short_tail(
    groups: list[tuple[int, int]], sentences: list[Span], min_chars: int, max_chars: int
) -> list[tuple[int, int]]:
    """A last chunk below `min_chars` is folded into its predecessor when the result still fits."""
    if len(groups) < 2:
        return groups
    (prev_first, _), (tail_first, tail_last) = groups[-2], groups[-1]
    tail_chars = sentences[tail_last][1] - sentences[tail_first][0]
    merged_chars = sentences[tail_last][1] - sentences[prev_first][0]
    if tail_chars < min_chars and merged_chars <= max_chars * 1.25:
        return [*groups[:-2], (prev_first, tail_last)]
    return groups


def _record(document: SourceDocument, index: int, start: int, end: int, section: str) -> ChunkRecord:
    text = document.text[start:end]
    text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    chunk_id = hashlib.sha256(f"{document.doc_id}:{index}:{text_hash}".encode()).hexdigest()[:32]
    return ChunkRecord(
        chunk_id=chunk_id,
        doc_id=document.doc_id,
        source=document.source,
        title=document.title,
        chunk_index=index,
        char_start=start,
        char_end=end,
        text=text,
        page=page_at(document.page_starts, start),
        company=document.metadata.company,
        period=document.metadata.period,
        section=section,
        fiscal_year_end=document.metadata.fiscal_year_end,
    )
