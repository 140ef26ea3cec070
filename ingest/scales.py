"""Units a table's caption lost, recovered from prose that states one of its rows in a unit of its own.

A converted filing (a Markdown or HTML export, a PDF whose running header carried "單位：新臺幣千元") often keeps a
table's figures and drops the line that said what they are in: "利息淨收益 | 113 年度: 36,832,209" is 36.8 billion or
36.8 million depending on a caption that is gone, and a bare figure is an answer no analyst can use. The same
filing's prose usually states the headline rows again, rounded, in its own unit ("113 年度利息淨收益 368.3 億元"):
when a row's label stands in the clause before such a figure and the row's number times one power of ten is that
figure within its rounding, the table is in that power's unit ("千元"). An analyst reconciles a table against the
text the same way. Nothing is guessed: a table none of whose rows the prose restates, or whose rows point to two
different scales, stays bare.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from fintext.figures import extract_figures
from fintext.text import fold_script, fold_width
from ingest.tables import ROW_SEPARATOR, is_row, label_bare_values, label_table_units, render_pipe_tables

# The scales a table may be printed in, as a power of ten, and how a Chinese and an English caption names each.
_SCALES = {0: ("{}", "{}"), 3: ("{}千", "{} thousand"), 4: ("{}万", ""), 6: ("{}百万", "{} million"), 8: ("{}亿", ""),
           9: ("", "{} billion")}  # fmt: skip
# How a Chinese caption and an English one write each currency after (or before) the scale.
_CURRENCIES = {"CNY": ("{}元", "RMB {}"), "USD": ("{}美元", "$ {}"), "HKD": ("{}港元", "HK$ {}"), "TWD": ("{}元", "NT$ {}")}
_BARE_VALUE = re.compile(r": (?P<number>\(?-?\d[\d,]*(?:\.\d+)?\)?)(?=\s*\||\s*$)")
# Where the clause that names a figure starts: the words just before it say what it is.
_CLAUSE_START = re.compile(r"[，,；;。:：、\n]|\.\s")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Fewer significant digits than this match too many figures by chance ("5" and "5 億"): a row's number needs four,
# the prose's three (so its rounding is within half a percent).
_MIN_DIGITS = 4
_MIN_STATED_DIGITS = 3
_MAX_ROUNDING = Decimal("0.005")
_MIN_LABEL_CHARS = 2
_MIN_ROWS_FOR_TABLE = 2


@dataclass(frozen=True)
class _Stated:
    """A figure the prose states with a unit: its value, half the last printed digit's worth, and its clause."""

    value: Decimal
    tolerance: Decimal
    clause: str
    english: bool
    currency: str


def reconcile_units(pages: Sequence[str]) -> list[str]:
    """`pages` with each table whose rows are bare labelled in the unit the prose's restatement of a row shows."""
    stated = sorted((figure for page in pages for figure in _stated_figures(page)), key=lambda figure: figure.value)
    if not stated:
        return list(pages)
    return ["\n".join(_reconciled(page.split("\n"), stated)) for page in pages]


def _stated_figures(page: str) -> list[_Stated]:
    """The amounts with a scale or currency in `page`'s prose (not its table rows), each with its clause."""
    found: list[_Stated] = []
    for line in page.split("\n"):
        if is_row(line):
            continue
        for figure in extract_figures(line):
            number = _NUMBER.search(fold_width(figure.text))
            if figure.currency not in _CURRENCIES or number is None or figure.low != figure.high:
                continue
            printed = Decimal(number.group().replace(",", ""))
            if printed == 0 or len(printed.normalize().as_tuple().digits) < _MIN_STATED_DIGITS:
                continue
            value = abs(Decimal(str(figure.low)))
            decimals = -printed.as_tuple().exponent  # type: ignore[operator]
            tolerance = value / abs(printed) * Decimal(5).scaleb(-decimals - 1)
            clause = _CLAUSE_START.split(line[: figure.start])[-1]
            english = figure.text.isascii()
            found.append(_Stated(value, tolerance, fold_script(clause).lower(), english, figure.currency))
    return found


def _reconciled(lines: list[str], stated: list[_Stated]) -> list[str]:
    """`lines` with the bare values of each run of table rows labelled where the prose fixes their scale."""
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and is_row(lines[end]):
            end += 1
        if end > start:
            lines[start:end] = _labelled_rows(lines[start:end], stated)
            start = end
        else:
            start += 1
    return lines


def _labelled_rows(rows: list[str], stated: list[_Stated]) -> list[str]:
    """`rows` (one table's) labelled: all of them when two or more rows show one unit and no row another, else only
    the rows that show their own. A table of business volumes prints deposits in 億元 beside foreign exchange in
    億美元: one restated row does not vouch for its neighbours. Rows shown in two scales are a coincidence somewhere:
    none is labelled."""
    shown = [_units_shown(row, stated) for row in rows]
    units = set().union(*shown)
    if len({power for power, _, _ in units}) > 1:
        return rows
    if len(units) == 1 and sum(1 for found in shown if found) >= _MIN_ROWS_FOR_TABLE:
        template = _template(units.pop())
        return [label_bare_values(row, template) for row in rows]
    return [label_bare_values(row, _template(found.pop())) if len(found) == 1 else row for row, found in zip(rows, shown)]


def _units_shown(row: str, stated: list[_Stated]) -> set[tuple[int, str, bool]]:
    """The (power of ten, currency, English) units the prose states `row`'s bare numbers in."""
    label = fold_script(row.split(ROW_SEPARATOR, 1)[0]).strip().lower()
    if len(label) < _MIN_LABEL_CHARS or ":" in label:
        return set()
    units = set()
    for match in _BARE_VALUE.finditer(row):
        number = Decimal(match["number"].strip("()").replace(",", ""))
        if len(number.as_tuple().digits) < _MIN_DIGITS:
            continue
        for power, (chinese, english) in _SCALES.items():
            for figure in _near(abs(number.scaleb(power)), stated):
                if label in figure.clause and (english if figure.english else chinese):
                    units.add((power, figure.currency, figure.english))
    return units


def _template(unit: tuple[int, str, bool]) -> str:
    power, currency, english = unit
    return _CURRENCIES[currency][english].format(_SCALES[power][english])


def _near(value: Decimal, stated: list[_Stated]) -> list[_Stated]:
    """The figures of `stated` (sorted by value) that `value` rounds to."""
    window = value * _MAX_ROUNDING
    low = bisect.bisect_left(stated, value - window, key=lambda figure: figure.value)
    high = bisect.bisect_right(stated, value + window, key=lambda figure: figure.value)
    return [figure for figure in stated[low:high] if abs(value - figure.value) <= figure.tolerance]


def render_text_tables(text: str) -> str:
    """A text file's pipe tables rendered as rows (`render_pipe_tables`), their values in the unit their caption
    declares or, lacking one, the unit the prose reconciles them to."""
    return reconcile_units([label_table_units(render_pipe_tables(text))])[0]
