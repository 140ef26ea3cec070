"""Company, short name, stock code, period, type, language and date read from a filing's title and cover pages,
and the title made when the file's own says nothing (pure logic). The covers are short snippets written in the
style of real ones: a CSRC annual, half-year and quarterly report, a 10-K, 10-Q and 8-K, US results releases and
a Hong Kong results announcement."""

import pytest

from ingest import DocumentMetadata, SourceDocument
from ingest.metadata import (
    company_in_title,
    detect_metadata,
    find_date,
    find_published,
    is_informative_title,
    normalize_period,
    with_metadata,
)
from tests.conftest import SAMPLE


def _document(title: str, body: str = "") -> SourceDocument:
    return SourceDocument("d", "/s.txt", title, f"{title}\n{body}", "utf-8")


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("2024年第四季度", "2024Q4"), ("2024年四季度", "2024Q4"), ("2024Q4", "2024Q4"), ("q4 2024", "2024Q4"),
        ("fourth quarter of 2024", "2024Q4"), ("2024年12月季度", "2024Q4"), ("December quarter 2024", "2024Q4"),
        ("FY2025", "FY2025"), ("2025财年", "FY2025"), ("fiscal year 2025", "FY2025"),
        ("Q3 FY2025", "FY2025Q3"), ("FY2025 Q3", "FY2025Q3"), ("2025财年第三季度", "FY2025Q3"),
        ("2024年", "2024"), ("the fourth quarter", ""), ("营业收入", ""),
        ("fourth-quarter and full-year 2022", "2022Q4"), ("third quarter of fiscal 2023", "FY2023Q3"),
        ("fiscal 2024 second quarter", "FY2024Q2"), ("2023年半年度", "2023H1"), ("2023年上半年", "2023H1"),
        ("H2 2024", "2024H2"), ("first half of 2023", "2023H1"), ("2023H1", "2023H1"),
        # A year to date is the report of the quarter it ends with.
        ("2024年1-6月", "2024H1"), ("January to June 2024", "2024H1"), ("first six months of 2024", "2024H1"),
        ("2024年1-9月", "2024Q3"), ("2024年前三季度", "2024Q3"), ("the first nine months of 2024", "2024Q3"),
        ("January through September 2024", "2024Q3"), ("2025年1-3月", "2025Q1"), ("2024年1-12月", "2024"),
    ],
)  # fmt: skip
def test_normalize_period_reads_chinese_and_english_forms(written, normal):
    assert normalize_period(written) == normal


@pytest.mark.parametrize(
    ("title", "company"),
    [
        ("星河科技2024年第四季度业绩报告", "星河科技"), ("阿里巴巴集团公布2024年12月季度业绩", "阿里巴巴"),
        ("Northwind Retail reports fourth-quarter results", "Northwind Retail"),
        ("Alibaba Group Announces December Quarter 2024 Results", "Alibaba Group"), ("Tencent Q4 2024 earnings", "Tencent"),
        ("FY2025 Q3 results", ""), ("今天小编分享的科技经验:阿里站在中国AI肩膀上,欢迎阅读。", ""),
    ],
)  # fmt: skip
def test_company_in_title_is_the_name_before_the_period_or_verb(title, company):
    assert company_in_title(title) == company


def test_find_date_reads_chinese_iso_and_english_dates():
    assert find_date("2025年2月20日发布") == find_date("Feb. 20, 2025") == find_date("on 2025-02-20") == "2025-02-20"
    assert find_date("2025年13月40日") == ""


def test_detect_metadata_reads_every_field_from_the_title_and_opening():
    metadata = detect_metadata(_document("星河科技2024年第四季度业绩", "2025年2月20日发布。营业收入同比增长。"))
    assert metadata == DocumentMetadata("星河科技", "2024Q4", "earnings release", "zh", "2025-02-20")


def test_detect_metadata_leaves_unknown_fields_empty():
    metadata = detect_metadata(_document(SAMPLE.read_text(encoding="utf-8").splitlines()[0]))
    assert (metadata.company, metadata.period, metadata.language) == ("", "", "zh")


def test_a_year_named_only_below_the_opening_is_no_period_of_the_document():
    # The sample article's body names 2024 sales and a 2025 target; it reports on neither year.
    text = SAMPLE.read_text(encoding="utf-8")
    assert "2025" in text[2000:]
    assert detect_metadata(_document(text.splitlines()[0], text)).period == ""


