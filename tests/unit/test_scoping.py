"""Scopes read from questions: known companies and periods only (pure logic)."""

import pytest

from rag.retrieval.scoping import (
    abbreviates,
    is_other_filer,
    company_aliases,
    company_names,
    may_be_pinyin,
    name_starts,
    named_subjects,
    replace_names,
    scope_of_question,
    short_name_aliases,
    uncovered_period,
    without_names,
)
from store import DocumentInfo
from store.scope import Scope

COMPANIES = ["阿里巴巴", "星河科技集团", "Northwind Retail", "Alibaba Group", "中国平安"]
PERIODS = ["2024Q4", "2025Q1", "FY2025"]


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("星河科技2024年第四季度营业收入是多少？", Scope("星河科技集团", "2024Q4")),
        ("星河 Q1 2025 的毛利率？", Scope("星河科技集团", "2025Q1")),
        ("阿里云2024Q4收入是多少？", Scope("阿里巴巴", "2024Q4")),
        ("What was Northwind's revenue in fiscal year 2025?", Scope("Northwind Retail", "FY2025")),
        ("What did Alibaba earn?", Scope("Alibaba Group", "")),
        ("腾讯2023年第四季度营收是多少？", Scope("", "")),  # neither is in the library
        ("中国的GDP增长了多少？", Scope("", "")),  # a country, not 中国平安
        ("What does the metadata say?", Scope("", "")),
    ],
)
def test_scope_of_question_names_only_known_companies_and_periods(question, scope):
    assert scope_of_question(question, COMPANIES, PERIODS) == scope


LIBRARY = ["贵州茅台酒股份有限公司", "Microsoft Corporation", "Apple Inc.", "北京银行股份有限公司", "云南白药集团股份有限公司"]
ALIASES = {"贵州茅台酒股份有限公司": ["贵州茅台", "600519"], "Microsoft Corporation": ["MSFT"], "Apple Inc.": ["AAPL"],
           "北京银行股份有限公司": ["北京银行", "601169"]}  # fmt: skip


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("茅台2020年的营业收入是多少？", Scope("贵州茅台酒股份有限公司", "FY2020")),  # "2020年" is the annual report's FY2020
        ("贵州茅台的毛利率", Scope("贵州茅台酒股份有限公司", "")),
        ("600519 净利润", Scope("贵州茅台酒股份有限公司", "")),
        ("MSFT revenue in FY2019", Scope("Microsoft Corporation", "FY2019")),
        ("What did AAPL earn?", Scope("Apple Inc.", "")),
        ("白药的收入", Scope("云南白药集团股份有限公司", "")),  # without its place, a name
        ("北京银行的净利润", Scope("北京银行股份有限公司", "")),
        ("银行的利息收入", Scope("", "")),  # without its place, an everyday word
        ("贵州的GDP", Scope("", "")),  # a province
        ("What is the cost of revenue?", Scope("", "")),  # tickers match in capitals only
        ("2020年营收和6005190", Scope("", "FY2020")),  # a code inside a longer number is not the code
        # The year of a date is no fiscal year: the three months ended April 30 are a quarter of some fiscal year.
        ("Net sales for the three months ended April 30, 2020?", Scope("", "")),
        ("截至2020年6月30日的总资产", Scope("", "")),
        ("截至2020年12月31日的总资产", Scope("", "FY2020")),  # a calendar year's end is in that year
    ],
)
def test_a_short_name_or_stock_code_scopes_to_its_company(question, scope):
    assert scope_of_question(question, LIBRARY, ["FY2020", "FY2019"], ALIASES) == scope


def test_short_name_aliases_leave_out_years_and_short_numbers():
    assert short_name_aliases("贵州茅台") == {"贵州茅台", "茅台", "guizhoumaotai", "guizhou maotai", "maotai"}
    assert short_name_aliases("MSFT") == {"MSFT"} and short_name_aliases("600519") == {"600519"}
    assert short_name_aliases("2020") == short_name_aliases("700") == set()


