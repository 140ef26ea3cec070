"""PDF text page by page with pdfplumber, tables rendered one row per line under their column headers."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ingest.errors import IngestError
from ingest.layout import is_contents_page, strip_furniture
from ingest.pdf_layout import PageLayout, page_layouts
from ingest.progress import PhaseProgress, ProgressCallback
from ingest.scales import reconcile_units
from ingest.tables import Table, label_pages_units, label_statement_lines, name_repeated_rows, period_header

PAGE_SEPARATOR = "\n\n"
_TITLE_MAX_CHARS = 100
# Column heads printed above a table take at most this many lines (span, dates, years).
_HEAD_LINES = 4

@dataclass(frozen=True)
class PagedText:
    """A PDF's text: `page_starts[i]` is the offset in `text` where page i+1 begins; `title` is "" if unset."""

    text: str
    page_starts: tuple[int, ...]
    title: str


def read_pdf(raw: bytes, path: Path, progress: ProgressCallback | None = None, workers: int = 1) -> PagedText:
    """Extract the text of every page, telling `progress` of each, with up to `workers` processes laying pages
    out; raise IngestError when the PDF is locked, damaged or has no text layer."""
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            reading = PhaseProgress(progress, "reading", "page", len(pdf.pages))
            pages: list[str] = []
            header: list[str] | None = None  # of the last table so far, for one that continues it on a new page
            for layout in page_layouts(pdf, raw, workers):
                text, header = _page_text(layout, header)
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
    return name_repeated_rows(reconcile_units(label_pages_units(pages)))


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


def _page_text(layout: PageLayout, carried_header: list[str] | None) -> tuple[str, list[str] | None]:
    """The page's paragraphs and tables in reading order (top to bottom), and the header of its last table.

    The page's first table, when it starts with figures, continues the last table of the page before and is read
    under `carried_header`.
    """
    tables = layout.tables
    blocks = list(layout.paragraphs)
    header = carried_header
    for number, found in enumerate(tables):
        table = Table(found.rows)
        continued = number == 0 and header is not None and len(header) == len(found.rows[0]) and table.continues_earlier
        inherited = header if continued else None
        if inherited is None and table.last_header is None:
            above = tables[number - 1].bbox[3] if number else 0.0
            inherited = _printed_header(found.rows, layout.paragraphs, above, found.bbox[1])
        blocks.append((found.bbox[1], "\n".join(table.lines(inherited))))
        header = table.last_header or inherited
    text = "\n".join(block for _, block in sorted(blocks, key=lambda block: block[0]) if block)
    text = label_statement_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
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
