"""Page furniture and contents pages: what a printed report repeats on every page, and pages that only list pages.

Both are found by their shape across the document, not by a list of strings: a running header is a line that
stands at the top (or bottom) of many pages once its digits are set aside; a contents page lists titles with
page numbers that rise as it goes.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict

from fintext.text import CJK_CHARS

# Lines this close to a page's top or bottom are where headers, footers and page numbers stand.
_EDGE_LINES = 2
# A line at the edge of at least this share of pages (and of 3 pages) is furniture.
_FURNITURE_SHARE = 0.3
_MIN_FURNITURE_PAGES = 3
# A page number may skip (a blank page, an unnumbered insert): most of a footer's occurrences must count in step.
_PAGING_SHARE = 0.8
# A page number alone: "4", "- 4 -", "4 / 120", "第 4 页 共 120 页", "Page 4 of 120".
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+)?第?\s*\d{1,4}\s*页?(?:\s*(?:/|of|共)\s*\d{1,4}\s*页?)?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
_CONTENTS_HEADING = re.compile(r"^\s*(?:目\s*录|table of contents|contents|index)\s*$", re.IGNORECASE | re.MULTILINE)
# An entry's page number: after dot leaders, or after a word and a space; followed by a space, the next entry's
# Chinese title ("4第二节") or the end.
_ENTRY_PAGE = re.compile(rf"(?:[.…·]{{3,}}|(?<=[^\W\d_]) )\s*(\d{{1,4}})(?=[\s{CJK_CHARS}]|$)")
_MIN_ENTRIES = 5
# Contents pages come early: within this share of the document's pages (and always the first 10).
_CONTENTS_WITHIN = 0.15


def strip_furniture(pages: list[str]) -> list[str]:
    """`pages` without their running headers, footers and page numbers."""
    furniture = _furniture(pages)
    return [_strip_page(page, furniture) for page in pages]


def is_contents_page(page: str, number: int, n_pages: int) -> bool:
    """Whether page `number` (1-based) of `n_pages` is a table of contents: it says so, it comes early, and it
    lists at least five entries whose page numbers rise."""
    if number > max(10, round(n_pages * _CONTENTS_WITHIN)) or not _CONTENTS_HEADING.search(page):
        return False
    numbers = [int(match) for match in _ENTRY_PAGE.findall(page) if 0 < int(match) <= n_pages]
    rising = sum(later >= earlier for earlier, later in itertools.pairwise(numbers))
    return len(numbers) >= _MIN_ENTRIES and rising >= 0.8 * (len(numbers) - 1)


def _shape(line: str) -> str:
    """A line with its numbers set aside, so "4 / 120" and "5 / 120" have one shape."""
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the non-blank lines nearest the top and the bottom of a page."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))


def _furniture(pages: list[str]) -> set[str]:
    """Shapes of the edge lines that repeat on enough pages with numbers that are fixed or count the pages
    ("4 / 120", "Q3 2023 Form 10-Q | 5"): a table row at the top of many pages differs by figures that do not."""
    seen: dict[str, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
    for number, page in enumerate(pages):
        lines = page.split("\n")
        for index in _edges(lines):
            numbers = tuple(int(digits) for digits in re.findall(r"\d+", lines[index]))
            seen[_shape(lines[index])].append((number, numbers))
    needed = max(_MIN_FURNITURE_PAGES, _FURNITURE_SHARE * len(pages))
    return {
        shape for shape, places in seen.items()
        if len({number for number, _ in places}) >= needed and shape.strip("# ") and _numbers_fixed_or_paging(places)
    }  # fmt: skip


def _numbers_fixed_or_paging(places: list[tuple[int, tuple[int, ...]]]) -> bool:
    """Whether each number of the line is the same on every page, or the page's place plus a fixed offset."""
    for position in range(len(places[0][1])):
        values = [numbers[position] for _, numbers in places]
        offsets = [numbers[position] - page for page, numbers in places]
        if len(set(values)) > 1 and Counter(offsets).most_common(1)[0][1] < _PAGING_SHARE * len(places):
            return False
    return True


def _strip_page(page: str, furniture: set[str]) -> str:
    lines = page.split("\n")
    edges = set(_edges(lines))
    kept = [
        line for index, line in enumerate(lines)
        if index not in edges or not (_shape(line) in furniture or _PAGE_NUMBER.match(line))
    ]  # fmt: skip
    return "\n".join(kept).strip("\n")
