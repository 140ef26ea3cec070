"""A PDF page drawn with the quoted words boxed where the PDF prints them (the generated PDF fixture)."""

import io

import pdfplumber
import pytest
from PIL import Image

from ingest.page_image import highlighted_page
from tests.conftest import FIXTURES

PDF = FIXTURES / "xinghe_2024q4.pdf"
SCALE = 2.0


def _word_box(page_number: int, word: str) -> tuple[float, float, float, float]:
    """Where pdfplumber (pdfminer, not pdfium) puts `word` on the page, in the image's pixels."""
    with pdfplumber.open(PDF) as pdf:
        found = next(w for w in pdf.pages[page_number - 1].extract_words() if w["text"] == word)
    return found["x0"] * SCALE, found["top"] * SCALE, found["x1"] * SCALE, found["bottom"] * SCALE


def _covers(box, word) -> bool:
    left, top, right, bottom = box
    w_left, w_top, w_right, w_bottom = word
    # pdfium's glyph boxes and pdfminer's word boxes differ by a pixel or two.
    return left <= w_left + 2 and right >= w_right - 2 and top <= (w_top + w_bottom) / 2 <= bottom


def test_a_table_row_quoted_as_caibao_renders_it_is_boxed_over_its_words():
    # The row as ingest renders it, not as the PDF prints it: label, header and value rejoined.
    page = highlighted_page(PDF, 2, ["营业收入 | 2024Q4: 3015.27"], scale=SCALE)
    assert page.found > 0.6
    image = Image.open(io.BytesIO(page.png))
    assert image.size == (page.width, page.height)
    for word in ("营业收入", "3015.27"):
        assert any(_covers(box, _word_box(2, word)) for box in page.boxes), word
    # Nothing boxed on the other rows.
    assert not any(_covers(box, _word_box(2, "1120.62")) for box in page.boxes)


def test_a_quote_the_page_does_not_hold_draws_the_page_without_boxes():
    page = highlighted_page(PDF.read_bytes(), 1, ["营业收入 3015.27"], scale=1.0)
    assert page.boxes == () and page.found < 0.5 and page.png.startswith(b"\x89PNG")


def test_a_page_the_pdf_does_not_have_is_an_index_error():
    with pytest.raises(IndexError, match="has 3 pages"):
        highlighted_page(PDF, 4, ["x"])
