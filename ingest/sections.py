"""The section a passage sits in, from the headings of the report: 第二节 … › 七、… › (一) …; PART II › Item 7 › …

Headings are found by the numbering filings use at each level (Chinese 第…节 / 一、 / （一）, SEC PART / Item and
capitalised captions), on short lines that are not sentences; each opens a section that lasts until the next
heading of its level or a higher one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from fintext.text import CJK
from ingest.records import SECTION_SEPARATOR

# Heading patterns by level, highest first. A level-1 heading closes every section below it.
_LEVELS = (
    re.compile(r"^(?:第[一二三四五六七八九十百]+[节章]|PART\s+[IVX]+\b)"),
    re.compile(r"^(?:[一二三四五六七八九十]+、|ITEM\s+\d+[A-Z]?\.\s|Item\s+\d+[A-Z]?\.\s)"),
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
)
# A caption in capitals ("INCOME STATEMENTS", "RESULTS OF OPERATIONS") heads a part of an Item.
_CAPITALS = re.compile(r"^[A-Z][A-Z ,&()'’/-]{5,}$")
_CAPITALS_LEVEL = 2
_MAX_HEADING_CHARS = {"zh": 40, "en": 120}
_SENTENCE_END = re.compile(r"[。！？；.!?;:：]$")


@dataclass(frozen=True)
class Heading:
    start: int  # offset of the heading line in the document text
    level: int
    text: str


def find_headings(text: str) -> list[Heading]:
    """The headings of `text` in order, each with its level (0 is the highest)."""
    headings: list[Heading] = []
    open_texts: dict[int, str] = {}
    offset = 0
    for line in text.split("\n"):
        level = _level(line.strip())
        heading = " ".join(line.split())
        # A page's running header repeats the part it is in ("PART I" atop every page): that opens nothing.
        if level is not None and open_texts.get(level) != heading:
            headings.append(Heading(offset, level, heading))
            open_texts = {kept: text for kept, text in open_texts.items() if kept < level} | {level: heading}
        offset += len(line) + 1
    return headings


def section_paths(headings: list[Heading]) -> list[str]:
    """For each heading, the path of the section it opens: its own text under the open headings above it."""
    open_headings: list[Heading] = []
    paths = []
    for heading in headings:
        open_headings = [above for above in open_headings if above.level < heading.level] + [heading]
        paths.append(SECTION_SEPARATOR.join(above.text for above in open_headings))
    return paths


def section_at(headings: list[Heading], paths: list[str], offset: int) -> tuple[int, str]:
    """The index and path of the section holding `offset`: (-1, "") before the first heading."""
    index = bisect.bisect_right([heading.start for heading in headings], offset) - 1
    return index, paths[index] if index >= 0 else ""


def _level(line: str) -> int | None:
    if not line or _SENTENCE_END.search(line) or " | " in line:
        return None
    limit = _MAX_HEADING_CHARS["zh" if CJK.search(line) else "en"]
    if len(line) > limit:
        return None
    for level, pattern in enumerate(_LEVELS):
        if pattern.match(line):
            return level
    if _CAPITALS.match(line) and len(line.split()) >= 2:
        return _CAPITALS_LEVEL
    return None
