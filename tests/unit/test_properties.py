"""Property-based tests: chunk spans reproduce the text and never split a number; figures normalise across scales."""

import itertools
import re
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fintext.figures import english_reading, extract_figures, parse_figure, same_figure
from ingest import SourceDocument, chunk_document, split_sentences
from ingest.pdf import PAGE_SEPARATOR
from ingest.split import page_at

# 150 examples each keeps the file near ten seconds on two slow cores; no deadline, as a loaded machine stalls.
PROPERTY = settings(max_examples=150, deadline=None)

_FULL_WIDTH = str.maketrans("0123456789.,%-", "０１２３４５６７８９．，％－")
# A number as a reader sees it, with its sign, thousands groups, decimals and percent sign; full-width text
# uses full-width separators throughout.
NUMBER = re.compile(
    r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?%?"
    r"|－?(?:[０-９]{1,3}(?:，[０-９]{3})+(?![０-９])|[０-９]+)(?:．[０-９]+)?％?"
)


@st.composite
def decimals(draw, max_integer: int = 10**7) -> Decimal:
    """A non-negative decimal with up to four places, as filings print them ("317.42", "2801.54", "1.00")."""
    return Decimal(draw(st.integers(0, max_integer))).scaleb(-draw(st.integers(0, 4)))


def _written(value: Decimal, grouped: bool) -> str:
    return f"{value:,f}" if grouped else f"{value:f}"


@st.composite
def numbers(draw) -> str:
    """A number as it appears in running text: 317.42, 1,234.5, 13%, -3%, or their full-width forms."""
    text = _written(draw(decimals()), draw(st.booleans()))
    text = draw(st.sampled_from(["", "-"])) + text + draw(st.sampled_from(["", "%"]))
    return text.translate(_FULL_WIDTH) if draw(st.booleans()) else text


# Every unit starts with a non-digit, so two generated numbers never run together into one.
FIGURES = st.builds(
    lambda prefix, number, unit: prefix + number + unit,
    st.sampled_from(["", "US$", "RMB ", "¥"]),
    numbers(),
    st.sampled_from([" ", "亿元", " 亿元", "万", "万亿元", " billion", " million", "美元", "元", "个百分点", "家"]),
)
WORDS = st.sampled_from(
    ["收入", "同比增长", "云智能集团", "经调整EBITA", "净利润", "较上年同期", "下降", "达到", "人工智能相关产品"]
    + [" revenue", " rose", " to", " Cloud Intelligence Group", " margin", " U.S.", " Mr. Wu", " Inc.", " e.g."]
)
PUNCTUATION = st.sampled_from(
    ["。", "！", "？", "；", "，", "、", "：", "…", "”。"]
    + [". ", "! ", "? ", ", ", ")."]
    + ["\n", "\n\n", " ", "\u3000", "\t"]
)
# Long stretches with no punctuation or space force the hard cut that must step around numbers.
FILLER = st.text(alphabet="收入利润增长集团云智能经营活动现金流量", min_size=20, max_size=200)
TEXTS = st.lists(st.one_of(WORDS, FIGURES, PUNCTUATION, FILLER), max_size=60).map("".join)


def _document(text: str, page_starts: tuple[int, ...] = ()) -> SourceDocument:
    return SourceDocument(
        doc_id="d" * 64, source="/x.pdf", title="x", text=text, encoding="utf-8", page_starts=page_starts
    )


@st.composite
def documents(draw) -> SourceDocument:
    """A plain document, or a paged one joined the way the PDF loader joins pages."""
    pages = draw(st.lists(TEXTS, min_size=1, max_size=4))
    if len(pages) == 1 and draw(st.booleans()):
        return _document(pages[0])
    starts = [0]
    for page in pages[:-1]:
        starts.append(starts[-1] + len(page) + len(PAGE_SEPARATOR))
    return _document(PAGE_SEPARATOR.join(pages), tuple(starts))


def _assert_numbers_whole(text: str, spans: list[tuple[int, int]]) -> None:
    for number in NUMBER.finditer(text):
        assert any(start <= number.start() and number.end() <= end for start, end in spans), number.group()


@PROPERTY
@given(TEXTS, st.integers(40, 200))
def test_split_sentences_spans_are_ordered_trimmed_bounded_and_cover_the_text(text, max_chars):
    spans = split_sentences(text, max_chars)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert end - start <= max_chars
        assert text[start:end] == text[start:end].strip()
        previous_end = end
    covered = {offset for start, end in spans for offset in range(start, end)}
    assert all(offset in covered for offset, char in enumerate(text) if not char.isspace())


