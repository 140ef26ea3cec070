"""A question about a year no document reports on is told so, naming what the library holds, without the LLM."""

from ingest import DocumentMetadata
from rag.language import NO_PERIOD_MESSAGES
from tests.conftest import new_assistant

REPORT = "贵州茅台酒股份有限公司2020年年度报告\n\n公司实现营业收入949.15亿元，同比增长11.10%。2019年营业收入为854.30亿元。\n"


def test_a_year_the_library_does_not_cover_gets_a_named_abstention_and_a_covered_one_is_searched(tmp_path, embedder):
    path = tmp_path / "moutai_2020.txt"
    path.write_text(REPORT, encoding="utf-8")
    assistant = new_assistant(tmp_path / "library", embedder)
    [added] = assistant.ingest([path], DocumentMetadata(company="贵州茅台酒股份有限公司", period="FY2020", doc_type="annual report"))
    assert added.ok, added.error

    answer = assistant.ask("贵州茅台2024年的营业收入是多少？")
    assert answer.abstained and answer.citations == ()
    assert answer.text == NO_PERIOD_MESSAGES["zh"].format(period="2024年", held="贵州茅台酒股份有限公司 FY2020 annual report")
    assert "generate_s" not in answer.timings and "retrieve_s" not in answer.timings
    english = assistant.ask("What was Kweichow Moutai's revenue in 2024?")
    assert english.abstained and "no report for 2024" in english.text
    assert assistant.retrieve("贵州茅台2019年营业收入是多少？"), "a year the report's comparison column covers is searched"
    assert "llm" not in assistant.__dict__, "no LLM was loaded for either refusal"


def test_a_peer_named_in_passing_is_answered_only_from_passages_naming_it(tmp_path, embedder, llm):
    # 云南白药 is named once, in another filer's news; the only revenue printed is 星河医药's.
    filer = tmp_path / "xinghe.txt"
    filer.write_text("2024年年度报告\n\n报告期内，公司实现营业收入12.35亿元，同比增长8.2%。\n", encoding="utf-8")
    news = tmp_path / "yunfan.txt"
    news.write_text("云帆电商2024年业绩快报\n\n云帆电商与云南白药签署了物流合作协议，合作期三年。\n", encoding="utf-8")
    assistant = new_assistant(tmp_path / "library", embedder, llm)
    for path, company in ((filer, "星河医药股份有限公司"), (news, "云帆电商股份有限公司")):
        [added] = assistant.ingest([path], DocumentMetadata(company=company, period="FY2024", doc_type="annual report"))
        assert added.ok, added.error

    answer = assistant.ask("云南白药2024年的营业收入是多少？")
    assert answer.abstained or all("云南白药" in citation.text for citation in answer.citations), answer.text
    assert "12.35" not in answer.text, answer.text
