"""Example questions from the library's own filings: company, period and the headline lines their tables hold."""

from rag.workspace.examples import example_questions
from store import DocumentInfo


def _document(doc_id: str, company: str, period: str, language: str, at: float, short: str = "") -> DocumentInfo:
    return DocumentInfo(doc_id, f"{doc_id}.pdf", doc_id, "pdf", 1000, 10, at, company, period, "", language, "", short)


def test_the_latest_filings_headline_lines_are_asked_in_their_own_words_and_language():
    moutai = _document("m", "贵州茅台酒股份有限公司", "2020", "zh", 1.0, short="贵州茅台")
    mcd = _document("d", "McDonald's", "2023Q1", "en", 2.0)
    labels = {
        "m": {"一、营业总收入", "其中：营业收入", "五、净利润（净亏损以“－”号填列）", "归属于上市公司股东的净利润", "利息收入"},
        "d": {"Revenues", "Net income", "Other revenues", "TOTAL REVENUES"},
    }
    assert example_questions([moutai, mcd], labels) == [
        "What was McDonald's total revenues in Q1 2023?",
        "What was McDonald's net income in Q1 2023?",
        "贵州茅台2020年营业总收入是多少？",
        "贵州茅台2020年归属于上市公司股东的净利润是多少？",
    ]


def test_a_library_without_headline_tables_or_company_has_no_examples():
    article = _document("a", "阿里巴巴", "2025Q3", "zh", 1.0)
    nameless = _document("n", "", "2024", "en", 2.0)
    assert example_questions([article, nameless], {"a": {"用户数"}, "n": {"Revenue"}}) == []