def test_a_document_stating_no_period_is_about_the_latest_year_it_names_not_its_history():
    opening = "IMFT was formed in 2006. Its total assets were $2,664 million at the end of 2019 and $3,025 million in 2018."
    assert detect_metadata(_document("Notes", opening)).period == "2019"


def test_with_metadata_lets_given_fields_win_and_normalises_the_period():
    document = with_metadata(_document("星河科技2024年第四季度业绩"), DocumentMetadata(company="星河", period="Q4 2024"))
    assert (document.metadata.company, document.metadata.period) == ("星河", "2024Q4")
    assert document.metadata.doc_type == "earnings release"


def _filing(cover: str, title: str = "", pages: tuple[int, ...] = ()) -> SourceDocument:
    return SourceDocument("d", "/filing.pdf", title, cover, "pdf", page_starts=pages)


CN_ANNUAL = """公司代码：600519 公司简称：贵州茅台
贵州茅台酒股份有限公司
2020 年年度报告

重要提示
一、 本公司董事会、监事会及董事、监事、高级管理人员保证年度报告内容的真实、准确、完整。
五、 经董事会审议的报告期利润分配预案：以2020年年末总股本125,619.78万股为基数，每10股派发现金红利192.93元（含税）。
第一节 释义
本公司、公司 | 指 | 贵州茅台酒股份有限公司
控股股东 | 指 | 中国贵州茅台酒厂（集团）有限责任公司
上交所 | 指 | 上海证券交易所
"""
CN_HALF_YEAR = """公司代码：600036 公司简称：招商银行
招商银行股份有限公司
2023 年半年度报告
本公司董事会、监事会及董事、监事、高级管理人员保证半年度报告内容的真实、准确、完整。
"""
CN_QUARTER = """证券代码：000858 证券简称：五粮液 公告编号：2024-012
宜宾五粮液股份有限公司
2024年第一季度报告
本公司及董事会全体成员保证信息披露的内容真实、准确、完整，没有虚假记载、误导性陈述或重大遗漏。
营业收入 | 本报告期: 34,830,232,235.87元 | 上年同期: 31,144,624,722.72元
"""
HK_RESULTS = """香港交易及結算所有限公司及香港聯合交易所有限公司對本公告的內容概不負責，對其準確性或完整性亦不發表任何聲明。
騰訊控股有限公司
TENCENT HOLDINGS LIMITED
（於開曼群島註冊成立的有限公司）
（股份代號：700）
截至二零二四年十二月三十一日止年度
全年業績公佈
騰訊控股有限公司（「本公司」）董事會欣然宣佈本公司截至二零二四年十二月三十一日止年度的經審核綜合業績。
"""
TEN_K = """UNITED STATES
SECURITIES AND EXCHANGE COMMISSION
Washington, D.C. 20549
FORM 10-K
☒ ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934
For the Fiscal Year Ended June 30, 2019
OR
☐ TRANSITION REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934
Commission File Number 001-37845
MICROSOFT CORPORATION
WASHINGTON 91-1144442
Securities registered pursuant to Section 12(b) of the Act:
Title of each class Trading Symbol Name of exchange on which registered COMMON STOCK, $0.00000625 par value per share MSFT NASDAQ
2.125% Notes due 2021 MSFT New York Stock Exchange
As of July 29, 2019, there were 7,635,409,400 shares of common stock outstanding.
PART I
Microsoft Corporation is a technology company; see the Annual Report on Form 10-K.
"""
TEN_Q = """UNITED STATES
SECURITIES AND EXCHANGE COMMISSION
FORM 10-Q
☒ QUARTERLY REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934
For the quarterly period ended July 1, 2023
Commission File Number: 001-36743
Apple Inc.
(Exact name of Registrant as specified in its charter)
California 94-2404110
Title of each class Trading symbol(s) Name of each exchange on which registered
Common Stock, $0.00001 par value per share AAPL The Nasdaq Stock Market LLC
1.375% Notes due 2024 — The Nasdaq Stock Market LLC
Apple Inc. | Q3 2023 Form 10-Q | 1
"""
EIGHT_K = """UNITED STATES
SECURITIES AND EXCHANGE COMMISSION
FORM 8-K
CURRENT REPORT
Pursuant to Section 13 or 15(d) of the Securities Exchange Act of 1934
Date of Report (Date of earliest event reported): January 24, 2024
TESLA, INC.
(Exact name of registrant as specified in its charter)
Title of each class Trading Symbol(s) Name of each exchange on which registered
Common stock TSLA The Nasdaq Global Select Market
Item 2.02 Results of Operations and Financial Condition.
On January 24, 2024, Tesla, Inc. released its financial results for the quarter and year ended December 31, 2023.
"""
RELEASE_Q4 = """Exhibit 99.1
Intel Corporation
2200 Mission College Blvd.
Santa Clara, CA 95054-1549
News Release Intel Reports Fourth-Quarter and Full-Year 2022 Financial Results
▪ Forecasting first-quarter 2023 revenue of $10.5 billion to $11.5 billion.
SANTA CLARA, Calif., Jan. 26, 2023 -- Intel Corporation today reported fourth-quarter and full-year 2022 financial results.
"""
RELEASE_Q1 = """Exhibit 99.1
FOR IMMEDIATE RELEASE FOR MORE INFORMATION CONTACT:
4/25/2023 Investors: Mike Cieplak
McDONALD'S REPORTS FIRST QUARTER 2023 RESULTS
• Comparable sales increased nearly 13% for the quarter
CHICAGO, IL - McDonald's Corporation today announced results for the first quarter ended March 31, 2023.
"""