def test_company_aliases_drop_the_legal_form_and_keep_a_short_name():
    assert {alias for alias in company_aliases("星河科技集团") if not alias.isascii()} == {"星河科技集团", "星河科技", "星河"}
    assert {"xinghekeji", "xinghe keji", "xinghe"} <= company_aliases("星河科技集团")
    assert company_aliases("Alibaba Group Holding Ltd") >= {"alibaba group holding ltd", "alibaba"}
    assert "中国" not in company_aliases("中国平安")


def test_scope_is_falsy_when_empty_and_builds_vector_filters():
    assert not Scope() and Scope.vector_filters(Scope()) is None
    filters = Scope("星河科技集团", "2024Q4").vector_filters()
    assert [(f.key, f.value) for f in filters.filters] == [("company", "星河科技集团"), ("period", "2024Q4")]
    assert Scope(period="2024Q4").admits("任意", "2024Q4") and not Scope("A").admits("B", "2024Q4")


@pytest.mark.parametrize(
    ("question", "periods", "missing"),
    [
        ("贵州茅台2024年营业收入是多少？", ["FY2020"], "2024"),
        ("贵州茅台2019年营业收入是多少？", ["FY2020"], ""),
        ("What was Moutai's revenue in fiscal 2017?", ["FY2020"], "2017"),
        ("2022年第二季度的收入是多少？", ["2024Q2", "FY2020"], "2022Q2"),
        ("贵州茅台2021年的经营目标是什么？", ["FY2020"], ""),
        ("贵州茅台2021年第一季度的营业收入是多少？", ["FY2020"], "2021Q1"),
        ("What was Microsoft's total revenue for fiscal year 2020?", ["FY2019"], "2020"),
        ("What was Intel's actual revenue for the first quarter of 2023?", ["2022Q4"], "2023Q1"),
        ("What were global comparable sales in the second quarter of 2023?", ["2023Q1"], "2023Q2"),
        ("What were comparable sales in the first quarter of 2023?", ["2023Q1"], ""),
        ("What were net sales in the third quarter of fiscal 2023?", ["2023Q2"], ""),
        ("What revenue did Intel forecast for the first quarter of 2023?", ["2022Q4"], ""),
        ("2022年第二季度的收入是多少？", ["2023Q2"], ""),
        ("营业收入是多少？", ["FY2020"], ""),
        ("2024年营业收入是多少？", ["FY2020", ""], ""),
        ("2024年营业收入是多少？", [], ""),
        ("金花股份2023年第三季度的营业收入是多少？", ["FY2024", "2024H1", "2025Q1"], "2023Q3"),
        ("2024年第二季度的营业收入是多少？", ["2024H1"], ""),
        ("2024年第二季度的营业收入是多少？", ["2024Q3"], "2024Q2"),
    ],
    ids=["later-year", "prior-year-column", "english", "quarter-two-back", "next-year-plan", "next-years-quarter",
         "fy-after-the-10-k", "next-quarter-actual", "later-quarter", "own-quarter", "fiscal-quarter",
         "next-quarter-outlook", "year-ago-quarter", "no-year", "unknown-period", "empty-library",
         "other-quarter-of-interim-reports", "half-years-second-quarter", "earlier-quarter-of-a-q3-report"],
)
def test_a_year_no_document_reports_on_is_uncovered(question, periods, missing):
    assert uncovered_period(question, periods) == missing


