"""Fiscal calendars as filings state them: where a company's fiscal year ends and which year it is named by."""

from __future__ import annotations

import calendar
import datetime
import re
from collections import Counter
from dataclasses import dataclass

# Month names and their abbreviations, lower case, as dates in filings print them.
MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DATE = rf"{_MONTH}\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)"
_CN_DATE = r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
# "the fiscal year ended May 31, 2023", "fiscal years ending January 31", "截至2024年3月31日止财政年度".
_YEAR_END_STATED = (
    re.compile(rf"(?:fiscal\s+)?years?\s+(?:ended|ending|end(?:s|ed)?\s+on):?\s+{_DATE}", re.IGNORECASE),
    # "the year ended 30 June 2024", as Hong Kong and British reports write a date.
    re.compile(rf"(?:fiscal\s+)?years?\s+(?:ended|ending):?\s+(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)", re.IGNORECASE),
    re.compile(rf"截至\s*{_CN_DATE}\s*止\s*(?:的)?\s*(?:财政|財政|会计|會計)?年度"),
    # "截至6月30日止年度": the end without a year.
    re.compile(r"截至\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日\s*止\s*(?:的)?\s*(?:财政|財政|会计|會計)?年度"),
)
# A year that ends on a weekday near a month's end: "the 52- or 53-week period that ends on the last Saturday of
# September" (Apple), "ends on the Friday closest to January 31".
_YEAR_END_WEEKDAY = re.compile(
    rf"fiscal\s+year\s+(?:is|ends|end\s+is)\b[^.]{{0,80}}?(?:last|closest\s+to|nearest)\s+[^.]{{0,30}}?{_MONTH}(?:\s+(?P<day>\d{{1,2}}))?",
    re.IGNORECASE,
)
# A fiscal year's name beside its end: 'the fiscal year ended January 31, 2023 ("fiscal 2023")'; or its end after
# its name: "fiscal year 2024, which runs from June 1, 2023 to May 31, 2024".
_LABEL_AFTER_END = re.compile(
    rf"fiscal\s+years?\s+(?:ended|ending)\s+{_DATE}\s*\(\s*[\"“”']?\s*fiscal\s+(?:year\s+)?(?P<label>(?:19|20)\d\d)",
    re.IGNORECASE,
)
# "Fiscal year 2022, 2021, and 2020 represented the 52 weeks ended January 28, 2023, …": the first name, the first end.
_LABELS_REPRESENTED = re.compile(
    rf"fiscal\s+years?\s+(?P<label>(?:19|20)\d\d)(?:\s*,\s*(?:and\s+)?(?:19|20)\d\d)*\s+(?:represented|was|were|comprised|included)"
    rf"\s+(?:the\s+)?(?:52|53|fifty-two|fifty-three)[- ]weeks?\s+ended:?\s+{_DATE}",
    re.IGNORECASE,
)
_LABEL_BEFORE_END = re.compile(
    rf"fiscal\s+(?:year\s+)?(?P<label>(?:19|20)\d\d)\s*,?\s*(?:which\s+)?(?:runs|ran|began|begins)\s+from\s+[^.]{{0,40}}?\bto\s+{_DATE}",
    re.IGNORECASE,
)
# A 52/53-week year ends within a week of its nominal end: Apple's "fiscal 2023" ended September 30, 2023, its 2022
# on September 24.
_WEEK_SLACK = datetime.timedelta(days=7)
_DAYS_A_QUARTER = 91.3
_ANY_YEAR = 2001


