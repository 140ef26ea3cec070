"""Tables a PDF draws without rules, read into labelled rows from where their words sit on the page.

pdfplumber finds a table by its ruling lines; a results release sets its tables as plain lines of text
("Net income 1,802.3 1,104.4 63 69" under "2023 2022 Inc/ (Dec) Translation"), which read as a label and a run of
figures whose columns only their x positions tell. pdfplumber's text strategy guesses tables across a whole page,
prose included, so this reads only runs of figure lines (`is_figure_row`) and the head lines right above them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ingest.tables import (
    header_unit,
    is_figure_row,
    is_figure_word,
    is_group_name,
    is_year,
    labelled,
    names_a_period,
    names_periods,
    without_dates,
)

# Words further apart than this share of the font's height are in different cells (a space is about a quarter).
_CELL_GAP = 0.5
# A unit or sign printed as a word of its own belongs to the figure beside it ("4 %", "$ 5,897.8").
_SUFFIXES = ("%", ")", ")%", "％")
_PREFIXES = ("$", "(", "US$", "RMB")
_MIN_ROWS = 2
_MIN_COLUMNS = 2
_MAX_HEAD_LINES = 6
# A line of column heads is short; a longer one is prose or a caption.
_MAX_HEAD_WORDS = 16
# Head lines sit closer together than this many line heights; a title above them is set further apart.
_MAX_HEAD_GAP = 1.2
# A span head stands within this share of its run's width of the run's centre.
_SPAN_SLACK = 0.25
# Words of a value cell besides its figures: "down 14.5 ppts", "up 3%", "n/m".
_VALUE_WORDS = frozenset(
    {"up", "down", "flat", "ppts", "ppt", "pts", "bps", "n/m", "nm", "—", "–", "-", "billion", "million", "thousand"}
)

_LETTER = re.compile(r"[A-Za-z]")
# A figure printed without a unit: "63", "(14)", "1,802.3".
_BARE = re.compile(r"\(?-?[\d,]*\d(?:\.\d+)?\)?")

Line = dict[str, Any]


@dataclass(frozen=True)
class _Cell:
    x0: float
    x1: float
    text: str

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def read_columns(lines: Sequence[Line]) -> list[Line]:
    """`lines` (pdfplumber's text lines, with their chars) with each ruleless table's rows rewritten as
    "label | column head: value | …"; lines of any other kind, and tables whose heads name no period, unchanged."""
    out = [dict(line) for line in lines]
    start = 0
    while start < len(out):
        end = _block_end(out, start)
        if sum(1 for line in out[start:end] if _is_row(line)) >= _MIN_ROWS:
            _relabel(out, _head_start(out, start), start, end)
            start = end
        else:
            start += 1
    return out


def _block_end(lines: Sequence[Line], start: int) -> int:
    """Where the run of figure rows (and group names between them: "Revenues", "Operating costs") from `start` ends."""
    end = start
    while end < len(lines) and (_is_row(lines[end]) or end > start and is_group_name(lines[end]["text"])):
        end += 1
    # A trailing group name belongs to what follows.
    while end > start and not _is_row(lines[end - 1]):
        end -= 1
    return end


def _is_row(line: Line) -> bool:
    """A printed table row: a label and figures, not only the years, quarters and dates of a line of column heads
    ("Q4 2022 Q4 2021 vs. Q4 2021", "Quarters Ended March 31, 2023 2022 Inc/ (Dec)"). Mostly figures, or, with a
    long label ("Data Center and AI (DCAI) $4.3 billion down 33% …"), two value cells set apart or more."""
    text = without_dates(line["text"])
    if not any(is_figure_word(word) and not (is_year(word) or _LETTER.search(word)) for word in text.split()):
        return False
    if is_figure_row(text):
        return True
    cells = _cells(line)
    values = cells[1:] if cells and _is_label(cells[0]) else cells
    return len(values) >= _MIN_COLUMNS and not any(map(_is_label, values))


def _head_start(lines: Sequence[Line], start: int) -> int:
    """The first of the head lines right above a block at `start`: short lines that are not prose."""
    head = start
    while head > 0 and start - head < _MAX_HEAD_LINES and _may_be_heads(lines[head - 1]):
        # A title set apart above the heads ("SUMMARY RESULTS OF OPERATIONS", a running "PART II Item 7") is not one.
        above, below = lines[head - 1], lines[head]
        if below["top"] - above["bottom"] > _MAX_HEAD_GAP * (above["bottom"] - above["top"]):
            break
        head -= 1
    return head


def _may_be_heads(line: Line) -> bool:
    text = line["text"]
    return not (_is_row(line) or text.rstrip().endswith((".", "。", ":", "：")) or len(text.split()) > _MAX_HEAD_WORDS)


def _relabel(lines: list[Line], head: int, start: int, end: int) -> None:
    rows = [(index, _cells(lines[index])) for index in range(start, end) if _is_row(lines[index])]
    value_cells = [cells[1:] if _is_label(cells[0]) else cells for _, cells in rows]
    columns = _columns([cell for cells in value_cells for cell in cells])
    if len(columns) < _MIN_COLUMNS:
        return
    left = min(x0 for x0, _ in columns)
    names = _column_names(columns, [_cells(lines[index]) for index in range(head, start)], left)
    if not any(names_a_period(name) for name in names) or not all(names):
        return
    percentages = [_is_percentage_column(column, value_cells) for column in columns]
    for (index, cells), values in zip(rows, value_cells, strict=True):
        label = cells[0].text if _is_label(cells[0]) else ""
        parts = [label] if label else []
        for column, name, percentage in zip(columns, names, percentages, strict=True):
            if value := " ".join(cell.text for cell in values if _overlaps(cell, column)):
                parts.append(f"{name}: {_with_unit(value, label, percentage)}")
        lines[index]["text"] = " | ".join(parts)


def _with_unit(value: str, label: str, percentage: bool) -> str:
    """`value` with the unit its column ("%" on its first row) or its row ("Revenue ($B)") declares, as
    `ingest.tables` labels a ruled table's cells: the column's percentage first."""
    if percentage:
        return f"{value}%" if _BARE.fullmatch(value) else value
    return labelled(value, unit) if (unit := header_unit(label)) else value


def _cells(line: Line) -> list[_Cell]:
    """A line's words grouped into cells by the gaps between its characters, signs and units kept with their figure."""
    chars = [char for char in line.get("chars", ()) if char["text"].strip()]
    cells: list[_Cell] = []
    previous = None
    for char in chars:
        height = char["bottom"] - char["top"]
        gap = char["x0"] - previous["x1"] if previous else 0.0
        if previous is None or gap > _CELL_GAP * height:
            cells.append(_Cell(char["x0"], char["x1"], char["text"]))
        else:
            space = " " if gap > 0.15 * height else ""
            cells[-1] = _Cell(cells[-1].x0, char["x1"], cells[-1].text + space + char["text"])
        previous = char
    return _joined_signs(cells)


def _joined_signs(cells: list[_Cell]) -> list[_Cell]:
    joined: list[_Cell] = []
    for cell in cells:
        if joined and cell.text in _SUFFIXES:
            last = joined[-1]
            joined[-1] = _Cell(last.x0, cell.x1, f"{last.text}{'' if cell.text == ')' else ' '}{cell.text}")
        elif joined and joined[-1].text in _PREFIXES:
            last = joined[-1]
            joined[-1] = _Cell(last.x0, cell.x1, f"{last.text} {cell.text}")
        else:
            joined.append(cell)
    return joined


def _is_label(cell: _Cell) -> bool:
    """Whether a row's first cell names it, rather than being its first value ("down 14.5 ppts" is a value)."""
    return not all(is_figure_word(word) or word.lower() in _VALUE_WORDS for word in cell.text.split())


def _columns(cells: list[_Cell]) -> list[tuple[float, float]]:
    """The x ranges of the value columns: cells whose ranges overlap are one column."""
    columns: list[list[float]] = []
    for cell in sorted(cells, key=lambda cell: cell.x0):
        if columns and cell.x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], cell.x1)
        else:
            columns.append([cell.x0, cell.x1])
    return [(x0, x1) for x0, x1 in columns]


