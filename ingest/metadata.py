"""What a filing is about (company, period, type, language, date), read from its title and opening text."""

from __future__ import annotations

import re
from dataclasses import fields, replace

from ingest.records import DocumentMetadata, SourceDocument
from ingest.text import CJK_CHARS, detect_language

# Titles and first pages name the company, the period and the kind of document; the body talks about others.
_OPENING_CHARS = 600
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip

# Periods, most specific first: a quarter names its year too, and a fiscal quarter is not a calendar one.
_FISCAL_QUARTER_PATTERNS = (
    re.compile(r"FY\s*(?P<year>20\d\d)\s*[Qq](?P<quarter>[1-4])", re.IGNORECASE),
    re.compile(r"[Qq](?P<quarter>[1-4])\s*FY\s*(?P<year>20\d\d)", re.IGNORECASE),
    re.compile(r"(?P<year>20\d\d)\s*财年\s*(?:第)?(?P<quarter>[一二三四1-4])\s*(?:财季|季度)"),
)
_QUARTER_PATTERNS = (
    re.compile(r"(?P<year>20\d\d)\s*[Qq](?P<quarter>[1-4])"),
    re.compile(r"[Qq](?P<quarter>[1-4])\s*(?:FY)?\s*(?P<year>20\d\d)"),
    re.compile(r"(?P<year>20\d\d)\s*年\s*(?:第)?(?P<quarter>[一二三四1-4])\s*季度"),
    # Quarters named by their last month: "2024年12月季度", "December quarter 2024".
    re.compile(r"(?P<year>20\d\d)\s*年\s*(?P<month>3|6|9|12)\s*月(?:份)?\s*季度"),
    re.compile(r"(?P<month_name>March|June|September|December)\s+quarter(?:\s+of)?\s+(?P<year>20\d\d)", re.IGNORECASE),
    re.compile(
        r"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>20\d\d))?",
        re.IGNORECASE,
    ),
)
_FISCAL_YEAR_PATTERNS = (
    re.compile(r"\bFY\s*(?P<year>20\d\d)\b", re.IGNORECASE),
    re.compile(r"(?P<year>20\d\d)\s*财年"),
    re.compile(r"fiscal(?:\s+year)?\s+(?P<year>20\d\d)", re.IGNORECASE),
)
_YEAR_PATTERNS = (re.compile(r"(?P<year>20\d\d)\s*年(?:度|年报)?"), re.compile(r"\b(?P<year>20\d\d)\b"))
_DATE_PATTERNS = (
    re.compile(r"(?P<year>20\d\d)\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"),
    re.compile(r"(?P<year>20\d\d)-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<month_name>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),\s*(?P<year>20\d\d)"),
)
# The first match wins: a quarterly report often mentions its annual outlook.
_DOC_TYPES = (
    ("10-K", re.compile(r"\b10-K\b")),
    ("10-Q", re.compile(r"\b10-Q\b")),
    ("annual report", re.compile(r"年度报告|年报|annual report", re.IGNORECASE)),
    ("prospectus", re.compile(r"招股说明书|招股书|prospectus", re.IGNORECASE)),
    ("quarterly results", re.compile(r"季度|季报|业绩|财报|quarter|results|earnings", re.IGNORECASE)),
)
# A company named in a title: the words before the period or before a reporting verb.
_CN_COMPANY = re.compile(rf"^\s*(?P<name>[{CJK_CHARS}A-Za-z]{{2,12}}?)(?:集团|公司|股份)?\s*(?:20\d\d|发布|公布|宣布|的?财报|的?业绩|年报|季报)")
_EN_COMPANY = re.compile(
    r"^\s*(?P<name>(?:[A-Z][\w&.'-]*\s+){0,3}?[A-Z][\w&.'-]*)\s+"
    r"(?i:reports?|announces?|posts?|(?:Q[1-4]|FY|20\d\d|10-[KQ]|first|second|third|fourth|annual|quarterly|"
    r"march|june|september|december)\b)"
)


def detect_metadata(document: SourceDocument) -> DocumentMetadata:
    """What the title and the opening of `document` say about it; fields it does not reveal stay ""."""
    opening = f"{document.title}\n{document.text[:_OPENING_CHARS]}"
    return DocumentMetadata(
        company=company_in_title(document.title),
        period=find_period(document.title) or find_period(opening),
        doc_type=next((name for name, pattern in _DOC_TYPES if pattern.search(opening)), ""),
        language=detect_language(document.text),
        published=find_date(opening),
    )


def with_metadata(document: SourceDocument, overrides: DocumentMetadata | None = None) -> SourceDocument:
    """`document` with detected metadata, each field the caller gave in `overrides` taking precedence."""
    detected = detect_metadata(document)
    given = {field.name: getattr(overrides, field.name) for field in fields(DocumentMetadata)} if overrides else {}
    chosen = replace(detected, **{name: value for name, value in given.items() if value})
    return replace(document, metadata=replace(chosen, period=normalize_period(chosen.period) or chosen.period))


def find_period(text: str) -> str:
    """The first period `text` names, normalised ("2024Q4", "FY2025", "2024"), or ""."""
    for pattern in _FISCAL_QUARTER_PATTERNS:
        if match := pattern.search(text):
            return f"FY{match['year']}Q{_quarter(match)}"
    for pattern in _QUARTER_PATTERNS:
        if (match := pattern.search(text)) and match.groupdict().get("year"):
            return f"{match['year']}Q{_quarter(match)}"
    for pattern in _FISCAL_YEAR_PATTERNS:
        if match := pattern.search(text):
            return f"FY{match['year']}"
    for pattern in _YEAR_PATTERNS:
        if match := pattern.search(text):
            return match["year"]
    return ""


def normalize_period(text: str) -> str:
    """A period as the user wrote it ("2024年第四季度", "q4 2024", "fy2025") in the normal form, or ""."""
    return find_period(text.strip())


def find_date(text: str) -> str:
    """The first full date in `text` as an ISO string, or ""."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month = _MONTHS.get(match["month_name"].lower()) if "month_name" in match.groupdict() else int(match["month"])
            day = int(match["day"])
            if month and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{match['year']}-{month:02d}-{day:02d}"
    return ""


def company_in_title(title: str) -> str:
    """The company a title leads with ("星河科技2024年第四季度业绩" → "星河科技"), or ""."""
    pattern = _CN_COMPANY if detect_language(title) == "zh" else _EN_COMPANY
    match = pattern.search(title)
    # "FY2025 Q3 results" leads with a period, not a company.
    return match["name"].strip() if match and not find_period(match["name"]) else ""


def _quarter(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("ordinal"):
        return _EN_ORDINALS[groups["ordinal"].lower()]
    if groups.get("month_name"):
        return _MONTHS[groups["month_name"].lower()] // 3
    if groups.get("month"):
        return int(groups["month"]) // 3
    return _CN_DIGITS[groups["quarter"]]
