"""The real-filings gold set: each answerable item's evidence, figures and key phrases are printed on its pages.

Checked against the PDFs' own text (pdfplumber's `page.extract_text()`), not caibao's extraction, so a change in
how caibao renders tables cannot make the gold set agree with itself. Whitespace is ignored throughout: PDF text
breaks lines and spaces table cells at will. The filings live outside the repository, in ../shared/filings; where
that folder is absent the checks that read them are skipped.

A Markdown filing (the 臺灣銀行 annual report) has no pages: its items give "pages": [] and are checked against
the file's whole text, a unit declared anywhere in it counting for its tables (the conversion dropped several
tables' "單位：新臺幣千元" captions, which the printed report carries). Its Traditional Chinese units answer
for the Simplified ones a figure is written with (億元 for 亿元, 新臺幣 for 新台币), and "NT$" before a number
is stated by the 新臺幣 the report writes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest

from evals import FILINGS_DIR, FILINGS_GOLD, GoldItem, load_gold
from tests.conftest import REPO

FILINGS = REPO.parent / "shared" / "filings"
SOURCES = (
    "moutai_2020_annual_report.pdf",
    "microsoft_2019_10k.pdf",
    "apple_2023q3_10q.pdf",
    "intel_2022q4_earnings.pdf",
    "mcdonalds_2023q1_earnings.pdf",
    "jinhua_2024_annual_report.pdf",
    "jinhua_2024h1_semiannual_report.pdf",
    "jinhua_2025q1_quarterly_report.pdf",
    "crsanjiu_2024q3_quarterly_report.pdf",
    "bank_of_taiwan_2024_annual_report.md",
    "oracle_2023_10k.pdf",
    "walmart_2024q1_10q.pdf",
)
MOUTAI = SOURCES[0]
# The filings added after the first five, and those of them in Chinese (English questions over these are counted).
ADDED = SOURCES[5:]
ADDED_CHINESE = ADDED[:5]
MARKDOWN = tuple(source for source in SOURCES if source.endswith(".md"))

GOLD = load_gold(FILINGS_GOLD)
ANSWERABLE = [item for item in GOLD if item.answerable]
# A calculation's figure is printed nowhere; its operands are (tests/unit/test_eval_gold.py recomputes it).
WITH_FIGURES = [item for item in ANSWERABLE if item.figures and item.category != "calculation"]
CALCULATIONS = [item for item in ANSWERABLE if item.category == "calculation"]
WITH_PHRASES = [item for item in ANSWERABLE if item.key_phrases]

_SPACE = re.compile(r"\s+")
# From a figure's first digit to its last: "94,915,380,916.72" of "94,915,380,916.72元", "10.5-11.5" of a range.
_NUMBER = re.compile(r"\d(?:.*\d)?")
# Where a table declares the unit its cells are in, rather than writing it after each number. Matched against the
# page with whitespace removed and case folded, so "(In millions, except per share amounts)" is "(inmillions,".
_DECLARED = {
    "元": ("单位:元", "单位：元", "元/股", "元／股"),
    "万元": ("单位:万元", "单位：万元"),
    "亿元": ("单位:亿元", "单位：亿元", "单位:新台币亿元", "单位：新台币亿元"),
    "千元": ("单位:千元", "单位：千元", "单位:新台币千元", "单位：新台币千元"),
    "%": ("(%)", "（%）"),
    "million": ("inmillions",),
    "billion": ("inbillions", "($b)"),
    "thousand": ("inthousands", "单位:新台币千元", "单位：新台币千元"),
}
# A currency sign before a number, and what else states it on a page: the 臺灣銀行 report writes 新臺幣, not NT$.
_SIGNS = {"nt$": ("nt$", "新台币")}
# A number written with a unit of its own, which no table heading can replace.
_OWN_UNIT = re.compile(r"\s*\)?\s*(?:%|亿|万|千|元|个|吨|percent|ppts?|billion|million|thousand)", re.IGNORECASE)
# Traditional characters of units, read as the Simplified ones a figure is written with (one character for one, so
# offsets into a page hold).
_SIMPLIFIED = str.maketrans("億萬臺幣單圓", "亿万台币单圆")


class Filings:
    """The filings, each PDF opened once, with the text of each page extracted only when a test asks for it, and
    each Markdown file read once, whole."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pdfs: dict[str, pdfplumber.PDF] = {}
        self._texts: dict[tuple[str, int], str] = {}
        self._documents: dict[str, str] = {}

    def whole_text(self, source: str) -> str:
        """The text of a Markdown `source`, which has no pages."""
        if source not in self._documents:
            self._documents[source] = (self.folder / source).read_text(encoding="utf-8")
        return self._documents[source]

    def page_count(self, source: str) -> int:
        return len(self._pdf(source).pages)

    def text(self, source: str, page: int) -> str:
        """The text of 1-based `page` of `source`."""
        if (source, page) not in self._texts:
            self._texts[source, page] = self._pdf(source).pages[page - 1].extract_text() or ""
        return self._texts[source, page]

    def close(self) -> None:
        for pdf in self._pdfs.values():
            pdf.close()

    def _pdf(self, source: str) -> pdfplumber.PDF:
        if source not in self._pdfs:
            self._pdfs[source] = pdfplumber.open(self.folder / source)
        return self._pdfs[source]


