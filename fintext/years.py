"""Years as filings and questions write them: "2019", "FY2019", "fiscal 2019", "F19", "FY19", "2018/2019", "2018/19"."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A fiscal year named by the two calendar years it spans ("2018/2019", "2018/19") is the later one, as its column
# head's last year is; "F19", "FY19", "FY'19" abbreviate 2019. A four-digit year may sit in a word ("FY2019").
# A Taiwanese filing names the Republic of China's years: "113 年度", "民國113年" are 2024 (a three-digit year is
# read only before 年, where no other number stands in a table head or a question).
_YEAR = re.compile(
    r"(?:\bFY\s?)?(?<!\d)(?P<first>(?:19|20)\d\d)(?:\s?/\s?(?P<second>(?:19|20)?\d\d))?(?!\d)"
    r"|\bF(?:Y\s?)?['’]?(?P<short>\d\d)(?!\w)"
    r"|(?:(?:中華民國|中华民国|民國|民国)\s*)?(?<![\d.,])(?P<roc>1[0-4]\d)(?=\s*年)",
    re.IGNORECASE,
)
_ROC_OFFSET = 1911


def year_matches(text: str) -> Iterator[tuple[int, int, int]]:
    """Each year `text` names, as (start, end, year), in reading order; "2017/2019" (no one fiscal year) names two."""
    for match in _YEAR.finditer(text):
        if match["roc"]:
            yield match.start(), match.end(), _ROC_OFFSET + int(match["roc"])
            continue
        if match["short"]:
            yield match.start(), match.end(), 2000 + int(match["short"])
            continue
        first = int(match["first"])
        second = match["second"]
        if second is None:
            yield match.start(), match.end(), first
            continue
        later = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if later == first + 1:
            yield match.start(), match.end(), later
        else:
            yield match.start(), match.start() + 4, first
            yield match.end() - len(second), match.end(), later


def years_in(text: str) -> list[int]:
    """The years `text` names, in reading order (repeats kept)."""
    return [year for _, _, year in year_matches(text)]


def without_years(text: str) -> str:
    """`text` with each year it names blanked, so what is left names line items."""
    for start, end, _ in sorted(year_matches(text), reverse=True):
        text = f"{text[:start]} {text[end:]}"
    return text


def period_year(period: str) -> int | None:
    """The year a normalised period is in ("FY2020" → 2020, "2023Q2" → 2023); None when the period is unknown."""
    digits = "".join(character for character in period[:6] if character.isdigit())
    return int(digits[:4]) if len(digits) >= 4 else None
