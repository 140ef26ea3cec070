"""A PDF page drawn as an image with quoted text highlighted where the PDF prints it (pdfium's character boxes)."""

from __future__ import annotations

import difflib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

# A shared run shorter than this is chance (a digit, a 的), not the quote found on the page.
MIN_MATCH_CHARS = 4
_HIGHLIGHT = (255, 214, 0, 96)
_OUTLINE = (230, 150, 0, 255)

Box = tuple[float, float, float, float]  # left, top, right, bottom in image pixels


@dataclass(frozen=True)
class PageImage:
    """Page `page` (1-based) as PNG bytes, and the highlight boxes drawn on it; `found` is the share of the
    quotes' characters located on the page (0 when none was: the image is then the page alone)."""

    page: int
    png: bytes
    width: int
    height: int
    boxes: tuple[Box, ...]
    found: float


def highlighted_page(pdf: Path | bytes, page: int, quotes: list[str], scale: float = 1.5) -> PageImage:
    """Draw `page` of `pdf` with the characters of `quotes` boxed; IndexError when the PDF has no such page.

    A quote is caibao's text (table rows re-rendered "label | header: value", wrapped lines rejoined), not the
    PDF's own character stream, so it is aligned to the page after both are folded (NFKC, no whitespace), and
    every shared run of `MIN_MATCH_CHARS` or more is highlighted.
    """
    document = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= page <= len(document):
            raise IndexError(f"the PDF has {len(document)} pages, not a page {page}")
        pdf_page = document[page - 1]
        text_page = pdf_page.get_textpage()
        indices, total = _located(text_page.get_text_range(), quotes)
        height_pt = pdf_page.get_height()
        boxes = _line_boxes(text_page, indices, height_pt, scale)
        image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
    finally:
        document.close()
    image = _with_boxes(image, boxes)
    png = io.BytesIO()
    image.convert("RGB").save(png, format="PNG")
    return PageImage(page, png.getvalue(), image.width, image.height, tuple(boxes), len(indices) / total if total else 0.0)


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` in NFKC without whitespace, and for each kept character its index in `text`."""
    kept, where = [], []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        for piece in folded:
            if not piece.isspace():
                kept.append(piece)
                where.append(index)
    return "".join(kept), where


def _located(page_text: str, quotes: list[str]) -> tuple[set[int], int]:
    """The page's character indices that the quotes' shared runs cover, and how many quote characters there were."""
    page, where = _folded(page_text)
    indices: set[int] = set()
    total = 0
    for quote in quotes:
        wanted, _ = _folded(quote)
        total += len(wanted)
        for start, size in _shared_runs(page, wanted):
            indices.update(where[start : start + size])
    return indices, total


def _shared_runs(page: str, wanted: str) -> list[tuple[int, int]]:
    """(start on the page, length) of the runs `wanted` shares with `page`. One alignment keeps order, but a table
    row rendered "label | header: value" puts the header, printed above the row, between label and value: what one
    pass leaves is aligned again, its found runs masked, until a pass finds nothing more."""
    runs: list[tuple[int, int]] = []
    while True:
        blocks = difflib.SequenceMatcher(None, page, wanted, autojunk=False).get_matching_blocks()
        found = [block for block in blocks if block.size >= min(MIN_MATCH_CHARS, len(wanted))]
        if not found:
            return runs
        runs += [(block.a, block.size) for block in found]
        for block in found:  # masked on both sides, so neither run is matched twice
            wanted = wanted[: block.b] + "\0" * block.size + wanted[block.b + block.size :]
            page = page[: block.a] + "\1" * block.size + page[block.a + block.size :]


def _line_boxes(text_page: pdfium.PdfTextPage, indices: set[int], height_pt: float, scale: float) -> list[Box]:
    """The boxes of the characters at `indices` (pdfium: left, bottom, right, top in points from the bottom),
    joined where neighbours on one line (a space between at most), in image pixels: text between two quoted runs
    that is not quoted stays unboxed."""
    lines: list[list[float]] = []
    previous = -2
    for index in sorted(indices):
        left, bottom, right, top = text_page.get_charbox(index)
        if right <= left or top <= bottom:  # a generated character (a line break): no ink
            continue
        last = lines[-1] if lines else None
        same_line = last is not None and min(top, last[3]) - max(bottom, last[1]) > 0.5 * (top - bottom)
        if last is not None and same_line and index - previous <= 2:
            last[:] = [min(last[0], left), min(last[1], bottom), max(last[2], right), max(last[3], top)]
        else:
            lines.append([left, bottom, right, top])
        previous = index
    return [(left * scale, (height_pt - top) * scale, right * scale, (height_pt - bottom) * scale) for left, bottom, right, top in lines]


def _with_boxes(image: Image.Image, boxes: list[Box]) -> Image.Image:
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, top, right, bottom in boxes:
        draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=_HIGHLIGHT, outline=_OUTLINE, width=2)
    return Image.alpha_composite(image, overlay)