@pytest.fixture(scope="module")
def filings() -> Iterator[Filings]:
    if not FILINGS.is_dir():
        pytest.skip("../shared/filings is absent: the real-filings gold set is checked only where the filings are")
    missing = [source for source in SOURCES if not (FILINGS / source).is_file()]
    assert not missing, f"{FILINGS} lacks {missing}"
    opened = Filings(FILINGS)
    yield opened
    opened.close()


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _pages(item: GoldItem, filings: Filings) -> list[tuple[int, str]]:
    """The texts an item's figures and evidence are looked for in: its listed pages, or a Markdown file's whole text
    (as page 0)."""
    if item.source in MARKDOWN:
        return [(0, filings.whole_text(item.source))]
    return [(page, filings.text(item.source, page)) for page in item.pages]


def _printed_with_unit(figure: str, page: str) -> bool:
    """Whether `page` prints `figure`'s number exactly as written, separators and all, and states its unit.

    The number must stand alone (not the tail of 12.45 for 2.45, nor the head of 5.061 for 5.06), though the
    PDF's text may space its characters apart (Microsoft's quarterly table reads "$ 12 5,843"). A unit word
    after it ("元", "million", "%", "个百分点") must follow it on the page or be declared there, as a table's
    "单位：元" or "(In millions" does; a currency sign before it ("$") must precede it or appear on the page.
    A sign is not checked: filings print a loss as "(0.16)" or "-0.16" and a decline as "下降" or "down".
    """
    number = _NUMBER.search(figure)
    assert number, f"{figure!r} has no digits"
    before = figure[: number.start()].strip().lstrip("-+负(").strip()
    after = figure[number.end() :].strip().removeprefix(")").strip()
    spaced = r"\s*".join(map(re.escape, number.group()))
    for match in re.finditer(rf"(?<![\d.,]){spaced}(?![\d]|[.,]\d)", page):
        if after and not _unit_stated(after, page, match.end()):
            continue
        if before and not _sign_stated(before, page):
            continue
        return True
    return False


def _folded(text: str) -> str:
    return _squeeze(text).casefold().translate(_SIMPLIFIED)


def _sign_stated(sign: str, page: str) -> bool:
    return any(word in _folded(page) for word in _SIGNS.get(_folded(sign), (_folded(sign),)))