def _column_names(columns: list[tuple[float, float]], head_lines: list[list[_Cell]], left: float) -> list[str]:
    """Each column's heads, top line first; text centred left of the first column is a caption or a group name.

    A line of as many heads as columns or more gives each head to the column nearest it ("2023 2022 Inc/ (Dec)");
    a line of fewer, centred over even runs of columns, spans them ("GAAP" over three columns, "Non-GAAP" over
    three); any other head names only the columns it stands over ("Excluding" over its column), and a column left
    without one takes the nearest head of the lowest line of several heads.
    """
    names: list[list[str]] = [[] for _ in columns]
    spans: list[str] = []
    for cells in head_lines:
        # A span printed left of the years it covers ("Year Ended June 30, 2019 2018 2017") names each of them.
        spans += [cell.text for cell in cells if cell.centre < left and names_periods(cell.text)]
        heads = [cell for cell in cells if cell.centre >= left]
        if len(heads) >= len(columns):
            for head in heads:
                names[_nearest(columns, head.centre)].append(head.text)
        elif groups := _groups(columns, heads):
            for head, group in zip(heads, groups, strict=True):
                for index in group:
                    names[index].append(head.text)
        else:
            for head in heads:
                over = [index for index, column in enumerate(columns) if _overlaps(head, column)]
                for index in over or [_nearest(columns, head.centre)]:
                    names[index].append(head.text)
    # A column no head stands over ("(3)%" beside "$ (78.1)" under one "Inc/ (Dec)") is under the nearest head of
    # the lowest line of heads, when that line names other columns too.
    lines_of_heads = [[cell for cell in cells if cell.centre >= left] for cells in head_lines]
    lowest = next((heads for heads in reversed(lines_of_heads) if heads), [])
    for index, parts in enumerate(names):
        if not parts and len(lowest) > 1:
            parts.append(min(lowest, key=lambda head: abs(head.centre - sum(columns[index]) / 2)).text)
    return [" ".join([*spans, *parts] if names_a_period(" ".join(parts)) else parts) for parts in names]