@pytest.mark.parametrize(
    ("cover", "title", "expected"),
    [
        (CN_ANNUAL, "股份有限公司",
         ("贵州茅台酒股份有限公司", "贵州茅台", "600519", "annual report", "FY2020", "贵州茅台酒股份有限公司 2020 年年度报告")),
        (CN_HALF_YEAR, "2023年半年度报告",
         ("招商银行股份有限公司", "招商银行", "600036", "half-year report", "2023H1", "招商银行股份有限公司 2023 年半年度报告")),
        (CN_QUARTER, "",
         ("宜宾五粮液股份有限公司", "五粮液", "000858", "quarterly report", "2024Q1", "宜宾五粮液股份有限公司 2024 年第一季度报告")),
        (HK_RESULTS, "",
         ("騰訊控股有限公司", "", "700", "earnings release", "FY2024", "騰訊控股有限公司 2024 年度业绩公告")),
        (TEN_K, "UNITED STATES",
         ("Microsoft Corporation", "MSFT", "MSFT", "annual report", "FY2019", "Microsoft Corporation Form 10-K FY2019")),
        (TEN_Q, "0000320193-23-000077",
         ("Apple Inc.", "AAPL", "AAPL", "quarterly report", "2023Q2", "Apple Inc. Form 10-Q 2023Q2")),
        (EIGHT_K, "",
         ("Tesla, Inc.", "TSLA", "TSLA", "current report", "2023Q4", "Tesla, Inc. Form 8-K 2023Q4")),
        (RELEASE_Q4, "Q4 22_EarningsRelease",
         ("Intel Corporation", "", "", "earnings release", "2022Q4", "Intel Corporation Earnings Release 2022Q4")),
        (RELEASE_Q1, "Exhibit 99.1 - 3.31.23 - Q1",
         ("McDonald's Corporation", "", "", "earnings release", "2023Q1", "McDonald's Corporation Earnings Release 2023Q1")),
    ],
)  # fmt: skip
def test_the_cover_gives_company_short_name_code_type_period_and_a_title(cover, title, expected):
    document = with_metadata(_filing(cover, title))
    metadata = document.metadata
    found = (metadata.company, metadata.short_name, metadata.stock_code, metadata.doc_type, metadata.period)
    assert (*found, document.title) == expected


def test_a_10q_quarter_is_the_calendar_quarter_nearest_its_end_and_a_52_week_year_its_fiscal_year():
    nvidia = TEN_Q.replace("July 1, 2023", "April 28, 2024").replace("Apple Inc.", "NVIDIA CORPORATION")
    assert detect_metadata(_filing(nvidia + "NVIDIA Corporation and its subsidiaries.")).period == "2024Q1"
    # Capitals on the cover, the running text's spelling in the metadata.
    assert detect_metadata(_filing(nvidia + "NVIDIA Corporation and its subsidiaries.")).company == "NVIDIA Corporation"
    amd = TEN_K.replace("June 30, 2019", "December 31, 2022").replace("MICROSOFT CORPORATION", "ADVANCED MICRO DEVICES, INC.")
    assert (detect_metadata(_filing(amd)).period, detect_metadata(_filing(amd)).company) == (
        "FY2022", "Advanced Micro Devices, Inc."
    )
    assert detect_metadata(_filing(TEN_K.replace("June 30, 2019", "January 1, 2023"))).period == "FY2022"


