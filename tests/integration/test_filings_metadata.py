"""Metadata read from five real filings' covers (a CSRC annual report, a 10-K, a 10-Q, two US results releases):
company, short name, code, type, period and a readable title where the PDF's own is a filer id or a cover heading.

The PDFs live outside the repository (../shared/filings, see its README); without them these tests skip.
Loading the 146-page 10-K takes about a minute.
"""

import pytest

from ingest import SourceDocument, load_document
from ingest.metadata import with_metadata
from rag.scoping import scope_of_question
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
    "apple_2023q3_10q.pdf": ("Apple Inc.", "AAPL", "AAPL", "quarterly report", "2023Q2", "Apple Inc. Form 10-Q 2023Q2"),
    "intel_2022q4_earnings.pdf": (
        "Intel Corporation", "", "", "earnings release", "2022Q4", "Intel Corporation Earnings Release 2022Q4",
    ),
    "mcdonalds_2023q1_earnings.pdf": (
        "McDonald's Corporation", "", "", "earnings release", "2023Q1", "McDonald's Corporation Earnings Release 2023Q1",
    ),
}  # fmt: skip

pytestmark = pytest.mark.skipif(
    not FILINGS.is_dir(), reason=f"the real filings are not here: {FILINGS} is absent (see its README on the shared drive)"
)


@pytest.fixture(scope="module")
def filings() -> dict[str, SourceDocument]:
    return {name: with_metadata(load_document(FILINGS / name)) for name in EXPECTED}


@pytest.mark.parametrize("name", EXPECTED)
def test_each_filing_gets_its_company_codes_type_period_and_a_readable_title(filings, name):
    document = filings[name]
    metadata = document.metadata
    found = (metadata.company, metadata.short_name, metadata.stock_code, metadata.doc_type, metadata.period, document.title)
    assert found == EXPECTED[name]


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