def _groups(columns: list[tuple[float, float]], heads: list[_Cell]) -> list[range]:
    """The runs of columns `heads` span, when there are fewer of them than columns, the columns divide evenly
    among them and each stands centred over its run ("GAAP" and "Non-GAAP" over three columns each); else []."""
    if not 1 < len(heads) < len(columns) or len(columns) % len(heads):
        return []
    size = len(columns) // len(heads)
    groups = [range(start, start + size) for start in range(0, len(columns), size)]
    for head, group in zip(heads, groups, strict=True):
        left, right = columns[group[0]][0], columns[group[-1]][1]
        if abs(head.centre - (left + right) / 2) > (right - left) * _SPAN_SLACK:
            return []
    return groups


def _nearest(columns: list[tuple[float, float]], x: float) -> int:
    return min(range(len(columns)), key=lambda index: abs(sum(columns[index]) / 2 - x))


def _overlaps(cell: _Cell, column: tuple[float, float]) -> bool:
    return cell.x0 <= column[1] and column[0] <= cell.x1


def _is_percentage_column(column: tuple[float, float], rows: list[list[_Cell]]) -> bool:
    """Whether the column's first figure prints "%": a filing prints a column's unit on its first row only."""
    first = next((cell.text for cells in rows for cell in cells if _overlaps(cell, column)), "")
    return first.endswith(("%", "％"))
