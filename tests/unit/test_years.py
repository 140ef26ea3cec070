"""Years as filings and questions write them, read once for facts, plans, lookups and the grounding check."""

import pytest

from fintext.years import without_years, years_in


@pytest.mark.parametrize(
    ("text", "years"),
    [("What is the average sales for years F19 and F18?", [2019, 2018]),
     ("from FY18 to FY19 for UK and Ireland", [2018, 2019]),
     ("EBIT in 2018/2019 from 2017/2018", [2019, 2018]),
     ("2018/19 revenue", [2019]),
     ("between 2017/2019", [2017, 2019]),
     ("As of December 31, 2019, and 2018", [2019, 2018]),
     ("FY2019 Q3", [2019]),
     ("2020年营业收入", [2020]),
     ("of 19 stores, F 20 units, 2,019 shares", [])],
)  # fmt: skip
def test_years_are_read_in_the_ways_reports_write_them(text, years):
    assert years_in(text) == years


def test_a_question_without_its_years_names_only_its_line_items():
    assert without_years("the nominal difference in EBITDA between F19 and F18?").split() == [
        "the", "nominal", "difference", "in", "EBITDA", "between", "and", "?",
    ]  # fmt: skip
    assert without_years("rate in FY 2019").split() == ["rate", "in"]


def test_the_republic_of_chinas_years_are_read_before_nian():
    assert years_in("年度 113 年度") == years_in("民國113年12月31日") == years_in("中華民國 113 年") == [2024]
    assert years_in("利息淨收益 113 億元") == [] and years_in("共 120 家分行") == []
