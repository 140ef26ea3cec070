"""Metadata read from the real filings' covers (CSRC annual, half-year and quarterly reports, 10-Ks and 10-Qs of
fiscal years ending in January, May, June and September, two US results releases, a Taiwanese bank in ROC years):
company, short name, code, type, period and a readable title where the PDF's own is a filer id or a cover heading.

The PDFs live outside the repository (../shared/filings, see its README); without them these tests skip.
Loading the 146-page 10-K takes about a minute.
"""

import pytest

from ingest import SourceDocument, load_document
from ingest.metadata import with_metadata
from rag.retrieval.scoping import scope_of_question
from store.scope import Scope
from tests.conftest import REPO

FILINGS = REPO.parent / "shared" / "filings"
# file → (company, short name, stock code, type, period, title)
EXPECTED = {
    "moutai_2020_annual_report.pdf": (
        "贵州茅台酒股份有限公司", "贵州茅台", "600519", "annual report", "FY2020", "贵州茅台酒股份有限公司 2020 年年度报告",
    ),
    "microsoft_2019_10k.pdf": (
        "Microsoft Corporation", "MSFT", "MSFT", "annual report", "FY2019", "Microsoft Corporation Form 10-K FY2019",
    ),
    # Apple's quarter ended July 1, 2023 is the third of its fiscal 2023 (the year ends in late September).
    "apple_2023q3_10q.pdf": ("Apple Inc.", "AAPL", "AAPL", "quarterly report", "FY2023Q3", "Apple Inc. Form 10-Q FY2023Q3"),
    "intel_2022q4_earnings.pdf": (
        "Intel Corporation", "", "", "earnings release", "2022Q4", "Intel Corporation Earnings Release 2022Q4",
    ),
    "mcdonalds_2023q1_earnings.pdf": (
        "McDonald's Corporation", "", "", "earnings release", "2023Q1", "McDonald's Corporation Earnings Release 2023Q1",
    ),
    "jinhua_2024_annual_report.pdf": (
        "金花企业（集团）股份有限公司", "金花股份", "600080", "annual report", "FY2024", "金花企业（集团）股份有限公司2024年年度报告",
    ),
    "jinhua_2024h1_semiannual_report.pdf": (
        "金花企业（集团）股份有限公司", "金花股份", "600080", "half-year report", "2024H1", "金花企业（集团）股份有限公司 2024 年半年度报告",
    ),
    "jinhua_2025q1_quarterly_report.pdf": (
        "金花企业（集团）股份有限公司", "金花股份", "600080", "quarterly report", "2025Q1", "金花企业（集团）股份有限公司2025年第一季度报告",
    ),
    "crsanjiu_2024q3_quarterly_report.pdf": (
        "华润三九医药股份有限公司", "华润三九", "000999", "quarterly report", "2024Q3", "华润三九医药股份有限公司 2024 年第三季度报告",
    ),
    # Dated in the Republic's years: 113 年 is 2024. The Markdown's first line is the cover's slogan.
    "bank_of_taiwan_2024_annual_report.md": ("臺灣銀行股份有限公司", "", "", "annual report", "FY2024", "建構領導銀行局全球市場"),
    "oracle_2023_10k.pdf": ("Oracle Corporation", "ORCL", "ORCL", "annual report", "FY2023", "Oracle Corporation Form 10-K FY2023"),
    # Walmart's quarter ended April 30, 2023 is the first of its fiscal 2024 (the year ends January 31, 2024).
    "walmart_2024q1_10q.pdf": ("Walmart Inc.", "WMT", "WMT", "quarterly report", "FY2024Q1", "Walmart Inc. Form 10-Q FY2024Q1"),
}  # fmt: skip
# The filers whose fiscal year does not end in December, as `DocumentMetadata.fiscal_year_end` writes it.
FISCAL_YEAR_ENDS = {
    "microsoft_2019_10k.pdf": "06-30", "apple_2023q3_10q.pdf": "09-30", "oracle_2023_10k.pdf": "05-31",
    "walmart_2024q1_10q.pdf": "01-31",
}

pytestmark = pytest.mark.skipif(
    not FILINGS.is_dir(), reason=f"the real filings are not here: {FILINGS} is absent (see its README on the shared drive)"
)


@pytest.fixture(scope="module")
def filings() -> dict[str, SourceDocument]:
    return {name: with_metadata(load_document(FILINGS / name, workers=2)) for name in EXPECTED}


@pytest.mark.parametrize("name", EXPECTED)
def test_each_filing_gets_its_company_codes_type_period_and_a_readable_title(filings, name):
    document = filings[name]
    metadata = document.metadata
    found = (metadata.company, metadata.short_name, metadata.stock_code, metadata.doc_type, metadata.period, document.title)
    assert found == EXPECTED[name]
    assert metadata.fiscal_year_end == FISCAL_YEAR_ENDS.get(name, "")


def test_questions_naming_a_short_name_or_code_are_scoped_to_that_filing(filings):
    documents = filings.values()
    companies = [document.metadata.company for document in documents]
    periods = [document.metadata.period for document in documents]
    aliases = {d.metadata.company: {d.metadata.short_name, d.metadata.stock_code} - {""} for d in documents}
    assert scope_of_question("茅台2020年的营业收入是多少？", companies, periods, aliases) == Scope("贵州茅台酒股份有限公司", "FY2020")
    assert scope_of_question("600519 的净利润", companies, periods, aliases).company == "贵州茅台酒股份有限公司"
    assert scope_of_question("MSFT revenue FY2019", companies, periods, aliases) == Scope("Microsoft Corporation", "FY2019")
    assert scope_of_question("Intel gross margin in Q4 2022", companies, periods, aliases) == Scope("Intel Corporation", "2022Q4")
    assert scope_of_question("McDonald's comparable sales", companies, periods, aliases).company == "McDonald's Corporation"