@PROPERTY
@given(TEXTS, st.integers(40, 200))
# Each once cut a number where the over-long sentence's window ended: "-" | "3%", "31," | "742" (the comma's
# lookahead could not see past the window), and full-width "，" and "．".
@example("收入" + "云" * 37 + "-3%", 40)
@example("收入" + "云" * 50 + "31,742亿元", 55)
@example("收入" + "云" * 50 + "３１，７４２亿元", 56)
@example("收入" + "云" * 50 + "３１７．４２亿元", 56)
def test_split_sentences_never_cuts_a_number(text, max_chars):
    _assert_numbers_whole(text, split_sentences(text, max_chars))


@PROPERTY
@given(documents(), st.integers(40, 300), st.integers(0, 300))
def test_chunk_document_chunks_reproduce_the_text_in_order_within_one_page(document, max_chars, min_chars):
    chunks = chunk_document(document, min(min_chars, max_chars), max_chars)
    assert [chunk.chunk_index for chunk in chunks] == list(range(len(chunks)))
    for previous, chunk in itertools.pairwise(chunks):
        assert previous.char_start < chunk.char_start and previous.char_end < chunk.char_end
    for chunk in chunks:
        assert chunk.text == document.text[chunk.char_start : chunk.char_end]
        assert chunk.page == page_at(document.page_starts, chunk.char_start)
        assert chunk.page == page_at(document.page_starts, chunk.char_end - 1)
    covered = {offset for chunk in chunks for offset in range(chunk.char_start, chunk.char_end)}
    assert all(offset in covered for offset, char in enumerate(document.text) if not char.isspace())


@PROPERTY
@given(documents(), st.integers(40, 300), st.integers(0, 300))
def test_chunk_document_exceeds_max_chars_only_by_folding_in_a_short_last_chunk(document, max_chars, min_chars):
    chunks = chunk_document(document, min(min_chars, max_chars), max_chars)
    for index, chunk in enumerate(chunks):
        last_on_page = index + 1 == len(chunks) or chunks[index + 1].page != chunk.page
        # _merge_short_tail lets a page's last chunk grow to 1.25 × max_chars rather than leave a scrap.
        assert len(chunk.text) <= (max_chars * 1.25 if last_on_page else max_chars)


@PROPERTY
@given(documents())
def test_chunk_document_ids_are_deterministic_and_distinct(document):
    first, second = chunk_document(document), chunk_document(document)
    assert [chunk.chunk_id for chunk in first] == [chunk.chunk_id for chunk in second]
    assert len({chunk.chunk_id for chunk in first}) == len(first)


