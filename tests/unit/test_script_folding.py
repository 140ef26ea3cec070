"""Traditional and Simplified Chinese compared as one script: search tokens, row names and company names (pure
logic)."""

from functools import partial
from types import SimpleNamespace

import pytest

from fintext.text import fold_script, script_spellings, tokenize
from ingest import ChunkRecord, DocumentMetadata, Fact, SourceDocument
from rag.calculation.lookup import lookup_fact, terms, vocabulary_of
from rag.retrieval.scoping import company_aliases, companies_named, scope_of_question, short_name_aliases, without_names
from store.library import Library
from store.manifest import DocumentInfo, Manifest


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("臺灣銀行", "台湾银行"),
        ("利息淨收益", "利息净收益"),
        ("營業費用", "营业费用"),
        ("備抵呆帳覆蓋率", "备抵呆账覆盖率"),  # Taiwan's 帳 is an account: 账, not OpenCC's 帐
        ("逾放比率", "逾放比率"),
        ("資產負債表", "资产负债表"),
        ("手續費淨收益", "手续费净收益"),
        ("綜合損益", "综合损益"),
        ("人民幣千元", "人民币千元"),
        ("屬於本行", "属于本行"),
        ("發展", "发展"),
        ("餘額", "余额"),
        ("乾燥", "干燥"),
        ("顯著", "显著"),  # 著 is Simplified too and stays
        ("衞生", "卫生"),  # Hong Kong's variant of 衛
    ],
)
def test_fold_script_writes_finance_terms_in_simplified(traditional, simplified):
    assert fold_script(traditional) == simplified
    assert fold_script(simplified) == simplified


def test_fold_script_keeps_length_and_leaves_other_text_alone():
    text = "113 年度利息淨收益 368.3 億元，逾放比率 0.09%、備抵呆帳覆蓋率 1,713.71%；薴 Net interest income"
    folded = fold_script(text)
    assert len(folded) == len(text)
    assert folded == "113 年度利息净收益 368.3 亿元，逾放比率 0.09%、备抵呆账覆盖率 1,713.71%；苎 Net interest income"
    assert fold_script(folded) == folded  # 薴 → 苧 → 苎 in one step
    english = "Net interest income rose 3.5%"
    assert fold_script(english) is english


def test_a_traditional_and_a_simplified_phrase_give_the_same_search_tokens():
    tokens = tokenize("臺灣銀行利息淨收益")
    assert tokens == tokenize("台湾银行利息净收益")
    assert {"台湾", "银行", "利息", "收益"} <= set(tokens)


def test_row_names_and_questions_compare_across_scripts():
    assert terms("利息淨收益") == terms("利息净收益") == frozenset({"利息", "息净", "净收", "收益"})
    facts = [
        Fact("c0", "d", 0, 0, "利息淨收益", "113年度", "36,832,209", 2024, 40),
        Fact("c0", "d", 1, 0, "手續費淨收益", "113年度", "4,097,754", 2024, 40),
    ]
    vocabulary = vocabulary_of((fact.label, fact.header) for fact in facts)
    found = lookup_fact("台湾银行2024年的利息净收益是多少？", facts, {"d": "FY2024"}, ["臺灣銀行"], vocabulary, 0.75)
    assert found is not None and found.fact.value == "36,832,209"


def test_company_aliases_are_in_simplified_and_a_place_is_no_alias():
    chinese = {alias for alias in company_aliases("臺灣銀行股份有限公司") if not alias.isascii()}
    assert chinese == {"台湾银行股份有限公司", "台湾银行"}  # not "臺灣", a place
    assert short_name_aliases("臺銀") == {"台银", "taiyin"}


@pytest.mark.parametrize(
    ("question", "company"),
    [
        ("台湾银行2024年的利息净收益是多少？", "臺灣銀行股份有限公司"),  # Simplified question, Traditional filing
        ("臺灣銀行2024年的利息淨收益是多少？", "臺灣銀行股份有限公司"),
        ("貴州茅台2020年的營業收入是多少？", "贵州茅台酒股份有限公司"),  # Traditional question, Simplified filing
        ("茅臺2020年的淨利潤是多少？", "贵州茅台酒股份有限公司"),
        ("台湾2024年的GDP是多少？", ""),  # a place, not the bank
    ],
)
def test_a_question_names_a_company_printed_in_the_other_script(question, company):
    companies = ["臺灣銀行股份有限公司", "贵州茅台酒股份有限公司"]
    aliases = {"贵州茅台酒股份有限公司": ["贵州茅台", "600519"]}
    assert scope_of_question(question, companies, ["FY2024", "FY2020"], aliases).company == company


def test_companies_named_and_names_taken_out_across_scripts():
    companies = ["臺灣銀行", "贵州茅台酒股份有限公司"]
    aliases = {"贵州茅台酒股份有限公司": ["贵州茅台"]}
    assert companies_named("台湾银行和茅臺谁的净利润更高？", companies, aliases) == ["臺灣銀行", "贵州茅台酒股份有限公司"]
    # Found in either script, taken out of the text as written.
    assert without_names("台湾银行2024年的利息净收益", ["臺灣銀行"]) == "2024年的利息净收益"
    assert without_names("臺灣銀行2024年的利息淨收益", ["台湾银行"]) == "2024年的利息淨收益"


def test_script_spellings_are_the_phrase_printed_in_either_script():
    assert script_spellings("台湾银行") == {"台湾银行", "臺灣銀行", "台灣銀行"}
    assert script_spellings("臺灣銀行") == {"台湾银行", "臺灣銀行", "台灣銀行"}
    assert script_spellings("Bank of Taiwan") == {"Bank of Taiwan"}


def test_the_library_finds_a_traditional_filing_by_a_simplified_name(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    text = "臺灣銀行113年度利息淨收益368.3億元"
    document = SourceDocument("bot", "/bot.md", "臺灣銀行年報", text, "utf-8", metadata=DocumentMetadata())
    chunk = ChunkRecord("bot-0", "bot", "/bot.md", "臺灣銀行年報", 0, 0, len(text), text)
    manifest.put(DocumentInfo.new(document, 1), [chunk])
    library = SimpleNamespace(_manifest=manifest)  # the manifest is all `documents_mentioning` reads
    library.mention_counts = partial(Library.mention_counts, library)
    assert Library.documents_mentioning(library, "台湾银行") == {"bot"}
    assert Library.documents_mentioning(library, "利息净收益", first_pages=6) == {"bot"}
    assert Library.documents_mentioning(library, "招商银行") == set()


def test_traditional_scales_and_captions_are_read_as_simplified_ones():
    from evals.figures import figures_in
    from fintext.figures import extract_figures
    from ingest.tables import declared_unit

    assert [figure.low for figure in extract_figures("稅前淨利達新臺幣321.8億元")] == [32_180_000_000]
    assert [figure.text for figure in extract_figures("稅前淨利達新臺幣321.8億元")] == ["321.8億元"]
    assert float(figures_in("存款50,316.9億元")[0].value) == 5_031_690_000_000
    assert declared_unit("單位：新臺幣千元").template == "{}千元"
    assert declared_unit("（人民幣百萬元）").template == "{}百万元"
