"""Passages that print a row an earlier passage of their document prints with another value are left out.

A 年报 prints each statement twice, consolidated (合并利润表) and then the parent company's alone (母公司利润表),
under the same row names: "稀释每股收益(元/股) | 2020年度: 37.17元/股" and, pages later, "…: 28.49元/股". Shown
both, the 1.5B model took the parent's figure for "Kweichow Moutai's diluted EPS" as often as not. A report puts
its summary and its consolidated figures first, so of two passages naming one row and column with different
values, the one earlier in the document answers; the later one stays only when the question names what its
section names and the earlier one's does not ("母公司的净利润").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ingest import Fact
from rag.calculation.lookup import terms
from rag.types import Passage

_MIN_RESTATED_ROWS = 2
# A statement numbers its items ("八、每股收益", "（二）稀释每股收益"), and the parent company's, lacking some, numbers
# the same item otherwise ("七、每股收益").
_ORDINAL = re.compile(r"[一二三四五六七八九十]+、\s*|[（(][一二三四五六七八九十\d]+[）)]\s*")


def without_restated(passages: list[Passage], facts: Iterable[Fact], question: str) -> list[Passage]:
    """`passages` (in rank order) less those restating, with other values, rows an earlier passage of the same
    document prints, ranked again from 1; see the module docstring."""
    cells: dict[str, dict[tuple[str, str], str]] = {}
    for fact in facts:
        cells.setdefault(fact.chunk_id, {})[_ORDINAL.sub("", fact.label), fact.header] = fact.value
    asked = terms(question)
    in_document_order = sorted(passages, key=lambda passage: (passage.chunk.doc_id, passage.chunk.char_start))
    dropped = {
        later.chunk.chunk_id
        for index, later in enumerate(in_document_order)
        for earlier in in_document_order[:index]
        if earlier.chunk.doc_id == later.chunk.doc_id
        and _restates(cells.get(later.chunk.chunk_id, {}), cells.get(earlier.chunk.chunk_id, {}))
        and not (asked & terms(later.chunk.section)) - terms(earlier.chunk.section)
    }
    kept = [passage for passage in passages if passage.chunk.chunk_id not in dropped]
    return [replace(passage, rank=rank) for rank, passage in enumerate(kept, start=1)]


def _restates(later: dict[tuple[str, str], str], earlier: dict[tuple[str, str], str]) -> bool:
    """Whether most of `later`'s rows, two at least, are rows `earlier` prints with other values. One shared
    name is not enough: a 10-K's "Product" row is under revenue and again under cost of revenue."""
    rows = {label for label, _ in later}
    conflicting = {label for (label, header), value in later.items() if earlier.get((label, header), value) != value}
    return len(conflicting) >= _MIN_RESTATED_ROWS and len(conflicting) * 2 >= len(rows)