@PROPERTY
@given(documents(), st.integers(40, 300))
def test_chunk_document_never_cuts_a_number(document, max_chars):
    chunks = chunk_document(document, max_chars // 2, max_chars)
    _assert_numbers_whole(document.text, [(chunk.char_start, chunk.char_end) for chunk in chunks])


CHINESE_SCALES = {"万": 4, "亿": 8, "万亿": 12}
ENGLISH_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
# The same currency as a Chinese suffix and as an English prefix.
CURRENCIES = {"": ("", ""), "CNY": ("元", "RMB "), "USD": ("美元", "US$"), "HKD": ("港元", "HK$")}
SPACES = st.sampled_from(["", " "])


@st.composite
def chinese_amounts(draw, currency: str | None = None) -> tuple[str, Decimal, str]:
    """(text, exact value, currency code) for an amount such as "-2801.54 亿元"."""
    value = draw(decimals()) * draw(st.sampled_from([1, -1]))
    word = draw(st.sampled_from(sorted(CHINESE_SCALES)))
    code = draw(st.sampled_from(sorted(CURRENCIES))) if currency is None else currency
    text = f"{'-' if value.is_signed() else ''}{_written(abs(value), draw(st.booleans()))}{draw(SPACES)}{word}"
    return text + CURRENCIES[code][0], value.scaleb(CHINESE_SCALES[word]), code


@st.composite
def english_amounts(draw) -> tuple[str, Decimal, str]:
    """(text, exact value, currency code) for an amount such as "US$4.2 billion"."""
    value = draw(decimals())
    word = draw(st.sampled_from(sorted(ENGLISH_SCALES)))
    code = draw(st.sampled_from(sorted(CURRENCIES)))
    text = f"{CURRENCIES[code][1]}{_written(value, draw(st.booleans()))}{draw(SPACES)}{word}"
    return text, value.scaleb(ENGLISH_SCALES[word]), code


@PROPERTY
@given(st.one_of(chinese_amounts(), english_amounts()))
def test_parse_figure_multiplies_by_the_scale_word_exactly(amount):
    text, value, currency = amount
    figure = parse_figure(text)
    # Exactly the float of the decimal value, so 317.42亿 and 31,742 million are the same float.
    assert (figure.low, figure.high, figure.kind, figure.currency) == (float(value), float(value), "amount", currency)
    assert figure.text == text


@PROPERTY
@given(
    decimals(),
    st.sampled_from(sorted(CHINESE_SCALES)),
    st.sampled_from(sorted(ENGLISH_SCALES)),
    st.sampled_from(sorted(CURRENCIES)),
    st.sampled_from(sorted(CURRENCIES)),
)
@example(Decimal("317.42"), "亿", "billion", "CNY", "CNY")
def test_same_figure_equates_chinese_and_english_scales(value, chinese_word, english_word, chinese_code, english_code):
    chinese = parse_figure(f"{value:f}{chinese_word}{CURRENCIES[chinese_code][0]}")
    english_value = value.scaleb(CHINESE_SCALES[chinese_word] - ENGLISH_SCALES[english_word])
    english = parse_figure(f"{CURRENCIES[english_code][1]}{english_value:,f} {english_word}")
    # Only two known, different currencies tell the amounts apart.
    same = chinese_code == english_code or "" in (chinese_code, english_code)
    assert same_figure(chinese, english, rel_tol=0) is same
    assert same_figure(english, chinese, rel_tol=0) is same


@st.composite
def chinese_ranges(draw) -> str:
    """A range with 万/亿 ends, such as "5000万至1亿", "-5亿~-3亿元" or "3.5-4.2万亿元" (one scale word for both)."""
    connector = draw(st.sampled_from(["-", "至", " 至 ", "~", "到"]))
    suffix = CURRENCIES[draw(st.sampled_from(sorted(CURRENCIES)))][0]
    if draw(st.booleans()):
        (low, _, _), (high, _, _) = sorted(
            [draw(chinese_amounts(currency="")), draw(chinese_amounts(currency=""))], key=lambda amount: amount[1]
        )
        return f"{low}{connector}{high}{suffix}"
    low, high = sorted([draw(decimals()), draw(decimals())])
    return f"{low:f}{connector}{high:f}{draw(st.sampled_from(sorted(CHINESE_SCALES)))}{suffix}"


@PROPERTY
@given(st.one_of(chinese_amounts().map(lambda amount: amount[0]), chinese_ranges()))
# Once read "-1-0 trillion": six fixed decimals rounded the small end of the range away.
@example("-1万亿-1万")
def test_english_reading_of_a_wan_or_yi_amount_reads_back_as_the_same_figure(text):
    figure = parse_figure(text)
    reading = english_reading(figure)
    assert reading
    assert not re.search("[万亿]", reading)
    assert same_figure(parse_figure(reading), figure)


@PROPERTY
@given(decimals(), st.sampled_from(["%", " %", "个百分点", " percent", " percentage points"]))
def test_a_percentage_is_never_the_same_figure_as_an_amount_or_number(value, percent_word):
    percent = parse_figure(f"{value:f}{percent_word}")
    assert (percent.low, percent.kind) == (float(value), "percent")
    assert same_figure(percent, parse_figure(f"{value:f}%"), rel_tol=0)
    for unit in ("", "亿", "万元", " million", "美元"):
        other = parse_figure(f"{value:f}{unit}")
        assert not same_figure(percent, other)
        assert not same_figure(other, percent)


@PROPERTY
@given(st.one_of(chinese_amounts().map(lambda amount: amount[0]), chinese_ranges(), numbers()))
def test_full_width_digits_and_signs_read_like_ascii(text):
    figure, wide = parse_figure(text), parse_figure(text.translate(_FULL_WIDTH))
    assert (wide.low, wide.high, wide.kind, wide.currency) == (figure.low, figure.high, figure.kind, figure.currency)
    assert (wide.start, wide.end) == (figure.start, figure.end)


@PROPERTY
@given(TEXTS)
def test_extract_figures_offsets_point_into_the_text_and_each_figure_reads_the_same_alone(text):
    figures = extract_figures(text)
    previous_end = 0
    for figure in figures:
        assert previous_end <= figure.start < figure.end
        assert text[figure.start : figure.end] == figure.text
        assert figure.low <= figure.high
        alone = parse_figure(figure.text)
        assert (alone.low, alone.high, alone.kind, alone.currency) == (
            figure.low,
            figure.high,
            figure.kind,
            figure.currency,
        )
        previous_end = figure.end