def test_a_fiscal_quarter_named_in_a_release_stays_fiscal():
    release = "Apple reports second quarter results\nApple today announced financial results for its fiscal 2024 second quarter ended March 30, 2024."
    metadata = detect_metadata(_filing(release, "Apple reports second quarter results"))
    assert (metadata.company, metadata.doc_type, metadata.period) == ("Apple", "earnings release", "FY2024Q2")


def test_a_release_names_its_ticker_in_prose_and_its_published_date_is_not_a_period_end():
    release = "Northwind Holdings Inc. (NYSE: NWR) today reported results for the first quarter ended March 31, 2024.\n"
    metadata = detect_metadata(_filing(release, "Q1 FY24 Earnings Release"))
    assert (metadata.company, metadata.short_name, metadata.stock_code) == ("Northwind Holdings Inc.", "NWR", "NWR")
    assert (metadata.period, metadata.published) == ("2024Q1", "")
    assert detect_metadata(_filing(RELEASE_Q4)).published == "2023-01-26"
    assert find_published("截至2024年12月31日止年度，于2025年3月20日发布") == "2025-03-20"


def test_a_chinese_results_flash_report_is_an_earnings_release_for_the_year():
    cover = CN_QUARTER.replace("2024年第一季度报告", "2023年度业绩快报公告")
    metadata = detect_metadata(_filing(cover))
    assert (metadata.doc_type, metadata.period, metadata.short_name) == ("earnings release", "FY2023", "五粮液")


def test_the_cover_is_about_three_pages_and_the_body_does_not_name_the_company():
    body = "\n".join(["营业收入同比增长。"] * 2000) + "\n北京某某科技股份有限公司\n"
    document = _filing("第一页\n" + body, "", pages=(0, 10, 20, 30))
    assert detect_metadata(document).company == ""
    # The regulator, the exchange and a bare legal form are not the filer.
    cover = "上海证券交易所\n股份有限公司\n中国证券监督管理委员会\n2020 年年度报告\n"
    assert detect_metadata(_filing(cover)).company == ""


def test_what_the_caller_gives_wins_and_a_useful_title_is_kept():
    document = with_metadata(_filing(CN_ANNUAL, "股份有限公司"), DocumentMetadata(company="茅台集团", short_name="茅台"))
    assert (document.metadata.company, document.metadata.short_name, document.metadata.stock_code) == ("茅台集团", "茅台", "600519")
    assert document.title == "茅台集团 2020 年年度报告"
    kept = with_metadata(_filing(CN_ANNUAL, "贵州茅台2020年年报（修订版）"))
    assert kept.title == "贵州茅台2020年年报（修订版）" and kept.metadata.company == "贵州茅台酒股份有限公司"
    # No company read, no title made: the file's own stays.
    assert with_metadata(_filing("营业收入同比增长。", "UNITED STATES")).title == "UNITED STATES"


@pytest.mark.parametrize(
    ("title", "informative"),
    [
        ("UNITED STATES", False), ("0000320193-23-000077", False), ("股份有限公司", False), ("Q4 22_EarningsRelease", False),
        ("Exhibit 99.1 - 3.31.23 - Q1", False), ("2020年年度报告", False), ("Form 10-K", False), ("annual_report.docx", False),
        ("", False), ("星河科技 2024年第四季度业绩公告", True), ("Alibaba Group Announces December Quarter 2024 Results", True),
        ("Northwind Retail reports fourth-quarter results", True),
    ],
)  # fmt: skip
def test_is_informative_title_rejects_filer_ids_cover_headings_and_legal_forms(title, informative):
    assert is_informative_title(title) is informative


def test_a_chinese_title_leading_with_a_full_legal_name_gives_the_name_without_its_legal_form():
    from ingest.metadata import company_in_title

    assert company_in_title("贵州茅台酒股份有限公司2020年年度报告") == "贵州茅台酒"


def test_a_title_leading_with_a_form_names_no_company():
    assert company_in_title("Form 10-Q for Foot Locker INC filed 12/07/2022") == ""
