"""Table rows as typed facts: each labelled figure of a rendered row ("营业收入 | 2020年: 94,915,380,916.72元 | …")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from fintext.figures import extract_figures
from fintext.fiscal import FiscalCalendar, dates_in
from fintext.years import years_in
from ingest.records import ChunkRecord, Fact
from ingest.tables import ENDS_CAPTION, GROUP_CAPTION, ROW_SEPARATOR, is_group_name, is_note

# Bumped whenever extraction changes, so a library made by an older caibao re-reads its facts from its chunks.
FACTS_VERSION = "7"
_NAMED_VALUE = re.compile(r"^(?P<header>[^:]+): (?P<value>.+)$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A head comparing periods names none of its own: "本期比上年同期增减(%)", "% Change", "2019 vs 2018".
_COMPARES = re.compile(r"比|增减|变动|同比|环比|change|increase|decrease|growth|\bvs\.?\b", re.IGNORECASE)
# Chinese statements head their columns by the period relative to the report ("本期金额", "期末余额", "上年同期").
# A quarterly report's second column runs from the year's start ("年初至报告期末", "年初至报告期期末金额").
_CURRENT = re.compile(
    r"^(?:本期|本年|本报告期|期末|年末|本期末|本年度|年初至(?:本)?报告期(?:期)?末|本年累计)(?:金额|发生额|余额|数|累计|末)?$"
)
_PRIOR = re.compile(r"^(?:上期|上年|上年度|上年同期|期初|年初|上期末|上年末|上年同期累计|上年初至上年报告期末)(?:金额|发生额|余额|数|累计|末)?$")
# What may stand between one chunk's end and the next one's start: the line break and a space.
_LINE_BREAK = 2


def extract_facts(chunks: Iterable[ChunkRecord]) -> list[Fact]:
    """The facts of a document's chunks, in reading order."""
    facts: list[Fact] = []
    row = 0
    group, in_table, previous = _Group(), False, None
    seen: set[str] = set()  # the row labels of the table being read
    for chunk in chunks:
        # A chunk may cut a table between a group's name and its rows: a chunk starting where the last one ended
        # (or inside it, repeating its last lines) reads on in its table, under the same group.
        if previous is None or chunk.doc_id != previous.doc_id or chunk.char_start > previous.char_end + _LINE_BREAK:
            group, in_table, seen = _Group(), False, set()
        previous = chunk
        for line in (printed.strip() for printed in chunk.text.split("\n")):
            cells = _row_cells(line)
            if cells is None:
                group = group if line == group.name else _Group.of(line, in_table, seen)
                # Any other line than a group's name ends the table.
                seen = seen if group.name else set()
                in_table = False
                continue
            in_table = True
            label, named_values = cells
            if not group.bare and ENDS_CAPTION.search(label):
                # A caption's group ends at its total ("Total net sales") or a row naming its own ("加：其他收益"):
                # read on, "Cost of revenue:" named a statement's every row down to net income.
                group = _Group()
            seen, named = seen | {label}, group.names(label)
            caption = group.name if named != label else ""
            for column, (header, value) in enumerate(named_values):
                facts.append(
                    Fact(
                        chunk.chunk_id,
                        chunk.doc_id,
                        row,
                        column,
                        named,
                        header,
                        value,
                        _year(header, chunk.year, FiscalCalendar.parse(chunk.fiscal_year_end)),
                        chunk.page,
                        caption,
                    )
                )
            row += 1
    return facts


@dataclass(frozen=True)
class _Group:
    """The name a line gives the rows under it: a caption ("Earnings per share:", "其中："), or, right after a
    row, a bare group name (`bare`)."""

    name: str = ""
    bare: bool = False
    earlier: frozenset[str] = frozenset()  # for a bare group: the labels its table printed above it

    @classmethod
    def of(cls, line: str, after_row: bool, seen: set[str]) -> _Group:
        # Before a table's first row a bare line is as likely its title or a heading.
        if caption := GROUP_CAPTION.match(line):
            return cls(caption["caption"].strip())
        return cls(line, True, frozenset(seen)) if after_row and is_group_name(line) else cls()

    def names(self, label: str) -> str:
        """`label` as its group names it. A bare group names only a label its table printed above it: a segment
        note prints "Revenue", its segments' rows, then "Operating income" and the same segments again, and
        "Intelligent Cloud" alone named both; but a statement's "Cost of revenue" does not name the "Net income"
        row further down."""
        if not self.name or label.startswith(self.name) or (self.bare and label not in self.earlier):
            return label
        return f"{self.name} {label}"


def _row_cells(line: str) -> tuple[str, list[tuple[str, str]]] | None:
    """A rendered row's label and its (header, value) cells that hold a figure; None for any other line."""
    label, *cells = line.split(ROW_SEPARATOR)
    if not cells or ": " in label or not label.strip():
        return None
    named = []
    for cell in cells:
        match = _NAMED_VALUE.match(cell.strip())
        if match and not is_note(match["header"]) and _is_figure(match["value"]):
            named.append((match["header"].strip(), match["value"].strip()))
    return (label.strip(), named) if named else None


def _is_figure(value: str) -> bool:
    """A cell that is one figure and little else ("增加0.21个百分点" is, "2020年12月31日" and prose are not)."""
    figures = extract_figures(value)
    return len(figures) == 1 and len(value) - len(figures[0].text) <= 6 and not _YEAR.fullmatch(value.strip())


def compares_periods(header: str) -> bool:
    """Whether a column head is a change between periods ("本期比上年同期增减(%)", "同比（%）", "% Change")."""
    return bool(_COMPARES.search(header))


def _year(header: str, document_year: int | None, calendar: FiscalCalendar) -> int | None:
    """The year a column reports on, named as its filer names its fiscal years: Walmart's "Three Months Ended April
    30, 2023" is of its fiscal 2024, the year its 10-Q and a question about it ("Q1 fiscal 2024") name."""
    if compares_periods(header):
        return None
    if not calendar.is_calendar_year and (dates := dates_in(header)):
        return calendar.year_of(dates[-1])
    if years := years_in(header):
        return years[-1]
    compact = re.sub(r"[\s（）()]", "", header)
    if document_year is not None and _CURRENT.match(compact):
        return document_year
    if document_year is not None and _PRIOR.match(compact):
        return document_year - 1
    return None