@pytest.mark.parametrize(
    ("question", "subjects"),
    [
        ("比亚迪2020年的营业收入是多少？", ["比亚迪"]),
        ("腾讯12月季度的净利润是多少？", ["腾讯"]),
        ("阿里云智能集团收入同比增长多少？", []),
        ("为什么阿里云收入在去年四季度重回双位数增长？", []),
        ("要实现2025年的GMV目标，抖音电商需要实现多高的同比增长？", []),
        ("贵州百灵2020年的营业收入是多少？", ["贵州百灵"]),
        ("截至2020年末，贵州茅台的总资产是多少？", []),
        ("沃尔玛截至2023年4月30日的三个月里，稀释每股收益是多少？", ["沃尔玛"]),
        ("2020年贵州茅台茅台酒产品的毛利率是多少？", []),
        ("What was Tesla's total revenue for fiscal year 2022?", ["Tesla"]),
        ("What operating income did Amazon Web Services report for 2022?", ["Amazon Web Services"]),
        ("What was Kweichow Moutai's market capitalisation at the end of 2020?", ["Kweichow Moutai"]),
        ("What English company name does 贵州茅台酒股份有限公司 give?", []),
        ("What cash dividend per 10 shares did Kweichow Moutai propose for 2020?", ["Kweichow Moutai"]),
        ("How much did Q1 revenue grow?", []),
        # A company named by its kind is a name, however everyday its first word; a word pointing at one is not.
        ("第一银行2024年底的逾放比率是多少？", ["第一银行"]),
        ("民生银行2024年的营业收入是多少？", ["民生银行"]),
        ("什么公司2024年的收入最高？", []),
        ("这家银行2024年的不良贷款率是多少？", []),
        ("上市公司2024年的营业收入是多少？", []),
    ],
)
def test_named_subjects_are_whom_a_question_asks_about_as_written(question, subjects):
    assert named_subjects(question) == subjects


@pytest.mark.parametrize(
    ("name", "pinyin"),
    [
        ("Xinghe", True),
        ("Xinghe Technology", True),
        ("Zhongguo Pingan", True),
        ("Alibaba Group", True),
        ("Amazon Web Services", False),
        ("Tesla", False),
        ("Kweichow Moutai", False),
        ("BYD", False),
        ("", False),
    ],
)
def test_a_name_may_be_pinyin_only_if_its_first_word_spells_out_as_syllables(name, pinyin):
    assert may_be_pinyin(name) is pinyin


@pytest.mark.parametrize(
    ("question", "names", "left"),
    [
        ("贵州茅台2020年的营业总收入是多少？", ["贵州茅台", "茅台"], "2020年的营业总收入是多少？"),
        # A product named after the company keeps its words, right after the name too.
        ("2020年茅台酒的毛利率是多少？", ["茅台"], "2020年茅台酒的毛利率是多少？"),
        ("2020年贵州茅台茅台酒产品的毛利率是多少？", ["贵州茅台", "茅台"], "2020年 茅台酒产品的毛利率是多少？"),
        ("What were Kweichow Moutai's total assets?", ["Kweichow Moutai"], "What were total assets?"),
        ("How much did Intel’s revenue fall?", ["Intel"], "How much did revenue fall?"),
        # Latin names stand as words: "Intel" is not in "intelligent".
        ("What was Intelligent Cloud revenue?", ["Intel"], "What was Intelligent Cloud revenue?"),
        ("What was MSFT revenue?", [], "What was MSFT revenue?"),
    ],
)
def test_without_names_takes_out_the_company_where_it_stands_as_a_name(question, names, left):
    assert without_names(question, names) == left


def test_replace_names_writes_another_name_in_their_place_keeping_the_possessive():
    renamed = replace_names("What were Kweichow Moutai's total assets?", ["Kweichow Moutai"], "贵州茅台")
    assert renamed == "What were 贵州茅台's total assets?"


def _document(company: str, short_name: str = "", stock_code: str = "") -> DocumentInfo:
    return DocumentInfo("d", "s", "t", "utf-8", 1, 1, 0.0, company=company, short_name=short_name, stock_code=stock_code)


def test_company_names_hold_an_english_name_without_its_legal_form_but_not_a_chinese_product():
    assert {"intel corporation", "intel"} <= company_names([_document("Intel Corporation")])
    assert company_names([_document("")]) == set()  # a document whose company is unknown names none
    names = company_names([_document("贵州茅台酒股份有限公司", "贵州茅台", "600519")])
    assert {"贵州茅台", "茅台", "600519"} <= names and "茅台酒" not in names


