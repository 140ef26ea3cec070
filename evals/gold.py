"""Gold items: a question, whether the documents answer it, the figures and phrases a correct answer holds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CATEGORIES = ("figure", "calculation", "why", "unanswerable")


@dataclass(frozen=True)
class GoldItem:
    """One line of a gold `.jsonl` file; `evidence` is a verbatim substring of the source that holds the answer.

    `source` (a file name such as "moutai_2020_annual_report.pdf") and `pages` (1-based pages where the fact is
    printed) pin the evidence to a document and its pages; gold files without them leave them "" and ().
    A "calculation" item's figure is printed nowhere: `operands` are the printed figures it is computed from and
    `formula` the arithmetic over their numbers, so a test can check each operand on its page and recompute it.
    """

    id: str
    question: str
    lang: str
    category: str
    answerable: bool
    figures: tuple[str, ...]
    key_phrases: tuple[str, ...]
    evidence: str
    source: str = ""
    pages: tuple[int, ...] = ()
    operands: tuple[str, ...] = ()
    formula: str = ""


def load_gold(path: Path) -> list[GoldItem]:
    """Read and check a gold file; a malformed line is a ValueError naming the file and line."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            items.append(_item(json.loads(line), f"{path}:{number}"))
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate ids")
    return items


def _item(raw: dict, where: str) -> GoldItem:
    try:
        item = GoldItem(
            id=raw["id"],
            question=raw["question"],
            lang=raw["lang"],
            category=raw["category"],
            answerable=bool(raw["answerable"]),
            figures=tuple(raw.get("figures", ())),
            key_phrases=tuple(raw.get("key_phrases", ())),
            evidence=raw.get("evidence", ""),
            source=raw.get("source", ""),
            pages=_pages(raw.get("pages", ()), where),
            operands=tuple(raw.get("operands", ())),
            formula=raw.get("formula", ""),
        )
    except KeyError as missing:
        raise ValueError(f"{where}: missing field {missing}") from None
    if item.category not in CATEGORIES or item.answerable != (item.category != "unanswerable"):
        raise ValueError(f"{where}: category {item.category!r} does not agree with answerable={item.answerable}")
    if (item.category == "calculation") != bool(item.operands and item.formula):
        raise ValueError(f"{where}: a calculation item, and only one, gives its operands and formula")
    return item


def _pages(raw: object, where: str) -> tuple[int, ...]:
    """1-based page numbers; anything else (a page 0, a string, a bare number) is a ValueError naming the line."""
    numbers = isinstance(raw, (list, tuple)) and all(type(page) is int and page >= 1 for page in raw)
    if not numbers:
        raise ValueError(f"{where}: pages must be a list of 1-based page numbers, got {raw!r}")
    return tuple(raw)
