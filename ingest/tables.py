"""Tables as text: one line per row, each value labelled with its column header, so a row reads alone in a chunk."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

# A caption or note declaring the unit of a table's amounts: "（人民币百万元）", "单位：万元", "(in millions of US$)".
_CN_UNIT = re.compile(r"(?:[（(]|单位[:：]\s*)(?P<currency>人民币|美元|港元|港币)?\s*(?P<scale>千元|万元|百万元|亿元|元)")
_EN_UNIT = re.compile(
    r"\((?:in\s+)?(?:(?P<scale>thousands|millions|billions)\s+of\s+(?P<currency>RMB|US\$|USD|HK\$|dollars)|"
    r"(?P<currency2>RMB|US\$|USD|HK\$)\s*(?P<scale2>thousands|millions|billions))\)",
    re.IGNORECASE,
)
_BARE_AMOUNT = re.compile(r"^-?[\d,]+(?:\.\d+)?$")
_ROW_VALUE = re.compile(r"(?P<name>[^|:]+): (?P<value>[^|]+?)(?=\s*\||\s*$)")
# A pipe-table row as trafilatura writes HTML tables ("| 营业收入 | 2801.54 | "), and its header rule ("|---|---|").
_PIPE_ROW = re.compile(r"^\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^[\s|:-]+$")


def render_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """The body rows under the first row taken as the header; empty rows dropped.

    ["营业收入", "2801.54"] under ["项目", "2024Q4"] becomes "营业收入 | 2024Q4: 2801.54".
    """
    cells = [[cell.strip() for cell in row] for row in rows]
    cells = [row for row in cells if any(row)]
    if len(cells) < 2:
        return [" | ".join(cell for cell in row if cell) for row in cells]
    header, *body = cells
    return [_row_line(header, row) for row in body]


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


def _row_line(header: list[str], row: list[str]) -> str:
    label, *values = row
    parts = [label] if label else []
    for name, value in itertools.zip_longest(header[1:], values, fillvalue=""):
        if value:
            parts.append(f"{name}: {value}" if name else value)
    return " | ".join(parts)


def label_table_units(text: str) -> str:
    """`text` with the bare amounts of rendered table rows labelled with the unit their caption declares.

    A row read alone ("营业收入 | 2024Q4: 3015.27") no longer says its amounts are millions; without the label a
    reader (and the model) takes a unit from elsewhere, and 3015.27 百万元 becomes 3015.27 亿元.
    """
    lines, unit = [], ""
    for line in text.split("\n"):
        if _is_row(line) and unit:
            line = _label_row(line, unit)
        elif not _is_row(line):
            unit = declared_unit(line)
        lines.append(line)
    return "\n".join(lines)


def declared_unit(line: str) -> str:
    """The unit `line` declares for amounts as a template for one amount ("{}百万元", "US$ {} million"), or ""."""
    if match := _CN_UNIT.search(line):
        currency = {"美元": "美元", "港元": "港元", "港币": "港元"}.get(match["currency"] or "", "元")
        return "{}" + match["scale"].removesuffix("元") + currency
    if match := _EN_UNIT.search(line):
        scale = (match["scale"] or match["scale2"]).lower().removesuffix("s")
        currency = (match["currency"] or match["currency2"]).upper().replace("DOLLARS", "US$")
        return f"{currency} {{}} {scale}"
    return ""


def _label_row(line: str, unit: str) -> str:
    return _ROW_VALUE.sub(lambda match: f"{match['name']}: {_labelled(match['value'], unit)}", line)


def _is_row(line: str) -> bool:
    return ": " in line and (" | " in line or _ROW_VALUE.fullmatch(line.strip()) is not None)


def _labelled(value: str, unit: str) -> str:
    return unit.format(value) if _BARE_AMOUNT.match(value.strip()) else value
