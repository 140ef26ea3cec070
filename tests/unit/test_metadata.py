"""Company, period, type, language and date read from a filing's title and opening (pure logic)."""

import pytest

from ingest import DocumentMetadata, SourceDocument
from ingest.metadata import company_in_title, detect_metadata, find_date, normalize_period, with_metadata
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
    assert metadata == DocumentMetadata("星河科技", "2024Q4", "quarterly results", "zh", "2025-02-20")


def test_detect_metadata_leaves_unknown_fields_empty():
    metadata = detect_metadata(_document(SAMPLE.read_text(encoding="utf-8").splitlines()[0]))
    assert (metadata.company, metadata.period, metadata.language) == ("", "", "zh")


def test_with_metadata_lets_given_fields_win_and_normalises_the_period():
    document = with_metadata(_document("星河科技2024年第四季度业绩"), DocumentMetadata(company="星河", period="Q4 2024"))
    assert (document.metadata.company, document.metadata.period) == ("星河", "2024Q4")
    assert document.metadata.doc_type == "quarterly results"
