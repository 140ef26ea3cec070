"""Which held company a translated name names: by a name or alias, else as a short name of its characters."""

from rag.retrieval.names import _aliases, _held_company
from store import DocumentInfo


def _document(company: str, short_name: str = "", stock_code: str = "") -> DocumentInfo:
    return DocumentInfo(company, f"{company}.pdf", company, "utf-8", 1, 1, 0.0, company, short_name=short_name, stock_code=stock_code)  # fmt: skip


DOCUMENTS = [
    _document("臺灣銀行股份有限公司"),
    _document("金花企业（集团）股份有限公司", "金花股份", "600080"),
    _document("Walmart Inc."),
]


def test_a_name_or_alias_names_its_company_and_a_hyphen_the_filer_drops_is_no_matter():
    aliases = _aliases(DOCUMENTS)
    assert _held_company("金花股份", DOCUMENTS, aliases) == "金花企业（集团）股份有限公司"
    assert _held_company("Wal-Mart", DOCUMENTS, aliases) == "Walmart Inc."


def test_a_short_name_of_the_companys_characters_in_order_names_it_in_either_script():
    assert _held_company("台银", DOCUMENTS, _aliases(DOCUMENTS)) == "臺灣銀行股份有限公司"


def test_a_name_of_no_held_company_or_of_several_names_none():
    aliases = _aliases(DOCUMENTS)
    assert _held_company("台新银行", DOCUMENTS, aliases) == ""
    both_banks = [*DOCUMENTS, _document("台湾新银行股份有限公司")]
    assert _held_company("台银", both_banks, _aliases(both_banks)) == ""
