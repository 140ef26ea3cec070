"""PDF text page by page with pdfplumber, tables rendered one row per line under their column headers."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from ingest.columns import read_columns
from ingest.errors import IngestError
from ingest.layout import is_contents_page, strip_furniture
from ingest.progress import PhaseProgress, ProgressCallback
from ingest.tables import (
    Table,
    is_figure_row,
    label_pages_units,
    label_statement_lines,
    name_repeated_rows,
    names_periods,
    period_header,
)
from ingest.text import EAST_ASIAN

PAGE_SEPARATOR = "\n\n"
_TITLE_MAX_CHARS = 100
# Column heads printed above a table take at most this many lines (span, dates, years).
_HEAD_LINES = 4
# A line ending this close to the page's widest line was wrapped, so the next line continues its paragraph.
_FULL_LINE_SLACK = 0.08

Bbox = tuple[float, float, float, float]


@dataclass(frozen=True)
class PagedText:
    """A PDF's text: `page_starts[i]` is the offset in `text` where page i+1 begins; `title` is "" if unset."""

    text: str
    page_starts: tuple[int, ...]
    title: str


def read_pdf(raw: bytes, path: Path, progress: ProgressCallback | None = None) -> PagedText:
    """Extract the text of every page, telling `progress` of each; raise IngestError when the PDF is locked,
    damaged or has no text layer."""
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            reading = PhaseProgress(progress, "reading", "page", len(pdf.pages))
            pages: list[str] = []
            header: list[str] | None = None  # of the last table so far, for one that continues it on a new page
            for page in pdf.pages:
                text, header = _page_text(page, header)
                pages.append(text)
                reading.update(len(pages))
            title = _metadata_title(pdf.metadata)
    except PdfminerException as error:
        raise _read_error(path, error.args[0] if error.args else error) from error
    except Exception as error:
        # pdfminer raises many kinds of errors on damaged files; every one means the same to the user.
        raise _read_error(path, error) from error
    if not any(page.strip() for page in pages):
        raise IngestError(f"{path}: the PDF has no text layer (a scan?); run OCR first")
    return _join_pages(_content_of(pages), title)


def _content_of(pages: list[str]) -> list[str]:
    """Pages as an answer may quote them: no running headers, footers or page numbers, and a contents page empty
    (its titles and page numbers would be retrieved for every question about a section it lists)."""
    pages = strip_furniture(pages)
    pages = ["" if is_contents_page(page, number, len(pages)) else page for number, page in enumerate(pages, 1)]
    # After the furniture is gone, so that a table continued under the next page's running header keeps its unit
    # and its captions.
    return name_repeated_rows(label_pages_units(pages))


def _read_error(path: Path, cause: object) -> IngestError:
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return IngestError(f"{path}: the PDF is encrypted; save an unprotected copy and ingest that")
    reason = " ".join(str(cause).split()) or type(cause).__name__
    return IngestError(f"{path}: cannot read the PDF (damaged or not a PDF: {reason})")


def _metadata_title(metadata: dict[str, Any]) -> str:
    title = metadata.get("Title")
    title = " ".join(title.split()) if isinstance(title, str) else ""
    return title if len(title) <= _TITLE_MAX_CHARS else ""


def _join_pages(pages: list[str], title: str) -> PagedText:
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + len(PAGE_SEPARATOR)
    return PagedText(PAGE_SEPARATOR.join(pages), tuple(starts), title)