@dataclass(frozen=True)
class FiscalCalendar:
    """A fiscal year ending on `end_month`/`end_day` and named by the calendar year it ends in plus `label_offset`
    (0 for most companies: Walmart's year ended January 31, 2024 is its fiscal 2024; -1 for one that names its year
    by the year it starts in, as some retailers do)."""

    end_month: int = 12
    end_day: int = 31
    label_offset: int = 0

    @classmethod
    def parse(cls, text: str) -> FiscalCalendar:
        """The calendar `str()` wrote ("01-31", "02-03 start"); the calendar year for ""."""
        match = re.fullmatch(r"(\d\d)-(\d\d)( start)?", text.strip())
        return cls(int(match[1]), int(match[2]), -1 if match[3] else 0) if match else cls()

    def __str__(self) -> str:
        """"" for the calendar year, else "MM-DD" of the year's end, " start" when named by its first year."""
        if self.is_calendar_year:
            return ""
        return f"{self.end_month:02d}-{self.end_day:02d}{' start' if self.label_offset else ''}"

    @property
    def is_calendar_year(self) -> bool:
        return (self.end_month, self.end_day, self.label_offset) == (12, 31, 0)

    def describe(self) -> str:
        """How a person says it: "fiscal year ends Jan 31"; "" for the calendar year."""
        if self.is_calendar_year:
            return ""
        named = ", named by the year it starts in" if self.label_offset else ""
        return f"fiscal year ends {calendar.month_abbr[self.end_month]} {self.end_day}{named}"

    def year_end(self, day: datetime.date) -> datetime.date:
        """The nominal end of the fiscal year `day` falls in."""
        end = self._end_in(day.year)
        return end if day <= end + _WEEK_SLACK else self._end_in(day.year + 1)

    def year_of(self, day: datetime.date) -> int:
        """The name of the fiscal year `day` falls in (2024 for Walmart's April 30, 2023)."""
        end = self.year_end(day)
        # A year ending in the first days of January is the year before's, as "the year ended January 1, 2023"
        # is a 52/53-week fiscal 2022.
        ends_in = end.year - 1 if end.month == 1 and end.day <= 7 else end.year
        return ends_in + self.label_offset

    def quarter_of(self, day: datetime.date) -> int:
        """Which quarter (1-4) of its fiscal year a quarter ending on `day` is."""
        start = self._end_in(self.year_end(day).year - 1)
        return min(4, max(1, round((day - start).days / _DAYS_A_QUARTER)))

    def periods_ending(self, day: datetime.date) -> set[str]:
        """The periods a report ending on `day` is named by, as documents' periods are ("2025Q1", "FY2024Q1",
        "2024H1", "FY2024"); none when `day` ends no quarter of this calendar (within its week of slack)."""
        start = self._end_in(self.year_end(day).year - 1)
        quarter = self.quarter_of(day)
        if abs((day - start).days - quarter * _DAYS_A_QUARTER) > _WEEK_SLACK.days:
            return set()
        year = f"FY{self.year_of(day)}"
        names = {f"{year}Q{quarter}", f"{year[2:]}Q{quarter}"} if self.is_calendar_year else {f"{year}Q{quarter}"}
        if quarter == 2:
            names |= {f"{year}H1", f"{year[2:]}H1"} if self.is_calendar_year else {f"{year}H1"}
        return names | {year} if quarter == 4 else names

    def _end_in(self, year: int) -> datetime.date:
        return datetime.date(year, self.end_month, min(self.end_day, calendar.monthrange(year, self.end_month)[1]))


def read_calendar(text: str) -> FiscalCalendar:
    """The fiscal calendar `text` states: the year's end its filer names most often ("fiscal year ended May 31"),
    or a weekday rule ("ends on the last Saturday of September"), and the year's name where the text pairs one
    with an end ('fiscal year ended February 3, 2024 ("fiscal 2023")'); the calendar year when it states none."""
    ends = Counter(
        (_month(match), int(match["day"]))
        for pattern in _YEAR_END_STATED
        for match in pattern.finditer(text)
        if _valid(match)
    )
    # A weekday rule says where every year ends; a stated end is one year's day of it (Apple's September 24, 2022).
    if rule := _YEAR_END_WEEKDAY.search(text):
        month = _month(rule)
        ends = Counter({(month, int(rule["day"]) if rule["day"] else calendar.monthrange(2001, month)[1]): 1})
    if not ends:
        return FiscalCalendar()
    (month, day), _ = ends.most_common(1)[0]
    if (month, day) == (12, 31):
        return FiscalCalendar()
    # A January 1-7 end is a 52/53-week calendar year: the same as a December one.
    if month == 1 and day <= 7:
        return FiscalCalendar()
    plain = FiscalCalendar(month, day)
    offsets = Counter(
        int(match["label"]) - plain.year_of(date)
        for pattern in (_LABEL_AFTER_END, _LABEL_BEFORE_END, _LABELS_REPRESENTED)
        for match in pattern.finditer(text)
        if (date := _date(match)) is not None
    )
    offset = offsets.most_common(1)[0][0] if offsets else 0
    return FiscalCalendar(month, day, offset if offset in (0, -1) else 0)


_ANY_DATE = (re.compile(_DATE, re.IGNORECASE), re.compile(_CN_DATE))


def dates_in(text: str) -> list[datetime.date]:
    """The full dates `text` names ("April 30, 2023", "2023年4月30日"), in reading order."""
    found = [(match.start(), date) for pattern in _ANY_DATE for match in pattern.finditer(text) if (date := _date(match))]
    return [date for _, date in sorted(found)]


def _month(match: re.Match[str]) -> int:
    month = match["month"]
    return int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]


def _valid(match: re.Match[str]) -> bool:
    return _date(match) is not None


def _date(match: re.Match[str]) -> datetime.date | None:
    """The matched date; one printed without its year ("截至6月30日止年度") in a year that is not a leap year."""
    year = match.groupdict().get("year") or _ANY_YEAR
    try:
        return datetime.date(int(year), _month(match), int(match["day"]))
    except (ValueError, KeyError):
        return None
