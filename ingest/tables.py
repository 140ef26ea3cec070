"""Tables as text: one line per row, each value labelled with its column header, so a row reads alone in a chunk."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from fintext.text import EAST_ASIAN, fold_script

# A caption or note declaring the unit of a table's amounts: "（人民币百万元）", "单位：万元", "(in millions of US$)".
# Read on Simplified text (`fold_script`): "單位：新臺幣千元" is "单位：新台币千元".
_CN_UNIT = re.compile(r"(?:[（(]|单位[:：]\s*)(?P<currency>人民币|美元|港元|港币|新台币|台币)?\s*(?P<scale>千元|万元|百万元|亿元|元)")
_EN_UNIT = re.compile(
    r"\((?:in\s+)?(?:(?P<scale>thousands|millions|billions)\s+of\s+(?P<currency>RMB|US\$|USD|HK\$|dollars)|"
    r"(?P<currency2>RMB|US\$|USD|HK\$)\s*(?P<scale2>thousands|millions|billions))\)",
    re.IGNORECASE,
)
# A currency sign and a scale: "($ in millions)", "(in $ millions)", "$ million", "(€ in thousands)", "USD ‘000",
# "RMB’Million"; and in words: "(in thousands of U.S. dollars)", "(in millions of €)", "(United States Dollars in
# thousands)". Read only in brackets or on a caption's short line: prose says "millions of dollars" too.
_EN_SIGN_UNIT = re.compile(
    r"(?:^|[(\s])(?:in\s+)?(?P<currency>US\$|HK\$|C\$|A\$|S\$|\$|€|£|RMB|USD|EUR|GBP)\s*(?:in\s+)?['’‘]?\s*"
    r"(?P<scale>thousands?|millions?|billions?|000|m|mn|bn)(?![\w'’])",
    re.IGNORECASE,
)
_EN_WORD_UNIT = re.compile(
    r"\b(?P<scale>thousands?|millions?|billions?)\s+(?:of\s+)?(?:(?P<place>u\.\s?s\.|us|united states|canadian|australian"
    r"|hong kong|singapore|new zealand|new taiwan|nt)\s+)?(?P<currency>dollars|euros?|pounds|€|£|\$|rmb|yuan|renminbi)"
    r"|\b(?P<currency2>(?:(?:u\.\s?s\.|us|united states)\s+)?dollars|euros|pounds)\s+in\s+(?P<scale2>thousands|millions|billions)",
    re.IGNORECASE,
)
_UNIT_CURRENCIES = {"€": "€", "eur": "€", "euro": "€", "euros": "€", "£": "£", "gbp": "£", "pounds": "£", "rmb": "RMB",
                    "yuan": "RMB", "renminbi": "RMB", "hk$": "HK$", "c$": "C$", "a$": "A$", "s$": "S$"}  # fmt: skip
# Dollars of a place other than the US, as a caption names them in words: "(in thousand NT dollars)".
_PLACE_DOLLARS = {"canadian": "C$", "australian": "A$", "hongkong": "HK$", "singapore": "S$", "newzealand": "NZ$",
                  "newtaiwan": "NT$", "nt": "NT$"}  # fmt: skip
_UNIT_SCALES = {"m": "million", "mn": "million", "bn": "billion", "000": "thousand"}
_MAX_CAPTION_CHARS = 60
_EXCEPTED = re.compile(r"\bexcept\b", re.IGNORECASE)
# A bracketed caption a line opens with: "(Amounts in millions) 2023 2023 2022".
_LEADING_BRACKET = re.compile(r"^\([^()]{1,60}\)")
# A year anywhere in a head: "2023", "April 30, 2023".
_YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A negative as Taiwanese and Hong Kong statements print it: "（1,334,119）".
_FULL_WIDTH_NEGATIVE = re.compile(r"（\s*(\d[\d,]*(?:\.\d+)?)\s*）")
# A cell printing only its number: "1,802.3", "-4", an accounting negative "(135)".
_BARE_AMOUNT = re.compile(r"^-?(?:[\d,]+(?:\.\d+)?|\([\d,]+(?:\.\d+)?\))$")
# An amount in a printed line with no unit of its own: not a percentage, a year or part of a longer token.
_UNLABELLED_AMOUNT = re.compile(r"(?<![\w.,])\(?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)\)?(?![\w.,%]|\s*%)")
_DOLLAR_AMOUNT = re.compile(r"^\$\s?(?P<amount>-?\(?[\d,]+(?:\.\d+)?\)?)$")
# "(In millions)", "(In millions, except per share amounts)": a scale without a currency; a results release prints
# it as a line of its own ("Dollars and shares in millions, except per share data").
# What it covers may lead: "(Tabular amounts in thousands)", "(table in millions)", "(shares in thousands, except per
# share data)", "(dollars and share amounts in thousands)"; a caption may drop the plural, "(in million)".
_EN_SCALE_ONLY = re.compile(
    r"(?:\(|^)\s*(?P<covered>(?:(?:tabular\s+)?(?:dollars|amounts|shares|table)(?:\s+and\s+(?:shares|share\s+amounts))?\s+)?)"
    r"in\s*(?P<scale>thousands?|millions?|billions?)"
    r"(?P<excepted>,?\s*except[^)\n]*)?(?:\)|$)",
    re.IGNORECASE,
)
# An exception naming share counts ("except number of shares", "except share and per share data"), not only amounts
# per share ("except per share amounts").
_EXCEPTS_SHARES = re.compile(r"(?<!per )(?<!per-)\bshares?\b(?!\s*price)", re.IGNORECASE)
_SHARES = re.compile(r"\bshares?\b", re.IGNORECASE)
_PER_SHARE = re.compile(r"\bper\b[\w\s-]{0,25}?\bshare|\beps\b|每股", re.IGNORECASE)
_MAX_HEADING_CHARS = 80
# A statement's bare group names ("Assets", "Liabilities and stockholders' equity", "营业总成本") are this short.
_MAX_GROUP_NAME_WORDS = 6
_MAX_GROUP_NAME_CJK = 8
# A printed line is a table row when it holds at least this many figures, and they are a third of its words.
_MIN_ROW_FIGURES = 2
_ROW_FIGURE_SHARE = 3
# A cell holding a figure: an amount, a percentage, an accounting negative "(2,686)", a change "增加0.11个百分点".
_FIGURE = re.compile(r"^(?:[^\d]{0,4})?[-(]?\$?\s?[\d,]*\d(?:\.\d+)?\)?\s?(?:%|％|个百分点|元|万元|亿元)?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# What a year's column head may print after it: its unit ("2019 %", "2019 $", "2019 £m", "2019 US$’000").
_YEAR_UNIT = re.compile(r"(?<=\d)\s*(?:%|％|[A-Z]{0,3}[$€£¥]?\s*['’‘]?\s*(?:000|m|bn|k)?)$")
# A percentage cell ("40.0 %", "(2.1)%") and a bare number that may be one (no thousands separator: "40.0", "(2.1)").
_PERCENT_CELL = re.compile(r"^-?\(?\d+(?:\.\d+)?\)?\s?%$")
_SMALL_BARE_NUMBER = re.compile(r"^-?\(?\d{1,3}(?:\.\d+)?\)?$")
# A nil cell: "-", "—", "$-", "$ —".
_NIL = re.compile(r"^[$€£¥]?\s?[-—–]$")
# A statement's column heads take at most this many lines above its years ("Three Months Ended …" / "July 1, …").
_HEAD_LINES_ABOVE = 3
# A footnote mark stuck to a figure or a column head ("29,025(f)", "2017(d)(e)"), or split into a cell of its own
# ("29,025 | (f)"); the note itself stays in the text.
_FOOTNOTE_MARK = re.compile(r"(?<=[\d%)])\([a-z]\)|(?<=[\d%)]) \| \([a-z]\)(?= \||$)")
# A unit in brackets at the end of a header: "毛利率（%）", "基本每股收益（元／股）", "金额(万元)", "Margin (%)".
_HEADER_UNIT = re.compile(r"[（(]\s*(?P<unit>%|％|元\s*[/／]\s*股|美元\s*[/／]\s*股|千元|万元|百万元|亿元|元)\s*[）)]\s*$")
# A unit of measure in brackets at the end of a header: "产量（吨）", "销量(万千升)", "员工人数（人）", "Volume (tonnes)",
# "售价（元/吨）". Such a column is not in the caption's currency: "单位：万元" above a production table would make
# its 50,235.17 tonnes 50,235.17万元.
_MEASURE_UNIT = re.compile(
    r"[（(]\s*(?P<unit>(?:[万千百亿]|百万)?(?:吨|千升|升|千瓦时|人|名|家|个|辆|台|瓶|箱|平方米|亩|公里|千米|公斤|千克|"
    r"立方米|桶|兆瓦|户|套|件|股)|(?:美?元)\s*[/／]\s*[^\s\d）)]{1,4}|tonnes|tons|barrels|units|employees|stores|"
    r"restaurants|MW|GW|MWh|GWh)\s*[）)]\s*$",
    re.IGNORECASE,
)
# A head ending on a bare percent sign: "2019 %", "Change %".
_PERCENT_HEAD = re.compile(r"[^\d\s.,]\s*\s[%％]\s*$|(?:19|20)\d\d\s*[%％]\s*$")
# A row's scale in a results release: "Revenue ($B)", "Net income ($M)".
_DOLLAR_SCALE = re.compile(r"\(\s*\$\s*(?P<scale>[BMK])\s*\)\s*$", re.IGNORECASE)
_DOLLAR_SCALES = {"B": "billion", "M": "million", "K": "thousand"}
# A column head ending on its currency and scale, as British and European reports print them: "2019 €m", "£'000",
# "$m", "US$ million", "RMB'000".
_HEAD_SCALE = re.compile(
    r"(?:^|[\s(])(?P<currency>US\$|HK\$|A\$|C\$|S\$|\$|€|£|¥|RMB|EUR|GBP|USD)\s*(?:in\s+)?['’]?\s*"
    r"(?P<scale>m|mn|bn|b|k|000|millions?|billions?|thousands?)\)?\s*$",
    re.IGNORECASE,
)
# A PDF's letter-spaced head: "2 0 1 8" is the year 2018.
_LETTER_SPACED_YEAR = re.compile(r"(?<![\d,.])([12]) ([09]) (\d) (\d)(?![\d,.])")
_HEAD_SCALES = {"m": "million", "mn": "million", "bn": "billion", "b": "billion", "k": "thousand", "000": "thousand"}
_PREFIX_FRAGMENTS = ("$", "(", "-")
# Column heads an SEC statement prints above its table rather than in it.
_COLUMN_YEAR = re.compile(r"(?<![\d,.$])(?:19|20)\d\d(?![\d,.%])")
# A column head above a statement: a year, or a change between the years beside it ("% Change").
_COLUMN_HEAD = re.compile(rf"{_COLUMN_YEAR.pattern}|%?\s?\bchange\b", re.IGNORECASE)
_PERIOD_SPAN = re.compile(
    r"(?:three|six|nine|twelve|thirteen|twenty-six|fifty-two) (?:months|weeks) ended|(?:fiscal )?years? ended|quarters? ended",
    re.IGNORECASE,
)
# A printed statement row: a label, then figures separated by spaces ("Product $ 66,069 $ 64,497 $ 63,811").
_TRAILING_FIGURES = re.compile(
    r"^(?P<label>.*?[^\d\s$(—–-])\s+(?P<figures>(?:(?:\$\s?)?\(?[\d,]*\d(?:\.\d+)?\)?%?|[—–])"
    r"(?:\s+(?:(?:\$\s?)?\(?[\d,]*\d(?:\.\d+)?\)?%?|[—–]))*)$"
)
# A row label ending on one of these goes on with a figure of its own ("allowance … of $411 and $377").
_CONNECTIVES = frozenset({"and", "or", "of", "to", "from", "at", "by", "than", "with"})
_MONTH_DAY = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2},?"
)
# A Chinese label cut inside its brackets ("基本每股收益（元／" + "股）") goes on in the next row.
_OPEN_BRACKETS = re.compile(r"[（(][^）)]*$")
_SUFFIX_FRAGMENTS = (")", "%", ")%", "％")
_ROW_VALUE = re.compile(r"(?P<name>[^|:]+): (?P<value>[^|]+?)(?=\s*\||\s*$)")
# A row group's caption ("Earnings per share:", "其中：") names the rows under it ("Basic", "Diluted").
# A PDF may set the column heads' years on the caption's line ("2023 2022 2023 2022 Net sales:").
GROUP_CAPTION = re.compile(r"^(?:(?:19|20)\d\d\s+)*(?P<caption>[^|:：\d][^|:：]{1,59})[:：]$")
# A row ending a caption's group: its total, or a row with a caption of its own.
ENDS_CAPTION = re.compile(r"^total\b|合计|小计|总计|[:：]", re.IGNORECASE)
ROW_SEPARATOR = " | "
# The column of note numbers in a statement ("附注: 30") holds references, not figures: no unit is theirs.
_NOTE_HEADS = frozenset({"附注", "注释", "note", "notes"})
# A statement's line item printed without figures ("提取保险责任准备金净额", "其中：对联营企业和合营企业的投资收益"),
# between two rows: a row of the table, not text ending it. Short, and no sentence.
_MAX_LABEL_ONLY_CHARS = 100  # "Derivative liabilities designated and effective as hedging instruments"
_MAX_SINGLE_VALUE_CHARS = 40
_SENTENCE_END = re.compile(r"[。.;；!！?？]$")
# A pipe-table row as trafilatura writes HTML tables ("| 营业收入 | 2801.54 | "), and its header rule ("|---|---|").
_PIPE_ROW = re.compile(r"^\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^[\s|:-]+$")


class Table:
    """A table's rows cleaned once (`_clean`) and its header rows found once, for rendering it and for telling
    whether it continues the table before (the PDF reader asks all three of every table)."""

    def __init__(self, rows: Sequence[Sequence[str]]) -> None:
        cells = _clean(rows)
        headers = [_is_header(row, cells[index + 1 :]) for index, row in enumerate(cells)]
        cells, headers = _stacked_headers(cells, headers)
        self._headers = headers
        self.cells = _percent_columns(_heads_over_values(cells, headers), headers)

    def lines(self, inherited_header: Sequence[str] | None = None) -> list[str]:
        """See `render_table`."""
        header = list(inherited_header) if inherited_header else None
        lines, group = [], ""
        for row, is_header in zip(self.cells, self._headers, strict=True):
            if is_header:
                header = row
            elif header is not None and _has_figures(row):
                lines.append(_row_line(header, row, group))
            else:
                lines.append(_plain_line(row))
                group = row[0] if GROUP_CAPTION.match(lines[-1]) else ""
        return lines

    @property
    def last_header(self) -> list[str] | None:
        """The last header row, for a table that continues this one on the next page; None if it has none."""
        return next((row for row, is_header in zip(reversed(self.cells), reversed(self._headers)) if is_header), None)

    @property
    def continues_earlier(self) -> bool:
        """Whether its figures come before any header row: the rest of a table begun on an earlier page."""
        first_figures = next((index for index, row in enumerate(self.cells) if _has_figures(row)), None)
        return first_figures is not None and not any(self._headers[:first_figures])


def _stacked_headers(cells: list[list[str]], headers: list[bool]) -> tuple[list[list[str]], list[bool]]:
    """Header rows printed one under another as one header, column by column: a head that wraps in its cell
    ("本报告期比上年同期" over "增减") is split into two rows by the table finder, and the lower alone named the
    columns ("增减", with 本报告期 lost)."""
    merged: list[list[str]] = []
    kept: list[bool] = []
    for row, is_header in zip(cells, headers, strict=True):
        if is_header and kept and kept[-1] and len(row) == len(merged[-1]):
            merged[-1] = [_join_words(upper, lower) if upper and lower else upper or lower for upper, lower in zip(merged[-1], row)]
            continue
        merged.append(row)
        kept.append(is_header)
    return merged, kept


def _heads_over_values(cells: list[list[str]], headers: list[bool]) -> list[list[str]]:
    """Header rows with each head moved over the value column it names, where the table finder put it in a column
    no figure is printed in ("本报告期比上年同期增减" one cell right of its percentages): to the nearest column left
    of it, else right, that has figures and no head."""
    valued = {column for row, is_header in zip(cells, headers, strict=True) if not is_header for column, cell in enumerate(row) if column and cell}
    moved = []
    for row, is_header in zip(cells, headers, strict=True):
        if not is_header:
            moved.append(row)
            continue
        row = list(row)
        for column, head in enumerate(row):
            if not column or not head or column in valued or is_note(head):
                continue
            nearest = [c for c in (column - 1, column + 1, column - 2, column + 2) if 0 < c < len(row) and c in valued and not row[c]]
            if nearest:
                row[nearest[0]], row[column] = head, ""
        moved.append(row)
    return moved


def _percent_columns(cells: list[list[str]], headers: Sequence[bool]) -> list[list[str]]:
    """`cells` with the bare numbers of a column of percentages marked "%": a statement "as a percentage of sales"
    prints the sign on its first and last rows only ("100.0 %", "40.0", …, "7.2 %"), as it prints "$" on its first
    and total rows; read alone, "Gross profit | 2019: 40.0" would be no percentage."""
    body = [index for index, is_header in enumerate(headers) if not is_header]
    marked = [list(row) for row in cells]
    for column in range(1, max((len(row) for row in cells), default=0)):
        filled = [index for index in body if column < len(cells[index]) and cells[index][column]]
        values = [cells[index][column] for index in filled]
        bare = [index for index, value in zip(filled, values, strict=True) if _SMALL_BARE_NUMBER.match(value)]
        signed = [value for value in values if _PERCENT_CELL.match(value)]
        if bare and len(bare) + len(signed) == len(values) and _PERCENT_CELL.match(values[0]) and _PERCENT_CELL.match(values[-1]):
            for index in bare:
                marked[index][column] = f"{cells[index][column]} %"
    return marked


def render_table(rows: Sequence[Sequence[str]], inherited_header: Sequence[str] | None = None) -> list[str]:
    """One line per row, each value labelled with its column's header and the unit the header or the row declares.

    A header is a row of names over rows of figures; it may come again mid-table (a sub-header for the balance
    sheet's columns). ["营业收入", "3015.27"] under ["项目", "2024Q4"] becomes "营业收入 | 2024Q4: 3015.27". A table
    with no header row reads plainly, and a two-column one as "label: value" (公司的中文简称: 贵州茅台).
    `inherited_header` is the header of the table this one continues (the same table, carried over a page).
    """
    return Table(rows).lines(inherited_header)


def table_header(rows: Sequence[Sequence[str]]) -> list[str] | None:
    """The last header row of a table (`Table.last_header`)."""
    return Table(rows).last_header


def starts_without_header(rows: Sequence[Sequence[str]]) -> bool:
    """Whether a table's figures come before any header row (`Table.continues_earlier`)."""
    return Table(rows).continues_earlier


def period_header(lines: Sequence[str], n_values: int) -> list[str] | None:
    """A header for a table of `n_values` value columns from the lines printed above it, when the PDF left the
    column heads out of the table: "Three Months Ended Nine Months Ended" / "July 1, June 25, July 1, June 25," /
    "2023 2022 2023 2022" name the columns "Three Months Ended July 1, 2023", … ; a "Change" between the years
    ("2023 2022 Change") names its column "Three Months Ended Change". Prose above the heads is not read (its
    years are not columns). None unless there is exactly one head per column, and the spans and dates divide
    the year columns evenly."""
    text = " ".join(line for line in lines if _is_column_heads(line))
    heads = _COLUMN_HEAD.findall(text)
    if n_values < 2 or len(heads) != n_values or not any(_YEAR.match(head) for head in heads):
        return None
    spans, dates = _PERIOD_SPAN.findall(text), _MONTH_DAY.findall(text)
    n_years = sum(1 for head in heads if _YEAR.match(head))
    names, year_column, span = [], 0, ""
    for head in heads:
        if not _YEAR.match(head):
            names.append(f"{span} {head.strip()}".strip())
            continue
        span = _spread(spans, year_column, n_years)
        parts = [span, _spread(dates, year_column, n_years)]
        names.append(" ".join(part for part in [*parts, head] if part))
        year_column += 1
    return ["", *names]


def _is_column_heads(line: str) -> bool:
    """A line of column heads (spans, dates, years, "Change"), or one the PDF ran on into a caption or the first
    row ("2023 2022 2023 2022 Net sales:", "Nine Months Ended July 1, June 25, 2023 2022 Cash, … $ 24,977")."""
    stripped = _without_unit_caption(line.strip())
    if any(pattern.match(stripped) for pattern in (_PERIOD_SPAN, _MONTH_DAY, _COLUMN_YEAR)):
        return True
    rest = _COLUMN_HEAD.sub("", _MONTH_DAY.sub("", _PERIOD_SPAN.sub("", stripped)))
    return len(re.sub(r"[\W\d_]", "", rest)) < 3


def _without_unit_caption(line: str) -> str:
    """`line` without the unit caption it opens with: a 10-Q sets "(Amounts in millions)" on its year heads' line."""
    caption = _LEADING_BRACKET.match(line)
    return line[caption.end() :].strip() if caption and declared_unit(caption.group()).template else line


def is_figure_row(line: str) -> bool:
    """Whether a printed line reads as a table row, not prose: figures make up a third of its words or more
    ("Gross margin 39.2% 53.6% down 14.5 ppts 43.8% 55.8%", "Q4 2022 Q4 2021"); a sentence quoting figures has
    far fewer ("revenue was $14.0 billion, down 32 percent year-over-year")."""
    words = line.split()
    figures = sum(1 for word in words if is_figure_word(word))
    return figures >= _MIN_ROW_FIGURES and figures * _ROW_FIGURE_SHARE >= len(words)


def is_figure_word(word: str) -> bool:
    """Whether a printed word is a figure ("1,802.3", "(2)%", "$14.0", "2023"), a trailing comma aside."""
    return _FIGURE.match(_FOOTNOTE_MARK.sub("", word.rstrip(",;"))) is not None


def is_year(word: str) -> bool:
    return _YEAR.match(word) is not None


def without_dates(line: str) -> str:
    """`line` without the dates and period spans a column head prints ("Quarters Ended March 31,")."""
    return _MONTH_DAY.sub(" ", _PERIOD_SPAN.sub(" ", line))


def names_a_period(head: str) -> bool:
    """Whether a column head names a year ("2023", "Q4 2022", "June 30, 2019")."""
    return _COLUMN_YEAR.search(head) is not None


def names_periods(line: str) -> bool:
    """Whether a printed line starts with the span of its table's columns ("Three Months Ended", "Years Ended")."""
    return _PERIOD_SPAN.match(line.strip()) is not None


def label_statement_lines(text: str) -> str:
    """`text` with the rows of statements the PDF printed as lines ("Interest expense (2,686) (2,733) (2,222)", or
    a shaded row found as a table of its own) labelled with the column heads printed above them ("Year Ended
    June 30, 2019 2018 2017"), until the statement gives way to prose."""
    lines, header = [], None
    heads_above: list[str] = []  # the column-head lines right above: spans and dates over the years' line
    for line in text.split("\n"):
        # A footnote mark ("29,025(f)", "2019(a)") is not part of the figure or the year it is stuck to.
        unmarked = _FOOTNOTE_MARK.sub("", line)
        heading = _is_table_heading(unmarked)
        years = len(_COLUMN_YEAR.findall(unmarked))
        if heading and (heads := period_header([*heads_above[-_HEAD_LINES_ABOVE:], unmarked], years)):
            header = heads
        elif header is not None and (row := _statement_row(unmarked, len(header) - 1)):
            line = _row_line(header, row)
        elif header is not None and line.strip() and not heading and not is_row(line):
            header = None
        heads_above = [*heads_above, unmarked] if heading and _is_column_heads(unmarked) else []
        lines.append(line)
    return "\n".join(lines)


def _statement_row(line: str, n_values: int) -> list[str] | None:
    """A label and exactly `n_values` figures from a printed row, pipe-separated or spaced; None otherwise."""
    if ": " in line:
        return None
    if " | " in line:
        label, *values = line.split(" | ")
    elif match := _TRAILING_FIGURES.match(line.strip()):
        label, values = match["label"], re.findall(r"(?:\$\s?)?\(?[\d,]*\d(?:\.\d+)?\)?%?|[—–]", match["figures"])
        if len(values) > n_values > 0 and label.split()[-1] in _CONNECTIVES:
            # The label quotes figures of its own: "… of $411 and $377 29,524 26,481" has two values.
            label, values = f"{label} {' '.join(values[:-n_values])}", values[-n_values:]
    else:
        return None
    values = [value.strip() for value in values]
    if len(values) != n_values or not all(_FIGURE.match(value) or value in "—–" for value in values):
        return None
    return [label.strip(), *values]


def _spread(heads: list[str], column: int, n_columns: int) -> str:
    """The head over `column` when `heads` span the columns evenly (2 spans over 4 columns: 2 each), else ""."""
    if not heads or n_columns % len(heads):
        return ""
    return heads[column // (n_columns // len(heads))]


def _clean(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Stripped cells, fragments rejoined, empty rows and columns dropped, and row labels that wrapped onto a row
    of their own joined to the row they name."""
    cells = [_merge_fragments([_cell_text(cell) for cell in row]) for row in rows]
    cells = [row for row in cells if any(row)]
    # A border column the table finder drew left of the labels (every cell empty) would stand where they are.
    while cells and all(len(row) > 1 and not row[0] for row in cells):
        cells = [row[1:] for row in cells]
    return _join_wrapped_labels(cells)


def _cell_text(cell: str) -> str:
    """A cell stripped, a letter-spaced year closed up, and a negative printed in full-width brackets (as Taiwanese
    and Hong Kong statements print them) in the accounting brackets every figure reader knows: "（1,334,119）"."""
    cell = _LETTER_SPACED_YEAR.sub(r"\1\2\3\4", cell.strip())
    return f"({match[1]})" if (match := _FULL_WIDTH_NEGATIVE.fullmatch(cell)) else cell


def _join_wrapped_labels(rows: list[list[str]]) -> list[list[str]]:
    """A label alone on its row, followed by a row with figures and no label (or a label going on in lower case,
    "Net income attributable to" / "common stockholders"), is the first line of that row's label."""
    joined: list[list[str]] = []
    for row in rows:
        previous = joined[-1] if joined else None
        if previous and _label_only(previous) and _has_figures(row) and _continues_label(previous[0], row[0]):
            joined[-1] = [_join_words(previous[0], row[0]), *row[1:]]
        elif previous and _label_only(row) and _has_figures(previous) and _wraps_on(previous[0], row[0]):
            joined[-1] = [_join_words(previous[0], row[0]), *previous[1:]]
        else:
            joined.append(row)
    return joined


def _wraps_on(head: str, tail: str) -> bool:
    """Whether a label alone on the row after a row of figures is the rest of that row's label: the table finder
    puts a wrapped cell's second line on a row of its own ("归属于上市公司股东的净利润" | figures, then "（元）").
    Chinese on both sides, and the tail opens a bracket or ends on the bracketed unit the head lacks
    ("经常性损益的净利润（元）"); a heading after a row ("主营业务分产品情况", "按销售渠道") does neither."""
    if not (EAST_ASIAN.match(head[-1:]) and EAST_ASIAN.match(tail[:1])) or tail.endswith((":", "：")):
        return False
    return tail[:1] in "（(" or (bool(_HEADER_UNIT.search(tail)) and not _HEADER_UNIT.search(head))


def _label_only(row: list[str]) -> bool:
    return bool(row[0]) and not any(row[1:]) and not row[0].endswith((":", "："))


def _continues_label(head: str, tail: str) -> bool:
    return not tail or tail[:1].islower() or bool(EAST_ASIAN.match(head[-1:]) and EAST_ASIAN.match(tail[:1]) and _OPEN_BRACKETS.search(head))


def _join_words(head: str, tail: str) -> str:
    return f"{head}{tail}" if EAST_ASIAN.match(head[-1:]) else f"{head} {tail}".strip()


def render_pipe_tables(text: str) -> str:
    """`text` with every block of pipe-table lines rendered by `render_table`."""
    lines: list[str] = []
    for is_table, block in itertools.groupby(text.split("\n"), key=lambda line: bool(_PIPE_ROW.match(line))):
        if is_table:
            rows = [line.strip().strip("|").split("|") for line in block if not _PIPE_RULE.match(line)]
            lines += render_table(rows)
        else:
            lines += block
    return "\n".join(lines)


def _row_line(header: Sequence[str], row: list[str], group: str = "") -> str:
    """The row as "label | head: value | …", each value in its unit; `group` is the caption the row is under
    ("Earnings per share:")."""
    label, *values = row
    names = header[1:]
    filled_names, filled_values = [name for name in names if name], [value for value in values if value]
    if len(filled_values) == len(filled_names) and len(values) != len(names):
        # Split-off "$" and ")" cells shift a row's columns against the header's; in order, they still pair up.
        names, values = filled_names, filled_values
    else:
        names = _heads_beside(names, values)
    row_unit = header_unit(label)
    # The head over the labels may declare the whole table's unit ("$ million | 2019 | 2018").
    table_unit = header_unit(header[0]) if header else ""
    # "(in millions, except per share data)" spares the per-share rows as a caption above the table does.
    if table_unit and _is_spared(declared_unit(header[0]), f"{label} {group}"):
        table_unit = ""
    parts = [label] if label else []
    for name, value in itertools.zip_longest(names, values, fillvalue=""):
        if not value:
            continue
        # The nearer declaration wins over the caption's (applied later, to what is still bare). A percentage
        # column ("本期比上年同期增减(%)") is a ratio whatever the row measures; else the row's unit ("每股收益（元／股）").
        column_unit = header_unit(name)
        unit = column_unit if column_unit == "{}%" else row_unit or column_unit or table_unit
        value = labelled(value, unit) if unit and not is_note(name) else value
        parts.append(f"{name}: {value}" if name else value)
    return " | ".join(parts)


def _heads_beside(names: Sequence[str], values: Sequence[str]) -> list[str]:
    """`names` with the period head of a value under none taken from the column beside it when that column holds
    no value in this row: a year may stand one column off its amounts ("2023" over the percentages of the rows
    below, "$ 9,765" one column right of it). Other heads stay: an unnamed column beside "比例(%)" is the amount
    of a head spanning both."""
    names = list(names)
    for column, value in enumerate(values):
        if not value or column >= len(names) or names[column]:
            continue
        for beside in (column - 1, column + 1):
            if 0 <= beside < len(names) and _YEAR_IN.search(names[beside]) and not (beside < len(values) and values[beside]):
                names[column], names[beside] = names[beside], ""
                break
    return names


def _plain_line(row: list[str]) -> str:
    filled = [cell for cell in row if cell]
    if len(filled) == 2:
        return f"{filled[0]}: {filled[1]}"
    return " | ".join(filled)


def _is_header(row: list[str], following: list[list[str]]) -> bool:
    """Names over figures: a name and no figure (nor a nil "$-") in the row's value cells, and figures in one of
    the next two rows, or below the captions that follow ("Profit before income tax includes:" alone on its row)."""
    if not any(row[1:]) or _has_figures(row) or any(_NIL.match(cell) for cell in row[1:]):
        return False
    captions = next((index for index, below in enumerate(following) if any(below[1:])), len(following))
    return any(_has_figures(below) for below in following[: max(2, captions + 1)])


def _has_figures(row: Sequence[str]) -> bool:
    """Whether a row's value cells hold an amount; a year alone ("2019", "2019 %", "2019 £m") names a column, it
    is not a figure."""
    return any(_FIGURE.match(cell) and not _YEAR.match(_YEAR_UNIT.sub("", cell)) for cell in row[1:])


def _merge_fragments(row: list[str]) -> list[str]:
    """Cells split off their figure ("$" | "2,762", "(82" | ")") joined back onto it, keeping the columns."""
    merged = list(row)
    for index, cell in enumerate(merged):
        if cell in _PREFIX_FRAGMENTS and index + 1 < len(merged) and merged[index + 1]:
            merged[index + 1] = f"{cell}{merged[index + 1]}" if cell != "$" else f"$ {merged[index + 1]}"
            merged[index] = ""
        elif cell in _SUFFIX_FRAGMENTS and index > 0:
            before = max((i for i in range(index) if merged[i]), default=None)
            if before is not None:
                merged[before] += cell
                merged[index] = ""
    return merged


def header_unit(text: str) -> str:
    """The unit a column or row header declares for its figures, as a template ("{}%", "{}元/股"), or ""."""
    text = fold_script(text)
    if match := _HEADER_UNIT.search(text):
        unit = match["unit"].replace("／", "/").replace(" ", "")
        return "{}" + ("%" if unit in ("%", "％") else unit)
    if match := _MEASURE_UNIT.search(text):
        unit = match["unit"].replace("／", "/").replace(" ", "")
        return "{}" + unit if EAST_ASIAN.match(unit) else "{} " + unit
    if _PERCENT_HEAD.search(text):
        return "{}%"
    if (match := _EN_SCALE_ONLY.search(text)) and text.rstrip().endswith(")"):
        return "{} " + match["scale"].lower().removesuffix("s")
    if match := _DOLLAR_SCALE.search(text):
        return "{} " + _DOLLAR_SCALES[match["scale"].upper()]
    if match := _HEAD_SCALE.search(text):
        scale = match["scale"].lower()
        currency = match["currency"].upper() if match["currency"].isalpha() else match["currency"]
        return f"{currency}{{}} {_HEAD_SCALES.get(scale, scale.removesuffix('s'))}"
    if text.rstrip().endswith(")"):
        return declared_unit(text).template  # a caption set in the head: "Appropriation (in thousand NT dollars)"
    return ""


def label_table_units(text: str) -> str:
    """`text` with the bare amounts of rendered table rows labelled with the unit their caption declares.

    A row read alone ("营业收入 | 2024Q4: 3015.27") no longer says its amounts are millions; without the label a
    reader (and the model) takes a unit from elsewhere, and 3015.27 百万元 becomes 3015.27 亿元.
    """
    return label_pages_units([text])[0]


def label_pages_units(pages: Sequence[str]) -> list[str]:
    """`label_table_units` over consecutive pages: a table continued on the next page keeps its caption's unit.

    The unit holds through the table's own headings ("Net sales:") and column-head lines ("2023 2022 Change"),
    even one run on into the first row; other text ends it. Under "(In millions, except per share amounts)" rows
    about shares keep their figures bare.
    """
    labelled, unit, heading = [], _NO_UNIT, ""
    for page in pages:
        lines = page.split("\n")
        for index, line in enumerate(lines):
            if is_row(line) and unit.template:
                lines[index] = _label_row(line, unit, heading)
            elif line.strip() and not is_row(line):
                if (declared := declared_unit(line)).template:
                    unit, heading = declared, ""
                elif _is_table_heading(line) or _is_column_heads(line):
                    heading = line if line.rstrip().endswith((":", "：")) else heading
                elif not _is_label_only(lines, index):
                    unit, heading = _NO_UNIT, ""
        labelled.append("\n".join(lines))
    return labelled


def _is_label_only(lines: list[str], index: int) -> bool:
    """Whether `lines[index]` is a line item printed without figures: short, no sentence, and between rows (or
    other such lines) of a table."""
    if index == 0 or not _is_label_only_text(lines[index]):
        return False
    before = lines[index - 1]
    after = next((below for below in lines[index + 1 :] if not _is_label_only_text(below)), "")
    return (is_row(before) or _is_label_only_text(before) or bool(declared_unit(before).template)) and is_row(after)


def _is_label_only_text(line: str) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= _MAX_LABEL_ONLY_CHARS
        and not _SENTENCE_END.search(stripped)
        and not is_row(line)
        # A row of figures without heads ("September 18, 2018 | … | $ 0.46") is no line item waiting for its figures.
        and not any(_FIGURE.match(cell.strip()) for cell in stripped.split(ROW_SEPARATOR))
    )


def is_note(name: str) -> bool:
    """Whether a column `name` heads note numbers ("附注", "Note")."""
    return name.strip().lower() in _NOTE_HEADS


def name_repeated_rows(pages: Sequence[str]) -> list[str]:
    """`pages` with each table row whose label the table prints under more than one caption named by its caption.

    A segment note prints "Americas:", "Europe:", ... each over its own "Net sales" and "Operating income" rows; a
    statement prints "Products" under "Net sales:" and again under "Cost of sales:". A passage holding one such
    row alone reads as the company's operating income; named ("Europe Operating income | …"), it says whose it
    is, as `ingest.facts` names the row's cells.
    """
    split = [page.split("\n") for page in pages]
    for table in _captioned_rows(split):
        captions_of: defaultdict[str, set[str]] = defaultdict(set)
        for _, _, caption, label in table:
            captions_of[label].add(caption)
        for page, line, caption, label in table:
            if caption and len(captions_of[label]) > 1 and not label.startswith(caption):
                split[page][line] = f"{caption} {split[page][line].lstrip()}"
    return ["\n".join(lines) for lines in split]


def _captioned_rows(pages: list[list[str]]) -> list[list[tuple[int, int, str, str]]]:
    """Each table's rows as (page, line, caption over the row or "", label); a table runs on over page breaks,
    captions, headings and column heads, and ends at other text."""
    tables: list[list[tuple[int, int, str, str]]] = [[]]
    caption = ""
    for page, lines in enumerate(pages):
        for index, line in enumerate(lines):
            stripped = line.strip()
            label = stripped.split(ROW_SEPARATOR, 1)[0]
            if ROW_SEPARATOR in stripped and ": " not in label:
                caption = "" if caption and ENDS_CAPTION.search(label) else caption
                tables[-1].append((page, index, caption, label))
            elif found := GROUP_CAPTION.match(stripped):
                caption = found["caption"].strip()
            elif stripped and not (_is_table_heading(stripped) or _is_column_heads(stripped)):
                tables.append([])
                caption = ""
    return [table for table in tables if table]


def caption_readings(text: str) -> list[str]:
    """The bare amounts of `text`'s table lines the PDF printed unlabelled ("Net income 1,802.3 1,104.4 63 69"),
    written in the unit their caption declares ("Dollars in millions" → "1,802.3 million").

    Which of a line's figures the caption covers (63 and 69 there are percentages) is not known without its
    column heads, so these are readings a figure may have, for a check to accept, not labels to print.
    """
    readings, unit = [], _NO_UNIT
    for line in text.split("\n"):
        if (declared := declared_unit(line)).template:
            unit = declared
        elif unit.template and is_figure_row(line) and not (is_row(line) or _is_column_heads(line)):
            readings += [unit.template.format(amount) for amount in _UNLABELLED_AMOUNT.findall(line)]
        elif line.strip() and not (is_row(line) or _is_table_heading(line) or _is_column_heads(line)):
            unit = _NO_UNIT
    return readings


@dataclass(frozen=True)
class _Unit:
    """What a caption declares: a template for one amount ("{}百万元", "US$ {} million", "" for none), and which rows
    it spares: "per share" ("(In millions, except per share amounts)": share counts are in millions too) or
    "shares" ("(In millions, except number of shares, which are reflected in thousands, …)")."""

    template: str
    spares: str = "per share"


_NO_UNIT = _Unit("")


def declared_unit(line: str) -> _Unit:
    """The unit `line` declares for the amounts of the table below it."""
    line = fold_script(line)
    if match := _CN_UNIT.search(line):
        currency = {"美元": "美元", "港元": "港元", "港币": "港元"}.get(match["currency"] or "", "元")
        return _Unit("{}" + match["scale"].removesuffix("元") + currency)
    if match := _EN_UNIT.search(line):
        scale = (match["scale"] or match["scale2"]).lower().removesuffix("s")
        currency = (match["currency"] or match["currency2"]).upper().replace("DOLLARS", "US$")
        return _Unit(f"{currency} {{}} {scale}")
    if match := _EN_SCALE_ONLY.search(line):
        # No currency in the caption: the cells carry their own "$" (kept), or the figure is a count.
        spares = _spared(match["excepted"] or "", counts_shares=bool(_SHARES.search(match["covered"])))
        return _Unit("{} " + match["scale"].lower().removesuffix("s"), spares)
    if (match := _EN_SIGN_UNIT.search(line) or _EN_WORD_UNIT.search(line)) and _is_caption(line, match):
        place = match.groupdict().get("place") or ""
        unit = _currency_unit(f"{place} {match['currency'] or match['currency2']}", match["scale"] or match["scale2"])
        exception = _EXCEPTED.search(line, match.end())
        return _Unit(unit, _spared(line[exception.start() :] if exception else ""))
    return _NO_UNIT


def _spared(exception: str, counts_shares: bool = False) -> str:
    """Which rows a caption keeps out of its scale: amounts per share always (no price per share is in millions,
    whatever "(Shares in millions)" says), share counts too when its exception names them ("except number of
    shares"), unless it says its scale counts shares ("Dollars and shares in millions")."""
    return "shares" if _EXCEPTS_SHARES.search(exception) and not counts_shares else "per share"


def _is_caption(line: str, match: re.Match[str]) -> bool:
    """Whether a unit found in `line` is declared for a table: in brackets, or a short line of its own."""
    return "(" in line[: match.start() + 1] and ")" in line[match.end() :] or len(line.strip()) <= _MAX_CAPTION_CHARS


def _currency_unit(currency: str, scale: str) -> str:
    """The template of an amount in `currency` and `scale` as captions write them ("$", "millions" → "$ {} million";
    "NT dollars", "thousand" → "NT$ {} thousand")."""
    folded = currency.lower().replace(".", "").replace(" ", "")
    place = next((place for place in _PLACE_DOLLARS if folded.startswith(place) and "dollar" in folded), None)
    if place:
        sign = _PLACE_DOLLARS[place]
    else:
        sign = _UNIT_CURRENCIES.get(folded, "$" if "$" in folded or "dollar" in folded or folded == "usd" else currency.strip())
    scale = scale.lower()
    return f"{sign} {{}} {_UNIT_SCALES.get(scale, scale.removesuffix('s'))}"


def _is_table_heading(line: str) -> bool:
    """A heading inside a table ("Net sales:", "营业成本：", a bare group name such as "Assets" or "Liabilities and
    stockholders' equity") or a line of column heads ("Three Months Ended", dates, years), which do not end the
    caption's reach."""
    stripped = line.strip()
    if stripped.endswith((":", "：")) and len(stripped) <= _MAX_HEADING_CHARS:
        return True
    if is_group_name(stripped):
        return True
    rest = _COLUMN_YEAR.sub("", _MONTH_DAY.sub("", _PERIOD_SPAN.sub("", stripped)))
    return len(re.sub(r"[\W\d_]", "", rest)) < 3


def is_group_name(line: str) -> bool:
    """A few words naming the rows below them, without a colon: no figure, no sentence end, and short enough not to
    be prose (a Chinese sentence has no spaces, so its characters are counted too)."""
    return (
        0 < len(line.split()) <= _MAX_GROUP_NAME_WORDS
        and len(EAST_ASIAN.findall(line)) <= _MAX_GROUP_NAME_CJK
        and not re.search(r"\d|[.。;；]$", line)
    )


def _is_spared(unit: _Unit, names: str) -> bool:
    """Whether a row or column so named is one its caption's exception keeps out of the caption's unit."""
    if unit.spares == "shares":
        return bool(_SHARES.search(names) or _PER_SHARE.search(names))
    return unit.spares == "per share" and bool(_PER_SHARE.search(names))


def label_bare_values(line: str, template: str) -> str:
    """A rendered row's bare values in the unit `template` ("{}千元"), but for note numbers and per-share rows."""
    return _label_row(line, _Unit(template), "")


def _label_row(line: str, unit: _Unit, heading: str) -> str:
    """`line`'s bare values in `unit`, but for note numbers and the rows (named by their label or group `heading`)
    and columns ("Earnings per share - diluted 2023") the caption's exception spares."""
    spared_row = _is_spared(unit, f"{line.split(ROW_SEPARATOR, 1)[0]} {heading}")

    def cell(match: re.Match[str]) -> str:
        name, value = match["name"], match["value"]
        kept = spared_row or is_note(name) or _is_spared(unit, name)
        return f"{name}: {value if kept else labelled(value, unit.template)}"

    return _ROW_VALUE.sub(cell, line)


def is_row(line: str) -> bool:
    if ": " not in line:
        return False
    if " | " in line:
        return True
    # One labelled value ("营业收入: 3015.27"), not a sentence with a colon in it ("Results of Operations: Years …").
    single = _ROW_VALUE.fullmatch(line.strip())
    return single is not None and len(single["value"]) <= _MAX_SINGLE_VALUE_CHARS and ": " not in single["value"]


def labelled(value: str, unit: str) -> str:
    """`value` in `unit` (a template such as "{} million") when it prints none: "1,802.3" or "$14.0", not "4 %"."""
    stripped = value.strip()
    if _BARE_AMOUNT.match(stripped):
        return unit.format(stripped)
    if (dollars := _DOLLAR_AMOUNT.match(stripped)) and not unit.endswith("%"):
        # "$100" under "($ in millions)": the cell's own "$" and the caption's scale.
        return "$ " + unit.format(dollars["amount"]) if unit.startswith("{}") else unit.format(dollars["amount"])
    return value