def _unit_stated(unit: str, page: str, end: int) -> bool:
    following = page[end:].translate(_SIMPLIFIED)
    written_after = r"\s*\)?\s*" + r"\s*".join(map(re.escape, _folded(unit)))
    if re.match(written_after, following, re.IGNORECASE):
        return True
    if _OWN_UNIT.match(following):
        return False  # "4.3%" on a page declaring "($B)" is a percentage, not $4.3 billion
    declarations = _DECLARED.get(_folded(unit), ())
    return any(declared in _folded(page) for declared in declarations)


def test_the_gold_set_is_large_and_varied_enough():
    categories = Counter(item.category for item in GOLD)
    assert len(GOLD) >= 84
    assert categories["unanswerable"] >= 15
    assert sum(item.lang == "en" for item in GOLD) >= 25
    assert sum(item.lang == "en" and item.source == MOUTAI for item in GOLD) >= 8
    assert all(source in {item.source for item in ANSWERABLE} for source in SOURCES)


def test_every_id_is_unique():
    ids = Counter(item.id for item in GOLD)
    assert [id_ for id_, count in ids.items() if count > 1] == []


def test_the_added_filings_have_enough_items_of_each_kind():
    added = [item for item in GOLD if item.source in ADDED]
    assert len(added) >= 60
    assert all(source in {item.source for item in ANSWERABLE} for source in ADDED)
    assert sum(item.lang == "en" and item.source in ADDED_CHINESE for item in added) >= 15
    assert sum(item.lang == "zh" and item.source not in ADDED_CHINESE for item in added) >= 4
    # Unanswerable: a period or a measure these filings lack (named by source), and peers of their companies that
    # the library lacks (no source: 兆丰银行, 云南白药, SAP, Costco, ..., after the first five filings' six).
    assert sum(not item.answerable for item in added) >= 6
    assert sum(not item.answerable and item.source == "" for item in GOLD) >= 6 + 4
    # The 臺灣銀行 report is asked mostly as a mainland reader types, in Simplified Chinese.
    bank = [item for item in added if item.source in MARKDOWN]
    traditional = [item for item in bank if item.lang == "zh" and set(item.question) & set("臺銀灣於與為")]
    simplified = [item for item in bank if item.lang == "zh" and item not in traditional]
    assert len(simplified) > len(traditional) + sum(item.lang == "en" for item in bank) and traditional


def test_every_item_names_one_of_the_filings():
    # An unanswerable question about a company outside the library has no filing to name.
    for item in GOLD:
        assert item.source in SOURCES or (not item.answerable and item.source == ""), item.id


def test_answerable_items_list_their_pages_and_unanswerable_items_hold_nothing():
    for item in GOLD:
        if item.answerable:
            # A Markdown filing has no pages to list.
            assert item.evidence and (item.pages or item.source in MARKDOWN), item.id
            assert not (item.pages and item.source in MARKDOWN), f"{item.id}: {item.source} has no pages"
            assert list(item.pages) == sorted(set(item.pages)), f"{item.id}: pages out of order or repeated"
            assert item.figures or item.key_phrases, item.id
        else:
            assert (item.figures, item.key_phrases, item.evidence, item.pages) == ((), (), "", ()), item.id


def test_every_listed_page_is_inside_its_pdf(filings):
    for item in ANSWERABLE:
        if item.source in MARKDOWN:
            continue
        count = filings.page_count(item.source)
        assert all(1 <= page <= count for page in item.pages), f"{item.id}: {item.pages} outside 1..{count}"


def test_filings_dir_is_the_folder_these_tests_read():
    assert FILINGS_DIR.resolve() == FILINGS.resolve()


@pytest.mark.parametrize("item", ANSWERABLE, ids=lambda item: item.id)
def test_the_evidence_is_printed_on_a_listed_page(filings, item):
    evidence = _squeeze(item.evidence)
    assert any(evidence in _squeeze(text) for _, text in _pages(item, filings)), (
        f"{item.evidence!r} is on none of pages {item.pages} of {item.source}"
    )


