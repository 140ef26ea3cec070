"""Example questions drawn from the library's own filings: their company, period and the headline metrics their
tables hold."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from store import DocumentInfo

# Headline lines of a results table, in the order an analyst asks for them; a document's first one its tables
# hold (its own words kept) makes a question. Matched whole, after list numbering ("一、", "其中：") and case.
HEADLINES = {
    "zh": (("营业总收入", "营业收入"), ("归属于上市公司股东的净利润", "净利润")),
    "en": (("total net sales", "net sales", "total revenues", "revenues", "revenue"), ("net income", "operating income")),
}
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+\.|其中[:：]|加[:：]|减[:：])\s*")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def example_questions(documents: Sequence[DocumentInfo], labels_of: dict[str, set[str]], limit: int = 4) -> list[str]:
    """Up to `limit` questions over the latest documents first, two metrics each; [] when none has a headline
    line in its tables (a news article: the caller keeps its own examples)."""
    questions: list[str] = []
    for document in sorted(documents, key=lambda document: document.ingested_at, reverse=True):
        language = "zh" if document.language == "zh" else "en"
        subject = document.short_name or document.company
        if not subject:
            continue
        for names in HEADLINES[language]:
            if label := _first_held(names, labels_of.get(document.doc_id, set())):
                questions.append(_question(language, subject, document.period, label))
    return questions[:limit]


def _first_held(names: Iterable[str], labels: set[str]) -> str:
    held = {_bare(label).lower(): _bare(label) for label in labels}
    return next((held[name] for name in names if name in held), "")


def _bare(label: str) -> str:
    return _NUMBERING.sub("", label).strip()


def _question(language: str, subject: str, period: str, label: str) -> str:
    if language == "zh":
        return f"{subject}{_period_zh(period)}{label}是多少？"
    owner = subject if subject.endswith(("'s", "’s")) else f"{subject}'s"  # "McDonald's", not "McDonald's's"
    return f"What was {owner} {label.lower()}{_period_en(period)}?"


def _period_zh(period: str) -> str:
    if quarter := _QUARTER.match(period):
        return f"{quarter[1]}年第{'一二三四'[int(quarter[2]) - 1]}季度"
    return f"{period}年" if period.isdigit() else period


def _period_en(period: str) -> str:
    if quarter := _QUARTER.match(period):
        return f" in Q{quarter[2]} {quarter[1]}"
    if period.startswith("FY"):
        return f" in fiscal {period[2:]}"
    return f" in {period}" if period else ""
