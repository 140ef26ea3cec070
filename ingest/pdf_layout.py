"""A PDF's pages read into paragraphs and tables (plain data), by worker processes when the PDF is long."""

from __future__ import annotations

import functools
import io
import math
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfplumber.page import Page

from fintext.text import EAST_ASIAN
from ingest.columns import read_columns
from ingest.ligatures import resolve_ligatures
from ingest.tables import is_figure_row, names_periods

Bbox = tuple[float, float, float, float]
# A line ending this close to the page's widest line was wrapped, so the next line continues its paragraph.
_FULL_LINE_SLACK = 0.08
# Under this many pages a worker's share saves less than its start and the pages' trip back cost.
MIN_PAGES_PER_WORKER = 8
# Pages go to the workers in runs of about a quarter of each one's share: big enough that reopening the page tree
# costs nothing, small enough that a worker given the table-heavy pages does not finish long after the other.
_RUNS_PER_WORKER = 4


@dataclass(frozen=True)
class PageTable:
    """A ruled table found on a page: where it is, and its cells one line each (a merged cell is "")."""

    bbox: Bbox
    rows: list[list[str]]


@dataclass(frozen=True)
class PageLayout:
    """A page's text outside its tables as (top, paragraph) in reading order, and its tables top to bottom."""

    paragraphs: list[tuple[float, str]]
    tables: list[PageTable]


def page_layouts(pdf: pdfplumber.PDF, raw: bytes, workers: int) -> Iterator[PageLayout]:
    """Each page's layout in page order: read by `workers` processes, or in this one when the PDF is short.

    Laying out a page is pdfminer interpreting its content stream in pure Python (~90% of reading a report), so
    threads would take turns; separate processes read separate pages at once.
    """
    workers = min(workers, len(pdf.pages) // MIN_PAGES_PER_WORKER)
    if workers < 2:
        yield from map(page_layout, pdf.pages)
        return
    run = math.ceil(len(pdf.pages) / (workers * _RUNS_PER_WORKER))
    runs = [range(first, min(first + run, len(pdf.pages))) for first in range(0, len(pdf.pages), run)]
    # fork, not spawn: a spawned worker re-imports the caller's main module, which runs a script written without
    # `if __name__ == "__main__"` (an analyst's notebook export) again, and the pool hangs. A forked worker only
    # lays out pages: it never touches the parent's threads (torch, Chroma, gradio) or the locks they may hold.
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_open_in_worker, initargs=(raw,))
    try:
        for layouts in pool.map(_layouts_in_worker, runs):
            yield from layouts
    finally:
        pool.shutdown(cancel_futures=True)


def page_layout(page: Page) -> PageLayout:
    resolve_ligatures(page.chars)
    tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
    outside = page.filter(_outside([table.bbox for table in tables]))
    paragraphs = _paragraphs(read_columns(outside.extract_text_lines(return_chars=True)))
    layout = PageLayout(paragraphs, [PageTable(table.bbox, _cells(table.extract())) for table in tables])
    # Parsed layout objects are cached per page; drop them so a long filing does not hold every page in memory.
    page.close()
    return layout


_worker_pdf: pdfplumber.PDF | None = None


def _open_in_worker(raw: bytes) -> None:
    global _worker_pdf
    _worker_pdf = pdfplumber.open(io.BytesIO(raw))


def _layouts_in_worker(numbers: range) -> list[PageLayout]:
    assert _worker_pdf is not None, "the worker's initializer opens the PDF"
    return [page_layout(_worker_pdf.pages[number]) for number in numbers]


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