def _page_text(page: Page, carried_header: list[str] | None) -> tuple[str, list[str] | None]:
    """The page's paragraphs and tables in reading order (top to bottom), and the header of its last table.

    The page's first table, when it starts with figures, continues the last table of the page before and is read
    under `carried_header`.
    """
    tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
    bboxes = [table.bbox for table in tables]
    outside = page.filter(_outside(bboxes))
    paragraphs = _paragraphs(read_columns(outside.extract_text_lines(return_chars=True)))
    blocks = list(paragraphs)
    header = carried_header
    for number, found in enumerate(tables):
        rows = _cells(found.extract())
        table = Table(rows)
        continued = number == 0 and header is not None and len(header) == len(rows[0]) and table.continues_earlier
        inherited = header if continued else None
        if inherited is None and table.last_header is None:
            inherited = _printed_header(rows, paragraphs, tables[number - 1].bbox[3] if number else 0.0, found.bbox[1])
        blocks.append((found.bbox[1], "\n".join(table.lines(inherited))))
        header = table.last_header or inherited
    text = "\n".join(block for _, block in sorted(blocks, key=lambda block: block[0]) if block)
    text = label_statement_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
    # Parsed layout objects are cached per page; drop them so a long filing does not hold every page in memory.
    page.close()
    return text, header if tables else None


def _printed_header(
    rows: list[list[str]], paragraphs: list[tuple[float, str]], above: float, top: float
) -> list[str] | None:
    """Column heads printed as text between the previous table (or the page top) and this one, when the PDF's
    table has none; None unless they name every value column (`period_header`)."""
    lines = [text for start, text in paragraphs if above <= start < top][-_HEAD_LINES:]
    # One name per value column; `render_table` pairs a row's figures with them in order.
    return period_header(lines, _value_columns(rows))


def _value_columns(rows: list[list[str]]) -> int:
    """How many figures the table's fullest row holds, once split-off "$" and ")" cells are discounted."""
    return max((sum(1 for cell in row[1:] if cell.strip() not in ("", "$", ")", "%")) for row in rows), default=0)


def _outside(bboxes: list[Bbox]) -> Callable[[dict[str, Any]], bool]:
    """A filter keeping the objects whose centre lies in none of `bboxes`: table text comes from the tables."""

    def keep(obj: dict[str, Any]) -> bool:
        if "x0" not in obj or "top" not in obj:
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x < x1 and top <= y < bottom for x0, top, x1, bottom in bboxes)

    return keep


def _paragraphs(lines: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """Rejoin lines that the PDF wrapped, so a sentence is not cut at every line end; (top, text) per paragraph."""
    if not lines:
        return []
    left = min(line["x0"] for line in lines)
    right = max(line["x1"] for line in lines)
    full_from = right - (right - left) * _FULL_LINE_SLACK
    paragraphs: list[tuple[float, str]] = []
    previous: dict[str, Any] | None = None
    for line in lines:
        if previous is not None and _continues(previous, line, full_from):
            top, text = paragraphs[-1]
            paragraphs[-1] = (top, _join_wrapped(text, line["text"]))
        else:
            paragraphs.append((line["top"], line["text"]))
        previous = line
    return paragraphs


def _continues(previous: dict[str, Any], line: dict[str, Any], full_from: float) -> bool:
    height = previous["bottom"] - previous["top"]
    gap = line["top"] - previous["bottom"]
    # A table the PDF drew without rules is lines of figures reaching the right margin like wrapped prose: its rows
    # must stay lines, or a results release's whole table becomes one paragraph; so must the column heads over it
    # ("Three Months Ended Nine Months Ended"), or the caption above them reads as a row and loses its unit.
    # So must a row read from word positions (`read_columns`), which no longer looks like figures.
    if any(is_figure_row(text) or " | " in text for text in (previous["text"], line["text"])):
        return False
    if names_periods(line["text"]):
        return False
    return previous["x1"] >= full_from and 0 <= gap < height


def _join_wrapped(head: str, tail: str) -> str:
    # Chinese has no spaces between words, so a wrapped Chinese line joins directly; English needs the space back.
    if EAST_ASIAN.match(head[-1:]) or EAST_ASIAN.match(tail[:1]):
        return head + tail
    return f"{head} {tail}"


def _cells(rows: list[list[str | None]]) -> list[list[str]]:
    """Table cells as one-line strings: a merged cell is None, and a long one wraps onto several lines."""
    return [[_one_line(cell or "") for cell in row] for row in rows]


def _one_line(cell: str) -> str:
    lines = [line.strip() for line in cell.splitlines() if line.strip()]
    return functools.reduce(_join_wrapped, lines) if lines else ""
