"""PDF loading with the real pdfplumber on a generated three-page bilingual filing (scripts/make_pdf_fixture.py)."""

import pytest
from fpdf import FPDF
from PIL import Image

from ingest import SUPPORTED_SUFFIXES, IngestError, chunk_document, load_document
from ingest.tables import label_table_units, render_table
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "xinghe_2024q4.pdf"
# The caption above the table says 人民币百万元, so each amount carries it.
REVENUE_ROW = "营业收入 | 2024Q4: 3015.27百万元 | 2023Q4: 2603.48百万元 | 同比: 15.8%"


@pytest.fixture(scope="module")
def document():
    return load_document(FIXTURE)


def _page(document, number: int) -> str:
    starts = (*document.page_starts, len(document.text))
    return document.text[starts[number - 1] : starts[number]]


def test_reading_reports_each_page_as_it_is_read():
    heard = []
    load_document(FIXTURE, progress=heard.append)
    assert [(step.phase, step.unit, step.done, step.total) for step in heard] == [
        ("reading", "page", done, 3) for done in range(4)
    ]


def test_pdf_is_a_supported_suffix():
    assert ".pdf" in SUPPORTED_SUFFIXES


def test_pdf_pages_are_kept_in_order(document):
    assert len(document.page_starts) == 3 and document.page_starts[0] == 0
    assert "今日公布截至2024年12月31日止第四季度" in _page(document, 1)
    assert "主要财务数据" in _page(document, 2) and "3015.27" in _page(document, 2)
    assert "末期股息每股0.12元" in _page(document, 3) and "3015.27" not in _page(document, 3)


def test_the_pdf_title_is_read_and_the_encoding_marked_pdf(document):
    assert document.title == "星河科技 2024年第四季度业绩公告"
    assert document.encoding == "pdf"


def test_each_pdf_table_row_is_rendered_under_its_header(document):
    page_2 = _page(document, 2)
    assert REVENUE_ROW in page_2.splitlines()
    assert "净利润 | 2024Q4: 356.20百万元 | 2023Q4: 301.75百万元 | 同比: 18.0%" in page_2.splitlines()
    # The cells appear once, in their rows: not also as a header line or loose words outside the table.
    assert page_2.count("2603.48") == 1 and "项目" not in page_2


def test_lines_the_pdf_wrapped_are_rejoined(document):
    assert "keep investing in research and development." in _page(document, 3)
    assert "2024. Cloud services" in _page(document, 1)


def test_pdf_chunks_carry_the_page_they_start_on(document):
    chunks = chunk_document(document, min_chars=40, max_chars=120)
    assert all(document.text[chunk.char_start : chunk.char_end] == chunk.text for chunk in chunks)
    # Chunks overlap by a sentence, so the row may be in two; both are on page 2.
    assert {chunk.page for chunk in chunks if REVENUE_ROW in chunk.text} == {2}
    assert {chunk.page for chunk in chunks} == {1, 2, 3}
    # No chunk runs across a page break, so its page holds all of it.
    assert all(chunk.text in _page(document, chunk.page) for chunk in chunks)


def test_text_files_have_no_pages(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("星河科技营业收入为3015.27百万元。", encoding="utf-8")
    [chunk] = chunk_document(load_document(path))
    assert chunk.page is None


def test_render_table_labels_values_with_their_column():
    rows = [["项目", "2024Q4", "2023Q4"], ["营业收入", "3015.27", "2603.48"], ["", " ", ""], ["净利润", "356.20", ""]]
    assert render_table(rows) == ["营业收入 | 2024Q4: 3015.27 | 2023Q4: 2603.48", "净利润 | 2024Q4: 356.20"]


def test_a_scanned_pdf_without_a_text_layer_raises_a_clear_error(tmp_path):
    path = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(path)
    with pytest.raises(IngestError, match="no text layer .*run OCR first") as raised:
        load_document(path)
    assert str(raised.value).startswith(str(path))


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"this is not a pdf at all", "junk.pdf"), (FIXTURE.read_bytes()[: FIXTURE.stat().st_size // 2], "truncated.pdf")],
)
def test_a_broken_pdf_raises_a_one_line_error(tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match="cannot read the PDF") as raised:
        load_document(path)
    assert "\n" not in str(raised.value)


def test_a_password_protected_pdf_raises_a_clear_error(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Revenue was RMB 3,015.27 million.")
    pdf.set_encryption(owner_password="owner", user_password="reader")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(IngestError, match="encrypted"):
        load_document(path)


@pytest.mark.parametrize(
    ("caption", "row", "labelled"),
    [
        ("主要财务数据（人民币百万元）", "营业收入 | 2024Q4: 3015.27 | 同比: 15.8%", "营业收入 | 2024Q4: 3015.27百万元 | 同比: 15.8%"),
        ("单位：万元", "净利润 | 本期: 1,250", "净利润 | 本期: 1,250万元"),
        ("（美元千元）", "收入 | 2024: 88", "收入 | 2024: 88千美元"),
        ("Key figures (in millions of US$)", "Revenue | 2024: 1,234.5", "Revenue | 2024: US$ 1,234.5 million"),
        ("Key figures", "Revenue | 2024: 1,234.5", "Revenue | 2024: 1,234.5"),
    ],
)
def test_label_table_units_carries_the_caption_unit_into_each_amount(caption, row, labelled):
    assert label_table_units(f"{caption}\n{row}\nA paragraph after the table.\n{row}") == (
        f"{caption}\n{labelled}\nA paragraph after the table.\n{row}"
    )


def test_rows_of_a_table_drawn_without_rules_stay_lines_while_prose_rejoins(tmp_path):
    lines = [
        "Fourth-quarter revenue was $14.0 billion, down 32 percent year-over-year and down 28 percent on a non-",
        "GAAP basis, as the company told its shareholders in a letter. The table shows it (dollars in millions):",
        "Three Months Ended                                           Nine Months Ended",
        "Revenue ($B)                              $14.0       $20.5       down 32%       $14.0       $19.5",
        "Gross margin                              39.2%       53.6%       down 14.5 ppts 43.8%       55.8%",
    ]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for line in lines:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "release.pdf"
    pdf.output(str(path))
    text_lines = load_document(path).text.split("\n")
    assert len(text_lines) == 4 and text_lines[0].endswith("(dollars in millions):")
    assert text_lines[1].startswith("Three Months Ended")
    assert text_lines[2].startswith("Revenue ($B)") and text_lines[3].startswith("Gross margin 39.2%")
