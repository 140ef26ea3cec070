"""Typed records passed from ingest to the store."""

from __future__ import annotations

from dataclasses import dataclass, field

from fintext.years import period_year

SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class DocumentMetadata:
    """What a filing is about, detected at ingest where possible and overridable; "" when unknown.

    `company` is the full name where the filing prints one ("贵州茅台酒股份有限公司", "Apple Inc.").
    `period` is normalised: "2024Q4" (a calendar quarter), "FY2025Q3" (a fiscal quarter), "2024H1" (a half
    year), "FY2025" (a fiscal year; an annual report's year) or "2024" (a calendar year).
    `doc_type` is one of "annual report", "half-year report", "quarterly report", "current report", "earnings
    release", "prospectus" when detected; a caller may give any other.
    `published` is an ISO date ("2025-02-20").
    `short_name` is what the filing calls the company for short (公司简称 "贵州茅台"; a US ticker "AAPL") and
    `stock_code` its listing code ("600519"; a US filing's ticker).
    `fiscal_year_end` is the filer's fiscal calendar when its year does not end on December 31 ("01-31", "05-31";
    `fintext.fiscal.FiscalCalendar`), "" otherwise.
    """

    company: str = ""
    period: str = ""
    doc_type: str = ""
    language: str = ""
    published: str = ""
    short_name: str = ""
    stock_code: str = ""
    fiscal_year_end: str = ""


@dataclass(frozen=True)
class SourceDocument:
    """A decoded file: `text` is what every chunk span points into.

    `page_starts[i]` is the offset in `text` where page i+1 begins (paged formats such as PDF; else empty).
    """

    doc_id: str
    source: str
    title: str
    text: str
    encoding: str
    page_starts: tuple[int, ...] = ()
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)


@dataclass(frozen=True)
class ChunkRecord:
    """A citable slice of a document: `document.text[char_start:char_end] == text`.

    `page` is the 1-based page the chunk starts on (None for formats without pages); `company` and `period`
    are its document's, so retrieval can filter on them.
    """

    chunk_id: str
    doc_id: str
    source: str
    title: str
    chunk_index: int
    char_start: int
    char_end: int
    text: str
    page: int | None = None
    company: str = ""
    period: str = ""
    section: str = ""  # the headings above it: "第二节 公司简介和主要财务指标 › 七、近三年主要会计数据和财务指标"
    fiscal_year_end: str = ""  # its document's fiscal calendar (DocumentMetadata.fiscal_year_end)

    @property
    def year(self) -> int | None:
        return period_year(self.period)

    @property
    def context(self) -> str:
        """What is searched besides the text: the nearest two headings, so a table row is found by the section it
        is in ("主要会计数据"), not only by its own words."""
        return SECTION_SEPARATOR.join(self.section.split(SECTION_SEPARATOR)[-2:])

    @property
    def searched_text(self) -> str:
        """What both retrievers index: its `context`, then its text."""
        return f"{self.context}\n{self.text}" if self.context else self.text


@dataclass(frozen=True)
class Fact:
    """One figure of a table as data: the cell at row `label`, column `header`, of the chunk `chunk_id`.

    `value` is the cell as the chunk prints it, unit included ("94,915,380,916.72元", "$ 81,797 million").
    `year` is the year the column reports on: named in its header ("2020年", "Year Ended June 30, 2019"), or the
    document's own for a current-period head ("本期金额", "期末余额") and the year before for a prior one ("上期金额");
    None for a column that names no period (a change "本期比上年同期增减(%)", a segment's "营业收入").
    `row` orders a document's table rows (cells of one row share it); `column` the cells within a row.
    """

    chunk_id: str
    doc_id: str
    row: int
    column: int
    label: str
    header: str
    value: str
    year: int | None = None
    page: int | None = None
    caption: str = ""  # the caption of the row's group that `label` begins with ("Net sales" of "Net sales Services")