@pytest.mark.parametrize("item", ANSWERABLE, ids=lambda item: item.id)
def test_the_evidence_does_not_span_two_lines(filings, item):
    evidence = _squeeze(item.evidence)
    lines = [line for _, text in _pages(item, filings) for line in text.splitlines()]
    assert any(evidence in _squeeze(line) for line in lines), f"{item.evidence!r} is not within one line"


@pytest.mark.parametrize("item", WITH_FIGURES, ids=lambda item: item.id)
def test_every_figure_is_printed_with_its_unit_on_a_listed_page(filings, item):
    pages = _pages(item, filings)
    for figure in item.figures:
        assert any(_printed_with_unit(figure, text) for _, text in pages), (
            f"{figure!r} is printed with its unit on none of pages {item.pages} of {item.source}"
        )


@pytest.mark.parametrize("item", CALCULATIONS, ids=lambda item: item.id)
def test_every_operand_of_a_calculation_is_printed_with_its_unit_on_a_listed_page(filings, item):
    pages = _pages(item, filings)
    for operand in item.operands:
        assert any(_printed_with_unit(operand, text) for _, text in pages), (
            f"{operand!r} is printed with its unit on none of pages {item.pages} of {item.source}"
        )


@pytest.mark.parametrize("item", WITH_PHRASES, ids=lambda item: item.id)
def test_every_key_phrase_is_printed_on_a_listed_page(filings, item):
    pages = [_squeeze(text).casefold() for _, text in _pages(item, filings)]
    for phrase in item.key_phrases:
        assert any(_squeeze(phrase).casefold() in text for text in pages), f"{phrase!r} is on none of {item.pages}"


@pytest.mark.parametrize(
    ("figure", "page", "printed"),
    [
        ("94,915,380,916.72元", "单位：元 币种：人民币\n营业收入 94,915,380,916.72 85,429,573,467.25", True),
        ("94,915,380,916.72元", "营业收入 94,915,380,916.72 (单位：万元)", False),
        ("979.93亿元", "公司实现营业总收入979.93亿元，同比增", True),
        ("$125,843 million", "(In millions)\nRevenue $ 125,843 $ 110,360", True),
        ("$125,843 million", "Revenue $ 125,843 $ 110,360", False),
        ("$2.45", "Earnings per share-diluted $ 12.45", False),
        ("$5.06", "Diluted $ 5.061", False),
        ("12.6%", "Total 12.6 % 11.8 %", True),
        ("2%", "iPhone $ 39,669 $ 40,665 (2)%", True),
        ("-$0.16", "Earnings (loss) per share $(0.16) $1.13", True),
        ("$10.5-11.5 billion", "Revenue $10.5-11.5 billion", True),
        ("$4.3 billion", "Revenue ($B) $14.0\nOperating margin 4.3% 28.2%", False),
        ("1.68个百分点", "加权平均净资产收益率（%） 31.41 33.09 减少1.68个百分点", True),
        ("368.3亿元", "113 年度利息淨收益 368.3 億元，利息以外淨收益 243.5 億元", True),
        ("368.3亿元", "113 年度利息淨收益 368.3 百萬元", False),
        ("36,832,209千元", "單位：新臺幣千元\n| 利息淨收益 | 36,832,209 | 38,166,328 |", True),
        ("36,832,209千元", "| 利息淨收益 | 36,832,209 | 38,166,328 |", False),
        ("NT$36,832,209 thousand", "單位：新臺幣千元\n| 利息淨收益 | 36,832,209 | 38,166,328 |", True),
        ("NT$36,832,209 thousand", "(In thousands)\nNet interest income $ 36,832,209", False),
        ("3.50%", "| 利息淨收益 | 36,832,209 | （1,334,119） | （3.50） |\n變動比例（%）", True),
    ],
)
def test_a_figure_counts_as_printed_only_whole_and_with_its_unit(figure, page, printed):
    assert _printed_with_unit(figure, page) is printed