@pytest.mark.parametrize(
    ("question", "subjects"),
    [
        ("Is Walmart's gross margin higher than a year ago?", ["Walmart"]),
        ("Does Oracle report cloud revenue separately?", ["Oracle"]),
        ("Did Target report a loss in fiscal 2023?", ["Target"]),
        ("What's Apple's revenue?", ["Apple"]),
    ],
)
def test_a_questions_opening_words_are_not_taken_for_a_company(question, subjects):
    assert named_subjects(question) == subjects


def test_a_hong_kong_code_is_named_with_or_without_its_leading_zero_and_suffix():
    aliases = {"腾讯控股有限公司": {"00700"}}
    for question in ("00700 的收入是多少？", "What was 0700.HK's revenue?", "0700 revenue in 2024"):
        assert scope_of_question(question, aliases.keys(), [], aliases).company == "腾讯控股有限公司", question


def test_a_peer_named_by_its_kind_is_no_filer_of_the_library():
    bank = DocumentInfo("d", "/b.md", "t", "utf-8", 1, 1, 0.0, "臺灣銀行股份有限公司")
    moutai = DocumentInfo("m", "/m.pdf", "t", "utf-8", 1, 1, 0.0, "贵州茅台酒股份有限公司", short_name="贵州茅台", stock_code="600519")
    assert is_other_filer("兆丰银行", [bank, moutai])
    assert not is_other_filer("台湾银行", [bank])  # the filer itself, in the other script
    assert not is_other_filer("贵州茅台酒销售公司", [moutai])  # a subsidiary named after the filer
    assert not is_other_filer("比亚迪", [moutai])  # no kind named: left to the mention check


@pytest.mark.parametrize(
    ("question", "company"),
    [
        ("What was Jinhua's operating revenue in 2024?", "金花企业（集团）股份有限公司"),
        ("What was China Resources Sanjiu's net profit?", "华润三九医药股份有限公司"),
        ("Huarun Sanjiu revenue for the first nine months", "华润三九医药股份有限公司"),
        ("What was Tesla's revenue?", ""),
    ],
)
def test_an_english_question_may_spell_a_chinese_company_in_pinyin(question, company):
    aliases = {"金花企业（集团）股份有限公司": {"金花股份", "600080"}, "华润三九医药股份有限公司": {"华润三九", "000999"}}
    assert scope_of_question(question, aliases.keys(), [], aliases).company == company


def test_an_annual_report_covers_its_own_years_quarters_only():
    assert uncovered_period("金花股份2023年第三季度的营业收入是多少？", ["FY2024"]) == "2023Q3"
    assert uncovered_period("金花股份2024年第三季度的营业收入是多少？", ["FY2024"]) == ""
    assert uncovered_period("金花股份2023年的营业收入是多少？", ["FY2024"]) == ""


def test_a_short_name_takes_the_full_names_characters_in_order_and_a_common_word_does_not():
    assert abbreviates("台银", "臺灣銀行股份有限公司")  # across scripts
    assert abbreviates("茅台", "贵州茅台酒股份有限公司") and abbreviates("华润三九", "华润三九医药股份有限公司")
    assert not abbreviates("目标", "贵州茅台酒股份有限公司")  # "Target" translated: a word, no company's
    assert not abbreviates("银台", "臺灣銀行股份有限公司")  # out of order
    assert not abbreviates("Target", "Target Corporation") and not abbreviates("台", "臺灣銀行")


def test_a_names_starts_that_may_stand_for_it_leave_out_places_and_everyday_words():
    assert name_starts("第一银行") == ["第一银行", "第一银"]
    assert name_starts("贵州百灵") == ["贵州百灵", "贵州百"]
    assert name_starts("台银") == ["台银"]
