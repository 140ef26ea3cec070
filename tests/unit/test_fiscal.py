"""Fiscal calendars as filings state them, and periods and table columns named by them (pure logic). The covers
are snippets written in the style of real 10-Qs and 10-Ks of companies whose years end in January, May and
September, and of a Taiwanese annual report dated in the Republic's years."""

import datetime

import pytest

from fintext.fiscal import FiscalCalendar, dates_in, read_calendar
from ingest import ChunkRecord, SourceDocument
from ingest.facts import extract_facts
from ingest.metadata import detect_metadata

RETAILER_10Q = """FORM 10-Q
Quarterly Report Pursuant to Section 13 or 15(d) of the Securities Exchange Act of 1934.
For the quarterly period ended April 30, 2023.
SHOPCO INC.
(Exact name of registrant as specified in its charter)
The following discussion covers periods in the fiscal year ending January 31, 2024 ("fiscal 2024") and the fiscal
year ended January 31, 2023 ("fiscal 2023").
"""
# A retailer that names its year by the calendar year it starts in.
START_NAMED_10K = """FORM 10-K
ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934
For the fiscal year ended February 3, 2024
STORECO CORPORATION
(Exact name of registrant as specified in its charter)
Our fiscal year ended February 3, 2024 ("fiscal 2023") had 53 weeks.
"""
WEEKDAY_10Q = """FORM 10-Q
QUARTERLY REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934
For the quarterly period ended July 1, 2023
Fruit Inc.
(Exact name of Registrant as specified in its charter)
The Company's fiscal year is the 52- or 53-week period that ends on the last Saturday of September.
"""


def _metadata(text: str):
    return detect_metadata(SourceDocument("d", "/f.pdf", "", text, "utf-8"))


def test_a_quarter_is_named_by_the_fiscal_year_its_filer_names():
    metadata = _metadata(RETAILER_10Q)
    assert (metadata.period, metadata.fiscal_year_end) == ("FY2024Q1", "01-31")


def test_a_year_named_by_its_first_calendar_year_keeps_that_name():
    metadata = _metadata(START_NAMED_10K)
    assert (metadata.period, metadata.fiscal_year_end) == ("FY2023", "02-03 start")
    assert FiscalCalendar.parse(metadata.fiscal_year_end).describe() == "fiscal year ends Feb 3, named by the year it starts in"


def test_a_year_ending_on_a_weekday_places_its_quarters():
    metadata = _metadata(WEEKDAY_10Q)
    assert (metadata.period, metadata.fiscal_year_end) == ("FY2023Q3", "09-30")


def test_a_december_year_is_the_calendar_and_keeps_calendar_quarters():
    text = "FORM 10-Q\nFor the quarterly period ended March 31, 2023\nfiscal year ended December 31, 2022"
    assert read_calendar(text).is_calendar_year
    assert _metadata(text).period == "2023Q1"
    assert _metadata(text).fiscal_year_end == ""


@pytest.mark.parametrize(
    ("day", "year", "quarter"),
    [((2023, 4, 30), 2024, 1), ((2023, 7, 31), 2024, 2), ((2023, 10, 31), 2024, 3), ((2024, 1, 31), 2024, 4),
     ((2023, 1, 31), 2023, 4)],
)  # fmt: skip
def test_a_january_year_places_each_quarter_end(day, year, quarter):
    calendar = FiscalCalendar(1, 31)
    assert (calendar.year_of(datetime.date(*day)), calendar.quarter_of(datetime.date(*day))) == (year, quarter)


def test_a_calendar_round_trips_through_its_text():
    for calendar in (FiscalCalendar(), FiscalCalendar(1, 31), FiscalCalendar(2, 3, -1), FiscalCalendar(5, 31)):
        assert FiscalCalendar.parse(str(calendar)) == calendar


def test_dates_are_read_in_both_languages_in_order():
    assert dates_in("Three Months Ended April 30, 2023 and 2023年1月31日") == [
        datetime.date(2023, 4, 30), datetime.date(2023, 1, 31)
    ]  # fmt: skip


def test_table_columns_of_a_fiscal_calendar_carry_its_year_names():
    row = "Total revenues | Three Months Ended April 30, 2023: $ 152,301 million | Three Months Ended April 30, 2022: $ 141,569 million"
    chunk = ChunkRecord("c", "d", "/w.pdf", "t", 0, 0, len(row), row, period="FY2024Q1", fiscal_year_end="01-31")
    assert [fact.year for fact in extract_facts([chunk])] == [2024, 2023]
    calendar_year = ChunkRecord("c", "d", "/w.pdf", "t", 0, 0, len(row), row, period="2023Q1")
    assert [fact.year for fact in extract_facts([calendar_year])] == [2023, 2022]


def test_a_taiwanese_report_dated_in_the_republics_years_is_of_the_common_era_year():
    text = "臺灣銀行年報\n出版機關：臺灣銀行股份有限公司\n刊印日期：中華民國 114 年 1 月 31 日\n# 113 年度財務報告簽證會計師\n"
    metadata = _metadata(text)
    assert (metadata.company, metadata.period, metadata.doc_type) == ("臺灣銀行股份有限公司", "FY2024", "annual report")
    assert metadata.published == "2025-01-31"


def test_three_digit_years_are_not_read_as_the_republics_without_its_era():
    assert _metadata("某某股份有限公司年报\n本公司成立113年，2024年度财务报告如下").period == "FY2024"


def test_years_a_filer_names_by_their_first_calendar_year_in_a_list():
    text = (
        "For the quarterly period ended: October 29, 2022\nFOOTCO INC.\n(Exact name of registrant as specified in its charter)\n"
        "Our fiscal year end is a 52-week period ending on the Saturday closest to the end of January. Fiscal year 2022, "
        "2021, and 2020 represented the 52 weeks ended January 28, 2023, January 29, 2022, and January 30, 2021."
    )
    metadata = detect_metadata(SourceDocument("d", "/f.pdf", "", "FORM 10-Q\n" + text, "utf-8"))
    assert (metadata.period, metadata.fiscal_year_end) == ("FY2022Q3", "01-31 start")


@pytest.mark.parametrize(
    ("calendar", "day", "periods"),
    [
        ("", datetime.date(2025, 3, 31), {"2025Q1", "FY2025Q1"}),
        ("", datetime.date(2024, 6, 30), {"2024Q2", "FY2024Q2", "2024H1", "FY2024H1"}),
        ("", datetime.date(2024, 12, 31), {"2024Q4", "FY2024Q4", "FY2024"}),
        ("", datetime.date(2024, 5, 15), set()),  # ends no quarter
        ("01-31", datetime.date(2023, 4, 30), {"FY2024Q1"}),  # Walmart's first quarter of fiscal 2024
        ("09-30", datetime.date(2023, 7, 1), {"FY2023Q3"}),  # a 52/53-week quarter ends within a week of the month's
    ],
)
def test_a_date_names_the_periods_of_reports_ending_on_it(calendar, day, periods):
    assert FiscalCalendar.parse(calendar).periods_ending(day) == periods
